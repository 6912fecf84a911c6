/**
 * A bank's CSV export → one statement, read through a mapping profile (csv-profile.ts). Pure:
 * bytes in, statement out. Every row must read cleanly or the whole file is refused, naming the
 * line and the column; rows the profile says to leave out (pending, filtered, repeated headers)
 * are the only ones skipped.
 */
import { parse } from "csv-parse/sync";
import type { CalendarDate } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import {
  currencyExponent,
  isCurrencyCode,
  money,
  parseDecimalToMinor,
  toDecimalString,
} from "../../kernel/money.js";
import { csvRowsMax } from "../../sources/csv-file.js";
import {
  type ParsedStatementFile,
  type StatementLine,
  StatementParseError,
} from "../statement-model.js";
import {
  type ColumnRef,
  CREDIT_WORDS,
  type CsvProfile,
  compileDateFormat,
  DEBIT_WORDS,
  normaliseAmount,
  parseCsvProfile,
  parseDateAs,
} from "./csv-profile.js";
import { decodeStatementBytes } from "./decode-text.js";

export type CsvDelimiter = "," | ";" | "\t";
export type CsvTable = {
  /** Header cells as written (trimmed); null for a headerless file. */
  header: string[] | null;
  /** The physical line of the header, or of the first row when there is none. */
  headerLine: number;
  delimiter: CsvDelimiter;
  /** Non-blank records after the header, each with the physical line it starts on. */
  rows: { line: number; cells: string[] }[];
};

/** Header names compare ignoring case, accents and runs of spaces. */
export function normaliseHeader(name: string): string {
  return name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Cells of one line, honouring quotes (for sniffing; the parser proper is csv-parse). */
export function splitCsvLine(line: string, delimiter: CsvDelimiter): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * The delimiter that splits the first lines into the same number of cells (more cells win); on a
 * tie ";" beats tab beats ",", since commas turn up inside values (decimal commas) far more often.
 */
export function guessDelimiter(lines: readonly string[]): CsvDelimiter {
  const sample = lines.filter((l) => l.trim() !== "").slice(0, 10);
  let best: CsvDelimiter = ",";
  let bestScore = 0;
  for (const d of [";", "\t", ","] as const) {
    const counts = sample.map((l) => splitCsvLine(l, d).length);
    const cells = counts[0] ?? 1;
    const score = cells < 2 ? 0 : (counts.every((n) => n === cells) ? 1_000 : 0) + cells;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** BOM dropped, every line ending made "\n" (bare CR files from old Macs included). */
export function normaliseCsvText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** The grid of a CSV file: `skipRows` lines dropped, every record as wide as the first. */
export function readCsvTable(
  text: string,
  file: string,
  shape: { delimiter: CsvDelimiter | "auto"; skipRows: number; hasHeader: boolean },
): CsvTable {
  let body = normaliseCsvText(text);
  for (let skipped = 0; skipped < shape.skipRows; skipped++) {
    const end = body.indexOf("\n");
    if (end < 0) {
      throw new StatementParseError(
        file,
        String(skipped + 1),
        `the profile skips ${shape.skipRows} lines before the header, but the file ends on line ${skipped + 1}`,
      );
    }
    body = body.slice(end + 1);
  }
  const delimiter =
    shape.delimiter === "auto" ? guessDelimiter(body.split("\n", 50)) : shape.delimiter;
  const records = parseRecords(body, file, { ...shape, delimiter });
  const table: CsvTable = { header: null, headerLine: 0, delimiter, rows: [] };
  let line = shape.skipRows + 1;
  for (const { record, raw } of records) {
    const start = line + (/^(?:[ \t]*\n)*/.exec(raw)?.[0].split("\n").length ?? 1) - 1;
    line += raw.split("\n").length - 1;
    const cells = record.map((v) => v.trim());
    if (cells.every((v) => v === "")) continue;
    if (table.headerLine === 0) table.headerLine = start;
    if (shape.hasHeader && table.header === null) table.header = cells;
    else table.rows.push({ line: start, cells });
  }
  if (table.headerLine === 0) {
    throw new StatementParseError(
      file,
      String(shape.skipRows + 1),
      "the file has no rows: it is empty or was cut off",
    );
  }
  if (table.rows.length > csvRowsMax) {
    throw new StatementParseError(
      file,
      String(line),
      `more than ${csvRowsMax} rows; split the file`,
    );
  }
  return table;
}

type RawRecord = { record: string[]; raw: string };

function parseRecords(
  body: string,
  file: string,
  shape: { delimiter: CsvDelimiter; skipRows: number; hasHeader: boolean },
): RawRecord[] {
  const { delimiter, skipRows: offset } = shape;
  try {
    return parse(body, {
      delimiter,
      record_delimiter: "\n",
      raw: true,
      skip_empty_lines: true,
      relax_column_count: false,
      relax_quotes: true,
      to: csvRowsMax + 2, // the header, the allowed rows, and one more to notice the excess
    }) as unknown as RawRecord[];
  } catch (error) {
    const e = error as { code?: string; lines?: number; message?: string; bytes_records?: number };
    if (e.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH") {
      const [, want, got] = /expect (\d+), got (\d+)/.exec(e.message ?? "") ?? [];
      throw new StatementParseError(
        file,
        String(offset + (e.lines ?? 0)),
        `this row has ${got} fields but the ${shape.hasHeader ? "header" : "first row"} has ${want}: a missing or extra "${delimiter === "\t" ? "tab" : delimiter}", or an unquoted value containing one`,
      );
    }
    if (e.code === "CSV_QUOTE_NOT_CLOSED") {
      const before = new TextDecoder().decode(
        new TextEncoder().encode(body).subarray(0, e.bytes_records ?? 0),
      );
      const rest = body.slice(before.length);
      const line = offset + before.split("\n").length + (/^\n*/.exec(rest)?.[0].length ?? 0);
      throw new StatementParseError(
        file,
        String(line),
        'a quoted value that starts on this line is never closed (a missing ", or the file was cut off)',
      );
    }
    if (e.code?.startsWith("CSV_")) {
      throw new StatementParseError(
        file,
        String(offset + (e.lines ?? 0)),
        `not readable as CSV: ${e.message}`,
      );
    }
    throw error;
  }
}

type Column = { index: number; label: string };
type Mapping = ReturnType<typeof resolveMapping>;
type Booked = { line: number; date: CalendarDate; amount: number; balance: number | null };

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

function resolveMapping(p: CsvProfile, table: CsvTable, file: string) {
  const list = (refs: ColumnRef | ColumnRef[] | undefined, field: string): Column[] =>
    (refs === undefined ? [] : Array.isArray(refs) ? refs : [refs]).map((r) =>
      resolveColumn(r, field, table, file),
    );
  const one = (ref: ColumnRef | undefined, field: string) => list(ref, field)[0];
  const c = p.columns;
  const format = compileDateFormat(p.dateFormat);
  if (!format) throw new CashloopError("csv_profile_invalid", `CSV profile: bad dateFormat`);
  const lowered = (words: readonly string[]) => new Set(words.map((w) => w.toLowerCase()));
  return {
    format,
    bookingDate: list(c.bookingDate, "booking date"),
    valueDate: list(c.valueDate, "value date"),
    amount: one(c.amount, "amount"),
    debit: one(c.debit, "debit"),
    credit: one(c.credit, "credit"),
    direction: one(c.direction, "direction"),
    currency: one(c.currency, "currency"),
    name: list(c.counterpartyName, "counterparty name"),
    account: list(c.counterpartyAccount, "counterparty account"),
    reference: list(c.reference, "reference"),
    endToEnd: list(c.endToEndId, "end-to-end id"),
    bankRef: list(c.bankRef, "bank reference"),
    balance: one(c.balance, "balance"),
    ownAccount: one(c.account, "account"),
    keep: one(p.keepRowsWhere?.column, "keepRowsWhere"),
    keepValues: lowered(p.keepRowsWhere?.values ?? []),
    debitWords: lowered(p.directionValues?.debit ?? DEBIT_WORDS),
    creditWords: lowered(p.directionValues?.credit ?? CREDIT_WORDS),
    headerKey: table.header?.join("\u0000"),
  };
}

function resolveColumn(ref: ColumnRef, field: string, table: CsvTable, file: string): Column {
  const width = table.header?.length ?? table.rows[0]?.cells.length ?? 0;
  if (typeof ref === "number") {
    if (ref >= width) {
      throw new StatementParseError(
        file,
        String(table.headerLine),
        `${field}: column ${ref} (counting from 0) is past the last column; the file has ${width}`,
      );
    }
    const name = table.header?.[ref];
    return { index: ref, label: name ? `column "${name}"` : `column ${ref}` };
  }
  const wanted = normaliseHeader(ref);
  const index = table.header?.findIndex((h) => normaliseHeader(h) === wanted) ?? -1;
  if (index < 0) {
    const has = table.header
      ? `the header has ${table.header.map((h) => `"${h}"`).join(", ")}`
      : "the file has no header; name columns by 0-based index";
    throw new StatementParseError(
      file,
      String(table.headerLine),
      `${field}: no column "${ref}"; ${has}`,
    );
  }
  return { index, label: `column "${table.header?.[index]}"` };
}

/** One row → a statement line, or null when the profile leaves the row out. */
function readRow(row: CsvTable["rows"][number], m: Mapping, p: CsvProfile, file: string) {
  const cell = (column: Column | undefined) => (column ? (row.cells[column.index] ?? "") : "");
  const fail = (problem: string): never => {
    throw new StatementParseError(file, String(row.line), problem);
  };
  if (row.cells.join("\u0000") === m.headerKey) return null; // a header repeated (pages joined)
  if (m.keep && !m.keepValues.has(cell(m.keep).toLowerCase())) return null;
  if (p.skipRowsWithoutAmount && [m.amount, m.debit, m.credit].every((k) => cell(k) === ""))
    return null;

  const dateOf = (columns: Column[], field: string): CalendarDate | null => {
    const column = columns.find((k) => cell(k) !== "") ?? columns[0];
    const text = cell(column);
    if (text === "") return null;
    return (
      parseDateAs(text, m.format) ??
      fail(`${field} (${column?.label}): "${text}" is not a date written ${p.dateFormat}`)
    );
  };
  const bookingDate =
    dateOf(m.bookingDate, "booking date") ??
    fail(`booking date (${m.bookingDate[0]?.label}) is empty`);
  const currency = cell(m.currency).toUpperCase() || p.currency || "";
  if (currency === "")
    fail(`currency (${m.currency?.label}) is empty and the profile names no fixed currency`);
  if (!isCurrencyCode(currency))
    fail(`currency (${m.currency?.label}): "${cell(m.currency)}" is not an ISO 4217 code`);
  const exponent = currencyExponent(currency as Parameters<typeof currencyExponent>[0]);
  const minor = (column: Column | undefined, field: string): number | null => {
    const text = cell(column);
    if (text === "") return null;
    const plain =
      normaliseAmount(text, p) ??
      fail(
        `${field} (${column?.label}): "${text}" is not an amount written with decimal separator "${p.decimalSeparator}"`,
      );
    try {
      return parseDecimalToMinor(plain, exponent) + 0;
    } catch (error) {
      if (!(error instanceof CashloopError)) throw error;
      const why =
        error.code === "amount_too_precise"
          ? `has more decimals than ${currency} has (${exponent})`
          : "is too large";
      return fail(`${field} (${column?.label}): "${text}" ${why}`);
    }
  };

  const amount = amountOf(m, p, cell, minor, fail);
  const texts = (columns: Column[]) =>
    columns
      .map(cell)
      .filter((v) => v !== "")
      .map(collapse);
  const line: StatementLine = {
    bookingDate,
    valueDate: dateOf(m.valueDate, "value date"),
    amount,
    currency,
    counterpartyName: texts(m.name)[0] ?? null,
    counterpartyAccount: accountText(texts(m.account)[0]),
    reference: referenceOf(texts(m.reference).join(" "), texts(m.endToEnd)[0]),
    bankRef: texts(m.bankRef)[0] ?? null,
  };
  return { line, balance: minor(m.balance, "balance"), account: cell(m.ownAccount) };
}

/** The signed amount of a row: one signed column (maybe negated or with a direction), or debit and credit. */
function amountOf(
  m: Mapping,
  p: CsvProfile,
  cell: (column: Column | undefined) => string,
  minor: (column: Column | undefined, field: string) => number | null,
  fail: (problem: string) => never,
): number {
  if (m.amount) {
    const value = minor(m.amount, "amount") ?? fail(`amount (${m.amount.label}) is empty`);
    if (!m.direction) return (p.amountSign === "negated" ? -value : value) + 0; // never -0
    const word = cell(m.direction).toLowerCase();
    if (m.debitWords.has(word)) return -Math.abs(value) + 0;
    if (m.creditWords.has(word)) return Math.abs(value);
    const words = (set: Set<string>) => [...set].join(", ");
    return fail(
      `direction (${m.direction.label}): "${cell(m.direction)}" is neither a debit (${words(m.debitWords)}) nor a credit (${words(m.creditWords)})`,
    );
  }
  // Some banks write debits positive, some negative: a debit column is money out either way.
  const debit = minor(m.debit, "debit");
  const credit = minor(m.credit, "credit");
  const both = `debit (${m.debit?.label}) and credit (${m.credit?.label})`;
  if (debit === null && credit === null) fail(`amount: ${both} are both empty`);
  if (debit && credit) fail(`amount: ${both} both hold an amount`);
  return Math.abs(credit ?? 0) - Math.abs(debit ?? 0) + 0;
}

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();

/** An IBAN without its print spaces; any other account number as written. */
function accountText(text: string | undefined): string | null {
  if (text === undefined) return null;
  const compact = text.replace(/\s+/g, "").toUpperCase();
  return /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact) ? compact : text;
}

/** An RF creditor reference in the text first, else the end-to-end id, else the text. */
export function referenceOf(text: string, endToEndId: string | undefined): string | null {
  // Printed references come in groups of four ("RF18 5390 0754 7034"): the longest valid run wins.
  const words = text.split(" ").map((w) => w.replace(/[.,;:]$/, "").toUpperCase());
  for (let i = 0; i < words.length; i++) {
    if (!/^RF\d{2}[A-Z0-9]*$/.test(words[i] ?? "")) continue;
    let candidate = "";
    let best: string | undefined;
    for (let j = i; j < words.length && /^[A-Z0-9]+$/.test(words[j] ?? ""); j++) {
      candidate += words[j];
      if (candidate.length > 25) break;
      if (isCreditorReference(candidate)) best = candidate;
    }
    if (best) return best;
  }
  if (endToEndId && endToEndId.toUpperCase() !== "NOTPROVIDED") return endToEndId;
  return text === "" ? null : text;
}

/** ISO 11649: the RF check digits make the rearranged reference ≡ 1 (mod 97). */
function isCreditorReference(rf: string): boolean {
  let rest = 0;
  for (const ch of rf.slice(4) + rf.slice(0, 4)) {
    const digits = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of digits) rest = (rest * 10 + Number(d)) % 97;
  }
  return rest === 1;
}

function balancesOf(booked: Booked[], lines: StatementLine[], column: Column, file: string) {
  if (lines.length === 0) return undefined;
  const currencies = [...new Set(lines.map((l) => l.currency))];
  if (currencies.length > 1) {
    const other = lines.findIndex((l) => l.currency !== lines[0]?.currency);
    throw new StatementParseError(
      file,
      String(booked[other]?.line),
      `balance (${column.label}): one running balance cannot cover several currencies (${currencies.join(", ")})`,
    );
  }
  const fmt = (n: number) => toDecimalString(money(n, currencies[0] ?? ""));
  return checkRunningBalances(
    booked,
    (row, expected) =>
      new StatementParseError(
        file,
        String(row.line),
        `balance (${column.label}): ${fmt(row.balance ?? 0)} does not follow from the balance before it and this line's amount ${fmt(row.amount)} (expected ${fmt(expected)})`,
      ),
  );
}

type Chain =
  | { ok: true; opening: number | null; closing: number | null }
  | { ok: false; at: number; expected: number };

/**
 * Checks each running balance against the one before plus the line's amount, in booking order.
 * Exports list lines oldest first or newest first, and some sort only by date, so the file's
 * order, its reverse and both date orders are tried. Opening = first balance − its amount,
 * closing = last balance. When orders that fit give different balances (every line on one day,
 * amounts that fit both ways) no balance is given rather than a guess; when none fits, the line
 * where the chain breaks in the file's own direction is named.
 */
export function checkRunningBalances(
  rows: readonly Booked[],
  mismatch: (row: Booked, expected: number) => Error,
): { opening: number | null; closing: number | null } {
  const forward = rows.map((_, i) => i);
  const backward = [...forward].reverse();
  const byDate = (order: number[]) =>
    [...order].sort((a, b) => (rows[a]?.date ?? "").localeCompare(rows[b]?.date ?? ""));
  const orders = [forward, backward, byDate(forward), byDate(backward)];
  const chains = orders.map((order) => ({ order, result: chain(rows, order) }));
  const passing = chains.filter((c) => c.result.ok);
  // An order whose dates run forward is the likelier one; value dates may not, so others count too.
  const dated = passing.filter(({ order }) =>
    order.every(
      (i, k) => k === 0 || (rows[order[k - 1] ?? i]?.date ?? "") <= (rows[i]?.date ?? ""),
    ),
  );
  const pick = dated.length > 0 ? dated : passing;
  const results = new Set(
    pick.map(({ result }) => (result.ok ? `${result.opening}/${result.closing}` : "")),
  );
  const first = pick[0]?.result;
  if (first?.ok) return results.size === 1 ? first : { opening: null, closing: null };
  const dates = rows.map((r) => r.date);
  const newestFirst =
    dates.some((d, i) => i > 0 && d !== dates[i - 1]) &&
    dates.every((d, i) => i === 0 || d <= (dates[i - 1] ?? d));
  const broken = chains[newestFirst ? 1 : 0]?.result;
  const row = broken && !broken.ok ? rows[broken.at] : undefined;
  if (!broken || broken.ok || !row) throw new Error("unreachable: a failed chain names its row");
  throw mismatch(row, broken.expected);
}

function chain(rows: readonly Booked[], order: number[]): Chain {
  let running: number | null = null;
  let opening: number | null = null;
  let before = 0;
  for (const i of order) {
    const row = rows[i];
    if (!row) continue;
    if (running !== null) running += row.amount;
    if (row.balance !== null) {
      if (running === null) {
        running = row.balance;
        opening = row.balance - before - row.amount;
      } else if (running !== row.balance) {
        return { ok: false, at: i, expected: running };
      }
    }
    before += row.amount;
  }
  return { ok: true, opening, closing: running };
}
