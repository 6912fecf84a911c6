import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BusinessCalendar,
  businessCalendar,
  isBusinessDay,
} from "../kernel/business-calendar.js";
import { addDays, type CalendarDate, compareDates, parseCalendarDate } from "../kernel/dates.js";
import { isScheduleError, parseSchedule, type Schedule } from "../sources/schedule.js";
import { type BillingPeriod, billingPeriodsMax, periodsDue } from "./billing-periods.js";

const d = parseCalendarDate;
const plain = businessCalendar();

function schedule(text: string): Schedule {
  const parsed = parseSchedule(text);
  if (isScheduleError(parsed)) throw new Error(parsed.error);
  return parsed;
}

type Options = {
  endOn?: string;
  timing?: "advance" | "arrears";
  calendar?: BusinessCalendar;
  from?: string;
};

function due(text: string, startOn: string, asOf: string, options: Options = {}) {
  return periodsDue({
    schedule: schedule(text),
    startOn: d(startOn),
    endOn: options.endOn === undefined ? null : d(options.endOn),
    timing: options.timing ?? "advance",
    calendar: options.calendar ?? plain,
    asOf: d(asOf),
    ...(options.from === undefined ? {} : { from: d(options.from) }),
  });
}

/** "start..end@billOn" with a trailing "*" for a partial period, to keep tables short. */
function brief(periods: BillingPeriod[]): string[] {
  return periods.map((p) => `${p.start}..${p.end}@${p.billOn}${p.full ? "" : "*"}`);
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? "no code";
  }
  return undefined;
}

describe("periodsDue: monthly on the first business day", () => {
  it("2026-12-01 (a Tuesday) is the first business day of December 2026", () => {
    expect(due("monthly", "2026-11-01", "2026-12-01").map((p) => p.billOn)).toEqual([
      "2026-11-02",
      "2026-12-01",
    ]);
    expect(due("monthly", "2026-11-01", "2026-11-30")).toHaveLength(1);
  });

  it("August 2026 starts on a Saturday and bills on Monday 3rd", () => {
    expect(brief(due("monthly", "2026-08-01", "2026-08-02"))).toEqual([]);
    expect(brief(due("monthly", "2026-08-01", "2026-08-03"))).toEqual([
      "2026-08-01..2026-08-31@2026-08-03",
    ]);
  });

  it("a holiday on the 1st moves the bill date to the next business day", () => {
    const calendar = businessCalendar({ holidays: ["2026-06-01", "2027-01-01"] });
    expect(due("monthly", "2026-06-01", "2026-06-02", { calendar })[0]?.billOn).toBe("2026-06-02");
    expect(due("monthly", "2027-01-01", "2027-01-04", { calendar })[0]?.billOn).toBe("2027-01-04");
    expect(due("monthly", "2027-01-01", "2027-01-03", { calendar })).toEqual([]);
  });

  it("a contract starting mid-month has a partial first period billed on its start", () => {
    expect(brief(due("monthly", "2026-03-10", "2026-04-30"))).toEqual([
      "2026-03-10..2026-03-31@2026-03-10*",
      "2026-04-01..2026-04-30@2026-04-01",
    ]);
  });

  it("a contract ending mid-month has a partial last period, then nothing more", () => {
    expect(brief(due("monthly", "2026-01-01", "2026-12-31", { endOn: "2026-03-15" }))).toEqual([
      "2026-01-01..2026-01-31@2026-01-01",
      "2026-02-01..2026-02-28@2026-02-02",
      "2026-03-01..2026-03-15@2026-03-02*",
    ]);
  });

  it("a one-day contract is one partial period", () => {
    const periods = due("monthly", "2026-03-10", "2027-01-01", { endOn: "2026-03-10" });
    expect(brief(periods)).toEqual(["2026-03-10..2026-03-10@2026-03-10*"]);
  });

  it("arrears bills on the first business day after the period ends", () => {
    const arrears = { timing: "arrears" as const };
    expect(due("monthly", "2026-01-01", "2026-02-01", arrears)).toEqual([]); // Jan 31 is a Saturday
    expect(brief(due("monthly", "2026-01-01", "2026-02-02", arrears))).toEqual([
      "2026-01-01..2026-01-31@2026-02-02",
    ]);
    const ended = due("monthly", "2026-01-10", "2026-12-31", { ...arrears, endOn: "2026-02-17" });
    expect(brief(ended)).toEqual([
      "2026-01-10..2026-01-31@2026-02-02*",
      "2026-02-01..2026-02-17@2026-02-18*",
    ]);
  });

  it("a run late after three missed months returns each missed period once", () => {
    expect(brief(due("monthly", "2026-01-01", "2026-04-30", { from: "2026-02-01" }))).toEqual([
      "2026-02-01..2026-02-28@2026-02-02",
      "2026-03-01..2026-03-31@2026-03-02",
      "2026-04-01..2026-04-30@2026-04-01",
    ]);
  });

  it("nothing is due before the contract starts", () => {
    expect(due("monthly", "2026-03-10", "2026-03-09")).toEqual([]);
  });
});

describe("periodsDue: other schedules", () => {
  it.each<[string, string, string, string[]]>([
    [
      "monthly:day-15",
      "2026-01-20",
      "2026-03-15",
      [
        "2026-01-20..2026-02-14@2026-01-20*",
        "2026-02-15..2026-03-14@2026-02-15", // a Sunday: not moved
        "2026-03-15..2026-04-14@2026-03-15",
      ],
    ],
    [
      "monthly:day-31",
      "2026-01-31",
      "2026-04-30",
      [
        "2026-01-31..2026-02-27@2026-01-31",
        "2026-02-28..2026-03-30@2026-02-28",
        "2026-03-31..2026-04-29@2026-03-31",
        "2026-04-30..2026-05-30@2026-04-30",
      ],
    ],
    [
      "weekly:mon",
      "2026-03-04",
      "2026-03-16",
      [
        "2026-03-04..2026-03-08@2026-03-04*",
        "2026-03-09..2026-03-15@2026-03-09",
        "2026-03-16..2026-03-22@2026-03-16",
      ],
    ],
    [
      "weekly:sun",
      "2026-03-01",
      "2026-03-08",
      ["2026-03-01..2026-03-07@2026-03-01", "2026-03-08..2026-03-14@2026-03-08"],
    ],
    [
      "quarterly",
      "2026-02-10",
      "2026-10-01",
      [
        "2026-02-10..2026-03-31@2026-02-10*",
        "2026-04-01..2026-06-30@2026-04-01",
        "2026-07-01..2026-09-30@2026-07-01",
        "2026-10-01..2026-12-31@2026-10-01",
      ],
    ],
    [
      "quarterly",
      "2026-10-01",
      "2027-01-05",
      ["2026-10-01..2026-12-31@2026-10-01", "2027-01-01..2027-03-31@2027-01-01"],
    ],
    [
      "yearly",
      "2024-02-29",
      "2028-02-29",
      [
        "2024-02-29..2025-02-27@2024-02-29",
        "2025-02-28..2026-02-27@2025-02-28",
        "2026-02-28..2027-02-27@2026-02-28",
        "2027-02-28..2028-02-28@2027-02-28",
        "2028-02-29..2029-02-27@2028-02-29",
      ],
    ],
    [
      "rrule:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15",
      "2026-01-20",
      "2026-05-15",
      [
        "2026-01-20..2026-03-14@2026-01-20*",
        "2026-03-15..2026-05-14@2026-03-15",
        "2026-05-15..2026-07-14@2026-05-15",
      ],
    ],
    [
      "rrule:FREQ=MONTHLY",
      "2026-01-31",
      "2026-03-01",
      ["2026-01-31..2026-02-27@2026-01-31", "2026-02-28..2026-03-30@2026-02-28"],
    ],
    [
      "rrule:FREQ=WEEKLY;INTERVAL=2",
      "2026-03-04",
      "2026-03-18",
      ["2026-03-04..2026-03-17@2026-03-04", "2026-03-18..2026-03-31@2026-03-18"],
    ],
    [
      "rrule:FREQ=YEARLY;INTERVAL=2",
      "2026-05-10",
      "2028-05-10",
      ["2026-05-10..2028-05-09@2026-05-10", "2028-05-10..2030-05-09@2028-05-10"],
    ],
  ])("%s from %s as of %s", (text, startOn, asOf, expected) => {
    expect(brief(due(text, startOn, asOf))).toEqual(expected);
  });

  it("quarterly bills on the first business day of the quarter", () => {
    const calendar = businessCalendar({ holidays: ["2027-01-01"] });
    expect(due("quarterly", "2027-01-01", "2027-01-04", { calendar })[0]?.billOn).toBe(
      "2027-01-04",
    );
  });

  it.each([
    ["rrule:FREQ=DAILY", "FREQ=DAILY is not supported"],
    ["rrule:FREQ=WEEKLY;BYDAY=MO", "BYDAY is not supported"],
    ["rrule:FREQ=MONTHLY;COUNT=3", "COUNT is not supported"],
    ["rrule:FREQ=MONTHLY;BYMONTHDAY=-1", "BYMONTHDAY must be one day from 1 to 31"],
    ["rrule:FREQ=MONTHLY;BYMONTHDAY=1,15", "BYMONTHDAY must be one day from 1 to 31"],
    ["rrule:FREQ=YEARLY;BYMONTHDAY=1", "BYMONTHDAY is supported only with FREQ=MONTHLY"],
  ])("%s is refused: %s", (text, message) => {
    let caught: unknown;
    try {
      due(text, "2026-01-01", "2026-12-31");
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "schedule_unsupported" });
    expect(String(caught)).toContain(message);
  });

  it("refuses a contract that ends before it starts", () => {
    const bad = () => due("monthly", "2026-03-10", "2026-12-31", { endOn: "2026-03-09" });
    expect(codeOf(bad)).toBe("contract_dates_invalid");
  });

  it(`fails loudly past ${billingPeriodsMax} periods, but a run with from skips billed ones`, () => {
    expect(codeOf(() => due("weekly:mon", "2000-01-03", "2026-01-05"))).toBe(
      "billing_periods_too_many",
    );
    const recent = due("weekly:mon", "2000-01-03", "2026-01-05", { from: "2025-12-30" });
    expect(brief(recent)).toEqual(["2026-01-05..2026-01-11@2026-01-05"]);
    const arrears = due("weekly:mon", "2000-01-03", "2026-01-05", {
      from: "2025-12-30",
      timing: "arrears",
    });
    expect(brief(arrears)).toEqual(["2025-12-29..2026-01-04@2026-01-05"]);
  });
});

const scheduleTexts = [
  "monthly",
  "monthly:day-1",
  "monthly:day-15",
  "monthly:day-29",
  "monthly:day-31",
  "weekly:mon",
  "weekly:sat",
  "quarterly",
  "yearly",
  "rrule:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=30",
  "rrule:FREQ=WEEKLY;INTERVAL=3",
  "rrule:FREQ=YEARLY",
];

const runArb = fc.record({
  text: fc.constantFrom(...scheduleTexts),
  startOffset: fc.integer({ min: 0, max: 3000 }),
  endLength: fc.option(fc.integer({ min: 0, max: 900 })),
  timing: fc.constantFrom<"advance" | "arrears">("advance", "arrears"),
  holidays: fc.array(fc.integer({ min: 0, max: 4500 }), { maxLength: 40 }),
  steps: fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 12 }),
});

describe("periodsDue: properties", () => {
  it("runs with from = the day after the previous asOf bill each period once", () => {
    const base = d("2020-01-01");
    fc.assert(
      fc.property(runArb, (run) => {
        const startOn = addDays(base, run.startOffset);
        const endOn = run.endLength === null ? null : addDays(startOn, run.endLength);
        const calendar = businessCalendar({ holidays: run.holidays.map((h) => addDays(base, h)) });
        const common = {
          schedule: schedule(run.text),
          startOn,
          endOn,
          timing: run.timing,
          calendar,
        };
        let asOf: CalendarDate = addDays(startOn, -30);
        const union: BillingPeriod[] = [];
        for (const step of run.steps) {
          const from = addDays(asOf, 1);
          asOf = addDays(asOf, step);
          union.push(...periodsDue({ ...common, asOf, from }));
        }
        const whole = periodsDue({ ...common, asOf });
        expect(union).toEqual(whole);
        checkPeriods(whole, { startOn, endOn, asOf, calendar, text: run.text, timing: run.timing });
      }),
      { numRuns: 300 },
    );
  });
});

function checkPeriods(
  periods: BillingPeriod[],
  c: {
    startOn: CalendarDate;
    endOn: CalendarDate | null;
    asOf: CalendarDate;
    calendar: BusinessCalendar;
    text: string;
    timing: string;
  },
): void {
  periods.forEach((period, i) => {
    const previous = periods[i - 1];
    expect(period.start).toBe(previous ? addDays(previous.end, 1) : c.startOn);
    expect(compareDates(period.start, period.end)).toBeLessThanOrEqual(0);
    expect(compareDates(period.billOn, c.asOf)).toBeLessThanOrEqual(0);
    if (c.endOn !== null) expect(compareDates(period.end, c.endOn)).toBeLessThanOrEqual(0);
    if (c.timing === "arrears") {
      expect(compareDates(period.billOn, period.end)).toBeGreaterThan(0);
      expect(isBusinessDay(period.billOn, c.calendar)).toBe(true);
    } else {
      expect(compareDates(period.billOn, period.start)).toBeGreaterThanOrEqual(0);
      if (c.text === "monthly" || c.text === "quarterly") {
        expect(isBusinessDay(period.billOn, c.calendar)).toBe(true);
      } else {
        expect(period.billOn).toBe(period.start);
      }
    }
    const last = c.endOn !== null && period.end === c.endOn;
    if (!period.full) expect(i === 0 || last).toBe(true);
  });
}
