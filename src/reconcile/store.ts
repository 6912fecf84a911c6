import type { Queryable } from "../kernel/db.js";
import type { Payment } from "./model.js";

/** Invoices (of these) with money seen but not yet applied: a reminder must wait for it. */
export async function invoicesWithPendingPayments(
  db: Queryable,
  orgId: string,
  invoiceIds: readonly string[],
): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(
    `SELECT DISTINCT for_invoice_id AS id FROM payments
      WHERE org_id = $1 AND status = 'pending' AND for_invoice_id = ANY($2::text[])`,
    [orgId, invoiceIds],
  );
  return new Set(rows.map((r) => r.id));
}

export async function listPayments(db: Queryable, orgId: string): Promise<Payment[]> {
  return db.query<Payment>(
    `SELECT p.id, p.customer_id AS "customerId", p.currency, p.amount_minor AS amount,
            p.received_on AS "receivedOn", p.method, p.reference, p.source, p.status,
            p.for_invoice_id AS "forInvoiceId", p.created_at AS "createdAt",
            COALESCE((SELECT json_agg(json_build_object('invoiceId', a.invoice_id, 'invoiceNumber', i.number,
                                                         'amount', a.amount_minor) ORDER BY a.id)
                        FROM allocations a JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
                       WHERE a.org_id = p.org_id AND a.payment_id = p.id AND a.undone_at IS NULL), '[]') AS allocations
       FROM payments p WHERE p.org_id = $1 ORDER BY p.received_on, p.id`,
    [orgId],
  );
}
