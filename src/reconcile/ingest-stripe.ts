/**
 * Stripe events into the books, one transaction per event, each event once (its id is claimed
 * in `processor_events` first: a redelivery, or the same file again, changes nothing).
 *
 * - A charge that names one of our invoices (Checkout metadata `invoice_id`) settles it: a
 *   settled `processor` card payment for the gross amount, applied up to the invoice's balance
 *   with the invoice row locked; the rest stays on the payment as the customer's credit. A
 *   charge that names no invoice of ours is only recorded, counted as unapplied: no guessing.
 * - A refund is recorded on its charge (amount, status) and audited; balances are not touched.
 * - A paid payout is recorded, to be met on the bank statement (`matchPayouts`).
 * - A payout's balance transactions link its charges to it and sum its charges, fees, refunds.
 */
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import { type CalendarDate, type Instant, todayIn } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { money, toDecimalString } from "../kernel/money.js";
import { allocate } from "./allocate.js";
import {
  isChargeTransaction,
  payoutTotals,
  STRIPE,
  type StripeBalanceTransactionList,
  type StripeCharge,
  type StripeInput,
  type StripePayout,
} from "./stripe-events.js";

export type StripeIngestOutcome = {
  eventId: string;
  type: string;
  /**
   * `applied`: a charge paid an invoice; `credit`: it was for an invoice that could take none of
   * it (paid, void, another currency), kept as the customer's credit; `unapplied`: it names no
   * invoice of ours; `known`: seen before by another event; `refund`, `payout`, `linked`
   * (balance transactions), `ignored` (a type we do not read), `duplicate` (this event again).
   */
  outcome:
    | "applied"
    | "credit"
    | "unapplied"
    | "known"
    | "refund"
    | "payout"
    | "linked"
    | "ignored"
    | "duplicate";
  detail: string;
  chargeId: string | null;
  payoutId: string | null;
  invoiceNumber: string | null;
  paymentId: string | null;
  /** Applied to the invoice, in `currency`'s minor units. */
  applied: number;
  currency: string | null;
};

type Deps = { db: Db; clock: Clock; ids: Ids };
type Ctx = { tx: Queryable; ids: Ids; orgId: string; zone: string; now: Instant; actor: Actor };
type Result = Omit<StripeIngestOutcome, "eventId" | "type">;

const blank: Result = {
  outcome: "ignored",
  detail: "",
  chargeId: null,
  payoutId: null,
  invoiceNumber: null,
  paymentId: null,
  applied: 0,
  currency: null,
};

const shown = (minor: number, currency: string) =>
  `${toDecimalString(money(minor, currency))} ${currency}`;

export async function ingestStripeEvents(
  deps: Deps,
  input: { orgId: string; events: readonly StripeInput[]; actor: Actor },
): Promise<StripeIngestOutcome[]> {
  // Read before any transaction (PGlite queues other reads behind an open one).
  const [org] = await deps.db.query<{ zone: string }>(
    `SELECT time_zone AS zone FROM organisations WHERE id = $1`,
    [input.orgId],
  );
  if (!org) throw new CashloopError("org_not_found", `${input.orgId}: no such organisation`);
  const out: StripeIngestOutcome[] = [];
  for (const event of input.events) {
    out.push(
      await deps.db.transaction(async (tx) => {
        const ctx: Ctx = {
          tx,
          ids: deps.ids,
          orgId: input.orgId,
          zone: org.zone,
          now: deps.clock.now(),
          actor: input.actor,
        };
        const head = { eventId: event.id, type: event.type };
        const claimed = await tx.query(
          `INSERT INTO processor_events (org_id, provider, event_id, type, outcome, received_at)
           VALUES ($1, $2, $3, $4, 'claimed', $5) ON CONFLICT DO NOTHING RETURNING event_id`,
          [ctx.orgId, STRIPE, event.id, event.type, ctx.now],
        );
        if (claimed.length === 0) {
          const [before] = await tx.query<{ outcome: string; at: string }>(
            `SELECT outcome, received_at AS at FROM processor_events
              WHERE org_id = $1 AND provider = $2 AND event_id = $3`,
            [ctx.orgId, STRIPE, event.id],
          );
          return {
            ...head,
            ...blank,
            outcome: "duplicate",
            detail: `already ingested at ${before?.at ?? "?"} (${before?.outcome ?? "?"}); nothing changed`,
          };
        }
        const result = await ingestOne(ctx, event);
        await tx.query(
          `UPDATE processor_events SET outcome = $4 WHERE org_id = $1 AND provider = $2 AND event_id = $3`,
          [ctx.orgId, STRIPE, event.id, result.outcome],
        );
        return { ...head, ...result };
      }),
    );
  }
  return out;
}

async function ingestOne(ctx: Ctx, event: StripeInput): Promise<Result> {
  switch (event.kind) {
    case "charge_succeeded":
      return recordCharge(ctx, event.charge);
    case "charge_refunded":
      return recordRefund(ctx, event.charge);
    case "payout_paid":
      return recordPayout(ctx, event.payout);
    case "balance_transactions":
      return recordBalanceTransactions(ctx, event);
    case "ignored":
      return {
        ...blank,
        detail: `${event.type}${event.objectId ? ` (${event.objectId})` : ""}: not read; recorded`,
      };
  }
}

type InvoiceRow = {
  id: string;
  number: string | null;
  status: string;
  kind: string;
  customerId: string;
  currency: string;
  balance: number;
};

/** The invoice a charge pays, locked; or why it pays none. */
async function invoiceOf(
  ctx: Ctx,
  charge: StripeCharge,
): Promise<{ invoice: InvoiceRow | null; why: string }> {
  if (!charge.invoiceId) return { invoice: null, why: "it names no invoice (metadata.invoice_id)" };
  if (charge.orgId && charge.orgId !== ctx.orgId) {
    return { invoice: null, why: `its metadata.org_id is ${charge.orgId}, not this organisation` };
  }
  const [invoice] = await ctx.tx.query<InvoiceRow>(
    `SELECT id, number, status, kind, customer_id AS "customerId", currency, balance_minor AS balance
       FROM invoices WHERE org_id = $1 AND id = $2 FOR UPDATE`,
    [ctx.orgId, charge.invoiceId],
  );
  if (!invoice) {
    return { invoice: null, why: `metadata.invoice_id ${charge.invoiceId} is no invoice of ours` };
  }
  return { invoice, why: "" };
}

/**
 * The charge's row, and our payment for it when it names an invoice: once per charge, whichever
 * event brings it first (a refund may arrive before the success).
 */
async function recordCharge(ctx: Ctx, charge: StripeCharge): Promise<Result> {
  const { tx, orgId } = ctx;
  const base = { ...blank, chargeId: charge.id, currency: charge.currency };
  const [known] = await tx.query<{ paymentId: string | null; invoiceNumber: string | null }>(
    `SELECT c.payment_id AS "paymentId", i.number AS "invoiceNumber"
       FROM processor_charges c LEFT JOIN invoices i ON i.org_id = c.org_id AND i.id = c.invoice_id
      WHERE c.org_id = $1 AND c.provider = $2 AND c.charge_id = $3 FOR UPDATE OF c`,
    [orgId, STRIPE, charge.id],
  );
  if (known?.paymentId) {
    return {
      ...base,
      outcome: "known",
      detail: `${charge.id} was recorded before (payment ${known.paymentId})`,
      paymentId: known.paymentId,
      invoiceNumber: known.invoiceNumber,
    };
  }
  const { invoice, why } = await invoiceOf(ctx, charge);
  const createdOn = todayIn(ctx.zone, charge.createdAt);
  await tx.query(
    `INSERT INTO processor_charges AS c (org_id, provider, charge_id, payment_intent_id, invoice_id, amount_minor,
                                    fee_minor, net_minor, currency, status, balance_transaction_id, created_on,
                                    created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'succeeded', $10, $11, $12, $12)
     ON CONFLICT (org_id, provider, charge_id) DO UPDATE SET
       payment_intent_id = COALESCE(EXCLUDED.payment_intent_id, c.payment_intent_id),
       invoice_id = EXCLUDED.invoice_id, amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency,
       fee_minor = COALESCE(c.fee_minor, EXCLUDED.fee_minor), net_minor = COALESCE(c.net_minor, EXCLUDED.net_minor),
       balance_transaction_id = COALESCE(c.balance_transaction_id, EXCLUDED.balance_transaction_id),
       created_on = EXCLUDED.created_on, updated_at = EXCLUDED.updated_at`,
    [
      orgId,
      STRIPE,
      charge.id,
      charge.paymentIntentId,
      invoice?.id ?? null,
      charge.amount,
      charge.fee,
      charge.net,
      charge.currency,
      charge.balanceTransactionId,
      createdOn,
      ctx.now,
    ],
  );
  const amount = shown(charge.amount, charge.currency);
  if (!invoice) {
    // Audited when first seen; seen again (a refund, a copy), it is only brought up to date.
    if (!known) {
      await audit(tx, ctx.ids, {
        orgId,
        actor: ctx.actor,
        action: "processor.charge_unapplied",
        subjectId: charge.id,
        before: null,
        after: { charge: charge.id, amount: charge.amount, currency: charge.currency, reason: why },
        at: ctx.now,
      });
    }
    return {
      ...base,
      outcome: "unapplied",
      detail: `${charge.id}: ${amount} recorded, unapplied: ${why}`,
    };
  }
  const paymentId = ctx.ids.next("pay");
  await tx.query(
    `INSERT INTO payments (org_id, id, customer_id, currency, amount_minor, received_on, method, reference,
                           source, status, for_invoice_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'processor', 'settled', $9, $10)`,
    [
      orgId,
      paymentId,
      invoice.customerId,
      charge.currency,
      charge.amount,
      createdOn,
      charge.method,
      charge.id,
      invoice.id,
      ctx.now,
    ],
  );
  // The payment stays whole; only what the invoice can take is applied, the rest is credit.
  const number = invoice.number ?? invoice.id;
  const blocked =
    invoice.status !== "issued" || invoice.kind !== "invoice"
      ? `${number} is ${invoice.status === "issued" ? `a ${invoice.kind}` : invoice.status}`
      : invoice.currency !== charge.currency
        ? `${number} is in ${invoice.currency}, the charge in ${charge.currency}`
        : invoice.balance <= 0
          ? `${number} has nothing left to pay`
          : null;
  const applied = blocked
    ? 0
    : await allocate(tx, ctx.ids, orgId, paymentId, invoice, charge.amount, ctx.now);
  await tx.query(
    `UPDATE processor_charges SET payment_id = $4 WHERE org_id = $1 AND provider = $2 AND charge_id = $3`,
    [orgId, STRIPE, charge.id, paymentId],
  );
  const credit = charge.amount - applied;
  const balanceAfter = blocked ? invoice.balance : invoice.balance - applied;
  await audit(tx, ctx.ids, {
    orgId,
    actor: ctx.actor,
    action: "payment.recorded",
    subjectId: paymentId,
    before: { invoice: number, balance: invoice.balance },
    after: {
      invoice: number,
      charge: charge.id,
      source: "processor",
      amount: charge.amount,
      applied,
      unapplied: credit,
      balanceAfter,
      ...(blocked ? { reason: blocked } : {}),
    },
    at: ctx.now,
  });
  const detail = blocked
    ? `${charge.id}: ${amount} kept as the customer's credit: ${blocked}`
    : `${charge.id}: ${shown(applied, charge.currency)} applied to ${number}; balance ${shown(balanceAfter, invoice.currency)}${credit > 0 ? `; ${shown(credit, charge.currency)} kept as the customer's credit` : ""}`;
  return {
    ...base,
    outcome: applied > 0 ? "applied" : "credit",
    detail,
    invoiceNumber: number,
    paymentId,
    applied,
  };
}

/** The refunded amount on its charge; balances are left as they are (a person decides). */
async function recordRefund(ctx: Ctx, charge: StripeCharge): Promise<Result> {
  const first = await recordCharge(ctx, charge);
  const [row] = await ctx.tx.query<{ status: string; refunded: number; amount: number }>(
    `SELECT status, refunded_minor AS refunded, amount_minor AS amount FROM processor_charges
      WHERE org_id = $1 AND provider = $2 AND charge_id = $3 FOR UPDATE`,
    [ctx.orgId, STRIPE, charge.id],
  );
  if (!row) throw new Error(`charge ${charge.id} vanished`);
  const seen = first.outcome === "known" ? "" : `${first.detail}. `;
  const refunded = Math.max(row.refunded, charge.amountRefunded);
  if (refunded === row.refunded) {
    return {
      ...first,
      detail: `${seen}${charge.id}: refund of ${shown(refunded, charge.currency)} already recorded`,
    };
  }
  const status = refunded >= row.amount ? "refunded" : "partially_refunded";
  await ctx.tx.query(
    `UPDATE processor_charges SET refunded_minor = $4, status = $5, updated_at = $6
      WHERE org_id = $1 AND provider = $2 AND charge_id = $3`,
    [ctx.orgId, STRIPE, charge.id, refunded, status, ctx.now],
  );
  await audit(ctx.tx, ctx.ids, {
    orgId: ctx.orgId,
    actor: ctx.actor,
    action: "processor.charge_refunded",
    subjectId: charge.id,
    before: { status: row.status, refunded: row.refunded },
    after: {
      status,
      refunded,
      currency: charge.currency,
      invoice: first.invoiceNumber,
      payment: first.paymentId,
    },
    at: ctx.now,
  });
  const on = first.invoiceNumber ? ` (paid ${first.invoiceNumber})` : "";
  return {
    ...first,
    outcome: "refund",
    detail: `${seen}${charge.id}${on}: ${shown(refunded, charge.currency)} of ${shown(row.amount, charge.currency)} refunded; no balance was changed`,
  };
}

async function recordPayout(ctx: Ctx, payout: StripePayout): Promise<Result> {
  const base = { ...blank, payoutId: payout.id, currency: payout.currency };
  const [known] = await ctx.tx.query<{ lineId: string | null }>(
    `SELECT line_id AS "lineId" FROM processor_payouts WHERE org_id = $1 AND provider = $2 AND payout_id = $3 FOR UPDATE`,
    [ctx.orgId, STRIPE, payout.id],
  );
  if (known?.lineId) {
    return {
      ...base,
      outcome: "known",
      detail: `${payout.id} is matched to statement line ${known.lineId} already`,
    };
  }
  await ctx.tx.query(
    `INSERT INTO processor_payouts (org_id, provider, payout_id, amount_minor, currency, arrival_date, status,
                                    created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'paid', $7, $7)
     ON CONFLICT (org_id, provider, payout_id) DO UPDATE SET amount_minor = EXCLUDED.amount_minor,
       currency = EXCLUDED.currency, arrival_date = EXCLUDED.arrival_date, status = 'paid',
       updated_at = EXCLUDED.updated_at`,
    [ctx.orgId, STRIPE, payout.id, payout.amount, payout.currency, payout.arrivalDate, ctx.now],
  );
  const totals = await refreshPayoutTotals(ctx, payout.id);
  await audit(ctx.tx, ctx.ids, {
    orgId: ctx.orgId,
    actor: ctx.actor,
    action: "processor.payout_recorded",
    subjectId: payout.id,
    before: null,
    after: {
      amount: payout.amount,
      currency: payout.currency,
      arrivalDate: payout.arrivalDate,
      transactions: totals.transactions,
    },
    at: ctx.now,
  });
  return {
    ...base,
    outcome: "payout",
    detail: `${payout.id}: ${shown(payout.amount, payout.currency)} paid out, arriving ${payout.arrivalDate}; ${totals.transactions} balance transactions known`,
  };
}

async function recordBalanceTransactions(
  ctx: Ctx,
  list: StripeBalanceTransactionList,
): Promise<Result> {
  const { tx, orgId } = ctx;
  let added = 0;
  for (const bt of list.transactions) {
    const createdOn: CalendarDate = todayIn(ctx.zone, bt.createdAt);
    const rows = await tx.query(
      `INSERT INTO processor_balance_transactions (org_id, provider, id, payout_id, type, source_id, amount_minor,
                                                   fee_minor, net_minor, currency, created_on, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING id`,
      [
        orgId,
        STRIPE,
        bt.id,
        list.payoutId,
        bt.type,
        bt.sourceId,
        bt.amount,
        bt.fee,
        bt.net,
        bt.currency,
        createdOn,
        ctx.now,
      ],
    );
    added += rows.length;
    if (!isChargeTransaction(bt.type) || !bt.sourceId || bt.amount <= 0) continue;
    // A charge no event told us of is recorded from its transaction: unapplied until one does.
    await tx.query(
      `INSERT INTO processor_charges AS c (org_id, provider, charge_id, amount_minor, fee_minor, net_minor, currency,
                                      status, payout_id, balance_transaction_id, created_on, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'succeeded', $8, $9, $10, $11, $11)
       ON CONFLICT (org_id, provider, charge_id) DO UPDATE SET payout_id = EXCLUDED.payout_id,
         fee_minor = EXCLUDED.fee_minor, net_minor = EXCLUDED.net_minor,
         balance_transaction_id = EXCLUDED.balance_transaction_id, updated_at = EXCLUDED.updated_at`,
      [
        orgId,
        STRIPE,
        bt.sourceId,
        bt.amount,
        bt.fee,
        bt.net,
        bt.currency,
        list.payoutId,
        bt.id,
        createdOn,
        ctx.now,
      ],
    );
  }
  const totals = await refreshPayoutTotals(ctx, list.payoutId);
  const currency = list.transactions[0]?.currency ?? null;
  const sums = currency
    ? `: ${totals.chargeCount} charges ${shown(totals.charges, currency)}, fees ${shown(totals.fees, currency)}, refunds ${shown(totals.refunds, currency)}${totals.other !== 0 ? `, other ${shown(totals.other, currency)}` : ""}`
    : "";
  await audit(tx, ctx.ids, {
    orgId,
    actor: ctx.actor,
    action: "processor.balance_transactions_recorded",
    subjectId: list.payoutId,
    before: null,
    after: { added, seen: list.transactions.length, ...totals },
    at: ctx.now,
  });
  return {
    ...blank,
    outcome: "linked",
    payoutId: list.payoutId,
    currency,
    detail: `${list.payoutId}: ${added} of ${list.transactions.length} balance transactions new; ${totals.transactions} known${sums}${list.hasMore ? "; the list has more pages: fetch and ingest them too" : ""}`,
  };
}

/** The payout's sums, from every balance transaction known for it. */
async function refreshPayoutTotals(ctx: Ctx, payoutId: string) {
  const rows = await ctx.tx.query<{ type: string; amount: number; fee: number }>(
    `SELECT type, amount_minor AS amount, fee_minor AS fee FROM processor_balance_transactions
      WHERE org_id = $1 AND provider = $2 AND payout_id = $3`,
    [ctx.orgId, STRIPE, payoutId],
  );
  const totals = payoutTotals(rows);
  await ctx.tx.query(
    `UPDATE processor_payouts SET charges_minor = $4, fees_minor = $5, refunds_minor = $6, other_minor = $7,
            transactions = $8, updated_at = $9
      WHERE org_id = $1 AND provider = $2 AND payout_id = $3 AND line_id IS NULL`,
    [
      ctx.orgId,
      STRIPE,
      payoutId,
      totals.charges,
      totals.fees,
      totals.refunds,
      totals.other,
      totals.transactions,
      ctx.now,
    ],
  );
  return totals;
}
