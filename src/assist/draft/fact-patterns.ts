/**
 * The shapes of facts in English and Spanish text: links, e-mail addresses, dates ("Dec 3",
 * "December 3, 2026", "12/03/2026", "2026-12-03", "3 de diciembre", "3 dic"), times, percentages,
 * amounts ("$1,200.00", "USD 1,200", "1.200,00 US$", "1,200 dólares"), day and invoice counts,
 * phone numbers, and any other token that holds a digit. Pure data.
 */
import { CURRENCY_EXPONENTS } from "../../kernel/currencies.js";

const SP = "[\\s\\u00a0\\u202f]";
/** Not glued to a word or number before ("INV-2026-12-03" is not a date). */
const START = "(?<![\\p{L}\\p{N}][-/._]?)";
const END = "(?![-/._]?[\\p{L}\\p{N}])";

export const MONTH_NUMBERS: Readonly<Record<string, number>> = (() => {
  const names: [string[], number][] = [
    [["january", "jan", "enero", "ene"], 1],
    [["february", "feb", "febrero"], 2],
    [["march", "mar", "marzo"], 3],
    [["april", "apr", "abril", "abr"], 4],
    [["may", "mayo"], 5],
    [["june", "jun", "junio"], 6],
    [["july", "jul", "julio"], 7],
    [["august", "aug", "agosto", "ago"], 8],
    [["september", "sept", "sep", "septiembre", "setiembre"], 9],
    [["october", "oct", "octubre"], 10],
    [["november", "nov", "noviembre"], 11],
    [["december", "dec", "diciembre", "dic"], 12],
  ];
  return Object.fromEntries(names.flatMap(([words, n]) => words.map((w) => [w, n])));
})();

/** 0 = Sunday, as kernel `dayOfWeek`. */
export const WEEKDAY_NUMBERS: Readonly<Record<string, number>> = {
  sunday: 0,
  sun: 0,
  domingo: 0,
  monday: 1,
  mon: 1,
  lunes: 1,
  tuesday: 2,
  tue: 2,
  tues: 2,
  martes: 2,
  wednesday: 3,
  wed: 3,
  miércoles: 3,
  miercoles: 3,
  thursday: 4,
  thu: 4,
  thur: 4,
  thurs: 4,
  jueves: 4,
  friday: 5,
  fri: 5,
  viernes: 5,
  saturday: 6,
  sat: 6,
  sábado: 6,
  sabado: 6,
};

const alternation = (words: readonly string[]) =>
  [...words].sort((a, b) => b.length - a.length).join("|");
const MONTH = `(?<month>${alternation(Object.keys(MONTH_NUMBERS))})(?![\\p{L}])(?:\\.(?=${SP}+\\d))?`;
const WEEKDAY = `(?:(?<weekday>${alternation(Object.keys(WEEKDAY_NUMBERS))})\\.?,?${SP}+)?`;
const DAY = "(?<day>\\d{1,2})(?:st|nd|rd|th|º|°|\\.º)?";
const YEAR = "(?<year>\\d{4})(?![\\d]|[.,]\\d)";

const CODES = Object.keys(CURRENCY_EXPONENTS).join("|");
const NUM = `(?<num>\\d{1,3}(?:[,.\\u00a0\\u202f]\\d{3})+(?:[.,]\\d+)?(?!\\d)|\\d+(?:[.,]\\d+)?(?!\\d))`;
const SIGN = "U\\$S|[A-Z]{1,2}[$¥]|S\\/\\.?|[$€£¥₹₩₱]";
const CODE = `(?<![A-Za-z])(?:${CODES})(?![A-Za-z])`;
const WORDS = [
  `(?:[Uu]\\.?[Ss]\\.?${SP})?[Dd]ollars?`,
  `[Dd][oó]lar(?:es)?(?:${SP}(?:estadounidenses|americanos|canadienses))?`,
  `[Pp]esos?(?:${SP}(?:mexicanos|colombianos|chilenos|argentinos|uruguayos))?`,
  "[Ee]uros?",
].join("|");

const re = (source: string, flags = "gu") => new RegExp(source, flags);

export const PATTERNS = {
  url: re("(?:https?:\\/\\/|www\\.)[^\\s<>\"'\\u0001]*[^\\s<>\"'\\u0001.,;:!?)\\]}»…]", "giu"),
  domain: re(
    "(?<![\\p{L}\\p{N}@./-])(?:[\\p{L}\\p{N}-]+\\.)+(?:com|net|org|io|co|app|dev|me|info|biz|link|pay|shop|store|site|online|xyz|mx|es|us|ar|cl|pe|uk|de|fr|br)(?![\\p{L}\\p{N}])(?:\\/[^\\s<>\"'\\u0001]*[^\\s<>\"'\\u0001.,;:!?)\\]}»…])?",
  ),
  email: re("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+"),
  isoDate: re(`${START}(?<year>\\d{4})[-/](?<month>\\d{1,2})[-/](?<day>\\d{1,2})${END}`),
  numericDate: re(
    `${START}(?<a>\\d{1,2})(?<sep>[/.-])(?<b>\\d{1,2})\\k<sep>(?<year>\\d{4}|\\d{2})${END}`,
  ),
  slashDate: re(`${START}(?<a>\\d{1,2})\\/(?<b>\\d{1,2})${END}`),
  monthFirst: re(
    `(?<![\\p{L}\\p{N}])${WEEKDAY}${MONTH}${SP}+${DAY}(?![\\p{L}\\p{N}])(?:,?${SP}+${YEAR})?`,
    "giu",
  ),
  dayFirst: re(
    `(?<![\\p{L}\\p{N}])${WEEKDAY}${DAY}${SP}*(?:de${SP}+|of${SP}+)?${MONTH}(?:,?${SP}+(?:de${SP}+|del${SP}+)?${YEAR})?`,
    "giu",
  ),
  time: re(
    `${START}(?:\\d{1,2}[:h]\\d{2}(?::\\d{2})?(?:${SP}?(?:[ap]\\.?m\\.?|hrs?|horas|h)(?![\\p{L}]))?|\\d{1,2}${SP}?(?:[ap]\\.m\\.|[ap]m(?![\\p{L}])))`,
    "giu",
  ),
  percent: re(`${START}\\d+(?:[.,]\\d+)?${SP}?(?:%|percent(?![\\p{L}])|por${SP}ciento)`, "giu"),
  amountSignFirst: re(
    `(?<![\\p{L}\\p{N}])(?<pre>${SIGN}|${CODE})${SP}?${NUM}(?:${SP}?(?<suf>${CODE}))?`,
  ),
  amountSignAfter: re(`${START}${NUM}${SP}?(?<suf>${SIGN}|${CODE}|(?:${WORDS})(?![\\p{L}]))`),
  dayCount: re(
    `${START}(?<n>\\d+)${SP}+(?:(?:business|calendar|working)${SP}+)?(?:days?|d[ií]as?)(?:${SP}+(?:h[aá]biles|naturales))?(?![\\p{L}])`,
    "giu",
  ),
  invoiceCount: re(
    `${START}(?<n>\\d+)${SP}+(?:(?:open|unpaid|outstanding|pending|overdue|past-due|new)${SP}+)?(?:invoices?|facturas?)(?![\\p{L}])`,
    "giu",
  ),
  phone: re(
    "(?<![\\p{L}\\p{N}])(?:\\+\\d{1,3}(?:[\\s.-]?\\(?\\d{1,4}\\)?){2,}|\\(?\\d{2,4}\\)?[\\s.-]\\d{3,4}[\\s.-]\\d{4}(?!\\p{N}))",
  ),
  /** Anything left that holds a digit is checked on its own. */
  token: re("[\\p{L}\\p{N}]+(?:[-/._:,#][\\p{L}\\p{N}]+)*"),
  /** A bare number written with grouping or decimals: "1,200.00", "1200.5". */
  bareNumber: /^(?:\d{1,3}(?:[,.]\d{3})+(?:[.,]\d+)?|\d+[.,]\d+)$/,
  ordinal: /^(\d+)(?:st|nd|rd|th|º|ª|er|ro|do|to|vo|no)?$/iu,
} as const;
