/**
 * The customer's portal page of one issued (or voided) invoice or credit note, reached only by its
 * unguessable token. Every fact — amounts, dates, status, how to pay — comes from the database.
 */

import type { InvoiceKind } from "../billing/model.js";
import { type Settlement, settlementOf } from "../billing/settlement.js";
import { getInvoice } from "../billing/store.js";
import { type CalendarDate, compareDates, daysBetween } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { assert } from "../kernel/errors.js";
import type { CurrencyCode } from "../kernel/money.js";
import { bankTransferInstructions } from "./bank-transfer.js";
import type { BankTransferInstructions } from "./model.js";

/**
 * What the customer is told about the invoice. `issued` is for credit notes only (nothing to pay);
 * the others are for invoices.
 */
export type PortalStatus = Settlement | "void" | "issued";
export type PortalLanguage = "en" | "es";

export type PortalLine = {
  description: string;
  /** Decimal string, as stored ("1", "2.5"). */
  quantity: string;
  unitPriceMinor: number;
  netMinor: number;
};

export type PortalView = {
  /** The token the page was reached by: its PDF link is built from it. */
  token: string;
  kind: InvoiceKind;
  number: string;
  status: PortalStatus;
  seller: { name: string; taxId: string | null };
  customerName: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate | null;
  /** Days past the due date while something is owed; 0 otherwise. */
  overdueDays: number;
  lines: PortalLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  balanceMinor: number;
  currency: CurrencyCode;
  language: PortalLanguage;
  /** For amounts and dates: the seller's locale when it speaks the customer's language. */
  locale: string;
  /** Only while something is owed and the seller has bank details; the amount is the balance. */
  bankTransfer: BankTransferInstructions | null;
  /** The newest payment link, only while something is owed and the link is for the balance. */
  cardPayment: { provider: string; url: string } | null;
};

/** 16 random bytes in base64url, as issue-invoices makes them. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22}$/;
/** Looked up in place of a malformed token, so malformed and unknown tokens take one path. */
const DUMMY_TOKEN = "AAAAAAAAAAAAAAAAAAAAAA";

/**
 * The invoice a token opens, or null. The comparison is on SHA-256 of the token, so index timing
 * depends on a hash the caller cannot steer, never on how much of a token's prefix is right.
 */
export async function findPortalInvoice(
  db: Queryable,
  token: string,
): Promise<{ orgId: string; invoiceId: string } | null> {
  const wellFormed = typeof token === "string" && TOKEN_PATTERN.test(token);
  const [row] = await db.query<{ orgId: string; invoiceId: string }>(
    `SELECT org_id AS "orgId", id AS "invoiceId" FROM invoices
      WHERE portal_token_sha256 = sha256(decode($1, 'escape')) AND status IN ('issued', 'void')`,
    [wellFormed ? token : DUMMY_TOKEN],
  );
  return wellFormed && row ? row : null;
}

export async function portalInvoice(
  db: Queryable,
  token: string,
  today: CalendarDate,
): Promise<PortalView | null> {
  const found = await findPortalInvoice(db, token);
  if (!found) return null;
  const invoice = await getInvoice(db, found.orgId, found.invoiceId);
  assert(invoice, "a token's invoice exists");
  const { number, issueDate, sellerSnapshot: seller, customerSnapshot: customer } = invoice;
  assert(number && issueDate && seller && customer, "an invoice with a token was issued");
  assert(invoice.balance >= 0 && invoice.balance <= invoice.total, "0 ≤ balance ≤ total");

  const status = portalStatus({
    kind: invoice.kind,
    voided: invoice.status === "void",
    totalMinor: invoice.total,
    balanceMinor: invoice.balance,
    paidMinor: invoice.paid,
    creditedMinor: invoice.credited,
  });
  const owed = status === "open" || status === "partially_paid";
  const language: PortalLanguage = customer.language.toLowerCase().startsWith("es") ? "es" : "en";
  const link = owed ? await newestPaymentLink(db, found.orgId, found.invoiceId) : null;
  return {
    token,
    kind: invoice.kind,
    number,
    status,
    seller: { name: seller.legalName, taxId: seller.taxId },
    customerName: customer.legalName,
    issueDate,
    dueDate: invoice.dueDate,
    overdueDays: owed ? overdueDays(invoice.dueDate, today) : 0,
    lines: invoice.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      netMinor: l.netMinor,
    })),
    subtotalMinor: invoice.subtotal,
    taxMinor: invoice.tax,
    totalMinor: invoice.total,
    balanceMinor: invoice.balance,
    currency: invoice.currency,
    language,
    locale: seller.locale.toLowerCase().startsWith(language) ? seller.locale : language,
    bankTransfer: owed
      ? bankTransferInstructions({
          number,
          balanceMinor: invoice.balance,
          currency: invoice.currency,
          bankDetails: seller.bankDetails,
        })
      : null,
    // A link made for another amount (before a part payment or credit) would charge the wrong sum.
    cardPayment:
      link && link.amountMinor === invoice.balance && link.currency === invoice.currency
        ? { provider: link.provider, url: link.url }
        : null,
  };
}

/** Pure: void, a credit note (issued), or the invoice's settlement. */
export function portalStatus(input: {
  kind: InvoiceKind;
  voided: boolean;
  totalMinor: number;
  balanceMinor: number;
  paidMinor: number;
  creditedMinor: number;
}): PortalStatus {
  if (input.voided) return "void";
  if (input.kind === "credit_note") return "issued";
  return settlementOf(input);
}

export function overdueDays(dueDate: CalendarDate | null, today: CalendarDate): number {
  if (dueDate === null || compareDates(today, dueDate) <= 0) return 0;
  return daysBetween(dueDate, today);
}

async function newestPaymentLink(db: Queryable, orgId: string, invoiceId: string) {
  const [row] = await db.query<{
    provider: string;
    url: string;
    amountMinor: number;
    currency: string;
  }>(
    `SELECT provider, url, amount_minor AS "amountMinor", currency FROM payment_links
      WHERE org_id = $1 AND invoice_id = $2 ORDER BY created_at DESC, provider LIMIT 1`,
    [orgId, invoiceId],
  );
  // Only web links: a stored `javascript:` or `data:` URL must never become a button.
  return row && /^https?:\/\//i.test(row.url) ? row : null;
}
