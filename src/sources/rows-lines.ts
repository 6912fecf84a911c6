/**
 * Contracts and events are written one CSV row per line; rows with the same external_id form
 * one record, and the record-level ("head") columns must be the same on each of its rows. Pure.
 */
import type { RowIssue } from "../kernel/errors.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { LineInput } from "./model.js";
import { type RowReader, show } from "./row-fields.js";

/** The line columns shared by contracts and events. */
export const LINE_COLUMNS = {
  required: ["product_code"],
  optional: ["quantity", "unit_price", "description"],
} as const;

/** One converted CSV row of a contract or an event: its head columns and its line. */
export type LineRow<H extends { externalId: string }> = { head: H; line: LineInput };

/** A record assembled from its rows; `line` is the physical line of its first row. */
export type LineGroup<H> = { line: number; head: H; lines: LineInput[] };

/** The most lines one contract or event may have. */
export const recordLinesMax = 1000;

/** product_code, quantity (default 1), unit_price (in `currency`), description. */
export function readLine(row: RowReader, currency: CurrencyCode | null): LineInput | null {
  const productCode = row.required("product_code");
  const quantity = row.quantity("quantity");
  const unitPriceMinor = row.amountMinor("unit_price", currency, false);
  const description = row.optional("description");
  if (productCode === "" || quantity === null) return null;
  return { productCode, quantity, unitPriceMinor, description };
}

/**
 * Groups rows by head.externalId in file order. A later row whose head differs from the first
 * row's gets an issue per differing column. Records named in `failedIds` (some row of theirs did
 * not convert) are left out of the groups: they are reported already and must not be applied.
 */
export function groupLineRows<H extends { externalId: string }>(
  rows: readonly { line: number; record: LineRow<H> }[],
  options: {
    file: string;
    what: string;
    headColumns: Readonly<Record<string, keyof H>>;
    failedIds: ReadonlySet<string>;
  },
): { groups: LineGroup<H>[]; issues: RowIssue[] } {
  const byId = new Map<string, LineGroup<H>>();
  const issues: RowIssue[] = [];
  const failed = new Set(options.failedIds);
  const overLimit = new Set<string>();
  for (const { line, record } of rows) {
    const first = byId.get(record.head.externalId);
    if (!first) {
      byId.set(record.head.externalId, { line, head: record.head, lines: [record.line] });
      continue;
    }
    const before = issues.length;
    for (const [column, key] of Object.entries(options.headColumns)) {
      const earlier = first.head[key];
      const here = record.head[key];
      if (earlier === here) continue;
      issues.push({
        file: options.file,
        line,
        column,
        reason: `differs from line ${first.line} of the same ${options.what} ${show(record.head.externalId)} (${shown(earlier)} there, ${shown(here)} here); repeat the same value on every line`,
      });
    }
    if (issues.length > before) {
      failed.add(record.head.externalId);
      continue;
    }
    if (first.lines.length >= recordLinesMax) {
      if (overLimit.has(record.head.externalId)) continue;
      overLimit.add(record.head.externalId);
      issues.push({
        file: options.file,
        line,
        column: "external_id",
        reason: `${options.what} ${show(record.head.externalId)} has more than ${recordLinesMax} lines`,
      });
      failed.add(record.head.externalId);
      continue;
    }
    first.lines.push(record.line);
  }
  const groups = [...byId.values()].filter((g) => !failed.has(g.head.externalId));
  return { groups, issues };
}

function shown(value: unknown): string {
  return value === null || value === undefined ? "empty" : show(String(value));
}
