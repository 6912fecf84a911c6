/**
 * Stripe's webhook events and balance-transaction lists as plain data, as the readers
 * (stripe-events.ts) return them: amounts in ISO minor units, currencies as ISO codes, Stripe's
 * unix timestamps as instants.
 */
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { CurrencyCode } from "../kernel/money.js";

export const STRIPE = "stripe";

export type StripeCharge = {
  id: string;
  paymentIntentId: string | null;
  /** ISO minor units of `currency`. */
  amount: number;
  amountRefunded: number;
  currency: CurrencyCode;
  createdAt: Instant;
  method: "card" | "other";
  /** Our Checkout metadata (on the charge, or on its expanded PaymentIntent). */
  orgId: string | null;
  invoiceId: string | null;
  invoiceNumber: string | null;
  balanceTransactionId: string | null;
  /** Known only when the balance transaction is expanded in the payload. */
  fee: number | null;
  net: number | null;
};

export type StripePayout = {
  id: string;
  amount: number;
  currency: CurrencyCode;
  /** Stripe's arrival date: midnight UTC of the expected day. */
  arrivalDate: CalendarDate;
  stripeStatus: string;
};

export type StripeBalanceTransaction = {
  id: string;
  type: string;
  /** The charge, refund, payout… it stems from (`ch_…`, `re_…`, `po_…`). */
  sourceId: string | null;
  /** Signed as Stripe signs it: charges positive, refunds and payouts negative. */
  amount: number;
  fee: number;
  net: number;
  currency: CurrencyCode;
  createdAt: Instant;
};

type EventHead = {
  /** Stripe's `evt_…`, or `local_<hash of the payload>` when the payload carries none. */
  id: string;
  type: string;
};

export type StripeEvent =
  | (EventHead & { kind: "charge_succeeded"; charge: StripeCharge })
  | (EventHead & { kind: "charge_refunded"; charge: StripeCharge })
  | (EventHead & { kind: "payout_paid"; payout: StripePayout })
  | (EventHead & { kind: "ignored"; objectId: string | null });

export type StripeBalanceTransactionList = EventHead & {
  kind: "balance_transactions";
  type: "balance_transactions";
  payoutId: string;
  /** Without the payout's own transaction (type `payout`). */
  transactions: StripeBalanceTransaction[];
  /** Stripe pages lists: the rest must be fetched (`starting_after`) and ingested too. */
  hasMore: boolean;
};

export type StripeInput = StripeEvent | StripeBalanceTransactionList;
