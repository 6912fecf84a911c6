/**
 * The reading machinery shared by the fact checks (drafts and summaries): a scan that claims the
 * spans each pass recognises, most specific pass first, and the date passes. What counts as a
 * fact is the caller's: it passes `datesOn`, the fact dates matching a written day. Pure.
 */
import { type CalendarDate, dayOfWeek, isCalendarDate } from "../../kernel/dates.js";
import type { Language } from "../model.js";
import { MONTH_NUMBERS, PATTERNS, WEEKDAY_NUMBERS } from "./fact-patterns.js";

export type Verdict = "ok" | "bad" | "skip";
const CLAIMED = "\u0001";

/** The text with claimed spans blanked out, and what was found wrong so far (verbatim). */
export class Scan {
  work: string;
  readonly offending: string[] = [];
  constructor(readonly text: string) {
    this.work = text;
  }
  claim(start: number, end: number, verdict: "ok" | "bad"): void {
    if (verdict === "bad") this.offending.push(this.text.slice(start, end).trim());
    this.work = this.work.slice(0, start) + CLAIMED.repeat(end - start) + this.work.slice(end);
  }
  pass(pattern: RegExp, judge: (m: RegExpExecArray) => Verdict): void {
    for (const m of [...this.work.matchAll(pattern)]) {
      const verdict = judge(m);
      if (verdict !== "skip") this.claim(m.index, m.index + m[0].length, verdict);
    }
  }
  /** Claims every stand-alone occurrence of a known text (a name, an invoice number). */
  literal(needle: string): void {
    if (needle === "") return;
    let at = this.work.indexOf(needle);
    while (at >= 0) {
      const before = this.work.slice(Math.max(0, at - 2), at);
      const after = this.work.slice(at + needle.length, at + needle.length + 2);
      const glued = /[\p{L}\p{N}][-/._]?$/u.test(before) || /^[-/._]?[\p{L}\p{N}]/u.test(after);
      if (!glued) this.claim(at, at + needle.length, "ok");
      at = this.work.indexOf(needle, at + needle.length);
    }
  }
}

export type DateFacts = {
  language: Language;
  /** Fact dates on that month and day (and year, when written). */
  datesOn: (year: number | null, month: number, day: number) => CalendarDate[];
};

function judgeDate(
  facts: DateFacts,
  parts: { year: number | null; month: number; day: number; weekday?: string | undefined },
): Verdict {
  const { month, day } = parts;
  const year = parts.year !== null && parts.year < 100 ? 2000 + parts.year : parts.year;
  if (year !== null) {
    const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    if (!isCalendarDate(iso)) return "bad";
  }
  const matches = facts.datesOn(year, month, day);
  if (matches.length === 0) return "bad";
  if (parts.weekday === undefined) return "ok";
  const weekday = WEEKDAY_NUMBERS[parts.weekday.toLowerCase()];
  return matches.some((d) => dayOfWeek(d) === weekday) ? "ok" : "bad";
}

function numericDate(facts: DateFacts, a: number, b: number, year: number | null): Verdict {
  // en writes month/day, es day/month; a first number over 12 can only be a day
  const dayFirst = a > 12 || (facts.language === "es" && b <= 12);
  return dayFirst
    ? judgeDate(facts, { year, month: b, day: a })
    : judgeDate(facts, { year, month: a, day: b });
}

/** Dates: with a year it must be a fact date; without one, its month and day must be. */
export function datePasses(r: Scan, facts: DateFacts): void {
  const n = (s: string | undefined) => (s === undefined ? null : Number(s));
  r.pass(PATTERNS.isoDate, (m) =>
    judgeDate(facts, {
      year: n(m.groups?.year),
      month: Number(m.groups?.month),
      day: Number(m.groups?.day),
    }),
  );
  r.pass(PATTERNS.numericDate, (m) =>
    numericDate(facts, Number(m.groups?.a), Number(m.groups?.b), n(m.groups?.year)),
  );
  for (const pattern of [PATTERNS.monthFirst, PATTERNS.dayFirst]) {
    r.pass(pattern, (m) =>
      judgeDate(facts, {
        year: n(m.groups?.year),
        month: MONTH_NUMBERS[(m.groups?.month ?? "").toLowerCase()] ?? 0,
        day: Number(m.groups?.day),
        weekday: m.groups?.weekday,
      }),
    );
  }
  r.pass(PATTERNS.slashDate, (m) =>
    numericDate(facts, Number(m.groups?.a), Number(m.groups?.b), null),
  );
}
