/**
 * The currency of a CSV export the detector guesses: a currency column holding ISO 4217 codes, a
 * code in a header ("Amount (EUR)"), € or £ in the amounts, else the currency the caller gives.
 * With none of these it throws and asks for one. Pure.
 */
import { isCurrencyCode } from "../../kernel/money.js";
import { StatementParseError } from "../statement-model.js";
import { valuesOf } from "./csv-infer-format.js";
import type { CsvShape, CsvTable } from "./csv-table.js";

export function currencyInHeader(header: string): string | undefined {
  const inside = /\(([^)]*)\)\s*$/.exec(header)?.[1]?.trim().toUpperCase();
  if (inside && isCurrencyCode(inside)) return inside;
  return symbolCurrency([inside ?? ""]);
}

/** € and £ name their currency; $ does not (USD, CAD, AUD…). */
export function symbolCurrency(values: string[]): string | undefined {
  if (values.some((v) => v.includes("€"))) return "EUR";
  if (values.some((v) => v.includes("£"))) return "GBP";
  return undefined;
}

export function currencyOf(
  known: string | undefined,
  columns: Record<string, unknown>,
  table: CsvTable,
  shape: CsvShape,
  file: string,
  options: { currency?: string },
  what: string,
): { currency?: string } {
  const column = columns.currency as string | number | undefined;
  const codes = valuesOf(table, column).filter((v) => isCurrencyCode(v.toUpperCase()));
  if (column !== undefined && codes.length === 0 && table.rows.length > 0) delete columns.currency;
  const currency = known ?? options.currency?.toUpperCase();
  if (currency !== undefined || columns.currency !== undefined) return currency ? { currency } : {};
  throw new StatementParseError(
    file,
    String(table.headerLine || shape.skipRows + 1),
    `${what} names no currency (no currency column, no "(EUR)" in a header, no € or £); give the currency or a CSV profile with "currency"`,
  );
}
