/**
 * Which usage events a contract bills now, priced per usage period with its included quantity
 * and tiers, and whether usage that crossed the contract's threshold mid-period needs a
 * supplemental draft. Pure.
 */
import type { BusinessCalendar } from "../kernel/business-calendar.js";
import { addDays, type CalendarDate, todayIn } from "../kernel/dates.js";
import { parseDecimal, toCommonScale } from "../kernel/decimal.js";
import { assert } from "../kernel/errors.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { ContractUsage } from "../sources/model.js";
import type { Schedule } from "../sources/schedule.js";
import { periodsDue } from "./billing-periods.js";
import { type BillingProduct, unitCode } from "./draft-lines.js";
import type { DraftLine } from "./model.js";
import type { UnbilledEvent } from "./store.js";
import { crossesThreshold, priceUsage } from "./usage-pricing.js";

export type UsageContract = {
  id: string;
  schedule: Schedule;
  startOn: CalendarDate;
  endOn: CalendarDate | null;
  currency: CurrencyCode;
  usage: ContractUsage;
};

type Period = { start: CalendarDate; end: CalendarDate };

export function addQuantities(a: string, b: string): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  assert(x && y, "usage quantities are decimals");
  const { units, scale } = toCommonScale([x, y]);
  const total = (units[0] ?? 0n) + (units[1] ?? 0n);
  const digits = total.toString().padStart(scale + 1, "0");
  const whole = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return whole.includes(".") ? whole.replace(/\.?0+$/, "") : whole;
}

/** The quantity of the contract's usage product an event reports. */
export function usageQuantity(event: Pick<UnbilledEvent, "lines">, usage: ContractUsage): string {
  return event.lines
    .filter((l) => l.productCode === usage.productCode)
    .reduce((total, l) => addQuantities(total, l.quantity), "0");
}

/** The contract period an event's day falls in: usage is counted per period. */
export function usagePeriodOf(
  contract: UsageContract,
  day: CalendarDate,
  calendar: BusinessCalendar,
): Period | null {
  const periods = periodsDue({
    schedule: contract.schedule,
    startOn: contract.startOn,
    endOn: contract.endOn,
    timing: "advance",
    calendar,
    asOf: addDays(day, 40),
  });
  const found = periods.find((p) => p.start <= day && day <= p.end);
  return found ? { start: found.start, end: found.end } : null;
}

export type UsageGroup = { period: Period; events: UnbilledEvent[]; quantity: string };

/** Events grouped by their usage period, in period order. */
export function groupByUsagePeriod(
  contract: UsageContract,
  events: readonly UnbilledEvent[],
  zone: string,
  calendar: BusinessCalendar,
): UsageGroup[] {
  const groups = new Map<string, UsageGroup>();
  for (const e of events) {
    const period = usagePeriodOf(contract, todayIn(zone, e.occurredAt), calendar);
    if (!period) continue;
    const group = groups.get(period.start) ?? { period, events: [], quantity: "0" };
    group.events.push(e);
    group.quantity = addQuantities(group.quantity, usageQuantity(e, contract.usage));
    groups.set(period.start, group);
  }
  return [...groups.values()].sort((a, b) => (a.period.start < b.period.start ? -1 : 1));
}

/** Draft lines for one usage group, given what of that period was billed before. */
export function usageLines(
  contract: UsageContract,
  group: UsageGroup,
  alreadyBilled: string,
  products: ReadonlyMap<string, BillingProduct>,
): DraftLine[] {
  const product = products.get(contract.usage.productCode);
  assert(product, `usage product ${contract.usage.productCode} exists`);
  return priceUsage({
    usage: contract.usage,
    currency: contract.currency,
    alreadyBilledQuantity: alreadyBilled,
    newQuantity: group.quantity,
    productName: product.name,
    unitCode: unitCode(product.unit),
    period: group.period,
  }).map((l) => ({
    kind: "usage",
    description: l.description,
    productCode: product.code,
    quantity: l.quantity,
    unitCode: unitCode(product.unit),
    unitPriceMinor: l.unitPriceMinor,
    listPriceMinor: null,
    discountMinor: 0,
    taxCode: product.taxCode,
    taxOverridden: false,
    contractId: contract.id,
    periodStart: group.period.start,
    periodEnd: group.period.end,
    eventId: group.events[0]?.id ?? null,
  }));
}

/** Does this group's usage carry the period's total past the threshold now? */
export function needsSupplemental(
  contract: UsageContract,
  group: UsageGroup,
  alreadyBilled: string,
): boolean {
  return crossesThreshold(
    contract.usage,
    alreadyBilled,
    addQuantities(alreadyBilled, group.quantity),
  );
}
