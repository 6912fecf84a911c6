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
  const invoiceOn = inv.issueDate;
  const firstMessage = !inv.taken.has("invoice");
  const due = policy.steps
    .map((s, index) => ({ step: s.step, index, on: stepDate(policy, s.step, inv) }))
    .filter((s) => s.on <= today && !inv.taken.has(s.step))
    // Before the invoice has gone out, a reminder dated on or before its issue date (terms of
    // fewer than three days) is the invoice itself: the first message is the invoice.
    .filter(
      (s) => !(firstMessage && s.step !== "invoice" && s.on <= invoiceOn && hasInvoiceStep(policy)),
    )
    .sort((a, b) => (a.on === b.on ? a.index - b.index : a.on < b.on ? -1 : 1));
  const superseded = policy.steps
    .map((s) => ({ step: s.step, on: stepDate(policy, s.step, inv) }))
    .filter(
      (s) =>
        firstMessage &&
        s.step !== "invoice" &&
        s.on <= invoiceOn &&
        s.on <= today &&
        !inv.taken.has(s.step) &&
        hasInvoiceStep(policy),
    )
    .map((s) => ({ step: s.step, dueOn: s.on, reason: "superseded" as const }));
  let latest = due.at(-1);
  if (!latest) return { invoiceId: inv.invoiceId, send: null, skipped: superseded, last: false };
  const skipped: StepDecision["skipped"] = [...superseded];
  let tooLate = latest.step !== "invoice" && daysBetween(latest.on, today) > policy.lateStepDaysMax;
  const invoiceStep = due.find((s) => s.step === "invoice");
  if (tooLate && invoiceStep) {
    // The invoice itself was never delivered: it goes out, late, rather than nothing at all.
    skipped.push({ step: latest.step, dueOn: latest.on, reason: "too_late" });
    latest = invoiceStep;
    tooLate = false;
  } else if (tooLate) {
    skipped.push({ step: latest.step, dueOn: latest.on, reason: "too_late" });
  }
  const sent = latest;
  for (const s of due) {
    if (s !== sent && !skipped.some((k) => k.step === s.step)) {
      skipped.push({ step: s.step, dueOn: s.on, reason: "superseded" });
    }
  }
  const lastIndex = policy.steps.length - 1;
  skipped.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
  return {
    invoiceId: inv.invoiceId,
    send: tooLate ? null : { step: sent.step, dueOn: sent.on },
    skipped,
    last: !tooLate && sent.index === lastIndex,
  };
}

function hasInvoiceStep(policy: CadencePolicy): boolean {
  return policy.steps.some((s) => s.step === "invoice");
}

/** The steps after which nothing more is planned: every policy step is taken. */
export function cadenceDone(policy: CadencePolicy, taken: ReadonlySet<DraftStep>): boolean {
  return policy.steps.every((s) => taken.has(s.step));
}
