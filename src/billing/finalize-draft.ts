/**
 * A planned draft → priced lines, totals and the review reasons that apply. Pure.
 */
import type { CalendarDate } from "../kernel/dates.js";
import { type CurrencyCode, formatMoney, money } from "../kernel/money.js";
import { computeInvoice, type TaxRule } from "./invoice-math.js";
import type { DraftLine, InvoiceLine, ReviewReason } from "./model.js";
import type { DraftPlan } from "./plan-drafts.js";
import type { BillingPolicy } from "./policy.js";
import { type EarlierInvoice, reviewReasons } from "./review-policy.js";
import type { BillingCustomer } from "./store.js";

export type FinalDraft = {
  lines: InvoiceLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  reasons: ReviewReason[];
};

export function priceLines(
  currency: CurrencyCode,
  lines: readonly DraftLine[],
  taxRates: ReadonlyMap<string, TaxRule>,
) {
  const totals = computeInvoice({
    currency,
    lines: lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      discountMinor: l.discountMinor,
      taxCode: l.taxCode,
    })),
    taxRates,
  });
  const priced: InvoiceLine[] = lines.map((l, i) => {
    const c = totals.lines[i]!;
    return {
      ...l,
      position: i + 1,
      taxRateBps: c.taxRateBps,
      taxCategory: c.taxCategory,
      netMinor: c.netMinor,
      taxMinor: c.taxMinor,
    };
  });
  return { lines: priced, totals };
}

export function finalizeDraft(input: {
  plan: Pick<
    DraftPlan,
    | "currency"
    | "lines"
    | "periodStart"
    | "periodEnd"
    | "contractAlwaysReview"
    | "contractExpectedChargeMinor"
  > & { sourceKeys: string[] };
  customer: BillingCustomer;
  earlier: EarlierInvoice[];
  policy: BillingPolicy;
  taxRates: ReadonlyMap<string, TaxRule>;
  today: CalendarDate;
  locale: string;
}): FinalDraft {
  const { plan } = input;
  const { lines, totals } = priceLines(plan.currency, plan.lines, input.taxRates);
  const reasons = reviewReasons({
    policy: input.policy,
    today: input.today,
    customer: {
      legalName: input.customer.legalName,
      billingAddress: input.customer.billingAddress,
      taxId: input.customer.taxId,
      currency: input.customer.currency,
      alwaysReview: input.customer.alwaysReview,
      hasBillingContact: input.customer.hasBillingContact,
    },
    draft: {
      currency: plan.currency,
      totalMinor: totals.totalMinor,
      lines,
      periodStart: plan.periodStart,
      periodEnd: plan.periodEnd,
      sourceKeys: plan.sourceKeys,
      contractAlwaysReview: plan.contractAlwaysReview,
      contractExpectedChargeMinor: plan.contractExpectedChargeMinor,
      formatAmount: (minor) => formatMoney(money(minor, plan.currency), input.locale),
    },
    earlier: input.earlier,
  });
  return {
    lines,
    subtotalMinor: totals.subtotalMinor,
    taxMinor: totals.taxMinor,
    totalMinor: totals.totalMinor,
    reasons,
  };
}
