/**
 * The weekly brief's narrative: a short Monday paragraph (at most `briefWordsMax` words) that
 * states only the numbers the insight use case passes in, written by `draft/wording.ts`.
 * `checkBriefFacts` holds any narrative (this one or a model's) to those numbers. Pure.
 *
 * Aging buckets are read as: `current` not yet due, `d30` 1–30 days overdue, `d60` 31–60,
 * `d90` more than 60; the bucket bounds (30, 31, 60) are the only numbers stated that are not
 * passed in.
 */
import type { CalendarDate } from "../../kernel/dates.js";
import type { CurrencyCode } from "../../kernel/money.js";
import { formatAmount, formatLongDate, joinList } from "../draft/wording.js";
import type { Language } from "../model.js";
import { checkSummaryText, type FactCheck, type SummaryFactSet } from "./summary-check.js";

export type BriefNumbers = {
  language: Language;
  weekOf: CalendarDate;
  currency: CurrencyCode;
  openMinor: number;
  overdueMinor: number;
  /** Integer percent of the open amount that is overdue. */
  overduePct: number;
  /** Minor units per aging bucket. */
  aging: { current: number; d30: number; d60: number; d90: number };
  expectedThisWeekMinor: number;
  customersWithSeveralOverdue: number;
  reviewBacklog: number;
  unmatchedLines: number;
  /** Average days from issue to payment; null when there is not enough history. */
  daysToCollect: number | null;
};

export const briefWordsMax = 120;
const BUCKET_BOUNDS = [30, 31, 60] as const;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function briefEn(n: BriefNumbers, amt: (minor: number) => string): string[] {
  const out: string[] = [];
  const week = `Week of ${formatLongDate(n.weekOf, "en")}`;
  if (n.openMinor <= 0) out.push(`${week}: nothing is open.`);
  else if (n.overdueMinor <= 0)
    out.push(`${week}: you have ${amt(n.openMinor)} open and nothing is overdue.`);
  else
    out.push(
      `${week}: you have ${amt(n.openMinor)} open, of which ${amt(n.overdueMinor)} (${n.overduePct}%) is overdue.`,
    );
  const { current, d30, d60, d90 } = n.aging;
  const buckets = [
    current > 0 ? `${amt(current)} is current` : "",
    d30 > 0 ? `${amt(d30)} is up to 30 days late` : "",
    d60 > 0 ? `${amt(d60)} is 31 to 60 days late` : "",
    d90 > 0 ? `${amt(d90)} is more than 60 days late` : "",
  ].filter((s) => s !== "");
  if (buckets.length > 0 && n.overdueMinor > 0) out.push(`By age, ${joinList(buckets, "en")}.`);
  out.push(
    n.expectedThisWeekMinor > 0
      ? `You can expect ${amt(n.expectedThisWeekMinor)} in payments this week.`
      : "No payments are expected this week.",
  );
  if (n.customersWithSeveralOverdue > 0)
    out.push(
      `${plural(n.customersWithSeveralOverdue, "customer has", "customers have")} several overdue invoices.`,
    );
  const review =
    n.reviewBacklog > 0
      ? `${plural(n.reviewBacklog, "item waits", "items wait")} for review`
      : "the review queue is clear";
  const lines =
    n.unmatchedLines > 0
      ? `${plural(n.unmatchedLines, "bank line is", "bank lines are")} unmatched`
      : "every bank line is matched";
  out.push(`${review.charAt(0).toUpperCase()}${review.slice(1)}, and ${lines}.`);
  if (n.daysToCollect !== null)
    out.push(
      `On average, invoices are paid ${plural(n.daysToCollect, "day", "days")} after issue.`,
    );
  return out;
}

function briefEs(n: BriefNumbers, amt: (minor: number) => string): string[] {
  const out: string[] = [];
  const week = `Semana del ${formatLongDate(n.weekOf, "es")}`;
  if (n.openMinor <= 0) out.push(`${week}: no hay nada por cobrar.`);
  else if (n.overdueMinor <= 0)
    out.push(`${week}: tienes ${amt(n.openMinor)} por cobrar y nada está vencido.`);
  else
    out.push(
      `${week}: tienes ${amt(n.openMinor)} por cobrar, de los cuales ${amt(n.overdueMinor)} (${n.overduePct}%) está vencido.`,
    );
  const { current, d30, d60, d90 } = n.aging;
  const buckets = [
    current > 0 ? `${amt(current)} al corriente` : "",
    d30 > 0 ? `${amt(d30)} con hasta 30 días de atraso` : "",
    d60 > 0 ? `${amt(d60)} con 31 a 60 días` : "",
    d90 > 0 ? `${amt(d90)} con más de 60 días` : "",
  ].filter((s) => s !== "");
  if (buckets.length > 0 && n.overdueMinor > 0)
    out.push(`Por antigüedad: ${joinList(buckets, "es")}.`);
  out.push(
    n.expectedThisWeekMinor > 0
      ? `Esta semana se esperan pagos por ${amt(n.expectedThisWeekMinor)}.`
      : "No se esperan pagos esta semana.",
  );
  if (n.customersWithSeveralOverdue > 0)
    out.push(
      `${plural(n.customersWithSeveralOverdue, "cliente tiene", "clientes tienen")} varias facturas vencidas.`,
    );
  const review =
    n.reviewBacklog > 0
      ? `Hay ${plural(n.reviewBacklog, "elemento", "elementos")} por revisar`
      : "No hay nada pendiente de revisión";
  const lines =
    n.unmatchedLines > 0
      ? `${plural(n.unmatchedLines, "movimiento bancario", "movimientos bancarios")} sin conciliar`
      : "todos los movimientos bancarios están conciliados";
  out.push(`${review}${n.unmatchedLines > 0 ? " y hay " : ", y "}${lines}.`);
  if (n.daysToCollect !== null)
    out.push(
      `En promedio, las facturas se cobran ${plural(n.daysToCollect, "día", "días")} después de emitirse.`,
    );
  return out;
}

/** A short Monday paragraph in the brief's language stating only the numbers passed in. */
export function briefNarrative(n: BriefNumbers): string {
  const amt = (minor: number) => formatAmount(minor, n.currency, n.language);
  return (n.language === "es" ? briefEs(n, amt) : briefEn(n, amt)).join(" ");
}

/** The numbers a brief may state (for its own check and a model's). */
export function briefFactSet(n: BriefNumbers): SummaryFactSet {
  const { current, d30, d60, d90 } = n.aging;
  const minors = [n.openMinor, n.overdueMinor, current, d30, d60, d90, n.expectedThisWeekMinor];
  const counts = [
    n.customersWithSeveralOverdue,
    n.reviewBacklog,
    n.unmatchedLines,
    ...BUCKET_BOUNDS,
  ];
  if (n.daysToCollect !== null) counts.push(n.daysToCollect);
  return {
    language: n.language,
    literals: [],
    dates: [n.weekOf],
    amounts: minors.map((minor) => ({ currency: n.currency, minor })),
    counts,
    percents: [n.overduePct],
  };
}

/** Every amount, date, number and percentage in `text` must be one of the brief's numbers. */
export function checkBriefFacts(text: string, n: BriefNumbers): FactCheck {
  return checkSummaryText(text, briefFactSet(n));
}
