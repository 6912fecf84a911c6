/**
 * What the server's portal routes use: the customer's page and PDF of an invoice, by its token.
 */
import { loadInvoiceDocument } from "../billing/invoice-files.js";
import { renderInvoicePdf } from "../billing/invoice-pdf.js";
import { renderPortalPage } from "../delivery/portal-html.js";
import { findPortalInvoice, portalInvoice } from "../delivery/portal-view.js";
import type { CalendarDate } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";

export type { PortalStatus, PortalView } from "../delivery/portal-view.js";
export type { CalendarDate } from "../kernel/dates.js";
export type { Db, Queryable } from "../kernel/db.js";
export { portalInvoice, renderPortalPage };

/** The page, or null for an unknown or malformed token (one path for both). */
export async function portalPage(
  db: Queryable,
  token: string,
  today: CalendarDate,
): Promise<{ html: string } | null> {
  const view = await portalInvoice(db, token, today);
  return view ? { html: renderPortalPage(view) } : null;
}

/**
 * The invoice's PDF and its number (for the file name), or null like `portalPage`. The same
 * document `invoiceFiles` renders for messages, in the seller's language: one document everywhere.
 */
export async function portalPdf(
  db: Queryable,
  token: string,
): Promise<{ pdf: Buffer; number: string } | null> {
  const found = await findPortalInvoice(db, token);
  if (!found) return null;
  const doc = await loadInvoiceDocument(db, found.orgId, found.invoiceId);
  const bytes = await renderInvoicePdf(doc);
  return { pdf: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), number: doc.number };
}
