/**
 * Which billing periods of a recurring contract are due by a date. Periods are inclusive of their
 * start and end; the first is clipped at the contract's start and the last at its end. Because
 * every period's bill date is computed from the schedule alone, a run after missed runs returns
 * each missed period once, and runs with `from` = the day after the previous run's asOf never
 * return a period twice. Pure: no I/O, no clock.
 */
import {
  type BusinessCalendar,
  businessDayOnOrAfter,
  businessDaySearchMax,
  nextBusinessDay,
} from "../kernel/business-calendar.js";
import {
  addDays,
  type CalendarDate,
  compareDates,
  dateFromParts,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  maxDate,
  minDate,
  parseCalendarDate,
  yearMonth,
} from "../kernel/dates.js";
import { assert, CashloopError } from "../kernel/errors.js";
import type { ContractTiming } from "../sources/model.js";
import { type Schedule, WEEKDAYS } from "../sources/schedule.js";

/** The most periods one call examines; a contract further behind than this fails loudly. */
export const billingPeriodsMax = 1000;

export type BillingPeriod = {
  start: CalendarDate;
  end: CalendarDate;
  billOn: CalendarDate;
  /** False when the contract starts or ends inside the period. */
  full: boolean;
  /** The whole schedule period the (possibly clipped) start..end lies in: the base of proration. */
  fullStart: CalendarDate;
  fullEnd: CalendarDate;
};

/**
 * Period starts as a grid indexed by k = 0, 1, …: day `day` (clamped to the month's end) of every
 * `stepMonths`-th month from `baseMonth` (year × 12 + month − 1), or every `stepDays` days from
 * `base`. Period k runs from start(k) to the day before start(k + 1); k = 0 holds the contract start.
 */
type Grid =
  | { unit: "month"; baseMonth: number; day: number; stepMonths: number }
  | { unit: "day"; base: CalendarDate; stepDays: number };

function monthIndexOf(d: CalendarDate): number {
  const { year, month } = yearMonth(d);
  return year * 12 + month - 1;
}

function dateInMonth(monthIndex: number, day: number): CalendarDate {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return dateFromParts(year, month, Math.min(day, daysInMonth(year, month)));
}

function gridStart(grid: Grid, k: number): CalendarDate {
  if (grid.unit === "day") return addDays(grid.base, k * grid.stepDays);
  return dateInMonth(grid.baseMonth + k * grid.stepMonths, grid.day);
}

/** The largest k ≥ 0 whose period starts on or before `date` (0 when none does). */
function indexOnOrBefore(grid: Grid, date: CalendarDate): number {
  if (grid.unit === "day") {
    return Math.max(0, Math.floor(daysBetween(grid.base, date) / grid.stepDays));
  }
  const k = Math.floor((monthIndexOf(date) - grid.baseMonth) / grid.stepMonths);
  if (k <= 0) return 0;
  return compareDates(gridStart(grid, k), date) > 0 ? k - 1 : k;
}

/** A month grid whose period 0 holds startOn: day `day` of startOn's month, or of the month before. */
function monthGrid(startOn: CalendarDate, day: number, stepMonths: number): Grid {
  const month = monthIndexOf(startOn);
  const startsAfter = compareDates(dateInMonth(month, day), startOn) > 0;
  return { unit: "month", baseMonth: startsAfter ? month - 1 : month, day, stepMonths };
}

function rruleUnsupported(rule: string, reason: string): CashloopError {
  return new CashloopError(
    "schedule_unsupported",
    `rrule:${rule} cannot be billed: ${reason}; billing supports FREQ=MONTHLY, WEEKLY or YEARLY ` +
      "with INTERVAL, and BYMONTHDAY (one day, 1 to 31) with MONTHLY",
    { value: `rrule:${rule}` },
  );
}

/** FREQ=MONTHLY|WEEKLY|YEARLY, INTERVAL, and BYMONTHDAY with MONTHLY; anything else throws. */
function rruleGrid(rule: string, startOn: CalendarDate): Grid {
  const parts = new Map<string, string>();
  for (const part of rule.split(";").filter((p) => p !== "")) {
    const [key = "", value = ""] = part.split("=");
    if (!["FREQ", "INTERVAL", "BYMONTHDAY"].includes(key)) {
      throw rruleUnsupported(rule, `${key} is not supported`);
    }
    parts.set(key, value);
  }
  const intervalText = parts.get("INTERVAL") ?? "1";
  if (!/^[1-9]\d{0,3}$/.test(intervalText)) {
    throw rruleUnsupported(rule, "INTERVAL must be a whole number from 1 to 9999");
  }
  const interval = Number(intervalText);
  const freq = parts.get("FREQ");
  const byMonthDay = parts.get("BYMONTHDAY");
  if (byMonthDay !== undefined && freq !== "MONTHLY") {
    throw rruleUnsupported(rule, "BYMONTHDAY is supported only with FREQ=MONTHLY");
  }
  switch (freq) {
    case "MONTHLY": {
      if (byMonthDay !== undefined && !/^([1-9]|[12]\d|3[01])$/.test(byMonthDay)) {
        throw rruleUnsupported(rule, "BYMONTHDAY must be one day from 1 to 31");
      }
      const day = byMonthDay === undefined ? dayOfMonth(startOn) : Number(byMonthDay);
      return monthGrid(startOn, day, interval);
    }
    case "WEEKLY":
      return { unit: "day", base: startOn, stepDays: 7 * interval };
    case "YEARLY":
      return monthGrid(startOn, dayOfMonth(startOn), 12 * interval);
    default:
      throw rruleUnsupported(rule, `FREQ=${String(freq)} is not supported`);
  }
}

function dayOfMonth(d: CalendarDate): number {
  return daysBetween(dateInMonth(monthIndexOf(d), 1), d) + 1;
}

function gridFor(schedule: Schedule, startOn: CalendarDate): Grid {
  switch (schedule.kind) {
    case "monthly":
      return schedule.anchor === "first_business_day"
        ? monthGrid(startOn, 1, 1)
        : monthGrid(startOn, schedule.day, 1);
    case "weekly": {
      const weekday = (WEEKDAYS.indexOf(schedule.weekday) + 1) % 7; // 0 = Sunday
      const back = (dayOfWeek(startOn) - weekday + 7) % 7;
      return { unit: "day", base: addDays(startOn, -back), stepDays: 7 };
    }
    case "quarterly": {
      const month = monthIndexOf(startOn);
      return { unit: "month", baseMonth: month - (month % 3), day: 1, stepMonths: 3 };
    }
    case "yearly":
      return monthGrid(startOn, dayOfMonth(startOn), 12);
    case "rrule":
      return rruleGrid(schedule.rule, startOn);
  }
}

function billOnFor(
  period: { start: CalendarDate; end: CalendarDate },
  input: { schedule: Schedule; timing: ContractTiming; calendar: BusinessCalendar },
): CalendarDate {
  if (input.timing === "arrears") return nextBusinessDay(period.end, input.calendar);
  const { schedule } = input;
  const onBusinessDay =
    schedule.kind === "quarterly" ||
    (schedule.kind === "monthly" && schedule.anchor === "first_business_day");
  return onBusinessDay ? businessDayOnOrAfter(period.start, input.calendar) : period.start;
}

function tooMany(startOn: CalendarDate, asOf: CalendarDate): CashloopError {
  return new CashloopError(
    "billing_periods_too_many",
    `more than ${billingPeriodsMax} billing periods from ${startOn} to ${asOf}; bill in smaller steps with from`,
    { value: `${startOn}..${asOf}` },
  );
}

/**
 * Every period whose bill date is on or before asOf (and on or after `from`, when given), in
 * order. billOn: in advance, the period's (clipped) start, moved to the first business day on or
 * after it for `monthly` (first business day) and `quarterly`; in arrears, the first business day
 * after the period's (clipped) end.
 */
export function periodsDue(input: {
  schedule: Schedule;
  startOn: CalendarDate;
  endOn: CalendarDate | null;
  timing: ContractTiming;
  calendar: BusinessCalendar;
  asOf: CalendarDate;
  from?: CalendarDate;
}): BillingPeriod[] {
  const startOn = parseCalendarDate(input.startOn);
  const endOn = input.endOn === null ? null : parseCalendarDate(input.endOn);
  const asOf = parseCalendarDate(input.asOf);
  const from = input.from === undefined ? null : parseCalendarDate(input.from);
  if (endOn !== null && compareDates(endOn, startOn) < 0) {
    throw new CashloopError(
      "contract_dates_invalid",
      `contract ends ${endOn} before it starts ${startOn}`,
    );
  }
  if (compareDates(asOf, startOn) < 0) return [];
  const grid = gridFor(input.schedule, startOn);
  assert(compareDates(gridStart(grid, 0), startOn) <= 0, "period 0 starts on or before startOn");
  assert(compareDates(gridStart(grid, 1), startOn) > 0, "period 1 starts after startOn");
  // A bill date is at most businessDaySearchMax + 1 days after its period's start or end, so
  // periods starting before this date were all billed before `from`.
  const skipBefore = from === null ? startOn : addDays(from, -(businessDaySearchMax + 2));
  const first = indexOnOrBefore(grid, skipBefore);
  const periods: BillingPeriod[] = [];
  for (let k = first; ; k += 1) {
    if (k - first >= billingPeriodsMax) throw tooMany(startOn, asOf);
    const cellStart = gridStart(grid, k);
    if (endOn !== null && compareDates(cellStart, endOn) > 0) break;
    const cellEnd = addDays(gridStart(grid, k + 1), -1);
    const start = maxDate(cellStart, startOn);
    const end = endOn === null ? cellEnd : minDate(cellEnd, endOn);
    assert(compareDates(start, end) <= 0, "a billing period has at least one day");
    const billOn = billOnFor({ start, end }, input);
    if (compareDates(billOn, asOf) > 0) break;
    if (from !== null && compareDates(billOn, from) < 0) continue;
    const full = start === cellStart && end === cellEnd;
    periods.push({ start, end, billOn, full, fullStart: cellStart, fullEnd: cellEnd });
  }
  return periods;
}
