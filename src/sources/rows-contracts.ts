/** contracts.csv rows (one per contract line) → ContractInput. Pure. */
import { type Decimal, parseDecimal, toCommonScale } from "../kernel/decimal.js";
import type { RowIssue } from "../kernel/errors.js";
import { type CurrencyCode, money, toDecimalString } from "../kernel/money.js";
import {
  CONTRACT_TIMINGS,
  type ContractInput,
  type ContractUsage,
  type SourceRow,
  USAGE_MODES,
  type UsageTier,
  usageTiersMax,
} from "./model.js";
import { normaliseDecimal, type RowConverter, RowReader, show } from "./row-fields.js";
import { groupLineRows, LINE_COLUMNS, type LineRow, readLine } from "./rows-lines.js";
import { formatSchedule, isScheduleError, parseSchedule } from "./schedule.js";

export type ContractHead = Omit<ContractInput, "lines">;

/** Usage pricing columns: contract-level, all empty for a contract without usage pricing. */
export const USAGE_COLUMNS = [
  "usage_product_code",
  "usage_included",
  "usage_tiers",
  "usage_mode",
  "usage_threshold",
] as const;

/**
 * A contract row's head plus each usage column in canonical form (defaults applied), so that the
 * rows of one contract are compared column by column. Dropped when the rows are grouped.
 */
export type ContractRowHead = ContractHead & {
  usageProductCodeText: string | null;
  usageIncludedText: string;
  usageTiersText: string | null;
  usageModeText: string;
  usageThresholdText: string | null;
};

export const CONTRACT_COLUMNS = {
  required: [
    "external_id",
    "customer_external_id",
    "schedule",
    "start_on",
    ...LINE_COLUMNS.required,
  ],
  optional: ["end_on", "timing", "currency", ...USAGE_COLUMNS, ...LINE_COLUMNS.optional],
} as const;

/** Columns that belong to the contract, not the line: equal on every row of one contract. */
const CONTRACT_HEAD_COLUMNS: Readonly<Record<string, keyof ContractRowHead>> = {
  customer_external_id: "customerExternalId",
  schedule: "schedule",
  start_on: "startOn",
  end_on: "endOn",
  timing: "timing",
  currency: "currency",
  usage_product_code: "usageProductCodeText",
  usage_included: "usageIncludedText",
  usage_tiers: "usageTiersText",
  usage_mode: "usageModeText",
  usage_threshold: "usageThresholdText",
};

export const contractLineFromRow: RowConverter<LineRow<ContractRowHead>> = (
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
  const usage = readUsage(row, currency);
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
      usage,
      ...usageTexts(usage, currency!),
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

/**
 * The usage columns → usage pricing; null when they are all empty, and null with issues on the
 * row when some are wrong.
 */
function readUsage(row: RowReader, currency: CurrencyCode | null): ContractUsage | null {
  const texts = Object.fromEntries(USAGE_COLUMNS.map((c) => [c, row.text(c)])) as Record<
    (typeof USAGE_COLUMNS)[number],
    string
  >;
  const given = USAGE_COLUMNS.filter((c) => texts[c] !== "");
  if (given.length === 0) return null;
  const before = row.issues.length;
  const productCode = texts.usage_product_code;
  if (productCode === "") {
    row.issue("usage_product_code", `is required for usage pricing (${given.join(", ")} given)`);
  }
  if (texts.usage_tiers === "") {
    row.issue(
      "usage_tiers",
      `is required for usage pricing (${given.join(", ")} given); write tiers like 1000:0.50|*:0.30`,
    );
  }
  const included =
    texts.usage_included === ""
      ? { units: 0n, scale: 0 }
      : readUsageQuantity(row, "usage_included", texts.usage_included);
  const modeText = texts.usage_mode.toLowerCase() || "graduated";
  const mode = USAGE_MODES.find((m) => m === modeText);
  if (mode === undefined) {
    row.issue("usage_mode", `must be one of ${USAGE_MODES.join(", ")}: ${show(texts.usage_mode)}`);
  }
  const threshold =
    texts.usage_threshold === ""
      ? null
      : readUsageQuantity(row, "usage_threshold", texts.usage_threshold);
  if (threshold !== null && threshold.units === 0n) {
    row.issue(
      "usage_threshold",
      `usage_threshold must be greater than 0: ${show(texts.usage_threshold)}`,
    );
  }
  const tiers = texts.usage_tiers === "" ? null : readTiers(row, texts.usage_tiers, currency);
  if (row.issues.length > before || included === null || mode === undefined || tiers === null) {
    return null;
  }
  return {
    productCode,
    includedQuantity: decimalText(included),
    tiers,
    mode,
    thresholdQuantity: threshold === null ? null : decimalText(threshold),
  };
}

/** A decimal ≥ 0, or null with an issue. */
function readUsageQuantity(row: RowReader, column: string, value: string): Decimal | null {
  const parsed = parseDecimal(value);
  if (!parsed) {
    row.issue(column, `${column} must be a decimal number like 1000 or 7.5: ${show(value)}`);
    return null;
  }
  if (parsed.units < 0n) {
    row.issue(column, `${column} must not be negative: ${show(value)}`);
    return null;
  }
  return parsed;
}

/**
 * `1000:0.50|5000:0.40|*:0.30` → tiers: cumulative upper bound (a decimal > 0, or `*` for none)
 * and unit price in `currency`. Bounds must increase and only the last is `*`. A bound at or
 * below the included quantity is accepted: its units are all free. Null with issues on the row
 * when the text is wrong, or when the currency is unknown (already reported).
 */
function readTiers(
  row: RowReader,
  text: string,
  currency: CurrencyCode | null,
): UsageTier[] | null {
  const parts = text.split("|").map((p) => p.trim());
  if (parts.length > usageTiersMax) {
    row.issue("usage_tiers", `has ${parts.length} tiers, more than ${usageTiersMax}`);
    return null;
  }
  const before = row.issues.length;
  const tiers: UsageTier[] = [];
  let previous: Decimal | null = null;
  for (const [i, part] of parts.entries()) {
    const say = (reason: string) => row.issue("usage_tiers", `tier ${i + 1}: ${reason}`);
    const [boundText = "", priceText, ...rest] = part.split(":").map((p) => p.trim());
    if (priceText === undefined || priceText === "" || rest.length > 0) {
      say(`write BOUND:PRICE, like 1000:0.50 or *:0.30: ${show(part)}`);
      continue;
    }
    const last = i === parts.length - 1;
    const bound = boundText === "*" ? null : parseDecimal(boundText);
    if (bound === undefined) say(`bound must be a decimal quantity or *: ${show(boundText)}`);
    else if (bound === null && !last) say("only the last tier may be * (no upper bound)");
    else if (bound !== null && last) say(`the last tier must be *, like …|*:0.30: ${show(part)}`);
    else if (bound !== null && bound.units <= 0n) say(`bound must be above 0: ${show(boundText)}`);
    else if (bound !== null && previous !== null && compareDecimals(bound, previous) <= 0) {
      say(`bounds must increase: ${decimalText(bound)} is not above ${decimalText(previous)}`);
    }
    if (bound) previous = bound;
    // The price is read like every other amount; its issues are moved onto this row.
    const price = new RowReader({ price: priceText }, 0, "");
    const unitPriceMinor = currency === null ? null : price.amountMinor("price", currency, true);
    for (const issue of price.issues) say(issue.reason);
    if (bound === undefined || unitPriceMinor === null) continue;
    tiers.push({ upToQuantity: bound && decimalText(bound), unitPriceMinor });
  }
  return row.issues.length > before || currency === null ? null : tiers;
}

function compareDecimals(a: Decimal, b: Decimal): number {
  const [x = 0n, y = 0n] = toCommonScale([a, b]).units;
  return x === y ? 0 : x < y ? -1 : 1;
}

function decimalText(d: Decimal): string {
  return normaliseDecimal(d.units, d.scale);
}

/** The usage columns in canonical form, defaults applied: what the rows of a contract compare. */
function usageTexts(usage: ContractUsage | null, currency: CurrencyCode) {
  const tiers = usage?.tiers
    .map((t) => `${t.upToQuantity ?? "*"}:${toDecimalString(money(t.unitPriceMinor, currency))}`)
    .join("|");
  return {
    usageProductCodeText: usage?.productCode ?? null,
    usageIncludedText: usage?.includedQuantity ?? "0",
    usageTiersText: tiers ?? null,
    usageModeText: usage?.mode ?? "graduated",
    usageThresholdText: usage?.thresholdQuantity ?? null,
  };
}

/** Contract lines → contracts, checking that each contract's rows agree. */
export function groupContracts(
  rows: readonly { line: number; record: LineRow<ContractRowHead> }[],
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
    rows: groups.map((g) => ({
      line: g.line,
      record: { ...contractHead(g.head), lines: g.lines },
    })),
    issues,
  };
}

function contractHead(h: ContractRowHead): ContractHead {
  return {
    externalId: h.externalId,
    customerExternalId: h.customerExternalId,
    schedule: h.schedule,
    startOn: h.startOn,
    endOn: h.endOn,
    timing: h.timing,
    currency: h.currency,
    usage: h.usage,
  };
}
