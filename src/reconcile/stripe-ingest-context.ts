/**
 * What every step of a Stripe ingest shares: the transaction it runs in, the result it reports
 * for one event, and how it shows an amount.
 */
import type { Actor } from "../kernel/audit.js";
import type { Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import { moneyText } from "../kernel/money.js";

/** What one event did to the books (`StripeIngestOutcome` adds the event's id and type). */
export type StripeIngestResult = {
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

/** One event's transaction, and whom and when it is ingested for. */
export type StripeIngestCtx = {
  tx: Queryable;
  ids: Ids;
  orgId: string;
  zone: string;
  now: Instant;
  actor: Actor;
};

/** A result that changed nothing; each step fills in what it did. */
export const blankResult: StripeIngestResult = {
  outcome: "ignored",
  detail: "",
  chargeId: null,
  payoutId: null,
  invoiceNumber: null,
  paymentId: null,
  applied: 0,
  currency: null,
};

/** "12.50 EUR". */
export const shown = moneyText;
