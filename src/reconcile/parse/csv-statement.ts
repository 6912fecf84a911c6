/**
 * A bank's CSV export → one statement, read through a mapping profile (csv-profile.ts). Pure:
 * bytes in, statement out. Every row must read cleanly or the whole file is refused, naming the
 * line and the column; rows the profile says to leave out (pending, filtered, repeated headers)
 * are the only ones skipped.
 */
import {
  type ParsedStatementFile,
  type StatementLine,
  StatementParseError,
} from "../statement-model.js";
import { resolveMapping } from "./csv-mapping.js";
import { type CsvProfile, parseCsvProfile } from "./csv-profile.js";
import { readRow } from "./csv-row.js";
import { type Booked, balancesOf } from "./csv-running-balance.js";
import { readCsvTable } from "./csv-table.js";
import { decodeStatementBytes } from "./decode-text.js";

/** Reads a file with a profile; see csv-profile.ts for what each profile field means. */
export function parseCsvStatement(
  bytes: Uint8Array,
  file: string,
  profile: CsvProfile,
): ParsedStatementFile {
  const p = parseCsvProfile(profile);
  const table = readCsvTable(decodeStatementBytes(bytes).text, file, p);
  const m = resolveMapping(p, table, file);
  const lines: StatementLine[] = [];
  const booked: Booked[] = [];
  let own: { value: string; line: number } | undefined;
  for (const row of table.rows) {
    const read = readRow(row, m, p, file);
    if (!read) continue;
    if (read.account !== "" && own && read.account !== own.value) {
      throw new StatementParseError(
        file,
        String(row.line),
        `account (${m.ownAccount?.label}): "${read.account}" differs from "${own.value}" on line ${own.line}; a CSV file is read as one account's statement`,
      );
    }
    if (read.account !== "" && !own) own = { value: read.account, line: row.line };
    lines.push(read.line);
    booked.push({
      line: row.line,
      date: read.line.bookingDate,
      amount: read.line.amount,
      balance: read.balance,
    });
  }
  const currencies = [...new Set(lines.map((l) => l.currency))];
  const balances = m.balance ? balancesOf(booked, lines, m.balance, file) : undefined;
  return {
    format: "csv",
    statements: [
      {
        account: p.account ?? own?.value ?? null,
        currency:
          lines.length === 0
            ? (p.currency ?? null)
            : currencies.length === 1
              ? (currencies[0] ?? null)
              : null,
        openingBalance: balances?.opening ?? null,
        closingBalance: balances?.closing ?? null,
        lines,
      },
    ],
  };
}
