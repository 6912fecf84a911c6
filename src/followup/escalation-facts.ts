/**
 * The history of one invoice for the person who takes over, read from the database: messages
 * sent, replies, payments, promises. Feeds the assist layer's escalation summary.
 */
import type { DraftStep, ReplyLabel } from "../assist/model.js";
import {
  type EscalationEvent,
  type EscalationFacts,
  escalationSummary,
} from "../assist/summarise/escalation.js";
import { getInvoice } from "../billing/store.js";
import { type CalendarDate, daysBetween, type Instant, todayIn } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import type { CurrencyCode } from "../kernel/money.js";

export async function escalationFacts(
  db: Queryable,
  input: { orgId: string; invoiceId: string; zone: string; now: Instant },
): Promise<EscalationFacts | null> {
  const invoice = await getInvoice(db, input.orgId, input.invoiceId);
  if (!invoice?.number || !invoice.issueDate) return null;
  const today = todayIn(input.zone, input.now);
  const dueDate = invoice.dueDate ?? invoice.issueDate;
  const day = (at: Instant) => todayIn(input.zone, at);
  const sent = await db.query<{
    at: Instant;
    channel: "email" | "whatsapp";
    steps: { invoiceId: string; step: DraftStep }[];
  }>(
    `SELECT sent_at AS at, channel, steps FROM outbox
      WHERE org_id = $1 AND $2 = ANY(invoice_ids) AND status = 'sent' AND channel IN ('email', 'whatsapp')
      ORDER BY sent_at`,
    [input.orgId, invoice.id],
  );
  const replies = await db.query<{
    at: Instant;
    label: ReplyLabel | null;
    evidence: string | null;
    promisedOn: CalendarDate | null;
  }>(
    `SELECT received_at AS at, label, evidence, promised_on AS "promisedOn" FROM replies
      WHERE org_id = $1 AND $2 = ANY(invoice_ids) AND kind = 'reply' ORDER BY received_at`,
    [input.orgId, invoice.id],
  );
  const payments = await db.query<{ at: Instant; amount: number }>(
    `SELECT created_at AS at, amount_minor AS amount FROM allocations
      WHERE org_id = $1 AND invoice_id = $2 AND undone_at IS NULL ORDER BY created_at`,
    [input.orgId, invoice.id],
  );
  const events: EscalationEvent[] = [
    ...sent.map((s) => ({
      kind: "message_sent" as const,
      on: day(s.at),
      channel: s.channel,
      step: s.steps.find((x) => x.invoiceId === invoice.id)?.step ?? "invoice",
    })),
    ...replies.flatMap((r) =>
      r.label
        ? [{ kind: "reply" as const, on: day(r.at), label: r.label, evidence: r.evidence ?? "" }]
        : [],
    ),
    ...payments.map((p) => ({ kind: "payment" as const, on: day(p.at), amountMinor: p.amount })),
    ...replies.flatMap((r) =>
      r.promisedOn
        ? [
            {
              kind: "promise" as const,
              on: day(r.at),
              promisedOn: r.promisedOn,
              kept: paidSince(payments, r.at, day) ? true : r.promisedOn < today ? false : null,
            },
          ]
        : [],
    ),
  ];
  const [customer] = await db.query<{ name: string; language: string }>(
    `SELECT legal_name AS name, language FROM customers WHERE org_id = $1 AND id = $2`,
    [input.orgId, invoice.customerId],
  );
  return {
    language: customer?.language.startsWith("es") ? "es" : "en",
    today,
    customerName: customer?.name ?? invoice.customerName,
    invoice: {
      number: invoice.number,
      currency: invoice.currency as CurrencyCode,
      totalMinor: invoice.total,
      balanceMinor: invoice.balance,
      issueDate: invoice.issueDate,
      dueDate,
      daysOverdue: daysBetween(dueDate, today),
    },
    events,
  };
}

function paidSince(
  payments: { at: Instant }[],
  since: Instant,
  _day: (at: Instant) => CalendarDate,
): boolean {
  return payments.some((p) => p.at > since);
}

/** The escalation summary of an invoice, or "" when it has none (not issued). */
export async function invoiceSummary(
  db: Queryable,
  input: { orgId: string; invoiceId: string; zone: string; now: Instant },
): Promise<string> {
  const facts = await escalationFacts(db, input);
  return facts ? escalationSummary(facts) : "";
}
