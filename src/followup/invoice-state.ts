/**
 * Stops, pauses and resumes an invoice's follow-up from what happened since the last pass: paid,
 * credited or voided (stopped), part paid (paused, with a task), money taken back (resumed), a
 * pause or promise ending (resumed; a broken promise audited), an e-invoice rejected (paused,
 * with a task). Each change of mode is audited.
 */
import { type Actor, audit } from "../kernel/audit.js";
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import type { Organisation } from "../sources/model.js";
import type { InvoiceFollowup } from "./model.js";
import type { FollowupReport } from "./run-followup.js";
import { type FollowupCandidate, saveInvoiceFollowup } from "./store.js";
import { openTask } from "./tasks.js";

const RULE: Actor = { kind: "rule", id: "followup" };

/** The tasks a change of state opens: one per invoice and balance (part paid) or per invoice. */
const TASKS = {
  partial_payment: {
    key: (inv: FollowupCandidate) => `partial_payment:${inv.invoiceId}:${inv.balance}`,
    title: (number: string) =>
      `Part of ${number} was paid: confirm the remaining balance with the customer`,
  },
  einvoice_rejected: {
    key: (inv: FollowupCandidate) => `einvoice_rejected:${inv.invoiceId}`,
    title: (number: string) =>
      `The customer's system rejected the e-invoice ${number}: fix and resend`,
  },
} as const;

export async function updateInvoiceState(
  tx: Queryable,
  deps: { ids: Ids },
  run: { org: Organisation; report: FollowupReport },
  inv: FollowupCandidate,
  today: CalendarDate,
  now: Instant,
): Promise<InvoiceFollowup> {
  const { org, report } = run;
  const before = inv.state;
  const state: InvoiceFollowup = before
    ? { ...before }
    : {
        invoiceId: inv.invoiceId,
        mode: "auto",
        reason: null,
        pausedUntil: null,
        promisedOn: null,
        seenBalance: inv.balance,
      };
  let taskKind: "partial_payment" | "einvoice_rejected" | null = null;
  if (state.mode === "stopped" && inv.status === "issued" && inv.balance > 0) {
    // A payment was taken back (a match undone): the invoice is open again.
    state.mode = "auto";
    state.reason = "re-opened: applied money was taken back";
    state.seenBalance = inv.balance;
    report.resumed++;
  } else if (inv.status === "void" || inv.balance === 0) {
    state.mode = "stopped";
    state.reason = inv.status === "void" ? "void" : inv.paid > 0 ? "paid" : "credited";
    state.seenBalance = inv.balance;
    state.pausedUntil = null;
    report.stopped++;
  } else if (inv.balance < state.seenBalance) {
    state.seenBalance = inv.balance;
    if (inv.paid > 0) {
      state.mode = "paused";
      state.reason = "partial_payment";
      state.pausedUntil = null;
      taskKind = "partial_payment";
      report.paused++;
    }
  } else if (state.mode === "paused" && state.pausedUntil !== null && state.pausedUntil <= today) {
    if (state.promisedOn) {
      await audit(tx, deps.ids, {
        orgId: org.id,
        actor: RULE,
        action: "followup.promise_broken",
        subjectId: inv.invoiceId,
        before: { promisedOn: state.promisedOn },
        after: { balance: inv.balance, resumedOn: today },
        at: now,
      });
    }
    state.mode = "auto";
    state.reason = state.promisedOn
      ? `promise for ${state.promisedOn} not kept; reminders resumed`
      : "pause ended";
    state.pausedUntil = null;
    state.promisedOn = null;
    report.resumed++;
  }
  if (inv.einvoiceRejected && state.mode === "auto") {
    state.mode = "paused";
    state.reason = "einvoice_rejected";
    taskKind = "einvoice_rejected";
  }
  const changed = JSON.stringify(before) !== JSON.stringify(state);
  if (!changed) return state;
  await saveInvoiceFollowup(tx, org.id, state, now);
  if (before && before.mode !== state.mode) {
    await audit(tx, deps.ids, {
      orgId: org.id,
      actor: RULE,
      action: `followup.${state.mode === "auto" ? "resumed" : state.mode}`,
      subjectId: inv.invoiceId,
      before: { mode: before.mode, reason: before.reason },
      after: { mode: state.mode, reason: state.reason },
      at: now,
    });
  }
  if (taskKind) {
    const task = TASKS[taskKind];
    const opened = await openTask(
      tx,
      { ids: deps.ids, now },
      {
        orgId: org.id,
        key: task.key(inv),
        kind: taskKind,
        title: task.title(inv.number),
        customerId: inv.customerId,
        invoiceId: inv.invoiceId,
        dueOn: today,
        zone: org.timeZone,
      },
    );
    if (opened) report.tasks++;
  }
  return state;
}
