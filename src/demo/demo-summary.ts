/** What a demo bills: monthly-equivalent contract amounts plus the window's events per month. */

import { type CalendarDate, compareDates } from "../kernel/dates.js";
import { assert } from "../kernel/errors.js";
import {
  add,
  type CurrencyCode,
  type Money,
  money,
  multiplyByFraction,
  multiplyByQuantity,
  zero,
} from "../kernel/money.js";
import { EVENT_KINDS, type LineInput, type ProductInput } from "../sources/model.js";
import type { DemoData } from "./generate-demo.js";

function linesTotal(
  lines: readonly LineInput[],
  prices: ReadonlyMap<string, number>,
  currency: CurrencyCode,
): Money {
  let total = zero(currency);
  for (const l of lines) {
    const unit = l.unitPriceMinor ?? prices.get(l.productCode);
    assert(unit !== undefined, `product ${l.productCode} is in the catalogue`);
    total = add(total, multiplyByQuantity(money(unit, currency), l.quantity));
  }
  return total;
}

function scheduleMonths(schedule: string): number {
  if (schedule === "yearly") return 12;
  if (schedule === "quarterly") return 3;
  return 1;
}

export type DemoBilling = {
  /** Contracts active on asOf, each period's amount divided by its months (half-up). */
  contractsMonthlyMinor: number;
  /** Every event in the window, divided by the window's months (half-up). */
  eventsMonthlyMinor: number;
  monthlyMinor: number;
};

/** Before tax, in minor units of `currency`. Integer arithmetic only. */
export function demoMonthlyBilling(
  data: DemoData,
  opts: { asOf: CalendarDate; months: number; currency: CurrencyCode },
): DemoBilling {
  const prices = new Map(data.products.map((p: ProductInput) => [p.code, p.unitPriceMinor]));
  let contracts = zero(opts.currency);
  for (const c of data.contracts) {
    const active =
      compareDates(c.startOn, opts.asOf) <= 0 &&
      (c.endOn === null || compareDates(c.endOn, opts.asOf) >= 0);
    if (!active) continue;
    const period = linesTotal(c.lines, prices, opts.currency);
    contracts = add(contracts, multiplyByFraction(period, 1, scheduleMonths(c.schedule)));
  }
  let events = zero(opts.currency);
  for (const e of data.events) events = add(events, linesTotal(e.lines, prices, opts.currency));
  const eventsMonthly = multiplyByFraction(events, 1, opts.months);
  return {
    contractsMonthlyMinor: contracts.amountMinor,
    eventsMonthlyMinor: eventsMonthly.amountMinor,
    monthlyMinor: add(contracts, eventsMonthly).amountMinor,
  };
}

/** How many records of each kind, and of each event kind. */
export function demoCounts(data: DemoData): Record<string, number> {
  const counts: Record<string, number> = {
    taxRates: data.taxRates.length,
    products: data.products.length,
    customers: data.customers.length,
    contacts: data.contacts.length,
    contracts: data.contracts.length,
    events: data.events.length,
  };
  for (const kind of EVENT_KINDS) counts[`events.${kind}`] = 0;
  for (const e of data.events) counts[`events.${e.kind}`] = (counts[`events.${e.kind}`] ?? 0) + 1;
  return counts;
}
