import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { InvoiceDocument } from "./document-model.js";
import { invoiceDocument } from "./invoice-document.js";
import { renderInvoicePdf } from "./invoice-pdf.js";
import { getInvoice } from "./store.js";
import { toUblXml } from "./ubl-write.js";

/** The document model of an issued invoice or credit note (with the invoice it credits). */
export async function loadInvoiceDocument(
  db: Queryable,
  orgId: string,
  idOrNumber: string,
  options: { paymentLink?: string | null } = {},
): Promise<InvoiceDocument> {
  const found = await getInvoice(db, orgId, idOrNumber);
  if (!found) throw new CashloopError("invoice_not_found", `no invoice ${idOrNumber}`);
  const credited = found.creditedInvoiceId
    ? await getInvoice(db, orgId, found.creditedInvoiceId)
    : null;
  return invoiceDocument(found, {
    creditedInvoice:
      credited?.number && credited.issueDate
        ? { number: credited.number, issueOn: credited.issueDate }
        : null,
    paymentLink: options.paymentLink ?? null,
  });
}

/** The printable PDF and the UBL XML of an issued invoice, as sent to the customer. */
export async function invoiceFiles(
  db: Queryable,
  orgId: string,
  idOrNumber: string,
): Promise<{ number: string; pdf: Uint8Array; xml: string }> {
  const doc = await loadInvoiceDocument(db, orgId, idOrNumber);
  return { number: doc.number, pdf: await renderInvoicePdf(doc), xml: toUblXml(doc) };
}
