/**
 * The facts a draft may state, indexed for the fact check: links, names, invoice numbers, dates,
 * amounts (with the currencies each currency sign may stand for), and the counts a message may
 * give (days overdue, days until a date, number of invoices, reminders). Pure.
 */
import { type CalendarDate, daysBetween, yearMonth } from "../../kernel/dates.js";
import { type CurrencyCode, currencyExponent, isCurrencyCode } from "../../kernel/money.js";
import type { FactSheet, Language } from "../model.js";

export type AmountFact = { currency: CurrencyCode; minor: bigint };

export type FactIndex = {
  language: Language;
  links: ReadonlySet<string>;
  /** Organisation, customer and contact names: text that may hold digits and is a fact. */
  names: readonly string[];
  /** Longest first, so "INV-12" is found before "INV-1". */
  invoiceNumbers: readonly string[];
  dates: ReadonlySet<CalendarDate>;
  /** "12-3" → the fact dates on December 3 (for dates written without a year). */
  monthDays: ReadonlyMap<string, readonly CalendarDate[]>;
  years: ReadonlySet<number>;
  amounts: readonly AmountFact[];
  /** "N days": days overdue, and days between today and each fact date. */
  days: ReadonlySet<number>;
  /** "N invoices": all of them, and how many are overdue, due today, upcoming. */
  invoiceCounts: ReadonlySet<number>;
  /** Any other bare whole number: the counts above and reminders sent (and this one). */
  counts: ReadonlySet<number>;
};

function factDates(facts: FactSheet): CalendarDate[] {
  const dates = [facts.today, ...facts.invoices.flatMap((i) => [i.issueDate, i.dueDate])];
  if (facts.history.promisedOn) dates.push(facts.history.promisedOn);
  return dates;
}

function amountFacts(facts: FactSheet): AmountFact[] {
  const amounts: AmountFact[] = [{ currency: facts.currency, minor: BigInt(facts.totalDueMinor) }];
  for (const inv of facts.invoices) {
    amounts.push({ currency: inv.currency, minor: BigInt(inv.totalMinor) });
    amounts.push({ currency: inv.currency, minor: BigInt(inv.balanceMinor) });
    const paid = inv.totalMinor - inv.balanceMinor; // a partial payment already received
    if (paid > 0) amounts.push({ currency: inv.currency, minor: BigInt(paid) });
  }
  return amounts;
}

export function factIndex(facts: FactSheet): FactIndex {
  const dates = factDates(facts);
  const monthDays = new Map<string, CalendarDate[]>();
  for (const d of dates) {
    const key = `${yearMonth(d).month}-${Number(d.slice(8, 10))}`;
    monthDays.set(key, [...(monthDays.get(key) ?? []), d]);
  }
  const days = new Set(facts.invoices.map((i) => Math.abs(i.daysOverdue)));
  for (const d of dates) days.add(Math.abs(daysBetween(facts.today, d)));
  const byStatus = [
    facts.invoices.filter((i) => i.daysOverdue > 0).length,
    facts.invoices.filter((i) => i.daysOverdue === 0).length,
    facts.invoices.filter((i) => i.daysOverdue < 0).length,
  ];
  const invoiceCounts = new Set([facts.invoices.length, ...byStatus.filter((n) => n > 0)]);
  const sent = facts.history.remindersSent;
  const names = [facts.organisationName, facts.customerName, facts.contactName ?? ""];
  return {
    language: facts.language,
    links: new Set([facts.paymentLink, facts.portalLink].flatMap((l) => (l ? [l.trim()] : []))),
    names: names.map((n) => n.trim()).filter((n) => n !== ""),
    invoiceNumbers: facts.invoices.map((i) => i.number).sort((a, b) => b.length - a.length),
    dates: new Set(dates),
    monthDays,
    years: new Set(dates.map((d) => yearMonth(d).year)),
    amounts: amountFacts(facts),
    days,
    invoiceCounts,
    counts: new Set([...days, ...invoiceCounts, sent, sent + 1]),
  };
}

/** A number as written, read as whole digits and fraction digits. */
export type Reading = { whole: string; fraction: string };

const groupChars = /[\u00a0\u202f ]/g;

function grouped(text: string, separator: string): string | null {
  const groups = text.split(separator);
  const [head = "", ...rest] = groups;
  if (rest.length === 0) return /^\d+$/.test(head) ? head : null;
  const ok = /^\d{1,3}$/.test(head) && rest.every((g) => /^\d{3}$/.test(g));
  return ok ? groups.join("") : null;
}

/**
 * Every way a written number can be read: "1,200" is 1200 (or 1.200 where a comma is the decimal
 * mark); "1.200,50" is 1200.50; "1200.5" is 1200.5. Grouping must be in threes.
 */
export function numberReadings(raw: string): Reading[] {
  const text = raw.replace(groupChars, "_");
  const readings: Reading[] = [];
  for (const decimal of ["", ".", ","]) {
    const cut = decimal === "" ? -1 : text.lastIndexOf(decimal);
    if (decimal !== "" && (cut < 0 || text.indexOf(decimal) !== cut)) continue;
    const wholeText = cut < 0 ? text : text.slice(0, cut);
    const fraction = cut < 0 ? "" : text.slice(cut + 1);
    if (!/^\d*$/.test(fraction) || (cut >= 0 && fraction === "")) continue;
    const other = decimal === "." ? "," : decimal === "," ? "." : /[.,]/.exec(wholeText)?.[0];
    const unified = wholeText.replaceAll("_", other ?? "_");
    const whole = grouped(unified, other ?? "_");
    if (whole !== null) readings.push({ whole, fraction });
  }
  return readings;
}

export function readingIs(r: Reading, amount: AmountFact): boolean {
  const exponent = currencyExponent(amount.currency);
  if (r.fraction.length > exponent) return false;
  const minor =
    BigInt(r.whole) * 10n ** BigInt(exponent) + BigInt(r.fraction.padEnd(exponent, "0") || "0");
  return minor === amount.minor;
}

const spellingCache = new Map<string, ReadonlySet<string>>();
const SIGN_LOCALES = ["en-US", "en-GB", "es-MX", "es-ES", "es-AR", "es-CO"];

/** "USD" → {"USD", "$", "US$", "U$S"}: the code and the signs Intl writes for it. */
function spellings(currency: CurrencyCode): ReadonlySet<string> {
  const cached = spellingCache.get(currency);
  if (cached) return cached;
  const signs = new Set<string>([currency]);
  for (const locale of SIGN_LOCALES) {
    for (const currencyDisplay of ["symbol", "narrowSymbol"] as const) {
      const parts = new Intl.NumberFormat(locale, { style: "currency", currency, currencyDisplay });
      const sign = parts.formatToParts(1).find((p) => p.type === "currency")?.value;
      if (sign) signs.add(sign.toUpperCase());
    }
  }
  if (currency === "USD") signs.add("U$S");
  spellingCache.set(currency, signs);
  return signs;
}

const PESOS = new Set(["MXN", "COP", "CLP", "ARS", "UYU", "DOP", "CUP", "PHP"]);
const NAMED: readonly (readonly [RegExp, string])[] = [
  [/^(?:u\.?s\.? dollars?|d[oó]lar(?:es)? (?:estadounidenses?|americanos?))$/, "USD"],
  [/^d[oó]lar(?:es)? canadienses?$/, "CAD"],
  [/^pesos? mexicanos?$/, "MXN"],
  [/^pesos? colombianos?$/, "COP"],
  [/^pesos? chilenos?$/, "CLP"],
  [/^pesos? argentinos?$/, "ARS"],
  [/^pesos? uruguayos?$/, "UYU"],
  [/^euros?$/, "EUR"],
];

/** Whether a written currency sign, code or name ("$", "US$", "USD", "dólares") can mean `currency`. */
export function markerFits(marker: string, currency: CurrencyCode): boolean {
  const word = marker.trim().replace(/\s+/g, " ").toLowerCase();
  if (/^[A-Z]{3}$/.test(marker.trim()))
    return isCurrencyCode(marker.trim()) && marker.trim() === currency;
  if (spellings(currency).has(marker.trim().toUpperCase())) return true;
  const named = NAMED.find(([pattern]) => pattern.test(word));
  if (named) return named[1] === currency;
  if (/^(?:dollars?|d[oó]lar(?:es)?)$/.test(word)) {
    return currency.endsWith("D") && spellings(currency).has("$");
  }
  return /^pesos?$/.test(word) && PESOS.has(currency);
}

/** The fact dates of a yearless "month-day", or the date itself when it is a fact. */
export function factDatesOn(index: FactIndex, year: number | null, month: number, day: number) {
  if (year !== null) {
    const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    return [...index.dates].filter((d) => d === iso);
  }
  return [...(index.monthDays.get(`${month}-${day}`) ?? [])];
}
