/**
 * How facts are written in a message: amounts in a fixed locale per language, dates as words.
 * Pure; no clock. The fact sheet carries no locale, so the language decides it: en → en-US,
 * es → es-MX ("$1,200.00", "USD 1,200.00"; "3 de diciembre de 2026").
 */
import { type CalendarDate, yearMonth } from "../../kernel/dates.js";
import { type CurrencyCode, formatMoney, money } from "../../kernel/money.js";
import type { Language } from "../model.js";

export const LOCALES: Readonly<Record<Language, string>> = { en: "en-US", es: "es-MX" };

/** WhatsApp messages stay within this many characters. */
export const whatsappCharsMax = 320;
/** An email body longer than this is not a reminder any more. */
export const emailBodyCharsMax = 3000;
/** An email subject longer than this is cut by most mail clients. */
export const emailSubjectCharsMax = 120;

export const MONTHS: Readonly<Record<Language, readonly string[]>> = {
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
  es: [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
  ],
};

export function formatAmount(minor: number, currency: CurrencyCode, language: Language): string {
  return formatMoney(money(minor, currency), LOCALES[language]);
}

function dayOf(d: CalendarDate): number {
  return Number(d.slice(8, 10));
}

function monthName(d: CalendarDate, language: Language): string {
  return MONTHS[language][yearMonth(d).month - 1] ?? "";
}

/** "December 3, 2026" / "3 de diciembre de 2026". */
export function formatLongDate(d: CalendarDate, language: Language): string {
  const { year } = yearMonth(d);
  return language === "en"
    ? `${monthName(d, "en")} ${dayOf(d)}, ${year}`
    : `${dayOf(d)} de ${monthName(d, "es")} de ${year}`;
}

/** "December 3" / "3 de diciembre"; the year is added when it is not the current one. */
export function formatShortDate(d: CalendarDate, language: Language, today: CalendarDate): string {
  if (yearMonth(d).year !== yearMonth(today).year) return formatLongDate(d, language);
  return language === "en"
    ? `${monthName(d, "en")} ${dayOf(d)}`
    : `${dayOf(d)} de ${monthName(d, "es")}`;
}

/** "Ana López" → "Ana"; a leading title ("Dr. Ana López") keeps the whole name. */
export function firstName(fullName: string): string {
  const [first = fullName] = fullName.trim().split(/\s+/);
  return first.endsWith(".") ? fullName.trim() : first;
}

/** "A", "A and B", "A, B and C" (es: "y"). */
export function joinList(items: readonly string[], language: Language): string {
  const and = language === "en" ? "and" : "y";
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`;
}

export function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
