import { readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  assistProvider,
  CashloopError,
  DRAFT_STEPS,
  type DraftStep,
  draftMessage,
  getInvoice,
  invoiceFactSheet,
  publicUrl,
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
          invoice: opts.invoice,
          step: stepOf(opts.step),
          channel: opts.channel,
          language: opts.language,
          now: app.clock.now(),
          publicUrl: publicUrl(io.env),
        });
        const provider = assistProvider(app, io.env, org.id);
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
        const provider = assistProvider(app, io.env, null);
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
        const provider = assistProvider(app, io.env, null);
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
