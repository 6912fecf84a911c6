/** contracts.csv rows (one per contract line) → ContractInput. Pure. */
import type { RowIssue } from "../kernel/errors.js";
import { CONTRACT_TIMINGS, type ContractInput, type SourceRow } from "./model.js";
import { type RowConverter, RowReader } from "./row-fields.js";
import { groupLineRows, LINE_COLUMNS, type LineRow, readLine } from "./rows-lines.js";
import { formatSchedule, isScheduleError, parseSchedule } from "./schedule.js";

export type ContractHead = Omit<ContractInput, "lines">;

export const CONTRACT_COLUMNS = {
  required: [
    "external_id",
    "customer_external_id",
    "schedule",
    "start_on",
    ...LINE_COLUMNS.required,
  ],
  optional: ["end_on", "timing", "currency", ...LINE_COLUMNS.optional],
} as const;

/** Columns that belong to the contract, not the line: equal on every row of one contract. */
const CONTRACT_HEAD_COLUMNS: Readonly<Record<string, keyof ContractHead>> = {
  customer_external_id: "customerExternalId",
  schedule: "schedule",
  start_on: "startOn",
  end_on: "endOn",
  timing: "timing",
  currency: "currency",
};

export const contractLineFromRow: RowConverter<LineRow<ContractHead>> = (
  values,
  line,
  file,
  defaults,
) => {
  const row = new RowReader(values, line, file);
  const externalId = row.required("external_id");
  const customerExternalId = row.required("customer_external_id");
  const schedule = readSchedule(row);
  const startOn = row.date("start_on", true);
  const endOn = row.date("end_on", false);
  if (startOn !== null && endOn !== null && endOn < startOn) {
    row.issue("end_on", `end_on ${endOn} is before start_on ${startOn}`);
  }
  const timing = row.oneOf("timing", CONTRACT_TIMINGS, "advance");
  const currency = row.currency("currency", defaults.currency);
  const contractLine = readLine(row, currency);
  return row.result(() => ({
    head: {
      externalId,
      customerExternalId,
      schedule: schedule!,
      startOn: startOn!,
      endOn,
      timing: timing!,
      currency: currency!,
    },
    line: contractLine!,
  }));
};

/** The schedule in canonical form ("Monthly" → "monthly"), see ./schedule.ts. */
function readSchedule(row: RowReader): string | null {
  const value = row.required("schedule");
  if (value === "") return null;
  const schedule = parseSchedule(value);
  if (isScheduleError(schedule)) {
    row.issue("schedule", schedule.error);
    return null;
  }
  return formatSchedule(schedule);
}

/** Contract lines → contracts, checking that each contract's rows agree. */
export function groupContracts(
  rows: readonly { line: number; record: LineRow<ContractHead> }[],
  file: string,
  failedIds: ReadonlySet<string>,
): { rows: SourceRow<"contracts">[]; issues: RowIssue[] } {
  const { groups, issues } = groupLineRows(rows, {
    file,
    what: "contract",
    headColumns: CONTRACT_HEAD_COLUMNS,
    failedIds,
  });
  return {
    rows: groups.map((g) => ({ line: g.line, record: { ...g.head, lines: g.lines } })),
    issues,
  };
}
