/**
 * Which drafts need a person, and why. Pure: every fact the rules need comes in the input; the
 * output is every reason that applies (never just the first), each a code and a sentence.
 */
import type { CalendarDate } from "../kernel/dates.js";
import { daysBetween } from "../kernel/dates.js";
import type { Address } from "../sources/model.js";
import type { ReviewReason } from "./model.js";
import type { BillingPolicy } from "./policy.js";

export type ReviewLine = {
  kind: "charge" | "proration" | "usage" | "credit";
  description: string;
  unitPriceMinor: number;
  listPriceMinor: number | null;
  netMinor: number;
  taxCategory: "S" | "Z" | "E" | "AE" | "O";
  taxOverridden: boolean;
};

/** An earlier live invoice or draft of the same customer (not rejected or voided). */
export type EarlierInvoice = {
  id: string;
  label: string;
  totalMinor: number;
  currency: string;
  issued: boolean;
  createdOn: CalendarDate;
  periodStart: CalendarDate | null;
  periodEnd: CalendarDate | null;
  sourceKeys: string[];
};

export type ReviewInput = {
  policy: BillingPolicy;
  today: CalendarDate;
  customer: {
    legalName: string;
    billingAddress: Address | null;
    taxId: string | null;
    currency: string | null;
    alwaysReview: boolean;
    hasBillingContact: boolean;
  };
  draft: {
    currency: string;
    totalMinor: number;
    lines: ReviewLine[];
    periodStart: CalendarDate | null;
    periodEnd: CalendarDate | null;
    /** `contract:<id>:<periodStart>` and `event:<id>` for what this draft bills. */
    sourceKeys: string[];
    contractAlwaysReview: boolean;
    /** For recurring drafts: the contract's net price for a full period (what the charge lines should sum to). */
    contractExpectedChargeMinor: number | null;
    formatAmount: (minor: number) => string;
  };
  /** The customer's earlier invoices and drafts, newest first. */
  earlier: EarlierInvoice[];
};

export function reviewReasons(input: ReviewInput): ReviewReason[] {
  return [
    ...missingFields(input),
    ...valueRules(input),
    ...pricingRules(input),
    ...duplicateRule(input),
    ...anomalyRule(input),
    ...alwaysReviewRule(input),
  ];
}

function missingFields({ customer, draft, policy }: ReviewInput): ReviewReason[] {
  const missing: [string, string][] = [];
  if (!customer.legalName.trim()) missing.push(["legal_name", "the customer has no legal name"]);
  if (!customer.billingAddress)
    missing.push(["billing_address", "the customer has no billing address"]);
  if (policy.requireTaxId && !customer.taxId)
    missing.push(["tax_id", "the customer has no tax id, which this organisation requires"]);
  if (!customer.hasBillingContact)
    missing.push(["billing_contact", "the customer has no billing contact with an email or phone"]);
  if (!customer.currency || !draft.currency)
    missing.push(["currency", "the customer or the draft has no currency"]);
  if (draft.totalMinor <= 0)
    missing.push([
      "amount",
      `the total is ${draft.formatAmount(draft.totalMinor)}, not more than zero`,
    ]);
  return missing.map(([field, message]) => ({ code: `missing_field:${field}`, message }));
}

function valueRules({ draft, policy, earlier }: ReviewInput): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (draft.totalMinor > policy.highValueMinor) {
    reasons.push({
      code: "high_value",
      message: `the total ${draft.formatAmount(draft.totalMinor)} is above the review threshold ${draft.formatAmount(policy.highValueMinor)}`,
    });
  }
  if (!earlier.some((e) => e.issued)) {
    reasons.push({ code: "first_invoice", message: "this would be the customer's first invoice" });
  }
  return reasons;
}

function pricingRules({ draft }: ReviewInput): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  const custom = draft.lines.filter(
    (l) =>
      (l.kind === "charge" || l.kind === "proration") &&
      l.listPriceMinor !== null &&
      l.unitPriceMinor !== l.listPriceMinor,
  );
  if (custom.length > 0) {
    const l = custom[0]!;
    reasons.push({
      code: "custom_pricing",
      message: `${custom.length} line(s) priced off the list: "${l.description}" at ${draft.formatAmount(l.unitPriceMinor)} instead of ${draft.formatAmount(l.listPriceMinor ?? 0)}`,
    });
  }
  const taxLines = draft.lines.filter((l) => l.taxCategory !== "S" || l.taxOverridden);
  if (taxLines.length > 0) {
    const kinds = [
      ...new Set(
        taxLines.map((l) => (l.taxOverridden ? "overridden" : categoryWord(l.taxCategory))),
      ),
    ];
    reasons.push({
      code: "tax_sensitive",
      message: `${taxLines.length} line(s) with ${kinds.join(", ")} tax`,
    });
  }
  if (draft.contractExpectedChargeMinor !== null) {
    const explained = draft.lines.some((l) => l.kind === "proration" || l.kind === "usage");
    const chargeTotal = draft.lines
      .filter((l) => l.kind === "charge")
      .reduce((total, l) => total + l.netMinor, 0);
    if (!explained && chargeTotal !== draft.contractExpectedChargeMinor) {
      reasons.push({
        code: "contract_mismatch",
        message: `the charges ${draft.formatAmount(chargeTotal)} differ from the contract's ${draft.formatAmount(draft.contractExpectedChargeMinor)} for the period, with no proration or usage to explain it`,
      });
    }
  }
  return reasons;
}

function categoryWord(category: string): string {
  return category === "E" ? "exempt" : category === "Z" ? "zero-rated" : `category ${category}`;
}

function overlaps(
  a: { s: CalendarDate | null; e: CalendarDate | null },
  b: { s: CalendarDate | null; e: CalendarDate | null },
): boolean {
  if (!a.s || !a.e || !b.s || !b.e) return false;
  return a.s <= b.e && b.s <= a.e;
}

function duplicateRule({ draft, earlier, policy, today }: ReviewInput): ReviewReason[] {
  const suspect = earlier.find((e) => {
    if (e.currency !== draft.currency || e.totalMinor !== draft.totalMinor) return false;
    const samePeriod = overlaps(
      { s: e.periodStart, e: e.periodEnd },
      { s: draft.periodStart, e: draft.periodEnd },
    );
    const sameSource = e.sourceKeys.some((k) => draft.sourceKeys.includes(k));
    const recent = daysBetween(e.createdOn, today) <= policy.duplicateWindowDays;
    const periodless = e.periodStart === null && draft.periodStart === null;
    return samePeriod || sameSource || (periodless && recent);
  });
  if (!suspect) return [];
  return [
    {
      code: "duplicate_suspect",
      message: `same customer and total ${draft.formatAmount(draft.totalMinor)} as ${suspect.label} (${suspect.createdOn})`,
    },
  ];
}

/**
 * Anomaly: with at least `anomalyHistoryMin` earlier issued invoices in the same currency, the
 * total is compared with the median of the latest `anomalyHistoryCount`; above median × factor or
 * below median ÷ factor (factor = anomalyFactorPct / 100, default 3×) is flagged. The median
 * resists one odd month; the factor keeps ordinary seasonal swings quiet.
 */
function anomalyRule({ draft, earlier, policy }: ReviewInput): ReviewReason[] {
  const history = earlier
    .filter((e) => e.issued && e.currency === draft.currency && e.totalMinor > 0)
    .slice(0, policy.anomalyHistoryCount)
    .map((e) => e.totalMinor)
    .sort((a, b) => a - b);
  if (history.length < policy.anomalyHistoryMin || draft.totalMinor <= 0) return [];
  const mid = Math.floor(history.length / 2);
  const median =
    history.length % 2 === 1 ? history[mid]! : Math.round((history[mid - 1]! + history[mid]!) / 2);
  const high = draft.totalMinor * 100 > median * policy.anomalyFactorPct;
  const low = draft.totalMinor * policy.anomalyFactorPct < median * 100;
  if (!high && !low) return [];
  return [
    {
      code: "anomaly",
      message: `the total ${draft.formatAmount(draft.totalMinor)} is ${high ? "far above" : "far below"} the median ${draft.formatAmount(median)} of the customer's last ${history.length} invoices`,
    },
  ];
}

function alwaysReviewRule({ customer, draft }: ReviewInput): ReviewReason[] {
  const reasons: ReviewReason[] = [];
  if (customer.alwaysReview) {
    reasons.push({
      code: "always_review",
      message: "the owner marked this customer never automatic",
    });
  } else if (draft.contractAlwaysReview) {
    reasons.push({
      code: "always_review",
      message: "the owner marked this contract never automatic",
    });
  }
  return reasons;
}
