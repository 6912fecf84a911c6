import type { Command } from "commander";
import {
  CashloopError,
  formatMoney,
  getCsvProfile,
  importStatement,
  listCsvProfiles,
  listStatementLines,
  parseCsvProfile,
  parseMoney,
  parseStatementFile,
  saveCsvProfile,
  statementJson,
} from "../app/index.js";
import { withApp } from "./global-options.js";
import { type Io, printJson, printTable } from "./output.js";
import { readBytes } from "./read-file.js";

const USER = { kind: "user", id: "cli" } as const;

function jsonFile(file: string): unknown {
  const text = Buffer.from(readBytes(file)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CashloopError(
      "file_invalid",
      `${file}: not JSON (${error instanceof Error ? error.message : "?"})`,
      { file },
    );
  }
}

function profileFromFile(file: string) {
  try {
    return parseCsvProfile(jsonFile(file));
  } catch (error) {
    if (error instanceof CashloopError)
      throw new CashloopError(error.code, `${file}: ${error.message}`, { file });
    throw error;
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
    .option("--profile <file>", "CSV: a mapping profile (JSON) instead of detecting the layout")
    .option("--currency <code>", "CSV: the currency when the file names none")
    .description("read a statement file and print its statements and lines; touches no database")
    .action(async (file: string, opts, command: Command) => {
      const parsed = parseStatementFile(readBytes(file), file, {
        ...(opts.format ? { format: opts.format } : {}),
        ...(opts.profile ? { csvProfile: profileFromFile(opts.profile) } : {}),
        ...(opts.currency ? { currency: opts.currency } : {}),
      });
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
    .option("--profile <name>", "CSV: a saved mapping profile (bank profile set)")
    .description("import statement lines; the same or an overlapping statement adds only new lines")
    .action(async (files: string[], opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const csvProfile = opts.profile
          ? await getCsvProfile(app.db, org.id, opts.profile)
          : undefined;
        const out = [];
        for (const file of files) {
          const outcome = await importStatement(app, {
            orgId: org.id,
            file,
            bytes: readBytes(file),
            ...(opts.format ? { format: opts.format } : {}),
            ...(opts.account ? { account: opts.account } : {}),
            ...(csvProfile ? { csvProfile } : {}),
            currency: org.baseCurrency,
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
  const profile = bank.command("profile").description("saved CSV mapping profiles");
  profile
    .command("set")
    .argument("<name>", "e.g. chase-checking")
    .argument("<file>", "the profile as JSON (see docs/bank-statements.md)")
    .description("save (or replace) a CSV mapping profile")
    .action(async (name: string, file: string, _opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const saved = await saveCsvProfile(app.db, {
          orgId: org.id,
          name,
          profile: jsonFile(file),
          now: app.clock.now(),
        });
        if (g.json) return printJson(io, { name, profile: saved });
        io.stdout(`Saved CSV profile ${name}.\n`);
      });
    });
  profile
    .command("list")
    .description("saved CSV mapping profiles")
    .action(async (_opts, command: Command) => {
      await withApp(command, io, async (app, g) => {
        const org = await app.organisation(g.org);
        const rows = await listCsvProfiles(app.db, org.id);
        if (g.json) return printJson(io, rows);
        for (const r of rows) io.stdout(`${r.name}\n`);
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
