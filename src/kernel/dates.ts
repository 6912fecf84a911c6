/**
 * Business dates and instants. A CalendarDate ("2026-04-01") is a day on a wall calendar, with no
 * zone; an Instant ("2026-03-31T22:30:00.000Z") is a moment in UTC. Zones come in only where one
 * is turned into the other (todayIn, zonedDateTimeToInstant). No clock is read here.
 */

import {
  type CalendarDate,
  checkParts,
  type DateParts,
  dateInvalid,
  daysInMonth,
  epochDays,
  formatDate,
  fromEpochDays,
  msPerDay,
  partsOf,
  yearMax,
  yearMin,
} from "./date-parts.js";
import { CashloopError } from "./errors.js";

export { type CalendarDate, daysInMonth } from "./date-parts.js";
export type Instant = string & { readonly __brand: "Instant" };

function instantInvalid(value: unknown, reason: string): CashloopError {
  return new CashloopError(
    "instant_invalid",
    `${JSON.stringify(value)} is not a valid instant: ${reason}`,
    { value: String(value) },
  );
}

/** Strict "YYYY-MM-DD": real dates only (2026-02-30 throws `date_invalid`). */
export function parseCalendarDate(s: string): CalendarDate {
  return formatDate(partsOf(s));
}

export function isCalendarDate(s: unknown): s is CalendarDate {
  if (typeof s !== "string") return false;
  try {
    partsOf(s);
    return true;
  } catch {
    return false;
  }
}

export function dateFromParts(year: number, month: number, day: number): CalendarDate {
  return formatDate(checkParts(year, month, day, `${year}-${month}-${day}`));
}

export function yearMonth(d: CalendarDate): { year: number; month: number } {
  const { year, month } = partsOf(d);
  return { year, month };
}

function assertWholeNumber(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw dateInvalid(n, `${what} must be a whole number`);
}

export function addDays(d: CalendarDate, n: number): CalendarDate {
  assertWholeNumber(n, "days");
  return fromEpochDays(epochDays(partsOf(d)) + n);
}

/** Clamped to the month's end: Jan 31 + 1 month = Feb 28 (29 in leap years). */
export function addMonths(d: CalendarDate, n: number): CalendarDate {
  assertWholeNumber(n, "months");
  const { year, month, day } = partsOf(d);
  const monthIndex = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  if (targetYear < yearMin || targetYear > yearMax) throw dateInvalid(d, "result out of range");
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return formatDate({ year: targetYear, month: targetMonth, day: targetDay });
}

/** Feb 29 + 1 year = Feb 28. */
export function addYears(d: CalendarDate, n: number): CalendarDate {
  assertWholeNumber(n, "years");
  return addMonths(d, n * 12);
}

/** b − a in days. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return epochDays(partsOf(b)) - epochDays(partsOf(a));
}

export function compareDates(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  const ka = formatDate(partsOf(a));
  const kb = formatDate(partsOf(b));
  if (ka === kb) return 0;
  return ka < kb ? -1 : 1;
}

export function minDate(first: CalendarDate, ...rest: CalendarDate[]): CalendarDate {
  return rest.reduce((min, d) => (compareDates(d, min) < 0 ? d : min), parseCalendarDate(first));
}

export function maxDate(first: CalendarDate, ...rest: CalendarDate[]): CalendarDate {
  return rest.reduce((max, d) => (compareDates(d, max) > 0 ? d : max), parseCalendarDate(first));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: CalendarDate): number {
  const days = epochDays(partsOf(d));
  return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function startOfMonth(d: CalendarDate): CalendarDate {
  const { year, month } = partsOf(d);
  return formatDate({ year, month, day: 1 });
}

export function endOfMonth(d: CalendarDate): CalendarDate {
  const { year, month } = partsOf(d);
  return formatDate({ year, month, day: daysInMonth(year, month) });
}

/** Internal to the kernel: a date's first millisecond read as if UTC. */
export function calendarDateToEpochMs(d: CalendarDate): number {
  return epochDays(partsOf(d)) * msPerDay;
}

const instantPattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)$/i;

function parseOffsetMinutes(offset: string): number | undefined {
  if (offset.toUpperCase() === "Z") return 0;
  const digits = offset.slice(1).replace(":", "");
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 23 || minutes > 59) return undefined;
  return (offset[0] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

function instantTextToMs(s: string): number {
  const match = typeof s === "string" ? instantPattern.exec(s) : null;
  if (!match) throw instantInvalid(s, "expected ISO 8601 with Z or an offset");
  const [, y, mo, d, h, mi, sec = "0", fraction = "", offset = "Z"] = match;
  let parts: DateParts;
  try {
    parts = checkParts(Number(y), Number(mo), Number(d), s);
  } catch {
    throw instantInvalid(s, "no such date");
  }
  const offsetMinutes = parseOffsetMinutes(offset);
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59 || offsetMinutes === undefined) {
    throw instantInvalid(s, "time or offset out of range");
  }
  const millis = Number(fraction.padEnd(3, "0").slice(0, 3)); // finer digits are truncated
  const timeMs = ((Number(h) * 60 + Number(mi)) * 60 + Number(sec)) * 1000 + millis;
  return epochDays(parts) * msPerDay + timeMs - offsetMinutes * 60_000;
}

/** ISO 8601 with Z or an offset → UTC with milliseconds ("2026-12-01T12:00:00.000Z"). */
export function parseInstant(s: string): Instant {
  return instantFromMs(instantTextToMs(s));
}

export function instantFromMs(ms: number): Instant {
  if (!Number.isSafeInteger(ms)) throw instantInvalid(ms, "milliseconds must be a safe integer");
  const t = new Date(ms);
  const year = t.getUTCFullYear();
  if (Number.isNaN(year) || year < yearMin || year > yearMax) {
    throw instantInvalid(ms, `outside years ${yearMin}..${yearMax}`);
  }
  return t.toISOString() as Instant;
}

export function instantToMs(i: Instant): number {
  return instantTextToMs(i);
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(zone: string): Intl.DateTimeFormat {
  const cached = zoneFormatters.get(zone);
  if (cached) return cached;
  let formatter: Intl.DateTimeFormat;
  try {
    if (typeof zone !== "string" || zone === "") throw new RangeError("empty");
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch {
    throw new CashloopError("time_zone_invalid", `unknown time zone ${JSON.stringify(zone)}`, {
      value: String(zone),
    });
  }
  zoneFormatters.set(zone, formatter); // only valid zones are cached, so the map stays small
  return formatter;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    zoneFormatter(zone);
    return true;
  } catch {
    return false;
  }
}

type WallTime = DateParts & { hour: number; minute: number; second: number };

function wallTimeAt(zone: string, ms: number): WallTime {
  const wall: Record<string, number> = {};
  for (const part of zoneFormatter(zone).formatToParts(ms)) {
    if (part.type !== "literal") wall[part.type] = Number(part.value);
  }
  const { year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0 } = wall;
  return { year, month, day, hour, minute, second };
}

/** The zone's offset from UTC at an instant, in ms (Berlin in summer: +7_200_000). */
function offsetMsAt(zone: string, ms: number): number {
  const wall = wallTimeAt(zone, ms);
  const wallMs =
    epochDays(wall) * msPerDay + ((wall.hour * 60 + wall.minute) * 60 + wall.second) * 1000;
  return wallMs - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The wall-clock date and time in `zone` at instant `at`. */
export function localTimeIn(
  zone: string,
  at: Instant,
): { date: CalendarDate; hour: number; minute: number } {
  const wall = wallTimeAt(zone, instantToMs(at));
  return {
    date: formatDate(checkParts(wall.year, wall.month, wall.day, at)),
    hour: wall.hour,
    minute: wall.minute,
  };
}

/** The calendar date in `zone` at `at`: 2026-03-31T22:30Z in Europe/Berlin is 2026-04-01. */
export function todayIn(zone: string, at: Instant): CalendarDate {
  return localTimeIn(zone, at).date;
}

const timePattern = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

function timeOfDayMs(time: string): number {
  const match = typeof time === "string" ? timePattern.exec(time) : null;
  const [, h = "", mi = "", s = "0"] = match ?? [];
  if (!match || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    throw new CashloopError("time_invalid", `${JSON.stringify(time)} is not HH:MM or HH:MM:SS`, {
      value: String(time),
    });
  }
  return ((Number(h) * 60 + Number(mi)) * 60 + Number(s)) * 1000;
}

/**
 * The instant when the wall clock in `zone` shows `date` `time`. In a DST gap (02:30 on the
 * spring-forward night in Berlin) the time is shifted forward by the gap (03:30 summer time);
 * in an overlap (01:30 on the fall-back night in New York) the earlier instant wins.
 */
export function zonedDateTimeToInstant(date: CalendarDate, time: string, zone: string): Instant {
  const wallMs = calendarDateToEpochMs(date) + timeOfDayMs(time);
  const offsetBefore = offsetMsAt(zone, wallMs - msPerDay);
  const offsetAfter = offsetMsAt(zone, wallMs + msPerDay);
  const matching = [wallMs - offsetBefore, wallMs - offsetAfter]
    .filter((ms) => offsetMsAt(zone, ms) === wallMs - ms)
    .sort((a, b) => a - b);
  return instantFromMs(matching[0] ?? wallMs - offsetBefore);
}
