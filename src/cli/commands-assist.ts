import { readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  type App,
  assistProvider,
  CashloopError,
  DRAFT_STEPS,
  type DraftStep,
  draftMessage,
  getAssistSettings,
  getInvoice,
  invoiceFactSheet,
  publicUrl,
  setAssistSettings,
  todayIn,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { type Io, printJson } from "./output.js";

function stepOf(text: string): DraftStep {
  const byIndex = /^\d+$/.test(text) ? DRAFT_STEPS[Number(text)] : undefined;
  const step = byIndex ?? (DRAFT_STEPS as readonly string[]).find((s) => s === text);
  if (!step) {
    throw new CashloopError(
      "step_unknown",
      `--step: "${text}"; use ${DRAFT_STEPS.map((s, i) => `${i} (${s})`).join(", ")}`,
      { field: "step" },
    );
  }
  return step as DraftStep;
}

/** classify and extract work without an organisation; with one, its provider settings apply. */
async function orgIdIfAny(app: App, slug: string | undefined): Promise<string | null> {
  try {
    return (await app.organisation(slug)).id;
  } catch {
    return null;
  }
}

export function registerAssistCommands(program: Command, io: Io): void {
  const assist = program
    .command("assist")
    .description(
      "the language layer: draft, classify, extract (offline by default; CASHLOOP_ASSIST_PROVIDER for a model)",
    );

  assist
    .command("draft")
    .requiredOption("--invoice <number>", "an issued invoice")
    .option(
      "--step <step>",
      `cadence step: ${DRAFT_STEPS.map((s, i) => `${i}=${s}`).join(", ")}`,
      "0",
    )
    .option("--channel <channel>", "email or whatsapp (default: the customer's)")
    .option("--language <language>", "en or es (default: the customer's)")
    .description(
      "words for a message about an invoice; every fact in them is checked against the data",
    )
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const invoice = await getInvoice(app.db, org.id, opts.invoice);
        if (!invoice) throw new CashloopError("invoice_not_found", `no invoice ${opts.invoice}`);
        const facts = await invoiceFactSheet(app.db, {
          org,
          invoices: [opts.invoice],
          step: stepOf(opts.step),
          channel: opts.channel,
          language: opts.language,
          now: app.clock.now(),
          publicUrl: publicUrl(io.env),
        });
        const provider = await assistProvider(app, io.env, org.id);
        const outcome = await draftMessage(
          { ...app, provider },
          { orgId: org.id, subjectId: invoice.id, facts },
        );
        if (g.json) printJson(io, outcome);
        else
          io.stdout(
            `${outcome.subject ? `Subject: ${outcome.subject}\n\n` : ""}${outcome.body}\n\n(${outcome.provider}${outcome.fellBack ? `; the model's draft was rejected: ${[...outcome.factCheck.offending, ...outcome.factCheck.toneProblems].join("; ")}` : ""})\n`,
          );
      });
    });

  assist
    .command("classify")
    .option("--text <text>", "one reply")
    .option(
      "--file <file.jsonl>",
      "one JSON object with a `text` field per line; one result per line out, in order",
    )
    .description("label a customer's reply, with a confidence and the words that support it")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const provider = await assistProvider(app, io.env, await orgIdIfAny(app, g.org));
        const today = todayIn("UTC", app.clock.now());
        if (opts.text !== undefined) {
          const result = await provider.classify({ text: opts.text, today });
          if (g.json) printJson(io, result);
          else
            io.stdout(`${result.label} (${result.confidence.toFixed(2)}): "${result.evidence}"\n`);
          return;
        }
        if (opts.file === undefined)
          throw new CashloopError("input_missing", "classify: give --text or --file");
        const lines = readFileSync(opts.file, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "");
        for (const [i, line] of lines.entries()) {
          let text: unknown;
          try {
            text = (JSON.parse(line) as { text?: unknown }).text;
          } catch {
            text = undefined;
          }
          if (typeof text !== "string") {
            throw new CashloopError(
              "input_invalid",
              `${opts.file}:${i + 1}: text: each line must be a JSON object with a "text" string`,
            );
          }
          io.stdout(`${JSON.stringify(await provider.classify({ text, today }))}\n`);
        }
      });
    });

  assist
    .command("extract")
    .argument("<file>", "a text file: a receipt's text (from a PDF or OCR)")
    .description(
      "read payment evidence into {amount, currency, date, reference, payer, bank} with confidences",
    )
    .action(async (file: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const provider = await assistProvider(app, io.env, await orgIdIfAny(app, g.org));
        const result = await provider.extractEvidence({ text: readFileSync(file, "utf8") });
        if (g.json) printJson(io, result);
        else
          for (const [field, guess] of Object.entries(result))
            io.stdout(
              `${field.padEnd(10)} ${guess.value ?? "—"} (${guess.confidence.toFixed(2)})\n`,
            );
      });
    });
}

export function registerAssistConfigCommands(program: Command, io: Io): void {
  const assist = program.commands.find((c) => c.name() === "assist");
  if (!assist) throw new Error("register the assist commands first");
  const config = assist
    .command("config")
    .description("the organisation's language-model provider (API keys stay in the environment)");
  config.command("show").action(async (_opts, command: Command) => {
    await withApp(command, io, async (app, g) => {
      const org = await app.organisation(g.org);
      printJson(
        io,
        (await getAssistSettings(app.db, org.id)) ?? {
          kind: "from the environment (CASHLOOP_ASSIST_PROVIDER, default builtin)",
        },
      );
    });
  });
  config
    .command("set")
    .argument(
      "<settings...>",
      "KEY=VALUE: kind=openai|anthropic|builtin baseUrl=… model=… timeoutMs=… maxRetries=…",
    )
    .action(async (pairs: string[], _opts, command: Command) => {
      const settings: Record<string, unknown> = {};
      for (const pair of pairs) {
        const at = pair.indexOf("=");
        if (at <= 0) throw new CashloopError("option_invalid", `"${pair}": use KEY=VALUE`);
        const key = pair.slice(0, at);
        const value = pair.slice(at + 1);
        settings[key] =
          /^(timeoutMs|maxRetries)$/.test(key) && /^\d+$/.test(value) ? Number(value) : value;
      }
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        printJson(
          io,
          await setAssistSettings(app, {
            orgId: org.id,
            settings,
            actor: { kind: "user", id: "cli" },
          }),
        );
      });
    });
  config.command("clear").action(async (_opts, command: Command) => {
    await withApp(command, io, async (app, g) => {
      const org = await app.organisation(g.org);
      await setAssistSettings(app, {
        orgId: org.id,
        settings: null,
        actor: { kind: "user", id: "cli" },
      });
      if (!g.json) io.stdout("Cleared: the environment decides the provider again.\n");
    });
  });
}
