/**
 * Contract billing schedules as written in import files and stored on contracts:
 *   monthly | monthly:first-business-day   the first business day of every month
 *   monthly:day-N                          day N (1–31) of every month, clamped to the month's end
 *   weekly:mon … weekly:sun                every week on that weekday
 *   quarterly | yearly                     calendar quarters (Jan, Apr, Jul, Oct) | years from the contract's start
 *   rrule:FREQ=…;…                         an RFC 5545 recurrence rule (FREQ DAILY, WEEKLY, MONTHLY or YEARLY)
 * Pure: parsing only, no dates are computed here.
 */

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const RRULE_FREQUENCIES = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const;
export type RruleFrequency = (typeof RRULE_FREQUENCIES)[number];

export type Schedule =
  | { kind: "monthly"; anchor: "first_business_day" }
  | { kind: "monthly"; anchor: "day_of_month"; day: number }
  | { kind: "weekly"; weekday: Weekday }
  | { kind: "quarterly" }
  | { kind: "yearly" }
  /** `rule` is the text after "rrule:", upper-cased, e.g. "FREQ=MONTHLY;BYMONTHDAY=15". */
  | { kind: "rrule"; freq: RruleFrequency; rule: string };

export type ScheduleError = { error: string };

/** Longer schedule texts are rejected: no real rule needs more. */
export const scheduleTextMax = 500;

const RRULE_KEYS = new Set([
  "FREQ",
  "UNTIL",
  "COUNT",
  "INTERVAL",
  "BYSECOND",
  "BYMINUTE",
  "BYHOUR",
  "BYDAY",
  "BYMONTHDAY",
  "BYYEARDAY",
  "BYWEEKNO",
  "BYMONTH",
  "BYSETPOS",
  "WKST",
]);

const expected =
  "expected monthly, monthly:first-business-day, monthly:day-N, weekly:mon…sun, quarterly, yearly or rrule:FREQ=…";

/** Parses a schedule; case and surrounding spaces do not matter. */
export function parseSchedule(text: string): Schedule | ScheduleError {
  const trimmed = text.trim();
  if (trimmed === "") return { error: `schedule is empty; ${expected}` };
  if (trimmed.length > scheduleTextMax) {
    return { error: `schedule is longer than ${scheduleTextMax} characters` };
  }
  const lower = trimmed.toLowerCase();
  if (lower.startsWith("rrule:")) return parseRrule(trimmed.slice("rrule:".length));
  switch (lower) {
    case "monthly":
    case "monthly:first-business-day":
      return { kind: "monthly", anchor: "first_business_day" };
    case "quarterly":
      return { kind: "quarterly" };
    case "yearly":
      return { kind: "yearly" };
  }
  const day = /^monthly:day-(\d{1,2})$/.exec(lower);
  if (day) {
    const n = Number(day[1]);
    if (n < 1 || n > 31) return { error: `day of month must be 1 to 31: ${JSON.stringify(text)}` };
    return { kind: "monthly", anchor: "day_of_month", day: n };
  }
  const week = /^weekly:([a-z]+)$/.exec(lower);
  if (week) {
    const weekday = WEEKDAYS.find((d) => d === week[1]);
    if (!weekday) {
      return { error: `weekday must be one of ${WEEKDAYS.join(", ")}: ${JSON.stringify(text)}` };
    }
    return { kind: "weekly", weekday };
  }
  return { error: `unknown schedule ${JSON.stringify(text)}; ${expected}` };
}

function parseRrule(body: string): Schedule | ScheduleError {
  const rule = body.trim().toUpperCase();
  const seen = new Map<string, string>();
  const parts = rule.split(";").filter((part) => part.trim() !== "");
  if (parts.length === 0)
    return { error: "rrule is empty; write e.g. rrule:FREQ=MONTHLY;BYMONTHDAY=15" };
  for (const part of parts) {
    const match = /^([A-Z]+)=([A-Z0-9,+\-:]+)$/.exec(part.trim());
    if (!match) return { error: `rrule part ${JSON.stringify(part)} is not KEY=VALUE` };
    const [, key = "", value = ""] = match;
    if (!RRULE_KEYS.has(key)) return { error: `rrule has an unknown part ${key}` };
    if (seen.has(key)) return { error: `rrule repeats ${key}` };
    seen.set(key, value);
  }
  const freq = RRULE_FREQUENCIES.find((f) => f === seen.get("FREQ"));
  if (!freq) {
    return { error: `rrule must contain FREQ=${RRULE_FREQUENCIES.join("|")}: "rrule:${body}"` };
  }
  for (const key of ["INTERVAL", "COUNT"]) {
    const value = seen.get(key);
    if (value !== undefined && !/^[1-9]\d{0,3}$/.test(value)) {
      return { error: `rrule ${key} must be a whole number from 1 to 9999: ${value}` };
    }
  }
  if (seen.has("UNTIL") && seen.has("COUNT")) {
    return { error: "rrule may have UNTIL or COUNT, not both" };
  }
  return { kind: "rrule", freq, rule: [...seen].map(([k, v]) => `${k}=${v}`).join(";") };
}

/** The canonical text of a schedule (what a contract stores): parseSchedule(formatSchedule(s)) = s. */
export function formatSchedule(schedule: Schedule): string {
  switch (schedule.kind) {
    case "monthly":
      return schedule.anchor === "first_business_day" ? "monthly" : `monthly:day-${schedule.day}`;
    case "weekly":
      return `weekly:${schedule.weekday}`;
    case "quarterly":
    case "yearly":
      return schedule.kind;
    case "rrule":
      return `rrule:${schedule.rule}`;
  }
}

export function isScheduleError(s: Schedule | ScheduleError): s is ScheduleError {
  return "error" in s;
}
