/**
 * BAI2 (BAI Cash Management Balance Reporting v2) → statements, one per 03 account. Records are
 * comma-separated and end with "/"; 88 records continue the record before them. Every 49, 98
 * and 99 trailer is checked (control total, record count, number of accounts and groups) before
 * anything is returned: a file that does not add up is refused whole. Pure.
 */
import { type CalendarDate, dateFromParts } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import { isCurrencyCode, parseDecimalToMinor } from "../../kernel/money.js";
import {
  type ParsedStatementFile,
  type Statement,
  type StatementLine,
  StatementParseError,
} from "../statement-model.js";
import {
  CLOSING_LEDGER,
  counterpartyFromText,
  creditorReferenceIn,
  detailDirection,
  distributionsMax,
  isFundsType,
  OPENING_LEDGER,
  RECORD,
  RECORD_CODES,
  RECORD_NAMES,
} from "./bai2-codes.js";
import { decodeStatementBytes } from "./decode-text.js";

/** A file with more records than this is refused, not read in part. */
export const bai2RecordsMax = 2_000_000;

export type Bai2ParseOptions = {
  /**
   * Check the 49/98/99 control totals and counts (default true). Off only to read a damaged
   * file on purpose, e.g. test data whose trailers were never recomputed.
   */
  checkTrailers?: boolean;
};

/** A cheap sniff: a 01 header (sender, receiver, YYMMDD creation date) and a 02 group header. */
export function looksLikeBai2(text: string): boolean {
  return /^\uFEFF?\s*01,[^,\r\n]*,[^,\r\n]*,\d{6},/.test(text) && /(^|[\n/])\s*02,/.test(text);
}

export function parseBai2(
  bytes: Uint8Array,
  file: string,
  options: Bai2ParseOptions = {},
): ParsedStatementFile {
  try {
    const { text } = decodeStatementBytes(bytes);
    const lastLine = text.trimEnd().split(/\r\n|\r|\n/).length; // a truncated file names it
    const records = joinContinuations(splitRecords(text));
    return {
      format: "bai2",
      statements: readFile(records, options.checkTrailers ?? true, lastLine),
    };
  } catch (e) {
    if (e instanceof Problem) throw new StatementParseError(file, String(e.line), e.message);
    throw e;
  }
}

/** Internal: a problem on a line; parseBai2 turns it into a StatementParseError for the file. */
class Problem extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(problem);
  }
}

function fail(at: { line: number } | undefined, problem: string, fallback = 0): never {
  throw new Problem(at?.line ?? fallback, problem);
}

// ── physical lines → records ───────────────────────────────────────────────────────────────

type RawRecord = { code: string; line: number; body: string };
/** A record with its 88 continuations folded in; `segments` says where each 88 starts. */
type Bai2Record = RawRecord & { segments: { at: number; line: number }[]; records: number };
type Field = { value: string; at: number; line: number };

/** "/", whitespace, then a record code: another record on the same physical line. */
const recordBoundary = /\/\s+(?=(?:01|02|03|16|49|88|98|99),)/;

/**
 * A 16 record's text (and an 88 continuing it) may hold "/" and "," and may wrap onto lines that
 * do not start with a record code: it ends at the end of its line when the next line starts a
 * record, or at "/" followed by another record on the same line. Other records end at "/".
 */
function splitRecords(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  let open: RawRecord | undefined; // a text record that may go on on the next line
  let base = ""; // the code of the last record that was not an 88
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  for (const [i, physical] of lines.entries()) {
    let rest = physical.trim();
    const line = i + 1;
    if (rest === "") continue;
    if (open && !/^\d\d,/.test(rest)) {
      const end = recordBoundary.exec(rest);
      open.body += ` ${rest.slice(0, end?.index)}`;
      rest = end ? rest.slice(end.index + end[0].length) : "";
    }
    if (rest !== "") open = undefined;
    while (rest !== "") {
      const code = /^(\d\d),/.exec(rest)?.[1];
      if (code === undefined) fail({ line }, `expected a record code at "${rest.slice(0, 20)}"`);
      if (!RECORD_CODES.has(code)) fail({ line }, `unknown record code "${code}"`);
      if (out.length >= bai2RecordsMax) fail({ line }, `more than ${bai2RecordsMax} records`);
      if (code !== RECORD.continuation) base = code;
      const end = base === RECORD.detail ? recordBoundary.exec(rest) : /\//.exec(rest);
      const record = { code, line, body: rest.slice(3, end?.index) };
      out.push(record);
      rest = end ? rest.slice(end.index + end[0].length).trim() : "";
      if (!end && base === RECORD.detail) open = record;
    }
  }
  for (const r of out) r.body = r.body.trimEnd().replace(/\/$/, ""); // a text record's own "/"
  return out;
}

/**
 * Folds each 88 into the record it continues. An 88 carries the next fields, so it is joined
 * with ","; once a 16 record's text has started, an 88 goes on with that text (joined with a
 * space: the bank wrapped a long text).
 */
function joinContinuations(raw: RawRecord[]): Bai2Record[] {
  const out: Bai2Record[] = [];
  for (const r of raw) {
    const last = out.at(-1);
    if (r.code !== RECORD.continuation) {
      out.push({ ...r, segments: [{ at: 0, line: r.line }], records: 1 });
      continue;
    }
    if (!last) fail(r, "88 continuation record with no record before it");
    const separator = last.code === RECORD.detail && textStarted(last) ? " " : ",";
    last.segments.push({ at: last.body.length + separator.length, line: r.line });
    last.body += separator + r.body;
    last.records++;
  }
  return out;
}

/** Whether a 16 record has reached its text field (a record cut short may not parse yet). */
function textStarted(r: Bai2Record): boolean {
  try {
    return detailFields(r).text !== null;
  } catch (e) {
    if (e instanceof Problem) return false; // the joined record is read, and checked, later
    throw e;
  }
}

/** Splits at commas (at most `max` fields from offset `from`), noting each field's line. */
function fields(r: Bai2Record, from = 0, max = Number.POSITIVE_INFINITY): Field[] {
  const out: Field[] = [];
  let segment = 0;
  for (let at = from; at <= r.body.length && out.length < max; ) {
    const comma = r.body.indexOf(",", at);
    const end = comma < 0 ? r.body.length : comma;
    while ((r.segments[segment + 1]?.at ?? Number.POSITIVE_INFINITY) <= at) segment++;
    const line = r.segments[segment]?.line ?? r.line;
    out.push({ value: r.body.slice(at, end).trim(), at, line });
    at = end + 1;
  }
  return out;
}

// ── records → statements, with the trailer checks ──────────────────────────────────────────

type Totals = { total: bigint; records: number; count: number; line: number };
type Group = Totals & { asOf: CalendarDate; currency: string };
type Account = Totals & { statement: Statement };

const opened = (r: Bai2Record): Totals => ({
  total: 0n,
  records: r.records,
  count: 0,
  line: r.line,
});

/** How deep each record belongs: 0 in the file, 1 in a group, 2 in an account. */
const DEPTH: Record<string, number> = { "02": 0, "03": 1, "16": 2, "49": 2, "98": 1, "99": 0 };

function readFile(records: Bai2Record[], check: boolean, lastLine: number): Statement[] {
  const first = records[0];
  if (first?.code !== RECORD.fileHeader) fail(first, "the file does not start with a 01 header", 1);
  const version = fields(first)[7];
  if (version?.value !== "2") fail(first, `01 file header: version "${version?.value}" is not 2`);
  const statements: Statement[] = [];
  const fileT: Totals = { total: 0n, records: first.records, count: 0, line: first.line };
  let group: Group | undefined;
  let account: Account | undefined;
  let closed = false;
  for (const r of records.slice(1)) {
    const depth = account ? 2 : group ? 1 : 0;
    if (closed || DEPTH[r.code] !== depth) {
      const open = account ?? group;
      const state = closed
        ? "after the 99 file trailer"
        : open
          ? `in the ${depth === 2 ? "account" : "group"} that starts on line ${open.line}`
          : "outside any group";
      fail(r, `${RECORD_NAMES[r.code]} ${state}: records are out of order or a trailer is missing`);
    }
    for (const t of [fileT, group, account]) if (t) t.records += r.records;
    if (r.code === RECORD.groupHeader) {
      const f = fields(r);
      const currency = currencyOf(r, f[5], "USD"); // BAI2's default currency
      group = { ...opened(r), currency, asOf: yymmdd(r, f[3], "as-of date") };
    } else if (r.code === RECORD.account && group) {
      account = { ...opened(r), ...readAccount(r, group.currency) };
    } else if (r.code === RECORD.detail && group && account) {
      const { amount, line } = readDetail(r, group.asOf, account.statement.currency as string);
      account.total += amount;
      if (line) account.statement.lines.push(line);
    } else if (r.code === RECORD.accountTrailer && group && account) {
      checkTrailer(r, check, account, null);
      statements.push(account.statement);
      group.total += account.total;
      group.count++;
      account = undefined;
    } else if (r.code === RECORD.groupTrailer && group) {
      checkTrailer(r, check, group, "number of accounts");
      fileT.total += group.total;
      fileT.count++;
      group = undefined;
    } else if (r.code === RECORD.fileTrailer) {
      checkTrailer(r, check, fileT, "number of groups");
      closed = true;
    }
  }
  if (!closed) {
    const where = account ? "inside an account" : group ? "inside a group" : "after its last group";
    fail({ line: lastLine }, `truncated: the file ends ${where}, with no 99 file trailer`);
  }
  return statements;
}

/** A 49/98/99 trailer: control total, then (98, 99) the number of accounts/groups, then records. */
function checkTrailer(r: Bai2Record, check: boolean, t: Totals, countName: string | null): void {
  const [totalField, ...counts] = fields(r);
  const name = RECORD_NAMES[r.code];
  const total = amountOf(r, totalField, `${name}: control total`, true);
  if (!check) return;
  if (total !== t.total) {
    fail(
      r,
      `${name}: control total ${totalField?.value} is not the sum of the amounts, ${t.total}`,
    );
  }
  const expected: [string, number][] = [["number of records", t.records]];
  if (countName) expected.unshift([countName, t.count]);
  for (const [i, [what, actual]] of expected.entries()) {
    const field = counts[i];
    const value = field?.value ?? "";
    if (!/^\d+$/.test(value) || Number.parseInt(value, 10) !== actual) {
      fail(field ?? r, `${name}: ${what} "${field?.value ?? ""}" is not the ${actual} counted`);
    }
  }
}

const noBalances = { openingBalance: null, closingBalance: null }; // until 010 / 015 are read

function readAccount(
  r: Bai2Record,
  groupCurrency: string,
): { total: bigint; statement: Statement } {
  const f = fields(r);
  const accountNumber = f[0]?.value ?? "";
  if (accountNumber === "") fail(r, "03 account identifier: account number is empty");
  const currency = currencyOf(r, f[1], groupCurrency);
  const statement: Statement = { account: accountNumber, currency, lines: [], ...noBalances };
  let total = 0n;
  // Summary groups: type code, amount, item count, funds type (+ the fields it adds).
  for (let i = 2; f.slice(i).some((x) => x.value !== ""); ) {
    const [type, amountField, count] = [f[i], f[i + 1], f[i + 2]];
    const code = type?.value ?? "";
    if (!/^(\d{3})?$/.test(code))
      fail(type ?? r, `03 account identifier: type code "${code}" is not 3 digits`);
    if (!/^\d*$/.test(count?.value ?? ""))
      fail(count ?? r, `03 account identifier: item count "${count?.value}" is not a whole number`);
    if (amountField?.value) {
      if (code === "") fail(amountField, "03 account identifier: an amount with no type code");
      total += amountOf(r, amountField, `03 account identifier: amount of type code ${code}`, true);
      if (code === OPENING_LEDGER) statement.openingBalance = toMinor(amountField);
      if (code === CLOSING_LEDGER) statement.closingBalance = toMinor(amountField);
    }
    i = readFundsType(r, f, i + 3).next;
  }
  return { total, statement };
}

/** One 16 record: its amount as written (for the control total) and its statement line. */
function readDetail(
  r: Bai2Record,
  asOf: CalendarDate,
  currency: string,
): { amount: bigint; line: StatementLine | null } {
  const d = detailFields(r);
  const [type, amountField] = d.fixed;
  const direction = detailDirection(type?.value ?? "");
  if (direction === undefined)
    fail(
      type ?? r,
      `16 transaction detail: type code "${type?.value}" is not a credit (100-399, 920-959), debit (400-699, 960-999) or 890`,
    );
  if (direction === "non_monetary" && !amountField?.value) return { amount: 0n, line: null };
  const amount = amountOf(r, amountField, "16 transaction detail: amount", false);
  if (direction === "non_monetary") return { amount, line: null }; // informational: no money moved
  const minor = toMinor(amountField as Field);
  const text = (d.text ?? "").replace(/\s+/g, " ").trim();
  const customerRef = d.customerRef?.value ?? "";
  const party = counterpartyFromText(d.text ?? ""); // uncollapsed: 2+ spaces end a name
  const reference =
    creditorReferenceIn(`${customerRef} ${text}`) ??
    (customerRef !== "" && customerRef.toUpperCase() !== "NOTPROVIDED" ? customerRef : null) ??
    (text === "" ? null : text);
  return {
    amount,
    line: {
      bookingDate: d.valueDate ?? asOf,
      valueDate: d.valueDate,
      amount: direction === "debit" ? -minor : minor,
      currency,
      counterpartyName: party?.name ?? null,
      counterpartyAccount: party?.account ?? null,
      reference,
      bankRef: d.bankRef?.value || null,
    },
  };
}

/**
 * A 16 record: type code, amount, funds type (+ the fields it adds), bank reference, customer
 * reference, then the text — everything left, commas included; null when the record stops first.
 */
function detailFields(r: Bai2Record) {
  const funds = readFundsType(r, fields(r), 2);
  const [bankRef, customerRef] = fields(r, funds.at, 2);
  const comma = customerRef ? r.body.indexOf(",", customerRef.at) : -1;
  const text = comma < 0 ? null : r.body.slice(comma + 1);
  return { fixed: fields(r, 0, 2), valueDate: funds.valueDate, bankRef, customerRef, text };
}

/** Reads the funds type at f[i] and the fields it adds; says where the next field starts. */
function readFundsType(r: Bai2Record, f: Field[], i: number) {
  const type = f[i];
  const code = type?.value.toUpperCase() ?? "";
  if (!isFundsType(code))
    fail(
      type ?? r,
      `${RECORD_NAMES[r.code]}: funds type "${type?.value}" is not 0, 1, 2, Z, S, V or D`,
    );
  let next = i + 1;
  let valueDate: CalendarDate | null = null;
  if (code === "S") {
    for (const a of f.slice(next, next + 3))
      if (a.value) amountOf(r, a, `${RECORD_NAMES[r.code]}: funds type S amount`, true);
    next += 3;
  } else if (code === "V") {
    valueDate = yymmdd(r, f[next], "value date");
    next += 2; // value date, value time
  } else if (code === "D") {
    const n = f[next]?.value ?? "";
    if (!/^\d{1,3}$/.test(n) || Number.parseInt(n, 10) > distributionsMax) {
      fail(
        f[next] ?? r,
        `${RECORD_NAMES[r.code]}: funds type D count "${n}" is not 0-${distributionsMax}`,
      );
    }
    const pairs = f.slice(next + 1, next + 1 + 2 * Number.parseInt(n, 10));
    for (const [k, p] of pairs.entries())
      if (k % 2) amountOf(r, p, `${RECORD_NAMES[r.code]}: funds type D amount`, true);
    next += 1 + 2 * Number.parseInt(n, 10);
  }
  return { next, at: f[next]?.at ?? r.body.length + 1, valueDate };
}

function amountOf(r: Bai2Record, f: Field | undefined, what: string, signed: boolean): bigint {
  if (!f || !(signed ? /^[+-]?\d+$/ : /^\d+$/).test(f.value)) {
    fail(f ?? r, `${what} "${f?.value ?? ""}" is not a whole number of minor units`);
  }
  return BigInt(f.value);
}

/** BAI2 amounts carry the currency's decimals implied, so the digits are the minor units. */
function toMinor(f: Field): number {
  try {
    return parseDecimalToMinor(f.value, 0);
  } catch (e) {
    if (e instanceof CashloopError) fail(f, `amount "${f.value}" is too large`);
    throw e;
  }
}

function yymmdd(r: Bai2Record, f: Field | undefined, what: string): CalendarDate {
  const [yy, mm, dd] = (/^(\d\d)(\d\d)(\d\d)$/.exec(f?.value ?? "") ?? [])
    .slice(1)
    .map((s) => Number.parseInt(s, 10));
  try {
    if (yy !== undefined && mm !== undefined && dd !== undefined) {
      return dateFromParts(yy < 70 ? 2000 + yy : 1900 + yy, mm, dd); // BAI2 writes 2-digit years
    }
  } catch (e) {
    if (!(e instanceof CashloopError)) throw e;
  }
  fail(f ?? r, `${RECORD_NAMES[r.code]}: ${what} "${f?.value ?? ""}" is not a YYMMDD date`);
}

function currencyOf(r: Bai2Record, f: Field | undefined, fallback: string): string {
  const currency = f?.value || fallback;
  if (!isCurrencyCode(currency)) {
    fail(f ?? r, `${RECORD_NAMES[r.code]}: currency "${currency}" is not an ISO 4217 code`);
  }
  return currency;
}
