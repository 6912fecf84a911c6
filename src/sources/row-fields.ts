/**
 * Reading one CSV row's values into typed fields, collecting every problem as a RowIssue that
 * names the column and says what is wrong in words a person can act on. Pure.
 */
import { type CalendarDate, isCalendarDate } from "../kernel/dates.js";
import { parseDecimal } from "../kernel/decimal.js";
import { CashloopError, type RowIssue } from "../kernel/errors.js";
import {
  type CurrencyCode,
  currencyExponent,
  isCurrencyCode,
  parseMoney,
} from "../kernel/money.js";

/** What a file's rows fall back on: the organisation's base currency. */
export type RowDefaults = { currency: CurrencyCode };

/** A converted row: the record, or null and at least one issue. */
export type RowResult<T> = { record: T; issues: [] } | { record: null; issues: RowIssue[] };

export type RowConverter<T> = (
  values: Readonly<Record<string, string>>,
  line: number,
  file: string,
  defaults: RowDefaults,
) => RowResult<T>;

/** Longer values are rejected: no name, id or description needs more. */
export const valueLengthMax = 2000;

const BOOLEANS: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  "1": true,
  false: false,
  no: false,
  "0": false,
};

/** `"bob@"` — values quoted the way reasons show them. */
export function show(value: string): string {
  return JSON.stringify(value);
}

export class RowReader {
  readonly issues: RowIssue[] = [];
  readonly #values: Readonly<Record<string, string>>;
  readonly #line: number;
  readonly #file: string;

  constructor(values: Readonly<Record<string, string>>, line: number, file: string) {
    this.#values = values;
    this.#line = line;
    this.#file = file;
  }

  issue(column: string, reason: string): void {
    this.issues.push({ file: this.#file, line: this.#line, column, reason });
  }

  /** The trimmed value, "" when empty or the column is absent. */
  text(column: string): string {
    const value = (this.#values[column] ?? "").trim();
    if (value.length > valueLengthMax) {
      this.issue(column, `is longer than ${valueLengthMax} characters`);
      return "";
    }
    return value;
  }

  required(column: string): string {
    const value = this.text(column);
    if (value === "") this.issue(column, "is required but empty");
    return value;
  }

  optional(column: string): string | null {
    const value = this.text(column);
    return value === "" ? null : value;
  }

  /** One of `allowed` (case-insensitive); empty gives `fallback`, or an issue when none. */
  oneOf<T extends string>(column: string, allowed: readonly T[], fallback?: T): T | null {
    const value = this.text(column);
    if (value === "") {
      if (fallback !== undefined) return fallback;
      this.issue(column, `is required but empty; use one of ${allowed.join(", ")}`);
      return null;
    }
    const found = allowed.find((a) => a === value.toLowerCase());
    if (found === undefined)
      this.issue(column, `must be one of ${allowed.join(", ")}: ${show(value)}`);
    return found ?? null;
  }

  /** true/false, yes/no, 1/0 (case-insensitive); empty gives `fallback`. */
  bool(column: string, fallback: boolean): boolean {
    const value = this.text(column);
    if (value === "") return fallback;
    const parsed = BOOLEANS[value.toLowerCase()];
    if (parsed === undefined) {
      this.issue(column, `must be true or false (yes/no, 1/0 also work): ${show(value)}`);
      return fallback;
    }
    return parsed;
  }

  /** An ISO 4217 code (lower case accepted); empty gives `fallback`, or an issue when none. */
  currency(column: string, fallback?: CurrencyCode): CurrencyCode | null {
    const value = this.text(column);
    if (value === "") {
      if (fallback !== undefined) return fallback;
      this.issue(column, "is required but empty; use an ISO 4217 code like USD or MXN");
      return null;
    }
    const code = value.toUpperCase();
    if (isCurrencyCode(code)) return code;
    this.issue(column, `unknown currency ${show(value)}; use an ISO 4217 code like USD or MXN`);
    return null;
  }

  /** A real YYYY-MM-DD date, or null (with an issue when required or malformed). */
  date(column: string, isRequired: boolean): CalendarDate | null {
    const value = isRequired ? this.required(column) : this.text(column);
    if (value === "") return null;
    if (isCalendarDate(value)) return value;
    this.issue(column, `date must be YYYY-MM-DD: ${show(value)}`);
    return null;
  }

  /** A decimal ≥ 0 ("7.50" → "7.5"); empty gives "1". */
  quantity(column: string): string | null {
    const value = this.text(column);
    if (value === "") return "1";
    const parsed = parseDecimal(value);
    if (!parsed) {
      this.issue(column, `${column} must be a decimal number like 1 or 7.5: ${show(value)}`);
      return null;
    }
    if (parsed.units < 0n) {
      this.issue(column, `${column} must not be negative: ${show(value)}`);
      return null;
    }
    return normaliseDecimal(parsed.units, parsed.scale);
  }

  /**
   * A price ≥ 0 in `currency`'s minor units ("150.00" USD → 15000). When the currency is
   * unknown (already reported) the amount is not checked.
   */
  amountMinor(column: string, currency: CurrencyCode | null, isRequired: boolean): number | null {
    const value = isRequired ? this.required(column) : this.text(column);
    if (value === "" || currency === null) return null;
    let amountMinor: number;
    try {
      amountMinor = parseMoney(value, currency).amountMinor;
    } catch (error) {
      this.issue(column, amountReason(error, column, value, currency));
      return null;
    }
    if (amountMinor < 0) {
      this.issue(column, `${column} must not be negative: ${show(value)}`);
      return null;
    }
    return amountMinor;
  }

  /** The record when no issue was found, else the issues. */
  result<T>(build: () => T): RowResult<T> {
    if (this.issues.length > 0) return { record: null, issues: this.issues };
    return { record: build(), issues: [] };
  }
}

function amountReason(error: unknown, column: string, value: string, currency: CurrencyCode) {
  if (!(error instanceof CashloopError)) throw error;
  switch (error.code) {
    case "amount_too_precise": {
      const decimals = currencyExponent(currency);
      return `${currency} amounts have ${decimals} decimal place${decimals === 1 ? "" : "s"} at most: ${show(value)}`;
    }
    case "amount_not_safe_integer":
      return `${column} is too large: ${show(value)}`;
    default:
      return `${column} must be a number with "." as the decimal point, like 150.00: ${show(value)}`;
  }
}

/** units / 10^scale as the shortest decimal text: (750n, 2) → "7.5", (1n, 0) → "1". */
export function normaliseDecimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).replace(/0+$/, "");
  const sign = negative ? "-" : "";
  return fraction === "" ? `${sign}${whole}` : `${sign}${whole}.${fraction}`;
}
