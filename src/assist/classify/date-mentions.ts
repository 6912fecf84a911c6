/**
 * Dates a customer writes, read against `today`: absolute ("12/15", "Dec 3rd", "el 3 de
 * diciembre de 2026"), weekdays (the next such day after today), "tomorrow"/"mañana",
 * "pasado mañana", "end of the month"/"fin de mes", "in 5 days"/"en 5 días", "la quincena", and a
 * bare day of the month ("the 15th", "el día 15": the next such day from today on). A date
 * without a year is the next one from today on. Numeric dates are month/day in English and
 * day/month in Spanish unless one part is above 12. Pure; no clock.
 */
import {
  addDays,
  addMonths,
  type CalendarDate,
  compareDates,
  dateFromParts,
  dayOfWeek,
  daysInMonth,
  endOfMonth,
  yearMonth,
} from "../../kernel/dates.js";
import type { Language } from "../model.js";
import { foldSameLength } from "./tokenize.js";

/** `today`: the mention was "today"/"hoy", which a promise often negates ("can't pay today"). */
export type DateMention = { start: number; end: number; on: CalendarDate; today?: true };

const monthNames: Record<string, number> = {};
const monthLists = [
  "january jan enero ene",
  "february feb febrero",
  "march mar marzo",
  "april apr abril abr",
  "may mayo",
  "june jun junio",
  "july jul julio",
  "august aug agosto ago",
  "september sept sep septiembre setiembre",
  "october oct octubre",
  "november nov noviembre",
  "december dec diciembre dic",
];
for (const [i, names] of monthLists.entries())
  for (const n of names.split(" ")) monthNames[n] = i + 1;
const month = Object.keys(monthNames)
  .sort((a, b) => b.length - a.length)
  .join("|");

const weekdayNames: Record<string, number> = {
  sunday: 0,
  domingo: 0,
  monday: 1,
  lunes: 1,
  tuesday: 2,
  tues: 2,
  martes: 2,
  wednesday: 3,
  miercoles: 3,
  thursday: 4,
  thurs: 4,
  jueves: 4,
  friday: 5,
  fri: 5,
  viernes: 5,
  saturday: 6,
  sabado: 6,
};
const weekday = Object.keys(weekdayNames).join("|");

const numberWords: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  un: 1,
  uno: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
};

function parts(d: CalendarDate): { year: number; month: number; day: number } {
  return { ...yearMonth(d), day: Number(d.slice(8, 10)) };
}

function safeDate(year: number, m: number, day: number): CalendarDate | null {
  if (m < 1 || m > 12 || day < 1 || day > daysInMonth(year, m)) return null;
  return dateFromParts(year, m, day);
}

/** The next month/day from today on: this year's, else next year's. */
function nextMonthDay(today: CalendarDate, m: number, day: number): CalendarDate | null {
  const { year } = parts(today);
  const thisYear = safeDate(year, m, day);
  if (thisYear && compareDates(thisYear, today) >= 0) return thisYear;
  return safeDate(year + 1, m, day);
}

function nextDayOfMonth(today: CalendarDate, day: number): CalendarDate | null {
  if (day < 1 || day > 31) return null;
  const t = parts(today);
  if (day >= t.day)
    return dateFromParts(t.year, t.month, Math.min(day, daysInMonth(t.year, t.month)));
  const next = addMonths(dateFromParts(t.year, t.month, 1), 1);
  const n = parts(next);
  return dateFromParts(n.year, n.month, Math.min(day, daysInMonth(n.year, n.month)));
}

function nextWeekday(today: CalendarDate, target: number): CalendarDate {
  const ahead = (target - dayOfWeek(today) + 7) % 7;
  return addDays(today, ahead === 0 ? 7 : ahead);
}

function fullYear(y: string | undefined, today: CalendarDate): number | undefined {
  if (y === undefined) return undefined;
  const n = Number(y);
  return y.length === 2 ? Math.floor(parts(today).year / 100) * 100 + n : n;
}

function numericDate(a: number, b: number, language: Language): { m: number; day: number } {
  if (a > 12) return { m: b, day: a };
  if (b > 12) return { m: a, day: b };
  return language === "es" ? { m: b, day: a } : { m: a, day: b };
}

type Rule = {
  pattern: RegExp;
  read: (m: RegExpExecArray, today: CalendarDate, lang: Language) => CalendarDate | null;
  today?: true;
};

const dayUnits = "days?|dias?|business days|working days|dias habiles";
const notAfterDay = `(?![\\d/%:–-]|\\s*(?:de\\s+)?(?:${month})\\b|\\s+(?:${dayUnits}|hours?|horas?|reminders?|recordatorios?|times?|veces|vez|months?|mes(?:es)?|weeks?|semanas?|floor|piso|percent|por ciento)\\b)`;

/** In priority order: a later rule never takes text an earlier one matched. */
const rules: Rule[] = [
  {
    pattern: /\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g,
    read: (m) => safeDate(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  {
    pattern: /(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/-]|\.\d)/g,
    read: (m, today, lang) => {
      const { m: mo, day } = numericDate(Number(m[1]), Number(m[2]), lang);
      return safeDate(fullYear(m[3], today) as number, mo, day);
    },
  },
  {
    pattern: new RegExp(
      `\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+|de\\s+)?(${month})\\b\\.?(?:,?\\s+(?:de\\s+|del\\s+)?(\\d{4}))?`,
      "g",
    ),
    read: (m, today) => {
      const mo = monthNames[m[2] as string] as number;
      const year = fullYear(m[3], today);
      return year ? safeDate(year, mo, Number(m[1])) : nextMonthDay(today, mo, Number(m[1]));
    },
  },
  {
    pattern: new RegExp(
      `\\b(${month})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?![:\\d])(?:,?\\s+(\\d{4}))?`,
      "g",
    ),
    read: (m, today) => {
      const mo = monthNames[m[1] as string] as number;
      const year = fullYear(m[3], today);
      return year ? safeDate(year, mo, Number(m[2])) : nextMonthDay(today, mo, Number(m[2]));
    },
  },
  {
    pattern: /(?<![\d/.-])(\d{1,2})\/(\d{1,2})(?![\d/])/g,
    read: (m, today, lang) => {
      const { m: mo, day } = numericDate(Number(m[1]), Number(m[2]), lang);
      return nextMonthDay(today, mo, day);
    },
  },
  {
    pattern: new RegExp(
      `\\b(?:${weekday})\\s*,?\\s+(?:the\\s+)?(\\d{1,2})(?:st|nd|rd|th)?\\b${notAfterDay}`,
      "g",
    ),
    read: (m, today) => nextDayOfMonth(today, Number(m[1])),
  },
  { pattern: /\bpasado manana\b/g, read: (_, today) => addDays(today, 2) },
  {
    pattern: /\b(?:tomorrow|tmrw|tmr|2moro)\b|(?<!\b(?:esta|la|una|cada)\s)\bmanana\b/g,
    read: (_, today) => addDays(today, 1),
  },
  {
    pattern: /\b(?:later today|today|tonight|this afternoon|hoy|esta tarde|esta noche)\b/g,
    read: (_, today) => today,
    today: true,
  },
  {
    pattern: /\b(?:end of next month|(?:fin|final|finales) del (?:proximo mes|mes que viene))\b/g,
    read: (_, today) => endOfMonth(addMonths(today, 1)),
  },
  {
    pattern:
      /\b(?:end of (?:the |this )?month|month[- ]end|eom|(?:fin|final|finales) de(?:l| este)? mes)\b/g,
    read: (_, today) => endOfMonth(today),
  },
  {
    pattern: new RegExp(
      `\\b(?:in|within|en|dentro de)\\s+(\\d{1,2}|${Object.keys(numberWords).join("|")})\\s+(?:days?|dias?)\\b(?!\\s+(?:habiles|business|working))`,
      "g",
    ),
    read: (m, today) => addDays(today, Number(numberWords[m[1] as string] ?? m[1])),
  },
  { pattern: /\b(?:in a week|en una semana)\b/g, read: (_, today) => addDays(today, 7) },
  {
    pattern: /\bquincena\b/g,
    read: (_, today) => {
      const mid = nextDayOfMonth(today, 15) as CalendarDate;
      const eom = endOfMonth(today);
      return compareDates(mid, eom) < 0 ? mid : eom;
    },
  },
  {
    pattern: new RegExp(`(?<!\\b(?:last|past)\\s)\\b(${weekday})\\b(?!\\s+pasado)`, "g"),
    read: (m, today) => nextWeekday(today, weekdayNames[m[1] as string] as number),
  },
  {
    pattern: new RegExp(
      `\\b(?:the|el|el dia|dia)\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b${notAfterDay}|\\b(\\d{1,2})(?:st|nd|rd|th)\\b${notAfterDay}`,
      "g",
    ),
    read: (m, today) => nextDayOfMonth(today, Number(m[1] ?? m[2])),
  },
];

export const dateMentionsMax = 50;

/** Date mentions in text order. Offsets index into `text`. */
export function findDateMentions(
  text: string,
  today: CalendarDate,
  language: Language,
): DateMention[] {
  const folded = foldSameLength(text);
  const taken: DateMention[] = [];
  const free = (start: number, end: number) => taken.every((t) => end <= t.start || start >= t.end);
  for (const rule of rules) {
    for (const m of folded.matchAll(rule.pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!free(start, end)) continue;
      const on = rule.read(m as RegExpExecArray, today, language);
      if (on) taken.push(rule.today ? { start, end, on, today: true } : { start, end, on });
      if (taken.length >= dateMentionsMax) break;
    }
  }
  taken.sort((a, b) => a.start - b.start);
  // "Monday, November 23" is one date: a weekday right before another date gives way to it.
  return taken.filter((t, i) => {
    const next = taken[i + 1];
    const isWeekday = new RegExp(`^(?:${weekday})$`).test(folded.slice(t.start, t.end));
    return !(isWeekday && next && /^[\s,]*(?:the\s+)?$/.test(folded.slice(t.end, next.start)));
  });
}

const esWords =
  /\b(?:el|la|los|las|de|del|que|por|para|ya|le|les|lo|con|una|factura|pago|gracias|hola|favor|esta|estoy|mes|dia|semana|no me|pague|pagamos|manana|hasta|regreso)\b/g;
const enWords =
  /\b(?:the|to|and|is|we|i|you|for|it|this|will|pay|paid|please|invoice|thanks|of|on|be|my|our|back|until|can|next)\b/g;

/** "es" when Spanish function words outnumber English ones. */
export function guessLanguage(text: string): Language {
  const folded = foldSameLength(text);
  const es = folded.match(esWords)?.length ?? 0;
  const en = folded.match(enWords)?.length ?? 0;
  return es > en ? "es" : "en";
}
