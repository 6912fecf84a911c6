import { readFileSync } from "node:fs";
import type { Command } from "commander";
import {
  CashloopError,
  formatMoney,
  importStatement,
  listStatementLines,
  parseMoney,
  parseStatementFile,
  statementJson,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { type Io, printJson, printTable } from "./output.js";

const USER = { kind: "user", id: "cli" } as const;

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch {
    throw new CashloopError("file_unreadable", `${file}: cannot be read`, { file });
  }
}

const money = (minor: number | null, currency: string | null, locale = "en-US") =>
  minor === null || currency === null
    ? "—"
    : formatMoney({ amountMinor: minor, currency: parseMoney("0", currency).currency }, locale);

export function registerBankCommands(program: Command, io: Io): void {
  const bank = program.command("bank").description("bank statements");
  bank
    .command("parse")
    .argument(
      "<file>",
      "a statement: CSV, OFX/QFX, CAMT.053/054 (or a zip of them), MT940/942, BAI2",
    )
    .option(
      "--format <format>",
      "csv, ofx, camt.053, camt.054, mt940, mt942 or bai2 (default: recognised)",
    )
    .description("read a statement file and print its statements and lines; touches no database")
    .action(async (file: string, opts, command: Command) => {
      const parsed = parseStatementFile(
        readBytes(file),
        file,
        opts.format ? { format: opts.format } : {},
      );
      if (command.optsWithGlobals().json) return printJson(io, statementJson(parsed));
      for (const s of parsed.statements) {
        io.stdout(
          `${parsed.format} · account ${s.account ?? "—"} · ${s.lines.length} lines · opening ${money(s.openingBalance, s.currency)} · closing ${money(s.closingBalance, s.currency)}\n`,
        );
        printTable(
          io,
          ["BOOKED", "AMOUNT", "COUNTERPARTY", "REFERENCE", "BANK REF"],
          s.lines.map((l) => [
            l.bookingDate,
            money(l.amount, l.currency),
            l.counterpartyName ?? "",
            l.reference ?? "",
            l.bankRef ?? "",
          ]),
        );
      }
    });
  bank
    .command("import")
    .argument("<files...>", "statement files")
    .option("--account <account>", "the account (IBAN or number) when the file names none (CSV)")
    .option("--format <format>", "as for bank parse")
    .description("import statement lines; the same or an overlapping statement adds only new lines")
    .action(async (files: string[], opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const out = [];
        for (const file of files) {
          const outcome = await importStatement(app, {
            orgId: org.id,
            file,
            bytes: readBytes(file),
            ...(opts.format ? { format: opts.format } : {}),
            ...(opts.account ? { account: opts.account } : {}),
            actor: USER,
          });
          out.push({ file, ...outcome });
        }
        if (g.json) return printJson(io, out);
        for (const r of out) {
          io.stdout(
            `${r.file}: ${r.format}, ${r.statements} statement(s), ${r.linesAdded} new lines, ${r.linesKnown} already imported.\n`,
          );
        }
      });
    });
  bank
    .command("lines")
    .option("--status <status>", "new, applied, suggested, review or unmatched")
    .description("imported statement lines")
    .action(async (opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const lines = await listStatementLines(app.db, org.id, { status: opts.status });
        if (g.json) return printJson(io, lines);
        printTable(
          io,
          ["ID", "BOOKED", "AMOUNT", "COUNTERPARTY", "REFERENCE", "STATUS"],
          lines.map((l) => [
            l.id,
            l.bookingDate,
            money(l.amount, l.currency, org.locale),
            l.counterpartyName ?? "",
            l.reference ?? "",
            l.status,
          ]),
        );
      });
    });
}
