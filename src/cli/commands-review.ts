import type { Command } from "commander";
import {
  type App,
  CashloopError,
  editDraft,
  getInvoice,
  type InvoiceSummary,
  issueInvoices,
  type LineEdit,
  listInvoices,
  type Organisation,
  parseMoney,
  rejectDraft,
  runBilling,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { printInvoiceTable, showInvoice } from "./invoice-output.js";
import { type Io, printJson } from "./output.js";

const USER = { kind: "user", id: "cli" } as const;

async function reviewTray(
  app: App,
  org: Organisation,
  opts: { reason?: string; customer?: string },
): Promise<InvoiceSummary[]> {
  const items = await listInvoices(app.db, org.id, {
    statuses: ["review"],
    customerId: opts.customer,
  });
  return opts.reason
    ? items.filter((i) =>
        i.reviewReasons.some((r) => r.code === opts.reason || r.code.startsWith(`${opts.reason}:`)),
      )
    : items;
}

export function registerBillingCommands(program: Command, io: Io): void {
  program
    .command("bill")
    .description(
      "draft what is due as of --as-of: contract periods and billable events, each exactly once",
    )
    .action(async (_opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const outcome = await runBilling(app, { org, actor: USER });
        if (g.json) printJson(io, outcome);
        else
          io.stdout(
            `Drafted ${outcome.drafted}: ${outcome.review} for review, ${outcome.routine} routine, ${outcome.issued} issued.\n`,
          );
      });
    });

  const review = program
    .command("review")
    .description("the review tray: drafts that wait for a person, with their reasons");
  review
    .command("list")
    .description("drafts in review (issued numbers first, then by creation)")
    .option("--reason <code>", "only drafts with this reason (e.g. high_value, missing_field)")
    .option("--customer <id>", "only this customer's (id or external id)")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const items = await reviewTray(app, org, opts);
        if (g.json) printJson(io, items);
        else printInvoiceTable(io, items, org.locale, true);
      });
    });
  review
    .command("show")
    .argument("<id>", "draft id")
    .description(
      "a draft: its lines, its reasons, and how it differs from the customer's previous invoice",
    )
    .action(async (id: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        await showInvoice(app, org, id, io, Boolean(g.json), true);
      });
    });
  review
    .command("approve")
    .argument("[ids...]", "draft ids")
    .option("--all", "approve everything the filters list")
    .option("--reason <code>", "with --all: only drafts with this reason")
    .option("--customer <id>", "with --all: only this customer's")
    .description("approve drafts: each is issued with the next number of its series")
    .action(async (ids: string[], opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        let targets = ids;
        if (opts.all) targets = (await reviewTray(app, org, opts)).map((i) => i.id);
        else if (targets.length === 0)
          throw new CashloopError("ids_missing", "approve: name draft ids, or --all");
        const issued = await issueInvoices(app, { org, invoiceIds: targets, actor: USER });
        if (g.json) printJson(io, issued);
        else {
          for (const r of issued) io.stdout(`Issued ${r.number} (${r.id}).\n`);
          const skipped = targets.length - issued.length;
          if (skipped > 0)
            io.stdout(`${skipped} not issued: not drafts any more, or a total of zero or less.\n`);
        }
      });
    });
  review
    .command("reject")
    .argument("<id>", "draft id")
    .requiredOption("--reason <text>", "why; kept on the draft")
    .description("reject a draft; what it billed can be billed again after a fix")
    .action(async (id: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        await rejectDraft(app, { orgId: org.id, invoiceId: id, reason: opts.reason, actor: USER });
        if (!g.json) io.stdout(`Rejected ${id}.\n`);
        else printJson(io, { id, status: "rejected" });
      });
    });
  review
    .command("edit")
    .argument("<id>", "draft id")
    .option("--line <n>", "the line to change (1-based)")
    .option("--quantity <q>", "new quantity (decimal)")
    .option("--price <amount>", "new unit price, e.g. 150.00")
    .option("--description <text>", "new description")
    .option("--tax-code <code>", "new tax code (marks the draft tax-sensitive)")
    .option("--remove-line <n>", "remove this line")
    .description("change lines of a draft; the review rules run again")
    .action(async (id: string, opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const draft = await getInvoice(app.db, org.id, id);
        if (!draft) throw new CashloopError("invoice_not_found", `no draft ${id}`);
        const change: LineEdit[] = [];
        if (opts.line !== undefined) {
          change.push({
            position: Number(opts.line),
            quantity: opts.quantity,
            unitPriceMinor:
              opts.price === undefined
                ? undefined
                : parseMoney(opts.price, draft.currency).amountMinor,
            description: opts.description,
            taxCode: opts.taxCode,
          });
        }
        const remove = opts.removeLine === undefined ? [] : [Number(opts.removeLine)];
        const result = await editDraft(app, {
          org,
          invoiceId: id,
          edits: { change, remove },
          actor: USER,
        });
        if (g.json) printJson(io, { id, ...result });
        else
          io.stdout(
            `${id}: ${result.status === "review" ? `in review (${result.reasons.map((r) => r.code).join(", ")})` : "routine"}.\n`,
          );
      });
    });
}
