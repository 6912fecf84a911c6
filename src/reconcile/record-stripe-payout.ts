/**
 * Stripe payouts into the books, for ingest-stripe.ts: a paid payout's row in
 * `processor_payouts` (to be met on the bank statement), its balance transactions (linking its
 * charges to it; a charge no event told us of is recorded from its transaction, unapplied), and
 * the sums of its charges, fees and refunds kept on the payout.
 */
import { audit } from "../kernel/audit.js";
import { type CalendarDate, todayIn } from "../kernel/dates.js";
import {
  blankResult,
  type StripeIngestCtx,
  type StripeIngestResult,
  shown,
} from "./stripe-ingest-context.js";
import { STRIPE, type StripeBalanceTransactionList, type StripePayout } from "./stripe-model.js";
import { isChargeTransaction, payoutTotals } from "./stripe-payout-totals.js";

/** A paid payout, recorded or brought up to date, unless a statement line already met it. */
export async function recordPayout(
  ctx: StripeIngestCtx,
  payout: StripePayout,
): Promise<StripeIngestResult> {
  const base = { ...blankResult, payoutId: payout.id, currency: payout.currency };
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

/** A page of a payout's balance transactions: the new ones stored, their charges linked. */
export async function recordBalanceTransactions(
  ctx: StripeIngestCtx,
  list: StripeBalanceTransactionList,
): Promise<StripeIngestResult> {
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
    ...blankResult,
    outcome: "linked",
    payoutId: list.payoutId,
    currency,
    detail: `${list.payoutId}: ${added} of ${list.transactions.length} balance transactions new; ${totals.transactions} known${sums}${list.hasMore ? "; the list has more pages: fetch and ingest them too" : ""}`,
  };
}

/** The payout's sums, from every balance transaction known for it. */
async function refreshPayoutTotals(ctx: StripeIngestCtx, payoutId: string) {
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
