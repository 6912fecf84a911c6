/**
 * One bank line → a decision, with the reason and the ranked candidates. Pure. Precision first:
 * money is applied without a person only when the line names the invoice and pays exactly its
 * balance (or names several invoices of one customer and pays exactly their sum), or when it
 * comes from an account this customer paid from before and exactly one of their open invoices
 * has that amount. Everything else plausible is suggested or put in the review tray with the
 * reason; what matches nothing is left alone.
 */
import { someSubsetSums } from "./any-subset-sum.js";
import {
  type InvoiceIndex,
  type InvoiceSet,
  namedBy,
  ofCustomer,
  withAmount,
} from "./invoice-index.js";
import type { MatchDecision, MatchLine, MatchPolicy, OpenInvoice } from "./match-model.js";
import { namedCustomers } from "./payer-customers.js";
import { invoiceReferences } from "./reference-tokens.js";
import { feeTolerance, scoreCandidate } from "./score-candidate.js";
import { subsetsSumming } from "./subset-sum.js";

export type Knowledge = {
  /** Normalised account → customers who paid from it before. */
  accounts: ReadonlyMap<string, readonly string[]>;
  /** Line id → the invoices a person rejected or undid for it (with the same evidence). */
  rejected: ReadonlyMap<string, ReadonlySet<string>>;
};

/**
 * Invoices that share only the amount are counted, and this many of them (oldest due first)
 * shown as candidates: with a million open invoices one amount can belong to thousands.
 */
const AMOUNT_ONLY_SHOWN = 10;

export function normaliseAccount(account: string | null): string | null {
  const plain = account?.replace(/[\s-]/g, "").toUpperCase() ?? "";
  return plain.length >= 5 ? plain : null;
}

export function decideMatch(
  line: MatchLine,
  index: InvoiceIndex,
  knowledge: Knowledge,
  policy: MatchPolicy,
): MatchDecision {
  const none = { allocations: [], candidates: [] };
  if (line.amount <= 0) {
    return {
      ...none,
      status: "unmatched",
      reasonCode: "outgoing",
      reason: "money going out, not a customer payment",
    };
  }
  const rejectedHere = knowledge.rejected.get(line.id);
  const allowed = (inv: OpenInvoice) => !rejectedHere?.has(inv.id);
  const referenced = namedBy(index, invoiceReferences(line.reference ?? "")).filter(allowed);
  const account = normaliseAccount(line.counterpartyAccount);
  const known = new Set(account ? (knowledge.accounts.get(account) ?? []) : []);
  const named = namedCustomers(line.counterpartyName, index, policy.nameSimilarityMin);
  const sameAmount = withAmount(index, line.currency, line.amount);
  const exactCount = sameAmount.size - countIn(sameAmount, rejectedHere);
  // Each customer's open invoices are listed once per line, however often they are looked at.
  const listed = new Map<string, OpenInvoice[]>();
  const openOf = (customerId: string): OpenInvoice[] => {
    let list = listed.get(customerId);
    if (!list) {
      list = ofCustomer(index, customerId);
      listed.set(customerId, list);
    }
    return list;
  };
  const sameAmountOf = (customerId: string) =>
    openOf(customerId).filter(
      (i) => i.currency === line.currency && i.balance === line.amount && allowed(i),
    );

  const pool = unique([
    ...referenced,
    ...first(sameAmount, allowed, AMOUNT_ONLY_SHOWN),
    ...[...known, ...named.keys()].flatMap(openOf),
  ]).filter(allowed);
  const refIds = new Set(referenced.map((i) => i.id));
  const candidates = pool
    .map((inv) =>
      scoreCandidate(inv, line, policy, {
        reference: refIds.has(inv.id),
        known: known.has(inv.customerId),
        name: named.get(inv.customerId) ?? null,
      }),
    )
    .sort((a, b) => b.score - a.score || a.number.localeCompare(b.number));
  const decision = (
    status: MatchDecision["status"],
    reasonCode: string,
    reason: string,
    allocations: MatchDecision["allocations"] = [],
  ): MatchDecision => ({
    status,
    reasonCode,
    reason,
    allocations,
    candidates: candidates.slice(0, 10),
  });
  const apply = (code: string, reason: string, allocations: MatchDecision["allocations"]) =>
    decision(policy.autoApply ? "applied" : "suggested", code, reason, allocations);

  if (referenced.length > 0) {
    const same = referenced.filter((i) => i.currency === line.currency);
    if (same.length === 0)
      return decision(
        "review",
        "other_currency",
        `the line is in ${line.currency}; the invoice it names is not`,
      );
    const exact = same.filter((i) => i.balance === line.amount);
    if (exact.length === 1) {
      const [inv] = exact as [OpenInvoice];
      return apply("reference_and_amount", `names ${inv.number} and pays exactly its balance`, [
        { invoiceId: inv.id, amount: line.amount },
      ]);
    }
    const customers = new Set(same.map((i) => i.customerId));
    const sum = same.reduce((s, i) => s + i.balance, 0);
    if (same.length > 1 && customers.size === 1 && sum === line.amount) {
      return apply(
        "references_name_all",
        `names ${same.map((i) => i.number).join(", ")} and pays exactly their sum`,
        same.map((i) => ({ invoiceId: i.id, amount: i.balance })),
      );
    }
    if (same.length === 1) {
      const [inv] = same as [OpenInvoice];
      const short = inv.balance - line.amount;
      if (short > 0 && short <= feeTolerance(inv.balance, policy)) {
        return decision(
          "review",
          "fee_short",
          `names ${inv.number} but pays ${short} less than its balance: a fee deducted?`,
          [{ invoiceId: inv.id, amount: line.amount }],
        );
      }
      if (short > 0)
        return decision("review", "partial", `names ${inv.number} but pays part of its balance`, [
          { invoiceId: inv.id, amount: line.amount },
        ]);
      return decision(
        "review",
        "over_balance",
        `names ${inv.number} but pays more than its balance`,
      );
    }
    const subsets = subsetsSumming(
      same.map((i) => ({ id: i.id, amount: i.balance })),
      line.amount,
      { maxItems: policy.subsetMaxItems, maxSize: policy.subsetMaxSize, maxResults: 2 },
    );
    if (subsets.length === 1) {
      return decision(
        "suggested",
        "some_references_sum",
        "some of the invoices it names add up to the amount",
        allocationsOf(subsets[0] as string[], same),
      );
    }
    return decision(
      "review",
      "references_ambiguous",
      `names ${same.map((i) => i.number).join(", ")}; the amount fits none of them exactly`,
    );
  }

  if (known.size > 0) {
    const ofKnown = [...known].flatMap(sameAmountOf);
    if (ofKnown.length === 1) {
      const [inv] = ofKnown as [OpenInvoice];
      // Not certain when other open invoices of the customer also add up to the amount
      // (6 hours + 12 hours = one 18-hour invoice): then a person chooses.
      const others = openOf(inv.customerId).filter(
        (i) => i.id !== inv.id && i.currency === line.currency && allowed(i),
      );
      const alsoSums = someSubsetSums(
        others.map((i) => i.balance),
        line.amount,
        policy.subsetMaxSize,
        policy.subsetMaxItems,
      );
      if (alsoSums) {
        return decision(
          "review",
          "amount_or_combination",
          `from an account ${inv.customerName} paid from before: ${inv.number} has exactly this amount, but other open invoices of theirs add up to it too`,
        );
      }
      return apply(
        "known_account_amount",
        `from an account ${inv.customerName} paid from before, exactly the balance of ${inv.number}`,
        [{ invoiceId: inv.id, amount: line.amount }],
      );
    }
  }
  for (const customerId of [...known, ...named.keys()]) {
    const open = openOf(customerId).filter((i) => i.currency === line.currency && allowed(i));
    const single = open.filter((i) => i.balance === line.amount);
    if (single.length > 1) {
      // The same amount every month: which month is meant is a person's call (oldest first).
      const oldest = [...single].sort(byDue)[0] as OpenInvoice;
      return decision(
        "review",
        "several_of_customer",
        `${single.length} open invoices of ${oldest.customerName} have this amount (oldest: ${oldest.number})`,
      );
    }
    if (single.length === 1) {
      const [inv] = single as [OpenInvoice];
      return decision(
        "suggested",
        "name_and_amount",
        `the payer looks like ${inv.customerName} and the amount is the balance of ${inv.number}`,
        [{ invoiceId: inv.id, amount: line.amount }],
      );
    }
    const subsets = subsetsSumming(
      open.map((i) => ({ id: i.id, amount: i.balance })),
      line.amount,
      { maxItems: policy.subsetMaxItems, maxSize: policy.subsetMaxSize, maxResults: 2 },
    );
    if (subsets.length === 1) {
      return decision(
        "suggested",
        "combined_payment",
        `pays several invoices of ${open[0]?.customerName ?? "one customer"} at once: their balances add up to the amount`,
        allocationsOf(subsets[0] as string[], open),
      );
    }
    if (open.length > 0) {
      return decision(
        "review",
        "known_payer_amount_differs",
        `from ${open[0]?.customerName}, but the amount matches none of their open invoices`,
      );
    }
  }
  if (exactCount === 1)
    return decision(
      "review",
      "amount_only",
      "only the amount matches an open invoice; nothing names the payer",
    );
  if (exactCount > 1)
    return decision(
      "review",
      "several_candidates",
      `${exactCount} open invoices have exactly this amount`,
    );
  if (line.counterpartyName || line.reference) {
    return decision(
      "unmatched",
      "unknown_payer",
      "no open invoice, customer or known account matches this line",
    );
  }
  return decision("unmatched", "nothing_matches", "nothing on this line matches an open invoice");
}

/** How many of these invoice ids are in the set. */
function countIn(set: InvoiceSet, ids: ReadonlySet<string> | undefined): number {
  let n = 0;
  for (const id of ids ?? []) if (set.has(id)) n++;
  return n;
}

/** The first `max` allowed invoices of the set, in its order. */
function first(
  set: InvoiceSet,
  allowed: (inv: OpenInvoice) => boolean,
  max: number,
): OpenInvoice[] {
  const out: OpenInvoice[] = [];
  for (const inv of set.values()) {
    if (out.length >= max) break;
    if (allowed(inv)) out.push(inv);
  }
  return out;
}

function byDue(a: OpenInvoice, b: OpenInvoice): number {
  return (a.dueDate ?? "").localeCompare(b.dueDate ?? "") || a.seq - b.seq;
}

function unique(invoices: OpenInvoice[]): OpenInvoice[] {
  return [...new Map(invoices.map((i) => [i.id, i])).values()];
}

function allocationsOf(ids: string[], invoices: OpenInvoice[]): MatchDecision["allocations"] {
  return ids.map((id) => ({
    invoiceId: id,
    amount: invoices.find((i) => i.id === id)?.balance ?? 0,
  }));
}
