/**
 * Dates in receipts, English and Spanish: "2026-12-03", "Dec 3, 2026", "3 de diciembre de 2026",
 * "03-DIC-2026", "03/12/2026" (day first in Spanish and with dots; month first in English unless
 * impossible). Works on folded lines (lowercase, accent-free). Pure.
 */
import { type CalendarDate, dateFromParts } from "../../kernel/dates.js";
import type { FieldGuess } from "../model.js";
import {
  type EvidenceLine,
  guessLanguage,
  phrasePattern,
  previousNonEmpty,
  wasRepaired,
} from "./evidence-text.js";

// biome-ignore format: a table, one month per row
const monthNumbers: Readonly<Record<string, number>> = {
  jan: 1, january: 1, ene: 1, enero: 1,
  feb: 2, february: 2, febrero: 2,
  mar: 3, march: 3, marzo: 3,
  apr: 4, april: 4, abr: 4, abril: 4,
  may: 5, mayo: 5,
  jun: 6, june: 6, junio: 6,
  jul: 7, july: 7, julio: 7,
  aug: 8, august: 8, ago: 8, agosto: 8,
  sep: 9, sept: 9, september: 9, septiembre: 9, set: 9, setiembre: 9,
  oct: 10, october: 10, octubre: 10,
  nov: 11, november: 11, noviembre: 11,
  dec: 12, december: 12, dic: 12, diciembre: 12,
};

const monthAlternation = Object.keys(monthNumbers)
  .sort((a, b) => b.length - a.length)
  .join("|");
const yearPart = String.raw`(\d{4}|\d{2})(?!\d)`;

/** Each pattern's groups give day, month, year in the order named. */
const datePatterns: readonly { regex: RegExp; order: "ymd" | "dmy" | "mdy" | "numeric" }[] = [
  { regex: /(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/g, order: "ymd" },
  {
    regex: new RegExp(
      String.raw`(?<!\d)(\d{1,2})(?:\s*de)?[\s\-/.]*(${monthAlternation})\.?(?![a-z])(?:\s*del?)?[\s\-/.,]*${yearPart}`,
      "g",
    ),
    order: "dmy",
  },
  {
    regex: new RegExp(
      String.raw`(?<![a-z])(${monthAlternation})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d),?\s*(?:de\s+)?${yearPart}`,
      "g",
    ),
    order: "mdy",
  },
  {
    regex: /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|[/.-]\d)/g,
    order: "numeric",
  },
];

export type DateHit = {
  date: CalendarDate;
  start: number;
  end: number;
  /** Day and month could be read either way ("03/04/2026"). */
  ambiguous: boolean;
  twoDigitYear: boolean;
};

function toDate(year: number, month: number, day: number): CalendarDate | undefined {
  const fullYear = year < 100 ? 2000 + year : year;
  if (fullYear < 1990 || fullYear > 2199) return undefined;
  try {
    return dateFromParts(fullYear, month, day);
  } catch {
    return undefined;
  }
}

function hitOf(
  m: RegExpMatchArray,
  order: (typeof datePatterns)[number]["order"],
  language: "en" | "es",
): DateHit | undefined {
  const g = (i: number) => m[i] ?? "";
  const start = m.index ?? 0;
  const base = { start, end: start + m[0].length, ambiguous: false };
  if (order === "ymd") {
    const date = toDate(Number(g(1)), Number(g(2)), Number(g(3)));
    return date && { ...base, date, twoDigitYear: false };
  }
  if (order === "dmy" || order === "mdy") {
    const [day, month, year] = order === "dmy" ? [g(1), g(2), g(3)] : [g(2), g(1), g(3)];
    const date = toDate(Number(year), monthNumbers[month] ?? 0, Number(day));
    return date && { ...base, date, twoDigitYear: year.length === 2 };
  }
  const [a, b, year] = [Number(g(1)), Number(g(3)), Number(g(4))];
  const dayFirst = a > 12 || (b <= 12 && (language === "es" || g(2) === "."));
  const date = dayFirst ? toDate(year, b, a) : toDate(year, a, b);
  if (!date) return undefined;
  return { ...base, date, ambiguous: a <= 12 && b <= 12 && a !== b, twoDigitYear: year < 100 };
}

/** Every date in one folded line, left to right, without overlaps. */
export function findDates(folded: string, language: "en" | "es"): DateHit[] {
  const hits: DateHit[] = [];
  for (const { regex, order } of datePatterns) {
    for (const m of folded.matchAll(regex)) {
      const hit = hitOf(m, order, language);
      if (hit && !hits.some((h) => hit.start < h.end && h.start < hit.end)) hits.push(hit);
    }
  }
  return hits.sort((x, y) => x.start - y.start);
}

const preferredLabels = phrasePattern([
  "fecha valor",
  "fecha de valor",
  "value date",
  "fecha de pago",
  "payment date",
  "fecha de aplicacion",
  "fecha de operacion",
  "fecha de la operacion",
  "fecha de transferencia",
  "transfer date",
  "transaction date",
  "fecha de transaccion",
  "date sent",
  "sent on",
  "paid on",
  "fecha de envio",
  "fecha y hora",
]);
const otherLabels = /\b(fecha|date|dated|sent|enviad[oa]|paid|pagad[oa]|el|on|realizad[oa])\b/;
const excludedLabels =
  /\b(venc\w*|due|expir\w*|exp|vence|nacimiento|birth|limite|emision|invoice date|fecha de factura|periodo|period|statement)\b/;

function rankOf(label: string): number {
  if (excludedLabels.test(label)) return 0;
  if (preferredLabels.test(label)) return 3;
  if (otherLabels.test(label)) return 2;
  return 1;
}

/** The payment date: a value or payment date label first, then other date labels, then any. */
export function extractDate(lines: readonly EvidenceLine[]): FieldGuess<CalendarDate> {
  const language = guessLanguage(lines);
  let best: { hit: DateHit; rank: number; repaired: boolean } | undefined;
  lines.forEach((line, lineIndex) => {
    let from = 0;
    for (const hit of findDates(line.folded, language)) {
      let label = line.folded.slice(from, hit.start);
      from = hit.end;
      if (label.replace(/[\s:|\-*]/g, "") === "") {
        label = `${label} ${lines[previousNonEmpty(lines, lineIndex)]?.folded ?? ""}`;
      }
      const rank = rankOf(label);
      if (rank > 0 && (!best || rank > best.rank)) {
        best = { hit, rank, repaired: wasRepaired(line, hit.start, hit.end) };
      }
    }
  });
  if (!best) return { value: null, confidence: 0 };
  const base = best.rank === 3 ? 0.9 : best.rank === 2 ? 0.85 : 0.6;
  const penalty =
    (best.hit.ambiguous ? 0.15 : 0) +
    (best.repaired ? 0.1 : 0) +
    (best.hit.twoDigitYear ? 0.05 : 0);
  return { value: best.hit.date, confidence: round2(base - penalty) };
}

export function round2(n: number): number {
  return Math.round(Math.max(0, Math.min(1, n)) * 100) / 100;
}
