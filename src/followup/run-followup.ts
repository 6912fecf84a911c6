/**
 * One follow-up pass over an organisation at the clock's instant: notices payments, ends pauses,
 * and queues the cadence steps that are due for customers whose local sending window is open —
 * one message per customer per day, several invoices in it when several are due. Each customer
 * is one transaction; every step is keyed (invoice + step), so running a pass twice changes
 * nothing. Messages are written to the outbox here and sent by the dispatcher.
 */

import { enqueue } from "../delivery/outbox-store.js";
import { type DeliverySettings, getDeliverySettings } from "../delivery/settings.js";
import { type Actor, audit } from "../kernel/audit.js";
import { type BusinessCalendar, businessCalendar } from "../kernel/business-calendar.js";
import type { Clock } from "../kernel/clock.js";
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import type { Random } from "../kernel/random.js";
import type { Organisation } from "../sources/model.js";
import { listHolidays } from "../sources/store.js";
import { chooseChannel } from "./choose-channel.js";
import { handOver } from "./handover.js";
import { updateInvoiceState } from "./invoice-state.js";
import type { CadencePolicy, MessageChannel } from "./model.js";
import { planSteps, type StepDecision } from "./plan-steps.js";
import { localMoment } from "./send-window.js";
import {
  type CustomerPause,
  cadencePolicies,
  customerPauses,
  type FollowupCandidate,
  followupCandidates,
  policyFor,
  type Recipient,
  recipients,
  recordStep,
} from "./store.js";
import { openTask } from "./tasks.js";

export type FollowupDeps = { db: Db; clock: Clock; ids: Ids; random: Random };

export type FollowupReport = {
  queued: number;
  stopped: number;
  paused: number;
  resumed: number;
  skipped: number;
  tasks: number;
  /** Customers with something due whose window is closed now. */
  waiting: number;
};

const RULE: Actor = { kind: "rule", id: "followup" };

export async function runFollowup(
  deps: FollowupDeps,
  input: { org: Organisation; whatsapp: boolean; paymentLinks: boolean },
): Promise<FollowupReport> {
  const { org } = input;
  const report: FollowupReport = {
    queued: 0,
    stopped: 0,
    paused: 0,
    resumed: 0,
    skipped: 0,
    tasks: 0,
    waiting: 0,
  };
  const calendar = businessCalendar({
    weekendDays: org.weekendDays,
    holidays: await listHolidays(deps.db, org.id),
  });
  const policies = await cadencePolicies(deps.db, org.id);
  const settings = await getDeliverySettings(deps.db, org);
  const pauses = await customerPauses(deps.db, org.id);
  const candidates = await followupCandidates(deps.db, org.id);
  const byCustomer = new Map<string, FollowupCandidate[]>();
  for (const c of candidates) {
    const list = byCustomer.get(c.customerId) ?? [];
    list.push(c);
    byCustomer.set(c.customerId, list);
  }
  const recs = await recipients(deps.db, org.id, [...byCustomer.keys()]);
  for (const [customerId, invoices] of byCustomer) {
    const rec = recs.get(customerId);
    if (!rec) continue;
    await deps.db.transaction((tx) =>
      followCustomer(tx, deps, {
        org,
        rec,
        invoices,
        policy: policyFor(policies, rec.segment),
        calendar,
        settings,
        pause: pauses.get(customerId) ?? null,
        whatsapp: input.whatsapp,
        paymentLinks: input.paymentLinks,
        report,
      }),
    );
  }
  return report;
}

type CustomerRun = {
  org: Organisation;
  rec: Recipient;
  invoices: FollowupCandidate[];
  policy: CadencePolicy;
  calendar: BusinessCalendar;
  settings: DeliverySettings;
  pause: CustomerPause | null;
  whatsapp: boolean;
  paymentLinks: boolean;
  report: FollowupReport;
};

async function followCustomer(tx: Queryable, deps: FollowupDeps, run: CustomerRun): Promise<void> {
  const now = deps.clock.now();
  const { org, rec, policy, report } = run;
  const moment = localMoment(now, rec.timeZone, policy.window, run.calendar);
  const today = moment.date;
  const active: FollowupCandidate[] = [];
  for (const inv of run.invoices) {
    const state = await updateInvoiceState(tx, deps, run, inv, today, now);
    if (state.mode === "auto") active.push(inv);
  }
  if (run.pause && (run.pause.until === null || run.pause.until > today)) return;
  const decisions = active
    .filter((inv) => inv.status === "issued" && inv.balance > 0)
    .map((inv) => planSteps(policy, today, { ...inv, taken: new Set(inv.taken) }));
  if (!decisions.some((d) => d.send || d.skipped.length > 0)) return;
  if (!moment.open) {
    report.waiting++;
    return;
  }
  for (const d of decisions) {
    for (const s of d.skipped) {
      await recordStep(
        tx,
        org.id,
        {
          invoiceId: d.invoiceId,
          step: s.step,
          status: "skipped",
          dueOn: s.dueOn,
          onDate: today,
          outboxId: null,
          reason: s.reason,
        },
        now,
      );
      report.skipped++;
      if (s.reason === "too_late") {
        await audit(tx, deps.ids, {
          orgId: org.id,
          actor: RULE,
          action: "followup.step_skipped",
          subjectId: d.invoiceId,
          before: null,
          after: {
            step: s.step,
            dueOn: s.dueOn,
            today,
            reason: `more than ${policy.lateStepDaysMax} days late`,
          },
          at: now,
        });
        if (s.step === policy.steps.at(-1)?.step && policy.handoverAfterLastStep) {
          await handOver(
            tx,
            { ids: deps.ids, now },
            {
              orgId: org.id,
              invoiceId: d.invoiceId,
              customerId: rec.customerId,
              today,
              zone: org.timeZone,
              reason: "the last reminder was too late to send",
            },
          );
        }
      }
    }
  }
  const sends = sameCurrency(decisions, run.invoices);
  if (sends.length === 0) return;
  const allowed = [
    ...new Set(
      sends.flatMap((d) => policy.steps.find((s) => s.step === d.send?.step)?.channels ?? []),
    ),
  ] as MessageChannel[];
  const choice = chooseChannel(rec, allowed, run.whatsapp);
  if (!choice) {
    const first = sends[0] as StepDecision;
    if (
      await openTask(
        tx,
        { ids: deps.ids, now },
        {
          orgId: org.id,
          key: `no_channel:${first.invoiceId}`,
          kind: "no_channel",
          title: "No way to reach the customer: add a working email or WhatsApp contact",
          customerId: rec.customerId,
          invoiceId: first.invoiceId,
          dueOn: today,
          zone: org.timeZone,
        },
      )
    )
      report.tasks++;
    return;
  }
  const key = `followup:${rec.customerId}:${today}`;
  const [already] = await tx.query(`SELECT 1 FROM outbox WHERE org_id = $1 AND key = $2`, [
    org.id,
    key,
  ]);
  if (already) return; // one message per customer per day: the rest waits for tomorrow
  const id = deps.ids.next("out");
  const domain = run.settings.fromAddress.split("@")[1];
  const steps = sends.map((d) => ({ invoiceId: d.invoiceId, step: d.send?.step as string }));
  await enqueue(
    tx,
    {
      orgId: org.id,
      id,
      key,
      channel: choice.channel,
      purpose: steps.every((s) => s.step === "invoice") ? "invoice" : "reminder",
      customerId: rec.customerId,
      contactId: choice.contactId,
      recipient: choice.recipient,
      invoiceIds: steps.map((s) => s.invoiceId),
      steps,
      nextAttemptAt: now,
      sendBefore: moment.closesAt,
      messageId: `<${id}@${domain}>`,
      replyToken: Buffer.from(deps.random.bytes(16)).toString("hex"),
    },
    now,
  );
  report.queued++;
  for (const d of sends) {
    if (!d.send) continue;
    await recordStep(
      tx,
      org.id,
      {
        invoiceId: d.invoiceId,
        step: d.send.step,
        status: "queued",
        dueOn: d.send.dueOn,
        onDate: today,
        outboxId: id,
        reason: null,
      },
      now,
    );
    if (run.paymentLinks) await queuePaymentLink(tx, deps, run, d.invoiceId, today, now);
  }
}

/** The messages of one day share a currency: the earliest-due invoice's; others wait a day. */
function sameCurrency(decisions: StepDecision[], invoices: FollowupCandidate[]): StepDecision[] {
  const byId = new Map(invoices.map((i) => [i.invoiceId, i]));
  const sends = decisions.filter((d) => d.send);
  const first = sends[0];
  if (!first) return [];
  const currency = byId.get(first.invoiceId)?.currency;
  return sends.filter((d) => byId.get(d.invoiceId)?.currency === currency);
}

/**
 * A card payment link for the day's message (Checkout sessions expire within 24 hours, so each
 * day a message goes out gets a fresh one); the dispatcher makes links before messages.
 */
async function queuePaymentLink(
  tx: Queryable,
  deps: FollowupDeps,
  run: CustomerRun,
  invoiceId: string,
  today: CalendarDate,
  now: Instant,
): Promise<void> {
  await enqueue(
    tx,
    {
      orgId: run.org.id,
      id: deps.ids.next("out"),
      key: `payment_link:${invoiceId}:${today}`,
      channel: "payment_link",
      purpose: "payment_link",
      customerId: run.rec.customerId,
      contactId: null,
      recipient: null,
      invoiceIds: [invoiceId],
      steps: [],
      nextAttemptAt: now,
      sendBefore: null,
      messageId: null,
      replyToken: null,
    },
    now,
  );
}
