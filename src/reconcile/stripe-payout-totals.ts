/**
 * A payout's sums, from the balance transactions it carried: gross charges, fees, refunds and
 * the rest, and the net they add up to. Pure.
 */
import type { StripeBalanceTransaction } from "./stripe-model.js";

export type PayoutTotals = {
  /** Gross charges (and payments). */
  charges: number;
  chargeCount: number;
  /** Every fee Stripe took on the payout's transactions. */
  fees: number;
  /** Refunds, as a positive amount. */
  refunds: number;
  /** Anything else (disputes, adjustments, Stripe's own fees), signed. */
  other: number;
  /** Σ net = charges − fees − refunds + other: what the payout should be. */
  net: number;
  transactions: number;
};

const CHARGE_TYPES = new Set(["charge", "payment"]);
const REFUND_TYPES = new Set(["refund", "payment_refund", "payment_failure_refund"]);

export const isChargeTransaction = (type: string): boolean => CHARGE_TYPES.has(type);

export function payoutTotals(
  transactions: readonly Pick<StripeBalanceTransaction, "type" | "amount" | "fee">[],
): PayoutTotals {
  const t: PayoutTotals = {
    charges: 0,
    chargeCount: 0,
    fees: 0,
    refunds: 0,
    other: 0,
    net: 0,
    transactions: 0,
  };
  for (const bt of transactions) {
    if (bt.type === "payout") continue;
    t.transactions++;
    t.fees += bt.fee;
    t.net += bt.amount - bt.fee;
    if (CHARGE_TYPES.has(bt.type)) {
      t.charges += bt.amount;
      t.chargeCount++;
    } else if (REFUND_TYPES.has(bt.type)) t.refunds -= bt.amount;
    else t.other += bt.amount;
  }
  return t;
}
