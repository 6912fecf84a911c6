/** The matcher's types: what it reads (lines, open invoices, what it has learnt) and decides. */
import type { CalendarDate } from "../../kernel/dates.js";

export type MatchLine = {
  id: string;
  bookingDate: CalendarDate;
  amount: number;
  currency: string;
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  reference: string | null;
};

export type OpenInvoice = {
  id: string;
  number: string;
  series: string;
  year: number;
  seq: number;
  customerId: string;
  customerName: string;
  currency: string;
  balance: number;
  dueDate: CalendarDate | null;
};

export type MatchPolicy = {
  /** Apply certain matches without a person (exact reference and amount, or known account and unique amount). */
  autoApply: boolean;
  /** A payer's name counts as the customer's at this similarity (0..1) or above. */
  nameSimilarityMin: number;
  /** A payment short of the balance by at most this much (minor units) or this share (basis points) looks fee-deducted. */
  feeToleranceMinor: number;
  feeToleranceBps: number;
  /** Combined payments: look at a customer's first `maxItems` open invoices, combinations of up to `maxSize`. */
  subsetMaxItems: number;
  subsetMaxSize: number;
};

export const DEFAULT_MATCH_POLICY: MatchPolicy = {
  autoApply: true,
  nameSimilarityMin: 0.75,
  feeToleranceMinor: 5_000,
  feeToleranceBps: 500,
  subsetMaxItems: 16,
  subsetMaxSize: 4,
};

export type Feature =
  | "reference"
  | "amount_exact"
  | "amount_sum"
  | "known_account"
  | "name"
  | "partial"
  | "fee_short"
  | "over_balance"
  | "currency_differs";

export type Candidate = {
  invoiceId: string;
  number: string;
  customerId: string;
  customerName: string;
  balance: number;
  currency: string;
  /** 0..1; the sum of the weights of the features that matched. */
  score: number;
  features: Feature[];
  nameSimilarity: number | null;
};

export const MATCH_STATUSES = ["applied", "suggested", "review", "unmatched"] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

export type MatchDecision = {
  status: MatchStatus;
  /** A code and a sentence a person understands. */
  reasonCode: string;
  reason: string;
  /** What would be (or was) applied: invoice → amount. */
  allocations: { invoiceId: string; amount: number }[];
  /** Ranked, best first, with the features that matched. */
  candidates: Candidate[];
};
