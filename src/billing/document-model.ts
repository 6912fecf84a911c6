import type { CalendarDate } from "../kernel/dates.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Address } from "../sources/model.js";

/**
 * An issued invoice or credit note as documents (PDF, UBL XML) print it: every amount already
 * computed (integer minor units), every party detail snapshotted at issue time. Documents only
 * render this; they never compute money.
 */
export type InvoiceDocument = {
  kind: "invoice" | "credit_note";
  number: string;
  issueOn: CalendarDate;
  /** Null for a credit note, or an invoice due on receipt (then equal to issueOn). */
  dueOn: CalendarDate | null;
  currency: CurrencyCode;
  /** For a credit note: the invoice it credits. */
  creditedInvoiceNumber: string | null;
  creditedInvoiceIssueOn: CalendarDate | null;
  /** The billing period, when the document bills one. */
  periodStart: CalendarDate | null;
  periodEnd: CalendarDate | null;
  /** The buyer's reference (PO number or customer external id): Peppol BT-10. */
  buyerReference: string;
  note: string | null;
  seller: Party;
  buyer: Party;
  lines: DocumentLine[];
  taxBreakdown: TaxSubtotal[];
  /** Sum of line net amounts (after line discounts), excluding tax. */
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** Already paid; payable = total − prepaid. */
  prepaidMinor: number;
  payableMinor: number;
  payment: PaymentInstructions;
  /** For the PDF's fixed metadata and the documents' locale-formatted amounts and dates. */
  locale: string;
};

export type Party = {
  legalName: string;
  /** VAT or tax id as registered (e.g. "US84-2345678", "ESB12345678", "MXABC010203XYZ"). */
  taxId: string | null;
  address: Address | null;
  email: string | null;
};

/** EN 16931 / UNCL 5305 tax category: S standard, Z zero-rated, E exempt, AE reverse charge, O outside scope. */
export type TaxCategory = "S" | "Z" | "E" | "AE" | "O";

export type DocumentLine = {
  /** 1-based position. */
  position: number;
  description: string;
  /** Decimal string, e.g. "1", "7.5". */
  quantity: string;
  /** UN/ECE Recommendation 20 unit code: "C62" (one), "HUR" (hour), "MON" (month), "DAY". */
  unitCode: string;
  unitPriceMinor: number;
  /** Line discount already applied to netMinor; 0 when none. */
  discountMinor: number;
  /** quantity × unit price − discount, rounded half-up: the line's net amount. */
  netMinor: number;
  taxCode: string;
  taxCategory: TaxCategory;
  taxRateBps: number;
  /** Required for E (exempt): why, e.g. "Exempt under section 4". */
  exemptionReason: string | null;
};

export type TaxSubtotal = {
  taxCategory: TaxCategory;
  taxRateBps: number;
  taxableMinor: number;
  taxMinor: number;
  exemptionReason: string | null;
};

export type PaymentInstructions = {
  /** What the payer quotes with a transfer (the invoice number by default). */
  reference: string;
  accountName: string | null;
  iban: string | null;
  bic: string | null;
  accountNumber: string | null;
  routingNumber: string | null;
  bankName: string | null;
  /** Filled by the delivery issue; until then a placeholder the PDF shows. */
  paymentLink: string | null;
};
