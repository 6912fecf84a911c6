import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  type BusinessCalendar,
  businessCalendar,
  businessDayOnOrAfter,
  businessDayOnOrBefore,
  firstBusinessDayOfMonth,
  isBusinessDay,
  nextBusinessDay,
  previousBusinessDay,
} from "./business-calendar.js";
import { addDays, type CalendarDate, daysBetween, parseCalendarDate } from "./dates.js";

const d = (s: string) => parseCalendarDate(s);
const plain = businessCalendar();
// Mexico 2026: Año Nuevo, Día de la Constitución (first Monday of February), Benito Juárez
const mexico = businessCalendar({ holidays: ["2026-01-01", "2026-02-02", "2026-03-16"] });
const gulf = businessCalendar({ weekendDays: [5, 6] }); // Friday and Saturday

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? "no code";
  }
  return undefined;
}

describe("business calendar", () => {
  it.each([
    ["2026-07-31", plain, true], // Friday
    ["2026-08-01", plain, false], // Saturday
    ["2026-08-02", plain, false], // Sunday
    ["2026-01-01", mexico, false], // holiday on a Thursday
    ["2026-01-02", mexico, true],
    ["2026-08-02", gulf, true], // Sunday is a working day in the Gulf
    ["2026-07-31", gulf, false],
  ] as const)("isBusinessDay(%s) = %s", (date, cal, expected) => {
    expect(isBusinessDay(d(date), cal)).toBe(expected);
  });
  it.each([
    // month starting on Saturday: 1 August 2026 → Monday 3 August
    [2026, 8, plain, "2026-08-03"],
    // month starting on Sunday whose Monday is a holiday: 1 February 2026 → Tuesday 3 February
    [2026, 2, mexico, "2026-02-03"],
    // holiday on the first business day: Thursday 1 January 2026 → Friday 2 January
    [2026, 1, mexico, "2026-01-02"],
    [2026, 6, plain, "2026-06-01"], // a Monday
    [2026, 8, gulf, "2026-08-02"], // Saturday is weekend there, Sunday is not
  ] as const)("firstBusinessDayOfMonth(%i, %i) = %s", (year, month, cal, expected) => {
    expect(firstBusinessDayOfMonth(year, month, cal)).toBe(expected);
  });
  it.each([
    ["2026-07-31", "2026-08-03", "2026-07-30"], // Friday
    ["2026-08-01", "2026-08-03", "2026-07-31"], // Saturday
    ["2026-08-03", "2026-08-04", "2026-07-31"], // Monday
  ])("next/previous business day of %s: %s / %s (strictly)", (date, next, previous) => {
    expect(nextBusinessDay(d(date), plain)).toBe(next);
    expect(previousBusinessDay(d(date), plain)).toBe(previous);
  });
  it("on-or-after / on-or-before keep a business day and move off a weekend", () => {
    expect(businessDayOnOrAfter(d("2026-07-31"), plain)).toBe("2026-07-31");
    expect(businessDayOnOrAfter(d("2026-08-01"), plain)).toBe("2026-08-03");
    expect(businessDayOnOrBefore(d("2026-08-02"), plain)).toBe("2026-07-31");
    expect(businessDayOnOrBefore(d("2026-03-16"), mexico)).toBe("2026-03-13");
  });
  it.each([
    ["2026-07-31", 1, "2026-08-03"],
    ["2026-08-01", 1, "2026-08-03"],
    ["2026-07-27", 5, "2026-08-03"],
    ["2026-07-27", 10, "2026-08-10"],
    ["2026-08-03", -1, "2026-07-31"],
    ["2026-08-01", 0, "2026-08-01"],
    ["2026-03-13", 1, "2026-03-17"], // over a weekend and Benito Juárez day (Mexico)
  ])("addBusinessDays(%s, %i) = %s", (date, n, expected) => {
    const cal = date.startsWith("2026-03") ? mexico : plain;
    expect(addBusinessDays(d(date), n, cal)).toBe(expected);
  });
  it("validates its inputs and fails loudly when there is no business day", () => {
    expect(codeOf(() => businessCalendar({ weekendDays: [0, 1, 2, 3, 4, 5, 6] }))).toBe(
      "calendar_invalid",
    );
    expect(codeOf(() => businessCalendar({ weekendDays: [7] }))).toBe("calendar_invalid");
    expect(codeOf(() => businessCalendar({ holidays: ["2026-02-30"] }))).toBe("date_invalid");
    expect(codeOf(() => addBusinessDays(d("2026-01-01"), 1.5, plain))).toBe("calendar_invalid");
    const allWeekend: BusinessCalendar = {
      weekendDays: [0, 1, 2, 3, 4, 5, 6],
      holidays: new Set(),
    };
    expect(codeOf(() => nextBusinessDay(d("2026-01-01"), allWeekend))).toBe(
      "business_day_not_found",
    );
    const everyDay = new Set<string>();
    for (let i = 0; i < 400; i += 1) everyDay.add(addDays(d("2026-01-01"), i));
    const closedYear = businessCalendar({ holidays: everyDay });
    expect(codeOf(() => businessDayOnOrAfter(d("2026-01-01"), closedYear))).toBe(
      "business_day_not_found",
    );
  });
  it("adding n then −n business days from a business day comes back", () => {
    const start = fc
      .integer({ min: 0, max: 3650 })
      .map((n) => businessDayOnOrAfter(addDays(d("2026-01-01"), n), mexico) as CalendarDate);
    fc.assert(
      fc.property(start, fc.integer({ min: -300, max: 300 }), (from, n) => {
        const to = addBusinessDays(from, n, mexico);
        expect(isBusinessDay(to, mexico)).toBe(true);
        expect(addBusinessDays(to, -n, mexico)).toBe(from);
        expect(Math.sign(daysBetween(from, to))).toBe(Math.sign(n));
      }),
      { numRuns: 50 },
    );
  });
});
