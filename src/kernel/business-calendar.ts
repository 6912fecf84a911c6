/**
 * Business days: weekends and holidays as data. Pure; every search is bounded, so a calendar
 * with no business day fails loudly instead of looping.
 */
import {
  addDays,
  type CalendarDate,
  dateFromParts,
  dayOfWeek,
  parseCalendarDate,
} from "./dates.js";
import { CashloopError } from "./errors.js";

export type BusinessCalendar = {
  readonly weekendDays: readonly number[];
  readonly holidays: ReadonlySet<string>;
};

/** The longest run of non-business days any search walks before giving up. */
export const businessDaySearchMax = 366;
/** The most business days addBusinessDays moves in one call (about 40 years). */
export const businessDaysAddMax = 10_000;

function calendarInvalid(message: string): CashloopError {
  return new CashloopError("calendar_invalid", message);
}

/** Default weekend: Saturday (6) and Sunday (0). Holidays are "YYYY-MM-DD" dates. */
export function businessCalendar(
  opts: { weekendDays?: number[]; holidays?: Iterable<string> } = {},
): BusinessCalendar {
  const weekendDays = [...new Set(opts.weekendDays ?? [6, 0])];
  for (const day of weekendDays) {
    if (!Number.isInteger(day) || day < 0 || day > 6) {
      throw calendarInvalid(`weekend day ${String(day)} is not 0 (Sunday) … 6 (Saturday)`);
    }
  }
  if (weekendDays.length === 7) throw calendarInvalid("every day of the week is a weekend day");
  const holidays = new Set<string>();
  for (const holiday of opts.holidays ?? []) holidays.add(parseCalendarDate(holiday));
  return Object.freeze({ weekendDays: Object.freeze(weekendDays), holidays });
}

export function isBusinessDay(d: CalendarDate, cal: BusinessCalendar): boolean {
  return !cal.weekendDays.includes(dayOfWeek(d)) && !cal.holidays.has(d);
}

/** The first business day reached from d moving `step` days at a time, d itself included. */
function search(d: CalendarDate, step: 1 | -1, cal: BusinessCalendar): CalendarDate {
  let day = parseCalendarDate(d);
  for (let i = 0; i <= businessDaySearchMax; i += 1) {
    if (isBusinessDay(day, cal)) return day;
    day = addDays(day, step);
  }
  throw new CashloopError(
    "business_day_not_found",
    `no business day within ${businessDaySearchMax} days ${step > 0 ? "after" : "before"} ${d}`,
    { value: d },
  );
}

export function businessDayOnOrAfter(d: CalendarDate, cal: BusinessCalendar): CalendarDate {
  return search(d, 1, cal);
}

export function businessDayOnOrBefore(d: CalendarDate, cal: BusinessCalendar): CalendarDate {
  return search(d, -1, cal);
}

/** The first business day strictly after d. */
export function nextBusinessDay(d: CalendarDate, cal: BusinessCalendar): CalendarDate {
  return search(addDays(d, 1), 1, cal);
}

/** The last business day strictly before d. */
export function previousBusinessDay(d: CalendarDate, cal: BusinessCalendar): CalendarDate {
  return search(addDays(d, -1), -1, cal);
}

/**
 * Moves n business days (backward when negative). Each step lands on a business day, so adding
 * 1 to a Saturday gives Monday. n = 0 returns d unchanged, business day or not.
 */
export function addBusinessDays(d: CalendarDate, n: number, cal: BusinessCalendar): CalendarDate {
  if (!Number.isSafeInteger(n) || Math.abs(n) > businessDaysAddMax) {
    throw calendarInvalid(
      `business days to add must be a whole number up to ±${businessDaysAddMax}`,
    );
  }
  let day = parseCalendarDate(d);
  for (let i = 0; i < Math.abs(n); i += 1) {
    day = n > 0 ? nextBusinessDay(day, cal) : previousBusinessDay(day, cal);
  }
  return day;
}

export function firstBusinessDayOfMonth(
  year: number,
  month: number,
  cal: BusinessCalendar,
): CalendarDate {
  return businessDayOnOrAfter(dateFromParts(year, month, 1), cal);
}
