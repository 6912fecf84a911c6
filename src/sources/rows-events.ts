/** events.csv rows (one per event line) → EventInput. Pure. */
import type { Instant } from "../kernel/dates.js";
import { isCalendarDate, parseInstant } from "../kernel/dates.js";
import type { RowIssue } from "../kernel/errors.js";
import type { CurrencyCode } from "../kernel/money.js";
import { EVENT_KINDS, type EventInput, type SourceRow } from "./model.js";
import { type RowConverter, RowReader, show } from "./row-fields.js";
import { groupLineRows, LINE_COLUMNS, type LineRow, readLine } from "./rows-lines.js";

/** The event's own columns; currency only prices its lines and is not stored. */
export type EventHead = Omit<EventInput, "lines"> & { currency: CurrencyCode };

export const EVENT_COLUMNS = {
  required: [
    "external_id",
    "kind",
    "customer_external_id",
    "occurred_at",
    ...LINE_COLUMNS.required,
  ],
  optional: ["contract_external_id", "notes", "currency", ...LINE_COLUMNS.optional],
} as const;

/** Columns that belong to the event, not the line: equal on every row of one event. */
const EVENT_HEAD_COLUMNS: Readonly<Record<string, keyof EventHead>> = {
  kind: "kind",
  customer_external_id: "customerExternalId",
  contract_external_id: "contractExternalId",
  occurred_at: "occurredAt",
  notes: "notes",
  currency: "currency",
};

export const eventLineFromRow: RowConverter<LineRow<EventHead>> = (
  values,
  line,
  file,
  defaults,
) => {
  const row = new RowReader(values, line, file);
  const externalId = row.required("external_id");
  const kind = row.oneOf("kind", EVENT_KINDS);
  const customerExternalId = row.required("customer_external_id");
  const contractExternalId = row.optional("contract_external_id");
  const occurredAt = readOccurredAt(row);
  const notes = row.optional("notes");
  const currency = row.currency("currency", defaults.currency);
  const eventLine = readLine(row, currency);
  return row.result(() => ({
    head: {
      externalId,
      kind: kind!,
      customerExternalId,
      contractExternalId,
      occurredAt: occurredAt!,
      notes,
      currency: currency!,
    },
    line: eventLine!,
  }));
};

/** ISO 8601 with Z or an offset; a plain YYYY-MM-DD means 12:00 UTC that day. */
function readOccurredAt(row: RowReader): Instant | null {
  const value = row.required("occurred_at");
  if (value === "") return null;
  try {
    return parseInstant(isCalendarDate(value) ? `${value}T12:00:00Z` : value);
  } catch {
    row.issue(
      "occurred_at",
      `must be a date (YYYY-MM-DD) or a time with a zone like 2026-03-31T14:30:00Z or 2026-03-31T08:30:00-06:00: ${show(value)}`,
    );
    return null;
  }
}

/** Event lines → events, checking that each event's rows agree. */
export function groupEvents(
  rows: readonly { line: number; record: LineRow<EventHead> }[],
  file: string,
  failedIds: ReadonlySet<string>,
): { rows: SourceRow<"events">[]; issues: RowIssue[] } {
  const { groups, issues } = groupLineRows(rows, {
    file,
    what: "event",
    headColumns: EVENT_HEAD_COLUMNS,
    failedIds,
  });
  const events = groups.map((g) => {
    const { currency: _currency, ...head } = g.head;
    return { line: g.line, record: { ...head, lines: g.lines } };
  });
  return { rows: events, issues };
}
