/**
 * BAI2 record fields: a record (with its 88 continuations folded in) split at commas, each field
 * knowing the physical line it is on, and the strict readers of its values: amounts in minor
 * units, YYMMDD dates, currencies, funds types (with the fields they add), and the fixed fields
 * and free text of a 16 transaction detail. A bad value throws a Problem naming its line. Pure.
 */
import { type CalendarDate, dateFromParts } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import { isCurrencyCode, parseDecimalToMinor } from "../../kernel/money.js";
import { distributionsMax, isFundsType, RECORD_NAMES } from "./bai2-codes.js";

/** Internal: a problem on a line; parseBai2 turns it into a StatementParseError for the file. */
export class Problem extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(problem);
  }
}

export function fail(at: { line: number } | undefined, problem: string, fallback = 0): never {
  throw new Problem(at?.line ?? fallback, problem);
}

export type RawRecord = { code: string; line: number; body: string };
/** A record with its 88 continuations folded in; `segments` says where each 88 starts. */
export type Bai2Record = RawRecord & { segments: { at: number; line: number }[]; records: number };
export type Field = { value: string; at: number; line: number };

/** Splits at commas (at most `max` fields from offset `from`), noting each field's line. */
export function fields(r: Bai2Record, from = 0, max = Number.POSITIVE_INFINITY): Field[] {
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

/**
 * A 16 record: type code, amount, funds type (+ the fields it adds), bank reference, customer
 * reference, then the text — everything left, commas included; null when the record stops first.
 */
export function detailFields(r: Bai2Record) {
  const funds = readFundsType(r, fields(r), 2);
  const [bankRef, customerRef] = fields(r, funds.at, 2);
  const comma = customerRef ? r.body.indexOf(",", customerRef.at) : -1;
  const text = comma < 0 ? null : r.body.slice(comma + 1);
  return { fixed: fields(r, 0, 2), valueDate: funds.valueDate, bankRef, customerRef, text };
}

/** Reads the funds type at f[i] and the fields it adds; says where the next field starts. */
export function readFundsType(r: Bai2Record, f: Field[], i: number) {
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

export function amountOf(
  r: Bai2Record,
  f: Field | undefined,
  what: string,
  signed: boolean,
): bigint {
  if (!f || !(signed ? /^[+-]?\d+$/ : /^\d+$/).test(f.value)) {
    fail(f ?? r, `${what} "${f?.value ?? ""}" is not a whole number of minor units`);
  }
  return BigInt(f.value);
}

/** BAI2 amounts carry the currency's decimals implied, so the digits are the minor units. */
export function toMinor(f: Field): number {
  try {
    return parseDecimalToMinor(f.value, 0);
  } catch (e) {
    if (e instanceof CashloopError) fail(f, `amount "${f.value}" is too large`);
    throw e;
  }
}

export function yymmdd(r: Bai2Record, f: Field | undefined, what: string): CalendarDate {
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

export function currencyOf(r: Bai2Record, f: Field | undefined, fallback: string): string {
  const currency = f?.value || fallback;
  if (!isCurrencyCode(currency)) {
    fail(f ?? r, `${RECORD_NAMES[r.code]}: currency "${currency}" is not an ISO 4217 code`);
  }
  return currency;
}
