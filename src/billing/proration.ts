/**
 * Proration by calendar days. Periods are inclusive of both their start and end dates, so
 * 2026-03-01..2026-03-31 has 31 days. Pure: no I/O, no clock.
 */
import {
  addDays,
  type CalendarDate,
  compareDates,
  daysBetween,
  maxDate,
  minDate,
  parseCalendarDate,
} from "../kernel/dates.js";
import { assert, CashloopError } from "../kernel/errors.js";
import { allocate, type Money, multiplyByFraction, negate, sum } from "../kernel/money.js";

export type DatePeriod = { readonly start: CalendarDate; readonly end: CalendarDate };
export type PricedPiece = { start: CalendarDate; end: CalendarDate; amount: Money };

/** The most cut dates one split takes. */
export const periodCutsMax = 1000;

function periodInvalid(what: string, period: DatePeriod): CashloopError {
  return new CashloopError(
    "period_invalid",
    `${what} ${period.start}..${period.end} ends before it starts`,
    { value: `${period.start}..${period.end}` },
  );
}

/** Days from start to end, both included. Throws `period_invalid` when end < start. */
export function daysInPeriod(period: DatePeriod, what = "period"): number {
  const days = daysBetween(parseCalendarDate(period.start), parseCalendarDate(period.end)) + 1;
  if (days < 1) throw periodInvalid(what, period);
  return days;
}

/**
 * price × (days of `active` inside `period`) / (days in `period`), rounded half-up. An active
 * span outside the period gives zero. For pieces that must add up to a whole, use
 * splitPeriodPrice: independent half-up roundings can be one minor unit off the total.
 */
export function prorate(price: Money, period: DatePeriod, active: DatePeriod): Money {
  const periodDays = daysInPeriod(period);
  daysInPeriod(active, "active span");
  const start = maxDate(period.start, active.start);
  const end = minDate(period.end, active.end);
  const overlapDays = Math.max(0, daysBetween(start, end) + 1);
  return multiplyByFraction(price, overlapDays, periodDays, "half_up");
}

/** Sorted, distinct cut dates strictly after the period's start; a cut on the start is a no-op. */
function checkedCuts(period: DatePeriod, cutDates: readonly CalendarDate[]): CalendarDate[] {
  if (cutDates.length > periodCutsMax) {
    throw new CashloopError(
      "period_cuts_too_many",
      `at most ${periodCutsMax} cut dates per period, got ${cutDates.length}`,
    );
  }
  const cuts = new Set<CalendarDate>();
  for (const cut of cutDates) {
    const date = parseCalendarDate(cut);
    if (compareDates(date, period.start) < 0 || compareDates(date, period.end) > 0) {
      throw new CashloopError(
        "period_cut_invalid",
        `cut date ${date} is outside the period ${period.start}..${period.end}`,
        { value: date },
      );
    }
    if (compareDates(date, period.start) > 0) cuts.add(date);
  }
  return [...cuts].sort(compareDates);
}

/**
 * Splits a period's price at cut dates (each cut is the first day of a new piece) in proportion
 * to each piece's days, by largest remainder, so the pieces always sum to the price exactly.
 */
export function splitPeriodPrice(
  price: Money,
  period: DatePeriod,
  cutDates: readonly CalendarDate[],
): PricedPiece[] {
  daysInPeriod(period);
  const starts = [parseCalendarDate(period.start), ...checkedCuts(period, cutDates)];
  const spans = starts.map((start, i) => {
    const next = starts[i + 1];
    return { start, end: next === undefined ? parseCalendarDate(period.end) : addDays(next, -1) };
  });
  const amounts = allocate(
    price,
    spans.map((span) => daysInPeriod(span)),
  );
  const pieces = spans.map((span, i): PricedPiece => {
    const amount = amounts[i];
    assert(amount !== undefined, "one amount per piece");
    return { ...span, amount };
  });
  assert(
    sum(price.currency, amounts).amountMinor === price.amountMinor,
    "split pieces sum to the period price",
  );
  return pieces;
}

/**
 * A mid-period plan change billed in advance: the customer paid `oldPrice` for the whole period
 * and moves to `newPrice` from `changeOn` (the first day on the new plan) to the period's end.
 * creditUnusedOld is the old price's share of changeOn..end, negated; chargeNew is the new
 * price's share of the same days. Both come from splitPeriodPrice, so the old plan's used share
 * plus its unused share is exactly the old price.
 */
export function planChangeLines(input: {
  period: DatePeriod;
  changeOn: CalendarDate;
  oldPrice: Money;
  newPrice: Money;
}): { creditUnusedOld: Money; chargeNew: Money } {
  const { period, oldPrice, newPrice } = input;
  if (oldPrice.currency !== newPrice.currency) {
    throw new CashloopError(
      "currency_mismatch",
      `cannot change a plan from ${oldPrice.currency} to ${newPrice.currency} mid-period`,
      { left: oldPrice.currency, right: newPrice.currency },
    );
  }
  const unusedOf = (price: Money): Money => {
    const pieces = splitPeriodPrice(price, period, [input.changeOn]);
    const unused = pieces.at(-1);
    assert(unused !== undefined, "a split has at least one piece");
    if (pieces.length === 1) return price; // changeOn is the period's start: nothing was used
    assert(unused.start === parseCalendarDate(input.changeOn), "the last piece starts on changeOn");
    return unused.amount;
  };
  return { creditUnusedOld: negate(unusedOf(oldPrice)), chargeNew: unusedOf(newPrice) };
}
