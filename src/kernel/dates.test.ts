import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  addYears,
  type CalendarDate,
  compareDates,
  dateFromParts,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  endOfMonth,
  type Instant,
  instantFromMs,
  instantToMs,
  isCalendarDate,
  isValidTimeZone,
  localTimeIn,
  maxDate,
  minDate,
  parseCalendarDate,
  parseInstant,
  startOfMonth,
  todayIn,
  yearMonth,
  zonedDateTimeToInstant,
} from "./dates.js";

const d = (s: string) => parseCalendarDate(s);
const at = (s: string) => parseInstant(s);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? "no code";
  }
  return undefined;
}

describe("parseCalendarDate", () => {
  it.each(["2026-01-01", "2026-12-31", "2024-02-29", "2000-02-29", "0001-01-01", "9999-12-31"])(
    "accepts %s",
    (s) => {
      expect(parseCalendarDate(s)).toBe(s);
      expect(isCalendarDate(s)).toBe(true);
    },
  );
  it.each([
    "2026-02-29",
    "2026-02-30",
    "1900-02-29",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "0000-01-01",
    "2026-1-01",
    "26-01-01",
    "2026-01-01T00:00:00Z",
    " 2026-01-01",
    "",
  ])("rejects %j with date_invalid", (s) => {
    expect(codeOf(() => parseCalendarDate(s))).toBe("date_invalid");
    expect(isCalendarDate(s)).toBe(false);
  });
  it("builds dates from parts and splits them again", () => {
    expect(dateFromParts(2026, 3, 9)).toBe("2026-03-09");
    expect(codeOf(() => dateFromParts(2026, 2, 29))).toBe("date_invalid");
    expect(yearMonth(d("2026-03-09"))).toEqual({ year: 2026, month: 3 });
  });
});

describe("calendar arithmetic", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-01"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2026-03-29", 1, "2026-03-30"], // DST night in Europe: still one calendar day
    ["2026-01-01", 365, "2027-01-01"],
  ])("addDays(%s, %i) = %s", (from, n, expected) => {
    expect(addDays(d(from), n)).toBe(expected);
  });
  it.each([
    ["2026-01-31", 1, "2026-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2026-03-31", 1, "2026-04-30"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2026-01-15", 12, "2027-01-15"],
    ["2026-01-15", -13, "2024-12-15"],
    ["2026-12-31", 2, "2027-02-28"],
  ])("addMonths(%s, %i) = %s", (from, n, expected) => {
    expect(addMonths(d(from), n)).toBe(expected);
  });
  it("addYears clamps Feb 29", () => {
    expect(addYears(d("2024-02-29"), 1)).toBe("2025-02-28");
    expect(addYears(d("2024-02-29"), 4)).toBe("2028-02-29");
  });
  it("rejects fractional steps and results outside years 1..9999", () => {
    expect(codeOf(() => addDays(d("2026-01-01"), 0.5))).toBe("date_invalid");
    expect(codeOf(() => addDays(d("9999-12-31"), 1))).toBe("date_invalid");
    expect(codeOf(() => addMonths(d("0001-01-31"), -1))).toBe("date_invalid");
  });
  it.each([
    ["2026-01-01", "2026-01-01", 0],
    ["2026-01-01", "2026-12-31", 364],
    ["2024-01-01", "2025-01-01", 366],
    ["2026-03-31", "2026-03-01", -30],
  ])("daysBetween(%s, %s) = %i", (a, b, expected) => {
    expect(daysBetween(d(a), d(b))).toBe(expected);
  });
  it.each([
    ["2026-08-01", 6],
    ["2026-08-02", 0],
    ["2026-03-31", 2],
    ["1970-01-01", 4],
    ["0001-01-01", 1],
  ])("dayOfWeek(%s) = %i", (s, expected) => {
    expect(dayOfWeek(d(s))).toBe(expected);
  });
  it.each([
    [2026, 2, 28],
    [2024, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2026, 4, 30],
    [2026, 12, 31],
  ])("daysInMonth(%i, %i) = %i", (year, month, expected) => {
    expect(daysInMonth(year, month)).toBe(expected);
  });
  it("compares and picks dates, finds month bounds", () => {
    expect(compareDates(d("2026-01-02"), d("2026-01-10"))).toBe(-1);
    expect(compareDates(d("2026-01-10"), d("2026-01-10"))).toBe(0);
    expect(compareDates(d("2027-01-01"), d("2026-12-31"))).toBe(1);
    expect(minDate(d("2026-05-01"), d("2026-04-30"), d("2026-06-01"))).toBe("2026-04-30");
    expect(maxDate(d("2026-05-01"), d("2026-04-30"), d("2026-06-01"))).toBe("2026-06-01");
    expect(startOfMonth(d("2026-02-17"))).toBe("2026-02-01");
    expect(endOfMonth(d("2024-02-17"))).toBe("2024-02-29");
  });
  it("addDays and daysBetween agree, and addMonths never overshoots the month", () => {
    const date = fc
      .integer({ min: 0, max: 2_900_000 })
      .map((n) => addDays(d("1900-01-01"), n) as CalendarDate);
    fc.assert(
      fc.property(date, fc.integer({ min: -20_000, max: 20_000 }), (from, n) => {
        const to = addDays(from, n);
        expect(daysBetween(from, to)).toBe(n);
        expect(dayOfWeek(to)).toBe((((dayOfWeek(from) + n) % 7) + 7) % 7);
      }),
    );
    fc.assert(
      fc.property(date, fc.integer({ min: -240, max: 240 }), (from, n) => {
        const to = addMonths(from, n);
        const a = yearMonth(from);
        const b = yearMonth(to);
        expect(b.year * 12 + b.month - (a.year * 12 + a.month)).toBe(n);
        expect(Number(to.slice(8))).toBeLessThanOrEqual(Number(from.slice(8)));
      }),
    );
  });
});

describe("instants", () => {
  it.each([
    ["2026-12-01T12:00:00.000Z", "2026-12-01T12:00:00.000Z"],
    ["2026-12-01T12:00Z", "2026-12-01T12:00:00.000Z"],
    ["2026-12-01T12:00:00Z", "2026-12-01T12:00:00.000Z"],
    ["2026-12-01t12:00:00.5z", "2026-12-01T12:00:00.500Z"],
    ["2026-12-01T12:00:00.123456+05:30", "2026-12-01T06:30:00.123Z"],
    ["2026-12-01 00:30:00+01", "2026-11-30T23:30:00.000Z"],
    ["2026-12-31T23:00:00-0600", "2027-01-01T05:00:00.000Z"],
  ])("parseInstant(%j) = %s", (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });
  it.each([
    "2026-12-01",
    "2026-12-01T12:00:00",
    "2026-02-30T12:00:00Z",
    "2026-12-01T24:00:00Z",
    "2026-12-01T12:60:00Z",
    "2026-12-01T12:00:60Z",
    "2026-12-01T12:00:00+25:00",
    "1 Dec 2026",
    "",
  ])("rejects %j with instant_invalid", (text) => {
    expect(codeOf(() => parseInstant(text))).toBe("instant_invalid");
  });
  it("converts to and from epoch milliseconds", () => {
    expect(instantFromMs(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(instantToMs(at("2026-03-31T22:30:00.000Z"))).toBe(Date.UTC(2026, 2, 31, 22, 30));
    expect(codeOf(() => instantFromMs(1.5))).toBe("instant_invalid");
    expect(codeOf(() => instantFromMs(8.64e15 + 1))).toBe("instant_invalid");
    expect(codeOf(() => instantFromMs(Date.UTC(10_000, 0, 1)))).toBe("instant_invalid");
  });
});

describe("time zones", () => {
  it.each([
    ["Europe/Berlin", true],
    ["America/Mexico_City", true],
    ["UTC", true],
    ["Mars/Olympus_Mons", false],
    ["", false],
  ])("isValidTimeZone(%j) = %s", (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });
  it.each([
    ["Europe/Berlin", "2026-03-31T21:59:59.999Z", "2026-03-31"],
    ["Europe/Berlin", "2026-03-31T22:00:00.000Z", "2026-04-01"], // 00:00 CEST
    ["Europe/Berlin", "2026-03-31T22:30:00.000Z", "2026-04-01"],
    ["Europe/Berlin", "2026-12-31T22:59:59.999Z", "2026-12-31"], // 23:59 CET
    ["Europe/Berlin", "2026-12-31T23:00:00.000Z", "2027-01-01"],
    ["Asia/Tokyo", "2026-03-31T15:00:00.000Z", "2026-04-01"],
    ["America/Mexico_City", "2026-03-31T15:00:00.000Z", "2026-03-31"],
    ["America/Mexico_City", "2026-07-01T05:59:00.000Z", "2026-06-30"], // UTC−6 all year
    ["America/Mexico_City", "2026-07-01T06:00:00.000Z", "2026-07-01"],
    ["UTC", "2026-03-31T23:59:59.999Z", "2026-03-31"],
  ])("todayIn(%s, %s) = %s", (zone, instant, expected) => {
    expect(todayIn(zone, at(instant))).toBe(expected);
  });
  it("gives the local wall time, and rejects unknown zones", () => {
    expect(localTimeIn("Asia/Tokyo", at("2026-12-01T15:00:00Z"))).toEqual({
      date: "2026-12-02",
      hour: 0,
      minute: 0,
    });
    expect(localTimeIn("America/New_York", at("2026-07-04T16:05:00Z"))).toEqual({
      date: "2026-07-04",
      hour: 12,
      minute: 5,
    });
    expect(codeOf(() => todayIn("Nowhere/City", at("2026-01-01T00:00Z")))).toBe(
      "time_zone_invalid",
    );
  });
  it.each([
    ["2026-04-01", "00:00", "Europe/Berlin", "2026-03-31T22:00:00.000Z"],
    ["2026-01-15", "09:00", "Europe/Berlin", "2026-01-15T08:00:00.000Z"],
    ["2026-03-29", "01:59:59", "Europe/Berlin", "2026-03-29T00:59:59.000Z"],
    ["2026-03-29", "02:30", "Europe/Berlin", "2026-03-29T01:30:00.000Z"], // gap → 03:30 CEST
    ["2026-03-29", "03:00", "Europe/Berlin", "2026-03-29T01:00:00.000Z"],
    ["2026-10-25", "02:30", "Europe/Berlin", "2026-10-25T00:30:00.000Z"], // overlap → CEST
    ["2026-03-08", "02:30", "America/New_York", "2026-03-08T07:30:00.000Z"], // gap → 03:30 EDT
    ["2026-11-01", "01:30", "America/New_York", "2026-11-01T05:30:00.000Z"], // overlap → EDT
    ["2026-11-01", "02:00", "America/New_York", "2026-11-01T07:00:00.000Z"],
    ["2026-04-05", "02:30", "America/Mexico_City", "2026-04-05T08:30:00.000Z"], // no DST
    ["2026-12-01", "09:00", "Asia/Tokyo", "2026-12-01T00:00:00.000Z"],
    ["2026-06-01", "00:00", "Asia/Kolkata", "2026-05-31T18:30:00.000Z"],
  ])("%s %s in %s is %s", (date, time, zone, expected) => {
    expect(zonedDateTimeToInstant(d(date), time, zone)).toBe(expected);
  });
  it("rejects bad times of day", () => {
    for (const time of ["24:00", "9:00", "09:60", "09:00:60", "09.00", ""]) {
      expect(codeOf(() => zonedDateTimeToInstant(d("2026-01-01"), time, "UTC"))).toBe(
        "time_invalid",
      );
    }
  });
  it("round-trips: the wall time of the result is the wall time asked for, outside gaps", () => {
    const zones = ["Europe/Berlin", "America/New_York", "America/Mexico_City", "Asia/Tokyo"];
    const instant = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
      .map((ms) => instantFromMs(ms - (ms % 60_000)) as Instant);
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (i, zone) => {
        const local = localTimeIn(zone, i);
        const hhmm = `${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")}`;
        const back = zonedDateTimeToInstant(local.date, hhmm, zone);
        expect(localTimeIn(zone, back)).toEqual(local);
        expect(instantToMs(back)).toBeLessThanOrEqual(instantToMs(i)); // overlaps pick the earlier
      }),
    );
  });
});
