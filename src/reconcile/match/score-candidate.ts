/**
 * A candidate invoice for a bank line, with the features that matched (reference, exact amount,
 * part of it, short by a fee, known account, name…) and a score: the sum of their weights, 0..1.
 * The score ranks candidates for a person; decisions never rest on it alone. Pure.
 */
import type { Candidate, Feature, MatchLine, MatchPolicy, OpenInvoice } from "./match-model.js";

const WEIGHTS: Record<Feature, number> = {
  reference: 0.5,
  amount_exact: 0.3,
  amount_sum: 0.2,
  known_account: 0.3,
  name: 0.2,
  partial: 0,
  fee_short: 0,
  over_balance: 0,
  currency_differs: -0.3,
};

export function scoreCandidate(
  inv: OpenInvoice,
  line: MatchLine,
  policy: MatchPolicy,
  hit: { reference: boolean; known: boolean; name: number | null },
): Candidate {
  const features: Feature[] = [];
  if (hit.reference) features.push("reference");
  if (inv.currency !== line.currency) features.push("currency_differs");
  else if (inv.balance === line.amount) features.push("amount_exact");
  else if (line.amount < inv.balance) {
    features.push(
      inv.balance - line.amount <= feeTolerance(inv.balance, policy) ? "fee_short" : "partial",
    );
  } else features.push("over_balance");
  if (hit.known) features.push("known_account");
  if (hit.name !== null) features.push("name");
  const score = features.reduce(
    (s, f) => s + (f === "name" ? WEIGHTS.name * (hit.name ?? 0) : WEIGHTS[f]),
    0,
  );
  return {
    invoiceId: inv.id,
    number: inv.number,
    customerId: inv.customerId,
    customerName: inv.customerName,
    balance: inv.balance,
    currency: inv.currency,
    score: Math.max(0, Math.min(1, Math.round(score * 100) / 100)),
    features,
    nameSimilarity: hit.name,
  };
}

/** How short of the balance a payment may be and still look fee-deducted. */
export function feeTolerance(balance: number, policy: MatchPolicy): number {
  return Math.min(
    policy.feeToleranceMinor,
    Math.floor((balance * policy.feeToleranceBps) / 10_000),
  );
}
