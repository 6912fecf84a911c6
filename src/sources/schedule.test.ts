import { describe, expect, it } from "vitest";
import { formatSchedule, isScheduleError, parseSchedule, type Schedule } from "./schedule.js";

describe("parseSchedule", () => {
  it.each<[string, Schedule, string]>([
    ["monthly", { kind: "monthly", anchor: "first_business_day" }, "monthly"],
    ["Monthly:First-Business-Day", { kind: "monthly", anchor: "first_business_day" }, "monthly"],
    ["monthly:day-1", { kind: "monthly", anchor: "day_of_month", day: 1 }, "monthly:day-1"],
    ["monthly:day-31", { kind: "monthly", anchor: "day_of_month", day: 31 }, "monthly:day-31"],
    [" weekly:fri ", { kind: "weekly", weekday: "fri" }, "weekly:fri"],
    ["weekly:SUN", { kind: "weekly", weekday: "sun" }, "weekly:sun"],
    ["quarterly", { kind: "quarterly" }, "quarterly"],
    ["YEARLY", { kind: "yearly" }, "yearly"],
    [
      "rrule:FREQ=MONTHLY;BYMONTHDAY=15",
      { kind: "rrule", freq: "MONTHLY", rule: "FREQ=MONTHLY;BYMONTHDAY=15" },
      "rrule:FREQ=MONTHLY;BYMONTHDAY=15",
    ],
    [
      "RRULE:freq=weekly;interval=2;byday=MO,TH;",
      { kind: "rrule", freq: "WEEKLY", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH" },
      "rrule:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
    ],
    [
      "rrule:FREQ=DAILY;COUNT=10",
      { kind: "rrule", freq: "DAILY", rule: "FREQ=DAILY;COUNT=10" },
      "rrule:FREQ=DAILY;COUNT=10",
    ],
    [
      "rrule:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=-1",
      { kind: "rrule", freq: "YEARLY", rule: "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=-1" },
      "rrule:FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=-1",
    ],
  ])("%j", (text, schedule, canonical) => {
    expect(parseSchedule(text)).toEqual(schedule);
    expect(formatSchedule(schedule)).toBe(canonical);
    expect(parseSchedule(canonical)).toEqual(schedule);
  });

  it.each([
    ["", "empty"],
    ["fortnightly", "unknown schedule"],
    ["monthly:day-0", "1 to 31"],
    ["monthly:day-32", "1 to 31"],
    ["monthly:day-", "unknown schedule"],
    ["weekly:monday", "weekday must be one of"],
    ["weekly:", "unknown schedule"],
    ["rrule:", "rrule is empty"],
    ["rrule:BYDAY=MO", "must contain FREQ="],
    ["rrule:FREQ=HOURLY", "must contain FREQ="],
    ["rrule:FREQ=MONTHLY;FREQ=WEEKLY", "repeats FREQ"],
    ["rrule:FREQ=MONTHLY;BYMONTHDAYS=1", "unknown part BYMONTHDAYS"],
    ["rrule:FREQ=MONTHLY;INTERVAL=0", "INTERVAL must be"],
    ["rrule:FREQ=MONTHLY;COUNT=3;UNTIL=20261231T000000Z", "UNTIL or COUNT"],
    ["rrule:FREQ MONTHLY", "not KEY=VALUE"],
    [`rrule:FREQ=DAILY;${"BYDAY=MO;".repeat(60)}`, "longer than"],
  ])("%j is refused (%s)", (text, message) => {
    const result = parseSchedule(text);
    expect(isScheduleError(result)).toBe(true);
    expect(isScheduleError(result) && result.error).toContain(message);
  });
});
