/**
 * Review-policy inputs for tests: a clean March draft of a monthly contract for a customer with
 * full details (no reason applies), its February invoice, and a plain charge line.
 */

import { type BillingPolicy, DEFAULT_POLICY } from "../../src/billing/policy.js";
import type { EarlierInvoice, ReviewInput, ReviewLine } from "../../src/billing/review-policy.js";
import { type CalendarDate, parseCalendarDate } from "../../src/kernel/dates.js";
import { formatMoney, money } from "../../src/kernel/money.js";

export const d = (s: string): CalendarDate => parseCalendarDate(s);

export function line(over: Partial<ReviewLine> = {}): ReviewLine {
  return {
    kind: "charge",
    description: "Pro plan",
    unitPriceMinor: 10_000,
    listPriceMinor: 10_000,
    netMinor: 10_000,
    taxCategory: "S",
    taxOverridden: false,
    ...over,
  };
}

export function invoice(over: Partial<EarlierInvoice> = {}): EarlierInvoice {
  return {
    id: "inv_1",
    label: "INV-2026-000001",
    totalMinor: 11_900,
    currency: "EUR",
    issued: true,
    createdOn: d("2026-02-01"),
    periodStart: d("2026-02-01"),
    periodEnd: d("2026-02-28"),
    sourceKeys: ["contract:c1:2026-02-01"],
    ...over,
  };
}

export type Overrides = {
  policy?: Partial<BillingPolicy>;
  customer?: Partial<ReviewInput["customer"]>;
  draft?: Partial<ReviewInput["draft"]>;
  earlier?: EarlierInvoice[];
};

/** A clean March draft of a monthly contract for a customer with full details: no reasons. */
export function input(over: Overrides = {}): ReviewInput {
  return {
    policy: { ...DEFAULT_POLICY, ...over.policy },
    today: d("2026-03-01"),
    customer: {
      legalName: "Acme GmbH",
      billingAddress: {
        line1: "Hauptstraße 1",
        line2: null,
        city: "Berlin",
        region: null,
        postalCode: "10115",
        country: "DE",
      },
      taxId: "DE123456789",
      currency: "EUR",
      alwaysReview: false,
      hasBillingContact: true,
      ...over.customer,
    },
    draft: {
      currency: "EUR",
      totalMinor: 11_900,
      lines: [line()],
      periodStart: d("2026-03-01"),
      periodEnd: d("2026-03-31"),
      sourceKeys: ["contract:c1:2026-03-01"],
      contractAlwaysReview: false,
      contractExpectedChargeMinor: 10_000,
      formatAmount: (minor) => formatMoney(money(minor, "EUR"), "en-GB"),
      ...over.draft,
    },
    earlier: over.earlier ?? [invoice()],
  };
}
