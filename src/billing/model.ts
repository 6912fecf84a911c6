import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Address, PaymentTerms } from "../sources/model.js";
import type { TaxCategory } from "./document-model.js";

export const INVOICE_STATUSES = ["draft", "review", "rejected", "issued", "void"] as const;
/** draft: routine, waits to be issued; review: waits for a person; issued: numbered, immutable. */
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export type InvoiceKind = "invoice" | "credit_note";
export type InvoiceSource = "contract" | "events" | "usage" | "manual" | "credit_note";
export type LineKind = "charge" | "proration" | "usage" | "credit";

export const REVIEW_CODES = [
  "missing_field",
  "high_value",
  "first_invoice",
  "custom_pricing",
  "tax_sensitive",
  "contract_mismatch",
  "duplicate_suspect",
  "anomaly",
  "always_review",
  "credit_note",
] as const;
export type ReviewCode = (typeof REVIEW_CODES)[number];

/** Why a draft waits for a person: a code (`missing_field:billing_address`) and a sentence. */
export type ReviewReason = { code: string; message: string };

export type DraftLine = {
  kind: LineKind;
  description: string;
  productCode: string | null;
  quantity: string;
  unitCode: string;
  unitPriceMinor: number;
  /** The product's list price when the line uses a product; null for free-form lines. */
  listPriceMinor: number | null;
  discountMinor: number;
  taxCode: string;
  taxOverridden: boolean;
  contractId: string | null;
  periodStart: CalendarDate | null;
  periodEnd: CalendarDate | null;
  eventId: string | null;
};

export type InvoiceLine = DraftLine & {
  position: number;
  taxRateBps: number;
  taxCategory: TaxCategory;
  netMinor: number;
  taxMinor: number;
};

export type BilledPeriod = { contractId: string; start: CalendarDate; end: CalendarDate };

/** A draft or an invoice as lists print it (`invoices list --json`). */
export type InvoiceSummary = {
  id: string;
  kind: InvoiceKind;
  number: string | null;
  series: string;
  status: InvoiceStatus;
  customerId: string;
  customerName: string;
  currency: CurrencyCode;
  subtotal: number;
  tax: number;
  total: number;
  balance: number;
  /** An issued invoice's money allocated (not undone) and its issued credit notes; 0 otherwise. */
  paid: number;
  credited: number;
  issueDate: CalendarDate | null;
  dueDate: CalendarDate | null;
  reviewReasons: ReviewReason[];
  periods: BilledPeriod[];
  source: InvoiceSource;
  creditedInvoiceId: string | null;
  statusReason: string | null;
  createdAt: Instant;
};

export type Invoice = InvoiceSummary & {
  lines: InvoiceLine[];
  periodStart: CalendarDate | null;
  periodEnd: CalendarDate | null;
  customerSnapshot: CustomerSnapshot | null;
  sellerSnapshot: SellerSnapshot | null;
  issuedAt: Instant | null;
  /** Notes of the billable events the draft bills (job notes), for the person and for summaries. */
  notes: string | null;
  /** The unguessable key of the invoice's portal page (issued invoices only). */
  portalToken: string | null;
};

/** The customer's details as they were when the invoice was issued. */
export type CustomerSnapshot = {
  externalId: string;
  legalName: string;
  taxId: string | null;
  billingAddress: Address | null;
  paymentTerms: PaymentTerms;
  language: string;
  billingEmail: string | null;
};

export type SellerSnapshot = {
  legalName: string;
  taxId: string | null;
  address: Address | null;
  locale: string;
  bankDetails: {
    accountName: string;
    iban: string | null;
    bic: string | null;
    accountNumber: string | null;
    routingNumber: string | null;
    bankName: string | null;
  } | null;
};
