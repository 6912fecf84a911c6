/**
 * What a CSV profile's date format means: "DD.MM.YYYY" and the like compiled to a matcher
 * (tokens YYYY YY MM M MMM DD D, separators - . / space, a time after the date ignored), and a
 * cell read as a calendar date with it. Month names in EN, DE, NL, FR and ES. The parser and the
 * detector share these. Pure.
 */
import { type CalendarDate, dateFromParts } from "../../kernel/dates.js";

type DatePart = "year" | "shortYear" | "month" | "monthName" | "day";
export type CompiledDateFormat = { format: string; regex: RegExp; parts: DatePart[] };

const dateTokens = /YYYY|YY|MMM|MM|M|DD|D|[-./ ]/y;
const timeSuffix =
  "(?:(?:[ T]|,\\s*)\\d{1,2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?(?:\\s*[AaPp][Mm])?(?:\\s*(?:Z|UTC|GMT|[+-]\\d{2}:?\\d{2}))?)?";
const compiled = new Map<string, CompiledDateFormat | undefined>();

/** "DD.MM.YYYY" → a matcher; undefined when the format is not one year, month and day. */
export function compileDateFormat(format: string): CompiledDateFormat | undefined {
  if (compiled.has(format)) return compiled.get(format);
  const tokens: string[] = [];
  dateTokens.lastIndex = 0;
  while (typeof format === "string" && dateTokens.lastIndex < format.length) {
    const match = dateTokens.exec(format);
    if (!match) break;
    tokens.push(match[0]);
  }
  const complete = tokens.join("") === format && format.length > 0;
  const compact = !tokens.some((t) => /^[-./ ]$/.test(t)); // YYYYMMDD: fixed widths
  const parts: DatePart[] = [];
  const pattern = tokens.map((t) => {
    if (t === "YYYY") return parts.push("year") && "(\\d{4})";
    if (t === "YY") return parts.push("shortYear") && "(\\d{2})";
    if (t === "MMM") return parts.push("monthName") && "(\\p{L}{3,9})\\.?";
    if (t === "MM" || t === "M")
      return parts.push("month") && (compact ? "(\\d{2})" : "(\\d{1,2})");
    if (t === "DD" || t === "D") return parts.push("day") && (compact ? "(\\d{2})" : "(\\d{1,2})");
    return t === " " ? "\\s+" : t === "." ? "\\." : t;
  });
  const count = (...kinds: DatePart[]) => parts.filter((p) => kinds.includes(p)).length;
  const valid =
    complete &&
    count("year", "shortYear") === 1 &&
    count("month", "monthName") === 1 &&
    count("day") === 1;
  const result = valid
    ? { format, regex: new RegExp(`^${pattern.join("")}${timeSuffix}$`, "u"), parts }
    : undefined;
  if (compiled.size < 200) compiled.set(format, result);
  return result;
}

/** Month names and abbreviations in English, German, Dutch, French and Spanish. */
// biome-ignore format: a table
const monthNames: Record<string, number> = {
  jan: 1, ene: 1, janv: 1, feb: 2, fev: 2, fevr: 2, mar: 3, mrz: 3, mrt: 3, maer: 3, apr: 4,
  abr: 4, avr: 4, may: 5, mai: 5, mei: 5, jun: 6, june: 6, juin: 6, jul: 7, july: 7, juil: 7,
  aug: 8, ago: 8, aou: 8, sep: 9, sept: 9, set: 9, oct: 10, okt: 10, nov: 11, dec: 12, dez: 12,
  dic: 12,
};

function monthFromName(name: string): number | undefined {
  const plain = name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  return monthNames[plain] ?? monthNames[plain.slice(0, 4)] ?? monthNames[plain.slice(0, 3)];
}

/** The calendar date `text` names in `format` (a time after it is ignored), else undefined. */
export function parseDateAs(text: string, format: CompiledDateFormat): CalendarDate | undefined {
  const match = format.regex.exec(text.trim());
  if (!match) return undefined;
  let year = 0;
  let month: number | undefined;
  let day = 0;
  format.parts.forEach((part, i) => {
    const value = match[i + 1] ?? "";
    if (part === "year") year = Number(value);
    else if (part === "shortYear") year = Number(value) + (Number(value) < 70 ? 2000 : 1900);
    else if (part === "month") month = Number(value);
    else if (part === "monthName") month = monthFromName(value);
    else day = Number(value);
  });
  if (month === undefined) return undefined;
  try {
    return dateFromParts(year, month, day);
  } catch {
    return undefined;
  }
}
