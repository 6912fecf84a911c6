/**
 * The fact check for summaries: every number, amount, date and percentage in a summary must be
 * one of the facts it was given. `checkFacts` in `draft/fact-check.ts` is built around a
 * FactSheet (one message, its invoices, no rates), while a summary states payments, event
 * dates, counts and one percentage; so this is a minimal re-implementation of its passes that
 * reuses the same patterns and number/currency readers (`fact-patterns.ts`, `fact-index.ts`),
 * fed by a plain fact set. Pure.
 *
 * Passes, most specific first: literals (names, invoice numbers, quoted customer words); links,
 * e-mail addresses, times and phone numbers (always offending: no summary fact is one); dates
 * (with a year it must be a fact date, without one its month and day must be; a written weekday
 * must be that date's); percentages; amounts with a currency sign, code or name; "N days";
 * then any other token with a digit (a whole number must be a fact count or a fact date's year,
 * a decimal a fact amount).
 */
import { type CalendarDate, dayOfWeek, isCalendarDate, yearMonth } from "../../kernel/dates.js";
import type { CurrencyCode } from "../../kernel/money.js";
import type { FactCheck } from "../draft/fact-check.js";
import { markerFits, numberReadings, readingIs } from "../draft/fact-index.js";
import { MONTH_NUMBERS, PATTERNS, WEEKDAY_NUMBERS } from "../draft/fact-patterns.js";
import type { Language } from "../model.js";

export type { FactCheck };

export type SummaryFactSet = {
  language: Language;
  /** Text taken as it is: names, invoice numbers, the quoted customer words. */
  literals: readonly string[];
  dates: readonly CalendarDate[];
  amounts: readonly { currency: CurrencyCode; minor: number }[];
  /** Whole numbers the summary may state ("3 days", "2 messages"). */
  counts: readonly number[];
  /** Integer percentages the summary may state. */
  percents: readonly number[];
};

type Verdict = "ok" | "bad" | "skip";
const CLAIMED = "\u0001";

class Scan {
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
  literal(needle: string): void {
    if (needle === "") return;
    let at = this.work.indexOf(needle);
    while (at >= 0) {
      this.claim(at, at + needle.length, "ok");
      at = this.work.indexOf(needle, at + needle.length);
    }
  }
}

function judgeDate(
  set: SummaryFactSet,
  parts: { year: number | null; month: number; day: number; weekday?: string | undefined },
): Verdict {
  const year = parts.year !== null && parts.year < 100 ? 2000 + parts.year : parts.year;
  const md = `-${String(parts.month).padStart(2, "0")}-${String(parts.day).padStart(2, "0")}`;
  if (year !== null && !isCalendarDate(`${String(year).padStart(4, "0")}${md}`)) return "bad";
  const matches = set.dates.filter(
    (d) => d.endsWith(md) && (year === null || yearMonth(d).year === year),
  );
  if (matches.length === 0) return "bad";
  if (parts.weekday === undefined) return "ok";
  const weekday = WEEKDAY_NUMBERS[parts.weekday.toLowerCase()];
  return matches.some((d) => dayOfWeek(d) === weekday) ? "ok" : "bad";
}

function numericDate(set: SummaryFactSet, a: number, b: number, year: number | null): Verdict {
  const dayFirst = a > 12 || (set.language === "es" && b <= 12);
  return dayFirst
    ? judgeDate(set, { year, month: b, day: a })
    : judgeDate(set, { year, month: a, day: b });
}

function datePasses(r: Scan, set: SummaryFactSet): void {
  const n = (s: string | undefined) => (s === undefined ? null : Number(s));
  r.pass(PATTERNS.isoDate, (m) =>
    judgeDate(set, {
      year: n(m.groups?.year),
      month: Number(m.groups?.month),
      day: Number(m.groups?.day),
    }),
  );
  r.pass(PATTERNS.numericDate, (m) =>
    numericDate(set, Number(m.groups?.a), Number(m.groups?.b), n(m.groups?.year)),
  );
  for (const pattern of [PATTERNS.monthFirst, PATTERNS.dayFirst]) {
    r.pass(pattern, (m) =>
      judgeDate(set, {
        year: n(m.groups?.year),
        month: MONTH_NUMBERS[(m.groups?.month ?? "").toLowerCase()] ?? 0,
        day: Number(m.groups?.day),
        weekday: m.groups?.weekday,
      }),
    );
  }
  r.pass(PATTERNS.slashDate, (m) =>
    numericDate(set, Number(m.groups?.a), Number(m.groups?.b), null),
  );
}

function judgeAmount(set: SummaryFactSet, markers: string[], num: string): Verdict {
  const readings = numberReadings(num);
  return set.amounts.some(
    (a) =>
      markers.every((mk) => markerFits(mk, a.currency)) &&
      readings.some((r) => readingIs(r, { currency: a.currency, minor: BigInt(a.minor) })),
  )
    ? "ok"
    : "bad";
}

function judgeToken(set: SummaryFactSet, token: string): Verdict {
  if (!/\d/.test(token)) return "skip";
  const whole = PATTERNS.ordinal.exec(token);
  if (whole) {
    const value = Number(whole[1]);
    const years = set.dates.map((d) => yearMonth(d).year);
    if (set.counts.includes(value) || years.includes(value)) return "ok";
  }
  if (whole || PATTERNS.bareNumber.test(token)) return judgeAmount(set, [], token);
  return "bad";
}

/** Every number, amount, date and percentage in `text` must be in `set`. */
export function checkSummaryText(text: string, set: SummaryFactSet): FactCheck {
  const r = new Scan(text);
  for (const literal of [...set.literals].sort((a, b) => b.length - a.length)) r.literal(literal);
  for (const pattern of [PATTERNS.email, PATTERNS.url, PATTERNS.domain])
    r.pass(pattern, () => "bad");
  datePasses(r, set);
  r.pass(PATTERNS.time, () => "bad");
  r.pass(PATTERNS.percent, (m) => {
    const value = Number(/\d+(?:[.,]\d+)?/.exec(m[0])?.[0].replace(",", "."));
    return set.percents.includes(value) ? "ok" : "bad";
  });
  r.pass(PATTERNS.amountSignFirst, (m) =>
    judgeAmount(
      set,
      [m.groups?.pre ?? "", m.groups?.suf].filter((s) => s !== undefined),
      m.groups?.num ?? "",
    ),
  );
  r.pass(PATTERNS.amountSignAfter, (m) =>
    judgeAmount(set, [m.groups?.suf ?? ""], m.groups?.num ?? ""),
  );
  r.pass(PATTERNS.dayCount, (m) => (set.counts.includes(Number(m.groups?.n)) ? "ok" : "bad"));
  r.pass(PATTERNS.phone, () => "bad");
  r.pass(PATTERNS.token, (m) => judgeToken(set, m[0]));
  const offending = [...new Set(r.offending)];
  return { ok: offending.length === 0, offending };
}
