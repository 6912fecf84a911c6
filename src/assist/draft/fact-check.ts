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
import type { DraftText, FactSheet } from "../model.js";
import {
  type FactIndex,
  factDatesOn,
  factIndex,
  markerFits,
  numberReadings,
  readingIs,
} from "./fact-index.js";
import { PATTERNS } from "./fact-patterns.js";
import { datePasses, Scan, type Verdict } from "./fact-scan.js";

export { checkTone, type ToneCheck } from "./tone-check.js";

export type FactCheck = { ok: boolean; offending: string[] };

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
  datePasses(r, { language: index.language, datesOn: (y, m, d) => factDatesOn(index, y, m, d) });
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
