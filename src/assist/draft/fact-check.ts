/**
 * The fact check (architecture rule 3): every number, amount, date, invoice number and link in a
 * draft must be one of the facts it was given, in any usual English or Spanish spelling.
 *
 * The text is read in passes, most specific first; each pass claims what it recognises (so a
 * date is not read again as three numbers) and reports what does not match a fact, verbatim:
 *  1. links (a URL or bare domain not in the facts is offending) and e-mail addresses (the sheet
 *     has none, so any address is made up);
 *  2. names (organisation, customer, contact) and invoice numbers, exactly;
 *  3. dates: with a year it must be a fact date; without one, its month and day must be;
 *     a weekday, when written, must be that date's;
 *  4. times ("9:00", "5 pm") and percentages are always offending: the sheet holds no time of
 *     day and no rate, so a stated deadline hour, fee or discount is invented;
 *  5. amounts with a currency sign, code or name: the value must equal a fact amount in a
 *     currency that sign can stand for ("$" fits USD and MXN; "€" only EUR);
 *  6. "N days" must be a fact count of days, "N invoices" a count of invoices; phone numbers are
 *     offending;
 *  7. any other token with a digit: a bare amount ("1200.5") must equal a fact amount, a whole
 *     number must be a fact count or a fact date's year; anything else ("INV-2026-999") is
 *     offending. Numbers written in words ("two reminders") are not checked.
 */
import { dayOfWeek, isCalendarDate } from "../../kernel/dates.js";
import type { DraftText, FactSheet } from "../model.js";
import {
  type FactIndex,
  factDatesOn,
  factIndex,
  markerFits,
  numberReadings,
  readingIs,
} from "./fact-index.js";
import { MONTH_NUMBERS, PATTERNS, WEEKDAY_NUMBERS } from "./fact-patterns.js";

export { checkTone, type ToneCheck } from "./tone-check.js";

export type FactCheck = { ok: boolean; offending: string[] };

type Verdict = "ok" | "bad" | "skip";
const CLAIMED = "\u0001";

/** The text with claimed spans blanked out, and what was found wrong so far. */
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

function judgeDate(
  index: FactIndex,
  parts: { year: number | null; month: number; day: number; weekday?: string | undefined },
): Verdict {
  const { month, day } = parts;
  const year = parts.year !== null && parts.year < 100 ? 2000 + parts.year : parts.year;
  if (year !== null) {
    const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    if (!isCalendarDate(iso)) return "bad";
  }
  const matches = factDatesOn(index, year, month, day);
  if (matches.length === 0) return "bad";
  if (parts.weekday === undefined) return "ok";
  const weekday = WEEKDAY_NUMBERS[parts.weekday.toLowerCase()];
  return matches.some((d) => dayOfWeek(d) === weekday) ? "ok" : "bad";
}

function numericDate(index: FactIndex, a: number, b: number, year: number | null): Verdict {
  // en writes month/day, es day/month; a first number over 12 can only be a day
  const dayFirst = a > 12 || (index.language === "es" && b <= 12);
  return dayFirst
    ? judgeDate(index, { year, month: b, day: a })
    : judgeDate(index, { year, month: a, day: b });
}

function datePasses(r: Scan, index: FactIndex): void {
  const n = (s: string | undefined) => (s === undefined ? null : Number(s));
  r.pass(PATTERNS.isoDate, (m) =>
    judgeDate(index, {
      year: n(m.groups?.year),
      month: Number(m.groups?.month),
      day: Number(m.groups?.day),
    }),
  );
  r.pass(PATTERNS.numericDate, (m) =>
    numericDate(index, Number(m.groups?.a), Number(m.groups?.b), n(m.groups?.year)),
  );
  for (const pattern of [PATTERNS.monthFirst, PATTERNS.dayFirst]) {
    r.pass(pattern, (m) =>
      judgeDate(index, {
        year: n(m.groups?.year),
        month: MONTH_NUMBERS[(m.groups?.month ?? "").toLowerCase()] ?? 0,
        day: Number(m.groups?.day),
        weekday: m.groups?.weekday,
      }),
    );
  }
  r.pass(PATTERNS.slashDate, (m) =>
    numericDate(index, Number(m.groups?.a), Number(m.groups?.b), null),
  );
}

function judgeAmount(index: FactIndex, markers: string[], num: string): Verdict {
  const readings = numberReadings(num);
  const fits = index.amounts.filter((a) => markers.every((mk) => markerFits(mk, a.currency)));
  return fits.some((a) => readings.some((r) => readingIs(r, a))) ? "ok" : "bad";
}

function judgeToken(index: FactIndex, token: string): Verdict {
  if (!/\d/.test(token)) return "skip";
  const whole = PATTERNS.ordinal.exec(token);
  if (whole) {
    const value = Number(whole[1]);
    if (index.counts.has(value) || index.years.has(value)) return "ok";
  }
  if (whole || PATTERNS.bareNumber.test(token)) return judgeAmount(index, [], token);
  return "bad";
}

function linkPasses(r: Scan, index: FactIndex): void {
  const nameSpans = index.names.flatMap((name) =>
    [...r.text.matchAll(new RegExp(escapeRegExp(name), "g"))].map((m) => [
      m.index,
      m.index + name.length,
    ]),
  );
  const inName = (m: RegExpExecArray) =>
    nameSpans.some(([s = 0, e = 0]) => m.index < e && m.index + m[0].length > s);
  r.pass(PATTERNS.email, (m) => (inName(m) ? "skip" : "bad"));
  for (const pattern of [PATTERNS.url, PATTERNS.domain]) {
    r.pass(pattern, (m) => {
      if (index.links.has(m[0])) return "ok";
      return inName(m) ? "skip" : "bad";
    });
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Every number, amount, date, link and invoice number in the draft must be a fact. */
export function checkFacts(draft: DraftText, facts: FactSheet): FactCheck {
  const index = factIndex(facts);
  const r = new Scan(`${draft.subject ?? ""}\n${draft.body}`);
  linkPasses(r, index);
  for (const name of index.names) r.literal(name);
  for (const number of index.invoiceNumbers) r.literal(number);
  datePasses(r, index);
  r.pass(PATTERNS.time, () => "bad");
  r.pass(PATTERNS.percent, () => "bad");
  r.pass(PATTERNS.amountSignFirst, (m) =>
    judgeAmount(
      index,
      [m.groups?.pre ?? "", m.groups?.suf].filter((s) => s !== undefined),
      m.groups?.num ?? "",
    ),
  );
  r.pass(PATTERNS.amountSignAfter, (m) =>
    judgeAmount(index, [m.groups?.suf ?? ""], m.groups?.num ?? ""),
  );
  r.pass(PATTERNS.dayCount, (m) => (index.days.has(Number(m.groups?.n)) ? "ok" : "bad"));
  r.pass(PATTERNS.invoiceCount, (m) =>
    index.invoiceCounts.has(Number(m.groups?.n)) ? "ok" : "bad",
  );
  r.pass(PATTERNS.phone, () => "bad");
  r.pass(PATTERNS.token, (m) => judgeToken(index, m[0]));
  const offending = [...new Set(r.offending)];
  return { ok: offending.length === 0, offending };
}
