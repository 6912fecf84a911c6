/**
 * An issued invoice (with the organisation and customer details snapshotted at issue) → the
 * document model the PDF and the UBL XML render. Pure: copies numbers, computes none.
 */
import { CashloopError } from "../kernel/errors.js";
import type { DocumentLine, InvoiceDocument, TaxCategory, TaxSubtotal } from "./document-model.js";
import type { Invoice } from "./model.js";

export function invoiceDocument(
  invoice: Invoice,
  options: {
    creditedInvoice?: { number: string; issueOn: string } | null;
    paymentLink?: string | null;
  } = {},
): InvoiceDocument {
  const seller = invoice.sellerSnapshot;
  const buyer = invoice.customerSnapshot;
  if (invoice.number === null || invoice.issueDate === null || !seller || !buyer) {
    throw new CashloopError(
      "invoice_not_issued",
      `${invoice.id} is a ${invoice.status} draft; documents are made for issued invoices`,
    );
  }
  const lines: DocumentLine[] = invoice.lines.map((l) => ({
    position: l.position,
    description: l.description,
    quantity: l.quantity,
    unitCode: l.unitCode,
    unitPriceMinor: l.unitPriceMinor,
    discountMinor: l.discountMinor,
    netMinor: l.netMinor,
    taxCode: l.taxCode,
    taxCategory: l.taxCategory,
    taxRateBps: l.taxRateBps,
    exemptionReason: l.taxCategory === "E" ? "Exempt from tax" : null,
  }));
  const bank = seller.bankDetails;
  return {
    kind: invoice.kind,
    number: invoice.number,
    issueOn: invoice.issueDate,
    dueOn: invoice.dueDate,
    currency: invoice.currency,
    creditedInvoiceNumber: options.creditedInvoice?.number ?? null,
    creditedInvoiceIssueOn:
      (options.creditedInvoice?.issueOn as InvoiceDocument["issueOn"]) ?? null,
    periodStart: invoice.periodStart,
    periodEnd: invoice.periodEnd,
    buyerReference: buyer.externalId,
    note: null,
    seller: {
      legalName: seller.legalName,
      taxId: seller.taxId,
      address: seller.address,
      email: null,
    },
    buyer: {
      legalName: buyer.legalName,
      taxId: buyer.taxId,
      address: buyer.billingAddress,
      email: buyer.billingEmail,
    },
    lines,
    taxBreakdown: breakdown(
      lines,
      invoice.lines.map((l) => l.taxMinor),
    ),
    subtotalMinor: invoice.subtotal,
    taxMinor: invoice.tax,
    totalMinor: invoice.total,
    prepaidMinor: 0,
    payableMinor: invoice.total,
    payment: {
      reference: invoice.number,
      accountName: bank?.accountName ?? seller.legalName,
      iban: bank?.iban ?? null,
      bic: bank?.bic ?? null,
      accountNumber: bank?.accountNumber ?? null,
      routingNumber: bank?.routingNumber ?? null,
      bankName: bank?.bankName ?? null,
      paymentLink: options.paymentLink ?? null,
    },
    locale: seller.locale,
  };
}

/** Sums the lines' own rounded taxes per category and rate: equals the invoice's tax total. */
function breakdown(lines: DocumentLine[], taxes: number[]): TaxSubtotal[] {
  const groups = new Map<string, TaxSubtotal>();
  lines.forEach((l, i) => {
    const key = `${l.taxCategory}:${l.taxRateBps}`;
    const g = groups.get(key) ?? {
      taxCategory: l.taxCategory as TaxCategory,
      taxRateBps: l.taxRateBps,
      taxableMinor: 0,
      taxMinor: 0,
      exemptionReason: l.exemptionReason,
    };
    g.taxableMinor += l.netMinor;
    g.taxMinor += taxes[i] ?? 0;
    groups.set(key, g);
  });
  return [...groups.values()];
}
