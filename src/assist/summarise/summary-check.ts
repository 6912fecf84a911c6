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
import { type CalendarDate, yearMonth } from "../../kernel/dates.js";
import type { CurrencyCode } from "../../kernel/money.js";
import type { FactCheck } from "../draft/fact-check.js";
import { markerFits, numberReadings, readingIs } from "../draft/fact-index.js";
import { PATTERNS } from "../draft/fact-patterns.js";
import { datePasses, Scan, type Verdict } from "../draft/fact-scan.js";
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
  datePasses(r, {
    language: set.language,
    datesOn: (year, month, day) => {
      const md = `-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      return set.dates.filter(
        (d) => d.endsWith(md) && (year === null || yearMonth(d).year === year),
      );
    },
  });
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
