import { readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  type CalendarDate,
  CashloopError,
  completeTask,
  cycle,
  getCadencePolicy,
  getInvoice,
  getTask,
  ingestEmail,
  isCadenceSegment,
  isCalendarDate,
  listOutbox,
  listTasks,
  pauseCustomer,
  pauseInvoice,
  resumeCustomer,
  resumeInvoice,
  setCadencePolicy,
  switchContact,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { type Io, printJson, printTable } from "./output.js";

const USER = { kind: "user", id: "cli" } as const;

function dateOption(text: string | undefined, option: string): CalendarDate | null {
  if (text === undefined) return null;
  if (!isCalendarDate(text)) {
    throw new CashloopError("option_invalid", `${option}: "${text}" is not a date (YYYY-MM-DD)`, {
      field: option,
    });
  }
  return text;
}

export function registerFollowupCommands(program: Command, io: Io): void {
  const parts = {
    "followup run": { bill: false, followup: true, send: false },
    send: { bill: false, followup: false, send: true },
    tick: { bill: true, followup: true, send: true },
  } as const;
  const followup = program.command("followup").description("reminders on a cadence");
  const commands: [Command, keyof typeof parts, string][] = [
    [
      followup.command("run"),
      "followup run",
      "notice payments and replies, end pauses, queue the reminders due (with --as-of a date: every hour of that day)",
    ],
    [program.command("send"), "send", "dispatch the outbox: messages and payment links"],
    [
      program.command("tick"),
      "tick",
      "the daily cycle: bill, follow up, send (with --as-of a date: every hour of that day)",
    ],
  ];
  for (const [command, name, description] of commands) {
    command.description(description).action(async (_opts, cmd: Command) => {
      await withApp(cmd, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const report = await cycle(app, org, io.env, parts[name]);
        if (g.json) return printJson(io, report);
        if (parts[name].bill) {
          const b = report.billed;
          io.stdout(`Billing: ${b.drafted} drafted, ${b.review} for review, ${b.issued} issued.\n`);
        }
        if (parts[name].followup) {
          const f = report.followup;
          io.stdout(
            `Follow-up: ${f.queued} messages queued, ${f.stopped} stopped, ${f.paused} paused, ${f.resumed} resumed, ${f.skipped} steps skipped, ${f.tasks} tasks opened.\n`,
          );
        }
        if (parts[name].send) {
          const s = report.sent;
          io.stdout(
            `Sent ${s.sent}; ${s.cancelled} cancelled, ${s.deferred} deferred, ${s.retrying} to retry, ${s.failed} failed, ${s.uncertain} uncertain.\n`,
          );
        }
      });
    });
  }

  const cadence = followup
    .command("policy")
    .description("reminder cadences (per organisation, per segment)");
  const segmentOf = (value: string | undefined) => {
    const segment = value ?? "*";
    if (!isCadenceSegment(segment)) {
      throw new CashloopError(
        "option_invalid",
        "--segment: corporate, small_business or individual",
        { field: "segment" },
      );
    }
    return segment;
  };
  cadence
    .command("show")
    .option(
      "--segment <segment>",
      "corporate, small_business or individual (default: the organisation's)",
    )
    .description("the cadence in force")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        printJson(io, await getCadencePolicy(app.db, org.id, segmentOf(opts.segment)));
      });
    });
  cadence
    .command("set")
    .argument("<file>", "the policy as JSON (followup policy show prints one to start from)")
    .option("--segment <segment>", "only for this customer segment")
    .description("replace the cadence; every field is checked")
    .action(async (file: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        let value: unknown;
        try {
          value = JSON.parse(readFileSync(file, "utf8"));
        } catch {
          throw new CashloopError("file_invalid", `${file}: cannot be read as JSON`, { file });
        }
        const saved = await setCadencePolicy(app.db, {
          orgId: org.id,
          segment: segmentOf(opts.segment),
          policy: value,
          file,
          now: app.clock.now(),
        });
        if (g.json) return printJson(io, saved);
        io.stdout(`Saved the cadence (${saved.steps.map((s) => s.step).join(", ")}).\n`);
      });
    });

  const outbox = program.command("outbox").description("messages and other outside effects");
  outbox
    .command("list")
    .option("--status <status>", "queued, sending, sent, failed, cancelled or uncertain")
    .option("--invoice <number>", "only messages about this invoice")
    .description("the outbox, oldest first")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const invoice = opts.invoice ? await getInvoice(app.db, org.id, opts.invoice) : null;
        const rows = await listOutbox(app.db, org.id, {
          ...(opts.status ? { status: [opts.status] } : {}),
          ...(invoice ? { invoiceId: invoice.id } : {}),
        });
        if (g.json) return printJson(io, rows);
        printTable(
          io,
          ["KEY", "CHANNEL", "TO", "STATUS", "STEPS", "REASON"],
          rows.map((r) => [
            r.key,
            r.channel,
            r.recipient ?? "",
            r.status,
            r.steps.map((s) => s.step).join(","),
            r.statusReason ?? "",
          ]),
        );
      });
    });

  const replies = program.command("replies").description("messages customers send back");
  replies
    .command("ingest")
    .argument("<files...>", ".eml files (RFC 5322), e.g. saved from a mail client")
    .description("link each reply to its invoices, classify it and act on it")
    .action(async (files: string[], _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const out = [];
        for (const file of files) {
          let raw: Buffer;
          try {
            raw = readFileSync(file);
          } catch {
            throw new CashloopError("file_unreadable", `${file}: cannot be read`, { file });
          }
          const outcome = await ingestEmail(app, org, io.env, raw).catch((error: unknown) => {
            if (error instanceof CashloopError) {
              throw new CashloopError(error.code, `${file}: ${error.message}`, { file });
            }
            throw error;
          });
          out.push({ file, ...outcome });
        }
        if (g.json) return printJson(io, out);
        for (const r of out) {
          const label = r.label ? `${r.label} (${r.confidence?.toFixed(2)})` : r.kind;
          io.stdout(
            `${r.file}: ${r.duplicate ? "already received; " : ""}${label}; ${r.invoices.join(", ") || "no invoice"}; ${r.action}\n`,
          );
        }
      });
    });

  const tasks = program.command("tasks").description("work handed to a person");
  tasks
    .command("list")
    .option("--status <status>", "open (default) or done", "open")
    .option("--kind <kind>", "only this kind")
    .description("tasks, by due date")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const rows = await listTasks(app.db, org.id, { status: opts.status, kind: opts.kind });
        if (g.json) return printJson(io, rows);
        printTable(
          io,
          ["ID", "DUE", "KIND", "TITLE"],
          rows.map((t) => [t.id, t.dueOn, t.kind, t.title]),
        );
      });
    });
  tasks
    .command("show")
    .argument("<id>", "task id")
    .description("a task with the invoice's history")
    .action(async (id: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const task = await getTask(app.db, org.id, id);
        if (!task) throw new CashloopError("task_not_found", `${id}: no such task`);
        if (g.json) return printJson(io, task);
        io.stdout(
          `${task.title}\n${task.kind} · due ${task.dueOn} · ${task.status}${task.resolution ? ` (${task.resolution})` : ""}\n\n${task.summary}\n`,
        );
      });
    });
  tasks
    .command("done")
    .argument("<id>", "task id")
    .requiredOption("--resolution <text>", "what was decided or done")
    .option("--resume", "put the invoice back on its reminder cadence")
    .option(
      "--switch-contact",
      "wrong-contact task: the contact the customer named becomes the billing contact, and reminders resume",
    )
    .description("close a task")
    .action(async (id: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        if (opts.switchContact) {
          const switched = await switchContact(app, {
            orgId: org.id,
            taskId: id,
            resolution: opts.resolution,
            actor: USER,
          });
          if (g.json) return printJson(io, switched);
          return io.stdout(
            `Reminders now go to ${switched.email} (contact ${switched.contactExternalId}).${switched.resumed ? " Reminders resume." : ""}\n`,
          );
        }
        const done = await completeTask(app, {
          orgId: org.id,
          id,
          resolution: opts.resolution,
          resume: Boolean(opts.resume),
          actor: USER,
        });
        if (g.json) return printJson(io, done);
        io.stdout(`Done: ${done.task.title}.${done.resumed ? " Reminders resume." : ""}\n`);
      });
    });

  const customer = program.command("customer").description("one customer");
  customer
    .command("pause")
    .argument("<id>", "customer id or external id")
    .requiredOption("--reason <text>", "why")
    .option("--until <date>", "resume by itself on this date (YYYY-MM-DD)")
    .description("pause reminders to a customer")
    .action(async (id: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const until = dateOption(opts.until, "--until");
        await pauseCustomer(app, {
          orgId: org.id,
          customer: id,
          reason: opts.reason,
          until,
          actor: USER,
        });
        if (g.json) return printJson(io, { customer: id, paused: true, until });
        io.stdout(`Reminders to ${id} paused${until ? ` until ${until}` : ""}.\n`);
      });
    });
  customer
    .command("resume")
    .argument("<id>", "customer id or external id")
    .description("resume reminders to a customer")
    .action(async (id: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const r = await resumeCustomer(app, { orgId: org.id, customer: id, actor: USER });
        if (g.json) return printJson(io, r);
        io.stdout(r.wasPaused ? `Reminders to ${id} resume.\n` : `${id} was not paused.\n`);
      });
    });

  const invoice =
    program.commands.find((c) => c.name() === "invoice") ??
    program.command("invoice").description("one invoice");
  invoice
    .command("pause")
    .argument("<number>", "invoice number or id")
    .requiredOption("--reason <text>", "why")
    .option("--until <date>", "resume by itself on this date (YYYY-MM-DD)")
    .description("pause reminders for one invoice")
    .action(async (number: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const until = dateOption(opts.until, "--until");
        await pauseInvoice(app, {
          orgId: org.id,
          invoice: number,
          reason: opts.reason,
          until,
          actor: USER,
        });
        if (g.json) return printJson(io, { invoice: number, paused: true, until });
        io.stdout(`Reminders for ${number} paused${until ? ` until ${until}` : ""}.\n`);
      });
    });
  invoice
    .command("resume")
    .argument("<number>", "invoice number or id")
    .description("put an invoice back on its reminder cadence")
    .action(async (number: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        await resumeInvoice(app, { orgId: org.id, invoice: number, actor: USER });
        if (g.json) return printJson(io, { invoice: number, paused: false });
        io.stdout(`Reminders for ${number} resume.\n`);
      });
    });
}
