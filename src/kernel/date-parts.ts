/**
 * Internal to the kernel: the day arithmetic under dates.ts. Other code imports from dates.ts.
 */
import { CashloopError } from "./errors.js";

export type CalendarDate = string & { readonly __brand: "CalendarDate" };

export const msPerDay = 86_400_000;
export const yearMin = 1;
export const yearMax = 9999;

export type DateParts = { year: number; month: number; day: number };

export function dateInvalid(value: unknown, reason: string): CashloopError {
  const message = `${JSON.stringify(value)} is not a valid date: ${reason}`;
  return new CashloopError("date_invalid", message, { value: String(value) });
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw dateInvalid(`${year}-${month}`, "no such month");
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function checkParts(year: number, month: number, day: number, text: string): DateParts {
  if (!Number.isInteger(year) || year < yearMin || year > yearMax) {
    throw dateInvalid(text, `year outside ${yearMin}..${yearMax}`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) throw dateInvalid(text, "no such month");
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw dateInvalid(text, "no such day in that month");
  }
  return { year, month, day };
}

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

export function partsOf(text: string): DateParts {
  const match = typeof text === "string" ? datePattern.exec(text) : null;
  if (!match) throw dateInvalid(text, "expected YYYY-MM-DD");
  return checkParts(Number(match[1]), Number(match[2]), Number(match[3]), text);
}

export function formatDate(parts: DateParts): CalendarDate {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}` as CalendarDate;
}

/** Days since 1970-01-01 (negative before). setUTCFullYear keeps years below 100 literal. */
export function epochDays(parts: DateParts): number {
  const t = new Date(0);
  t.setUTCFullYear(parts.year, parts.month - 1, parts.day);
  return Math.round(t.getTime() / msPerDay);
}

export function fromEpochDays(days: number): CalendarDate {
  const t = new Date(days * msPerDay);
  const year = t.getUTCFullYear();
  if (Number.isNaN(year) || year < yearMin || year > yearMax) {
    throw dateInvalid(days, `date outside years ${yearMin}..${yearMax}`);
  }
  return formatDate({ year, month: t.getUTCMonth() + 1, day: t.getUTCDate() });
}
