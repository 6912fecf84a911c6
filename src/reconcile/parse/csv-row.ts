/**
 * One CSV row → a statement line, through a resolved mapping (csv-mapping.ts): dates in the
 * profile's format, the amount from one signed column or from debit and credit, the currency
 * checked against ISO 4217, the counterparty and reference texts (an RF creditor reference found
 * in the text wins). Any cell that does not read throws, naming the line and the column. Pure.
 */

import type { CalendarDate } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import { currencyExponent, isCurrencyCode, parseDecimalToMinor } from "../../kernel/money.js";
import { creditorReference } from "../match/creditor-reference.js";
import { type StatementLine, StatementParseError } from "../statement-model.js";
import { normaliseAmount } from "./csv-amount.js";
import { parseDateAs } from "./csv-date-format.js";
import type { Column, Mapping } from "./csv-mapping.js";
import type { CsvProfile } from "./csv-profile.js";
import type { CsvTable } from "./csv-table.js";

/** One row → a statement line, or null when the profile leaves the row out. */
export function readRow(row: CsvTable["rows"][number], m: Mapping, p: CsvProfile, file: string) {
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
  const rf = creditorReference(text);
  if (rf) return rf;
  if (endToEndId && endToEndId.toUpperCase() !== "NOTPROVIDED") return endToEndId;
  return text === "" ? null : text;
}
