/**
 * Which cadence step each invoice of one customer is due for today. Pure.
 *
 * - A step is due once its date (due date + offset; the issue date for `invoice`) has come.
 * - When several steps of an invoice are due at once (the system was off), only the latest is
 *   sent; the earlier ones are skipped as superseded — a missed step goes out once, not once per
 *   missed day.
 * - A step whose date is more than `lateStepDaysMax` days ago is skipped and logged, except the
 *   invoice itself, which is always delivered.
 */
import type { DraftStep } from "../assist/model.js";
import { addDays, type CalendarDate, daysBetween } from "../kernel/dates.js";
import type { CadencePolicy } from "./model.js";

export type StepInvoice = {
  invoiceId: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  /** Steps already taken (sent, queued, skipped or cancelled) for this invoice. */
  taken: ReadonlySet<DraftStep>;
};

export type StepDecision = {
  invoiceId: string;
  send: { step: DraftStep; dueOn: CalendarDate } | null;
  skipped: { step: DraftStep; dueOn: CalendarDate; reason: "superseded" | "too_late" }[];
  /** The step sent is the policy's last one. */
  last: boolean;
};

export function stepDate(policy: CadencePolicy, step: DraftStep, inv: StepInvoice): CalendarDate {
  const s = policy.steps.find((p) => p.step === step);
  if (!s) throw new Error(`step ${step} is not in the policy`);
  return addDays(step === "invoice" ? inv.issueDate : inv.dueDate, s.offsetDays);
}

export function planSteps(
  policy: CadencePolicy,
  today: CalendarDate,
  inv: StepInvoice,
): StepDecision {
  const due = policy.steps
    .map((s, index) => ({ step: s.step, index, on: stepDate(policy, s.step, inv) }))
    .filter((s) => s.on <= today && !inv.taken.has(s.step))
    .sort((a, b) => (a.on === b.on ? a.index - b.index : a.on < b.on ? -1 : 1));
  const latest = due.at(-1);
  if (!latest) return { invoiceId: inv.invoiceId, send: null, skipped: [], last: false };
  const skipped: StepDecision["skipped"] = due
    .slice(0, -1)
    .map((s) => ({ step: s.step, dueOn: s.on, reason: "superseded" as const }));
  const tooLate =
    latest.step !== "invoice" && daysBetween(latest.on, today) > policy.lateStepDaysMax;
  if (tooLate) skipped.push({ step: latest.step, dueOn: latest.on, reason: "too_late" });
  const lastIndex = policy.steps.length - 1;
  return {
    invoiceId: inv.invoiceId,
    send: tooLate ? null : { step: latest.step, dueOn: latest.on },
    skipped,
    last: !tooLate && latest.index === lastIndex,
  };
}

/** The steps after which nothing more is planned: every policy step is taken. */
export function cadenceDone(policy: CadencePolicy, taken: ReadonlySet<DraftStep>): boolean {
  return policy.steps.every((s) => taken.has(s.step));
}
