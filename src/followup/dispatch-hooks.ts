/**
 * Follow-up's part in dispatching: each message is checked again at the moment it would go out
 * (paid or credited since, a payment pending, a reply arrived, paused, outside the window…) and
 * held or cancelled with the reason; what the provider said is recorded on the cadence steps,
 * contacts and tasks.
 */
import type { AssistProvider } from "../assist/model.js";
import type { Check, DispatchHooks, Outcome } from "../delivery/dispatch-outbox.js";
import type { OutboxRow } from "../delivery/outbox-store.js";
import { getDeliverySettings } from "../delivery/settings.js";
import { type Actor, audit } from "../kernel/audit.js";
import { type BusinessCalendar, businessCalendar } from "../kernel/business-calendar.js";
import type { Clock } from "../kernel/clock.js";
import {
  type CalendarDate,
  type Instant,
  instantFromMs,
  instantToMs,
  todayIn,
} from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import { invoicesWithPendingPayments } from "../reconcile/store.js";
import type { Organisation } from "../sources/model.js";
import { listHolidays } from "../sources/store.js";
import { handOver } from "./handover.js";
import { renderMessage } from "./render-message.js";
import { nextOpening } from "./send-window.js";
import { cadencePolicies, policyFor } from "./store.js";
import { openTask } from "./tasks.js";

const RULE: Actor = { kind: "rule", id: "followup" };

export async function followupDispatchHooks(
  db: Queryable,
  ctx: { org: Organisation; provider: AssistProvider; publicUrl: string; clock: Clock; ids: Ids },
): Promise<DispatchHooks> {
  const settings = await getDeliverySettings(db, ctx.org);
  const calendar = businessCalendar({
    weekendDays: ctx.org.weekendDays,
    holidays: await listHolidays(db, ctx.org.id),
  });
  const policies = await cadencePolicies(db, ctx.org.id);
  const render = { ...ctx, settings };
  return {
    check: (tx, row) => check(tx, ctx.clock.now(), row, { calendar, policies }),
    render: (tx, row) => renderMessage(tx, render, row),
    settled: (tx, row, outcome) => settled(tx, ctx, row, outcome, policies),
  };
}

async function check(
  tx: Queryable,
  now: Instant,
  row: OutboxRow,
  env: { calendar: BusinessCalendar; policies: Awaited<ReturnType<typeof cadencePolicies>> },
): Promise<Check> {
  const invoices = await tx.query<{
    id: string;
    number: string;
    status: string;
    balance: number;
    mode: string | null;
    reason: string | null;
    rejected: boolean;
  }>(
    `SELECT i.id, i.number, i.status, i.balance_minor AS balance, f.mode, f.reason,
            EXISTS (SELECT 1 FROM einvoice_responses e WHERE e.org_id = i.org_id AND e.invoice_id = i.id
                       AND e.status = 'rejected') AS rejected
       FROM invoices i LEFT JOIN followup_invoices f ON f.org_id = i.org_id AND f.invoice_id = i.id
      WHERE i.org_id = $1 AND i.id = ANY($2::text[])`,
    [row.orgId, row.invoiceIds],
  );
  for (const inv of invoices) {
    if (inv.status !== "issued") return cancel(`${inv.number} is ${inv.status}`);
    if (inv.balance === 0) return cancel(`${inv.number} is paid or credited in full`);
    if (inv.rejected) return cancel(`the customer's system rejected the e-invoice ${inv.number}`);
    if (row.channel !== "payment_link" && inv.mode !== null && inv.mode !== "auto") {
      return cancel(`${inv.number}: reminders are ${inv.mode} (${inv.reason ?? "no reason"})`);
    }
  }
  if (row.channel === "payment_link") return { action: "send" };
  const pending = await invoicesWithPendingPayments(tx, row.orgId, row.invoiceIds);
  if (pending.size > 0) {
    const numbers = invoices.filter((i) => pending.has(i.id)).map((i) => i.number);
    return cancel(`a payment for ${numbers.join(", ")} is pending`);
  }
  const [reply] = await tx.query(
    `SELECT 1 FROM replies WHERE org_id = $1 AND customer_id = $2 AND received_at >= $3 LIMIT 1`,
    [row.orgId, row.customerId, row.createdAt],
  );
  if (reply) return cancel("the customer replied after this message was queued");
  const [customer] = await tx.query<{
    zone: string;
    segment: string;
    pausedUntil: string | null;
    paused: boolean;
  }>(
    `SELECT c.time_zone AS zone, c.segment, p.until_on AS "pausedUntil", p.customer_id IS NOT NULL AS paused
       FROM customers c LEFT JOIN customer_pauses p ON p.org_id = c.org_id AND p.customer_id = c.id
      WHERE c.org_id = $1 AND c.id = $2`,
    [row.orgId, row.customerId],
  );
  if (
    customer?.paused &&
    (customer.pausedUntil === null || customer.pausedUntil > todayIn(customer.zone, now))
  ) {
    return cancel("reminders to this customer are paused");
  }
  if (row.sendBefore && now >= row.sendBefore && customer) {
    const window = policyFor(env.policies, customer.segment).window;
    return {
      action: "later",
      at: nextOpening(now, customer.zone, window, env.calendar),
      reason: "the customer's sending window closed before this message could go out",
    };
  }
  return { action: "send" };
}

function cancel(reason: string): Check {
  return { action: "cancel", reason };
}

async function settled(
  tx: Queryable,
  ctx: { org: Organisation; clock: Clock; ids: Ids },
  row: OutboxRow,
  outcome: Outcome,
  policies: Awaited<ReturnType<typeof cadencePolicies>>,
): Promise<void> {
  const now = ctx.clock.now();
  const deps = { ids: ctx.ids, now };
  const today = todayIn(ctx.org.timeZone, now);
  const first = row.invoiceIds[0] ?? null;
  if (row.channel === "payment_link") {
    if (outcome.status === "sent" && outcome.link && first) {
      await tx.query(
        `INSERT INTO payment_links (org_id, invoice_id, provider, url, external_id, amount_minor, currency, created_at, expires_at)
         SELECT $1, i.id, $3, $4, $5, i.balance_minor, i.currency, $6, $7 FROM invoices i WHERE i.org_id = $1 AND i.id = $2
         ON CONFLICT (org_id, invoice_id, provider) DO UPDATE SET url = EXCLUDED.url, external_id = EXCLUDED.external_id,
           amount_minor = EXCLUDED.amount_minor, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
        [
          row.orgId,
          first,
          outcome.link.provider,
          outcome.link.url,
          outcome.link.externalId,
          now,
          instantFromMs(instantToMs(now) + 23 * 3_600_000),
        ],
      );
    }
    return;
  }
  if (outcome.status === "sent") {
    await tx.query(
      `UPDATE followup_steps SET status = 'sent' WHERE org_id = $1 AND outbox_id = $2`,
      [row.orgId, row.id],
    );
    const [customer] = await tx.query<{ segment: string }>(
      `SELECT segment FROM customers WHERE org_id = $1 AND id = $2`,
      [row.orgId, row.customerId],
    );
    const policy = policyFor(policies, customer?.segment ?? "*");
    const lastStep = policy.steps.at(-1)?.step;
    if (!policy.handoverAfterLastStep) return;
    for (const s of row.steps.filter((x) => x.step === lastStep)) {
      await handOver(tx, deps, {
        orgId: row.orgId,
        invoiceId: s.invoiceId,
        customerId: row.customerId,
        today,
        zone: ctx.org.timeZone,
        reason: "the last reminder was sent",
      });
    }
    return;
  }
  if (outcome.status === "cancelled") {
    // Invoices still due for reminders get their step planned again; the others keep it cancelled.
    await tx.query(
      `DELETE FROM followup_steps s USING invoices i
        WHERE s.org_id = $1 AND s.outbox_id = $2 AND i.org_id = s.org_id AND i.id = s.invoice_id
          AND i.status = 'issued' AND i.balance_minor > 0
          AND NOT EXISTS (SELECT 1 FROM followup_invoices f WHERE f.org_id = s.org_id AND f.invoice_id = s.invoice_id
                           AND f.mode <> 'auto')`,
      [row.orgId, row.id],
    );
    await tx.query(
      `UPDATE followup_steps SET status = 'cancelled', reason = $3 WHERE org_id = $1 AND outbox_id = $2`,
      [row.orgId, row.id, outcome.reason],
    );
    return;
  }
  if (
    outcome.status === "failed" &&
    row.channel === "email" &&
    row.contactId &&
    outcome.code?.startsWith("5")
  ) {
    await blockBouncedContact(tx, ctx, row, outcome.reason, today);
    return;
  }
  await openTask(tx, deps, {
    orgId: row.orgId,
    key: `${outcome.status === "uncertain" ? "delivery_uncertain" : "delivery_failed"}:${row.id}`,
    kind: outcome.status === "uncertain" ? "delivery_uncertain" : "delivery_failed",
    title:
      outcome.status === "uncertain"
        ? `It is not known whether message ${row.key} reached ${row.recipient ?? "the customer"}: check, then resend or close`
        : `Message ${row.key} to ${row.recipient ?? "the customer"} could not be sent: ${outcome.reason}`,
    detail: outcome.reason,
    customerId: row.customerId,
    invoiceId: first,
    data: { outboxId: row.id, key: row.key },
    dueOn: today,
    zone: ctx.org.timeZone,
  });
}

/**
 * The address bounced: the contact is not emailed again, a person gets a task, and the steps
 * are planned again so the next pass can use another channel if the customer has one.
 */
export async function blockBouncedContact(
  tx: Queryable,
  ctx: { org: Organisation; clock: Clock; ids: Ids },
  row: Pick<OutboxRow, "orgId" | "id" | "contactId" | "customerId" | "recipient" | "invoiceIds">,
  reason: string,
  today: CalendarDate,
): Promise<void> {
  const now = ctx.clock.now();
  await tx.query(
    `INSERT INTO contact_blocks (org_id, contact_id, channel, reason, detail, created_at)
     VALUES ($1, $2, 'email', 'bounced', $3, $4) ON CONFLICT DO NOTHING`,
    [row.orgId, row.contactId, reason, now],
  );
  await audit(tx, ctx.ids, {
    orgId: row.orgId,
    actor: RULE,
    action: "contact.bounced",
    subjectId: row.contactId ?? row.customerId,
    before: null,
    after: { channel: "email", address: row.recipient, reason },
    at: now,
  });
  await tx.query(
    `DELETE FROM followup_steps WHERE org_id = $1 AND outbox_id = $2 AND status IN ('queued', 'sent')`,
    [row.orgId, row.id],
  );
  await openTask(
    tx,
    { ids: ctx.ids, now },
    {
      orgId: row.orgId,
      key: `bounced:${row.contactId}`,
      kind: "bounced_contact",
      title: `Email to ${row.recipient ?? "the contact"} bounced: find a working address`,
      detail: reason,
      customerId: row.customerId,
      invoiceId: row.invoiceIds[0] ?? null,
      dueOn: today,
      zone: ctx.org.timeZone,
    },
  );
}
