/**
 * Usage pricing for one contract period. The included quantity is free; tiers price the rest,
 * graduated (each tier prices its slice) or volume (the tier the period's total falls in prices
 * every billable unit). A period may be billed in steps — a supplemental draft when usage passes
 * the threshold, then the rest at the period's end — and the steps bill what one bill would.
 * Quantities are exact decimal strings; line amounts (quantity × unit price, half-up) are
 * computed later by invoice math. Pure.
 */
import type { CalendarDate } from "../kernel/dates.js";
import { type Decimal, parseDecimal, pow10, toCommonScale } from "../kernel/decimal.js";
import { assert } from "../kernel/errors.js";
import { type CurrencyCode, money, toDecimalString } from "../kernel/money.js";
import { type ContractUsage, USAGE_MODES, usageTiersMax } from "../sources/model.js";

export type UsageLine = { description: string; quantity: string; unitPriceMinor: number };

export type PriceUsageInput = {
  usage: ContractUsage;
  currency: CurrencyCode;
  /** Usage of this period already billed (by a supplemental draft); "0" when none. */
  alreadyBilledQuantity: string;
  /** Usage to bill now, on top of what is already billed. */
  newQuantity: string;
  productName: string;
  /** The product's UN/ECE unit code; the caller puts it on the draft lines. */
  unitCode: string;
  period: { start: CalendarDate; end: CalendarDate };
};

/** Quantities as integers at one scale (value = units / 10^scale), tiers with their lower bound. */
type Scaled = {
  scale: number;
  included: bigint;
  tiers: { from: bigint; upTo: bigint | null; unitPriceMinor: number }[];
  /** The range to bill now: (billedTo, usedTo]. */
  billedTo: bigint;
  usedTo: bigint;
};

/**
 * Lines for the usage in (alreadyBilled, alreadyBilled + new] of one period, in order: the
 * included units in that range (price 0), then by tier.
 *
 * Graduated: the range is cut at the included quantity and at the tier bounds; one line per
 * piece. Volume: the units past the included quantity are priced at the tier of the total
 * (alreadyBilled + new). Units billed earlier in the period were priced at the tier of the total
 * then; when the total has moved to a tier with another price, an adjustment line re-prices them:
 * quantity = those units, unit price = new price − old price (negative when the new tier is
 * cheaper). So after each bill, every billable unit so far is net at the current total's price.
 */
export function priceUsage(input: PriceUsageInput): UsageLine[] {
  const s = scaled(input.usage, input.alreadyBilledQuantity, input.newQuantity);
  const label = `${input.productName}, ${input.period.start} to ${input.period.end}`;
  const show = (units: bigint) => formatQuantity(units, s.scale);
  const lines: UsageLine[] = [];
  const includedUnits = overlap(s, 0n, s.included);
  if (includedUnits > 0n) {
    const before = s.billedTo > 0n ? ` (${show(s.billedTo)} billed before)` : "";
    lines.push({
      description: `${label}: ${show(includedUnits)} of ${show(s.included)} included${before}`,
      quantity: quantityText(includedUnits, s.scale),
      unitPriceMinor: 0,
    });
  }
  const tierLines =
    input.usage.mode === "graduated" ? graduated(s, label) : volume(s, label, input);
  return [...lines, ...tierLines];
}

function graduated(s: Scaled, label: string): UsageLine[] {
  return s.tiers.flatMap((tier) => {
    const from = max(tier.from, s.included);
    const units = overlap(s, from, tier.upTo);
    if (units <= 0n) return [];
    return [
      {
        description: joined(label, tierRange(from, tier.upTo, s.scale)),
        quantity: quantityText(units, s.scale),
        unitPriceMinor: tier.unitPriceMinor,
      },
    ];
  });
}

function volume(s: Scaled, label: string, input: PriceUsageInput): UsageLine[] {
  const billable = (used: bigint) => max(0n, used - s.included);
  const tier = tierOf(s, s.usedTo);
  const range = tierRange(tier.from, tier.upTo, s.scale);
  const total = `${formatQuantity(s.usedTo, s.scale)} used in total`;
  const lines: UsageLine[] = [];
  const units = billable(s.usedTo) - billable(s.billedTo);
  if (units > 0n) {
    lines.push({
      description: `${joined(label, range === "" ? "" : `tier ${range}`)} (${total})`,
      quantity: quantityText(units, s.scale),
      unitPriceMinor: tier.unitPriceMinor,
    });
  }
  const earlierUnits = billable(s.billedTo);
  const earlier = tierOf(s, s.billedTo);
  if (earlierUnits > 0n && earlier.unitPriceMinor !== tier.unitPriceMinor) {
    const price = (minor: number) => toDecimalString(money(minor, input.currency));
    lines.push({
      description: `${label}: ${formatQuantity(earlierUnits, s.scale)} billed earlier re-priced from ${price(earlier.unitPriceMinor)} to ${price(tier.unitPriceMinor)} ${input.currency} (${total})`,
      quantity: quantityText(earlierUnits, s.scale),
      unitPriceMinor: tier.unitPriceMinor - earlier.unitPriceMinor,
    });
  }
  return lines;
}

/**
 * Whether usage moving from `alreadyReported` to `afterNew` passes the contract's threshold:
 * before it at or below the threshold, after it above. Reaching it exactly is not passing it.
 */
export function crossesThreshold(
  usage: ContractUsage,
  alreadyReported: string,
  afterNew: string,
): boolean {
  if (usage.thresholdQuantity === null) return false;
  const [threshold = 0n, before = 0n, after = 0n] = toCommonScale([
    quantity(usage.thresholdQuantity, "thresholdQuantity"),
    quantity(alreadyReported, "alreadyReported"),
    quantity(afterNew, "afterNew"),
  ]).units;
  assert(after >= before, `usage after new events ${afterNew} is below ${alreadyReported}`);
  return before <= threshold && after > threshold;
}

function quantity(text: string, what: string): Decimal {
  const parsed = parseDecimal(text);
  assert(parsed !== undefined && parsed.units >= 0n, `${what} ${JSON.stringify(text)} is ≥ 0`);
  return parsed;
}

/** Checks the usage pricing read from the database and brings every quantity to one scale. */
function scaled(usage: ContractUsage, alreadyBilled: string, added: string): Scaled {
  const count = usage.tiers.length;
  assert(count >= 1 && count <= usageTiersMax, `usage has ${count} tiers`);
  assert(USAGE_MODES.includes(usage.mode), `usage mode ${String(usage.mode)} is known`);
  const bounds = usage.tiers.map((t, i) => {
    assert(Number.isSafeInteger(t.unitPriceMinor) && t.unitPriceMinor >= 0, `tier ${i} price`);
    assert((t.upToQuantity === null) === (i === count - 1), "only the last tier is unbounded");
    return t.upToQuantity === null ? null : quantity(t.upToQuantity, `tier ${i} bound`);
  });
  const { units, scale } = toCommonScale([
    quantity(alreadyBilled, "alreadyBilledQuantity"),
    quantity(added, "newQuantity"),
    quantity(usage.includedQuantity, "includedQuantity"),
    ...bounds.filter((b): b is Decimal => b !== null),
  ]);
  const [billedTo = 0n, addedUnits = 0n, included = 0n, ...upTos] = units;
  let from = 0n;
  const tiers = usage.tiers.map((t, i) => {
    const upTo = upTos[i] ?? null;
    assert(upTo === null || upTo > from, "tier bounds increase");
    const tier = { from, upTo, unitPriceMinor: t.unitPriceMinor };
    if (upTo !== null) from = upTo;
    return tier;
  });
  return { scale, included, tiers, billedTo, usedTo: billedTo + addedUnits };
}

/** How many units of (from, upTo] (upTo null: no bound) fall in the range billed now. */
function overlap(s: Scaled, from: bigint, upTo: bigint | null): bigint {
  const high = upTo === null || upTo > s.usedTo ? s.usedTo : upTo;
  return max(0n, high - max(from, s.billedTo));
}

/** The tier a total falls in: the first whose bound is at or above it. */
function tierOf(s: Scaled, total: bigint): Scaled["tiers"][number] {
  const tier = s.tiers.find((t) => t.upTo === null || total <= t.upTo);
  assert(tier !== undefined, "the last tier is unbounded");
  return tier;
}

function tierRange(from: bigint, upTo: bigint | null, scale: number): string {
  const f = formatQuantity(from, scale);
  if (upTo === null) return from === 0n ? "" : `above ${f}`;
  const u = formatQuantity(upTo, scale);
  return from === 0n ? `up to ${u}` : `above ${f} up to ${u}`;
}

function joined(label: string, detail: string): string {
  return detail === "" ? label : `${label}: ${detail}`;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

/** units / 10^scale in shortest form: (72500n, 1) → "7250". */
function quantityText(units: bigint, scale: number): string {
  assert(units >= 0n, "usage quantities are not negative");
  const whole = units / pow10(scale);
  const fraction = (units % pow10(scale)).toString().padStart(scale, "0").replace(/0+$/, "");
  return fraction === "" ? whole.toString() : `${whole}.${fraction}`;
}

/** Like quantityText with thousands grouped for descriptions: "7,250", "1,000.5". */
function formatQuantity(units: bigint, scale: number): string {
  const [whole = "", fraction] = quantityText(units, scale).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
