/**
 * Stripe charges and refunds into the books, for ingest-stripe.ts (whose header says what each
 * does): the charge's row in `processor_charges`, our payment for it when it names one of our
 * invoices (applied up to the invoice's balance, the rest kept as credit), and its refunds.
 */

import { audit } from "../kernel/audit.js";
import { todayIn } from "../kernel/dates.js";
import { allocate } from "./allocate.js";
import { type LockedInvoice, lockedInvoice } from "./record-payment.js";
import {
  blankResult,
  type StripeIngestCtx,
  type StripeIngestResult,
  shown,
} from "./stripe-ingest-context.js";
import { STRIPE, type StripeCharge } from "./stripe-model.js";

/** The invoice a charge pays, locked; or why it pays none. */
async function invoiceOf(
  ctx: StripeIngestCtx,
  charge: StripeCharge,
): Promise<{ invoice: LockedInvoice | null; why: string }> {
  if (!charge.invoiceId) return { invoice: null, why: "it names no invoice (metadata.invoice_id)" };
  if (charge.orgId && charge.orgId !== ctx.orgId) {
    return { invoice: null, why: `its metadata.org_id is ${charge.orgId}, not this organisation` };
  }
  const invoice = await lockedInvoice(ctx.tx, ctx.orgId, charge.invoiceId);
  if (!invoice) {
    return { invoice: null, why: `metadata.invoice_id ${charge.invoiceId} is no invoice of ours` };
  }
  return { invoice, why: "" };
}

/**
 * The charge's row, and our payment for it when it names an invoice: once per charge, whichever
 * event brings it first (a refund may arrive before the success).
 */
export async function recordCharge(
  ctx: StripeIngestCtx,
  charge: StripeCharge,
): Promise<StripeIngestResult> {
  const { tx, orgId } = ctx;
  const base = { ...blankResult, chargeId: charge.id, currency: charge.currency };
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
export async function recordRefund(
  ctx: StripeIngestCtx,
  charge: StripeCharge,
): Promise<StripeIngestResult> {
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
