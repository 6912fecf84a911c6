import { type Column, insertRows } from "../kernel/bulk.js";
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import type { BilledPeriod, Invoice, InvoiceLine, InvoiceStatus, InvoiceSummary } from "./model.js";
import type { ContractChange } from "./plan-change.js";
import { type BillingPolicy, parsePolicy } from "./policy.js";

export async function getPolicy(db: Queryable, orgId: string): Promise<BillingPolicy> {
  const rows = await db.query<{ policy: unknown }>(
    "SELECT policy FROM billing_policies WHERE org_id = $1",
    [orgId],
  );
  return parsePolicy(rows[0]?.policy ?? {});
}

export async function savePolicy(
  tx: Queryable,
  orgId: string,
  policy: BillingPolicy,
  at: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO billing_policies (org_id, policy, updated_at) VALUES ($1, $2::text::jsonb, $3)
     ON CONFLICT (org_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at`,
    [orgId, JSON.stringify(policy), at],
  );
}

const col = (name: string, type = "text"): Column => ({ name, type });

export const INVOICE_COLUMNS: Column[] = [
  col("org_id"),
  col("id"),
  col("kind"),
  col("status"),
  col("series"),
  col("customer_id"),
  col("currency"),
  col("period_start", "date"),
  col("period_end", "date"),
  col("subtotal_minor", "bigint"),
  col("tax_minor", "bigint"),
  col("total_minor", "bigint"),
  col("balance_minor", "bigint"),
  col("review_reasons", "jsonb"),
  col("source"),
  col("credited_invoice_id"),
  col("status_reason"),
  col("notes"),
  col("created_at", "timestamptz"),
  col("updated_at", "timestamptz"),
];

export const LINE_COLUMNS: Column[] = [
  col("org_id"),
  col("invoice_id"),
  col("position", "integer"),
  col("kind"),
  col("description"),
  col("product_code"),
  col("quantity", "numeric"),
  col("unit_code"),
  col("unit_price_minor", "bigint"),
  col("list_price_minor", "bigint"),
  col("discount_minor", "bigint"),
  col("tax_code"),
  col("tax_rate_bps", "integer"),
  col("tax_category"),
  col("tax_overridden", "boolean"),
  col("net_minor", "bigint"),
  col("tax_minor", "bigint"),
  col("contract_id"),
  col("period_start", "date"),
  col("period_end", "date"),
  col("event_id"),
];

export type DraftRows = {
  invoices: Record<string, unknown>[];
  lines: Record<string, unknown>[];
  periods: {
    org_id: string;
    contract_id: string;
    period_start: string;
    period_end: string;
    invoice_id: string;
  }[];
  events: { org_id: string; event_id: string; invoice_id: string }[];
  changes: { org_id: string; id: string; invoice_id: string }[];
};

/** Writes drafts with their lines and the periods and events they bill (keys: exactly once). */
export async function insertDrafts(tx: Queryable, rows: DraftRows): Promise<void> {
  await insertRows(tx, "invoices", INVOICE_COLUMNS, rows.invoices);
  await insertRows(tx, "invoice_lines", LINE_COLUMNS, rows.lines);
  await insertRows(
    tx,
    "billed_periods",
    [
      col("org_id"),
      col("contract_id"),
      col("period_start", "date"),
      col("period_end", "date"),
      col("invoice_id"),
    ],
    rows.periods,
  );
  await insertRows(
    tx,
    "billed_events",
    [col("org_id"), col("event_id"), col("invoice_id")],
    rows.events,
  );
  if (rows.changes.length > 0) {
    await tx.query(
      `UPDATE contract_changes c SET settled_invoice_id = x.invoice_id
         FROM jsonb_to_recordset($1::text::jsonb) AS x(org_id text, id text, invoice_id text)
        WHERE c.org_id = x.org_id AND c.id = x.id AND c.settled_invoice_id IS NULL`,
      [JSON.stringify(rows.changes)],
    );
  }
}

export async function billedPeriodKeys(db: Queryable, orgId: string): Promise<Set<string>> {
  const rows = await db.query<{ contractId: string; start: string }>(
    `SELECT contract_id AS "contractId", period_start AS start FROM billed_periods WHERE org_id = $1`,
    [orgId],
  );
  return new Set(rows.map((r) => `${r.contractId}:${r.start}`));
}

export type UnbilledEvent = {
  id: string;
  kind: string;
  customerId: string;
  contractId: string | null;
  occurredAt: Instant;
  notes: string | null;
  lines: {
    productCode: string;
    quantity: string;
    unitPriceMinor: number | null;
    description: string | null;
  }[];
};

export async function unbilledEvents(
  db: Queryable,
  orgId: string,
  upTo: string,
): Promise<UnbilledEvent[]> {
  return db.query<UnbilledEvent>(
    `SELECT e.id, e.kind, e.customer_id AS "customerId", e.contract_id AS "contractId",
            e.occurred_at AS "occurredAt", e.notes, e.lines
       FROM billable_events e
      WHERE e.org_id = $1 AND e.occurred_at <= $2
        AND NOT EXISTS (SELECT 1 FROM billed_events b WHERE b.org_id = e.org_id AND b.event_id = e.id)
      ORDER BY e.occurred_at, e.id`,
    [orgId, upTo],
  );
}

const SUMMARY_SELECT = `
  SELECT i.id, i.kind, i.number, i.series, i.status, i.customer_id AS "customerId",
         c.legal_name AS "customerName", i.currency, i.subtotal_minor AS subtotal, i.tax_minor AS tax,
         i.total_minor AS total, i.balance_minor AS balance, i.issue_on AS "issueDate",
         i.due_on AS "dueDate", i.review_reasons AS "reviewReasons", i.source,
         i.credited_invoice_id AS "creditedInvoiceId", i.status_reason AS "statusReason",
         i.created_at AS "createdAt",
         CASE WHEN i.status = 'issued' AND i.kind = 'invoice' THEN
           COALESCE((SELECT sum(a.amount_minor) FROM allocations a
                      WHERE a.org_id = i.org_id AND a.invoice_id = i.id AND a.undone_at IS NULL), 0)
         ELSE 0 END::bigint AS paid,
         CASE WHEN i.status = 'issued' AND i.kind = 'invoice' THEN
           COALESCE((SELECT sum(cn.total_minor) FROM invoices cn
                      WHERE cn.org_id = i.org_id AND cn.kind = 'credit_note' AND cn.status = 'issued'
                        AND cn.credited_invoice_id = i.id), 0)
         ELSE 0 END::bigint AS credited,
         COALESCE((SELECT json_agg(json_build_object('contractId', p.contract_id, 'start', p.period_start, 'end', p.period_end)
                                   ORDER BY p.period_start, p.contract_id)
                     FROM billed_periods p WHERE p.org_id = i.org_id AND p.invoice_id = i.id), '[]') AS periods
    FROM invoices i JOIN customers c ON c.org_id = i.org_id AND c.id = i.customer_id`;

export type InvoiceFilter = { statuses?: InvoiceStatus[]; customerId?: string; ids?: string[] };

/** Drafts and invoices: issued ones by number, then the rest by creation (id). */
export async function listInvoices(
  db: Queryable,
  orgId: string,
  filter: InvoiceFilter = {},
): Promise<InvoiceSummary[]> {
  const rows = await db.query<InvoiceSummary & { periods: BilledPeriod[] }>(
    `${SUMMARY_SELECT}
      WHERE i.org_id = $1
        AND ($2::text[] IS NULL OR i.status = ANY($2::text[]))
        AND ($3::text IS NULL OR i.customer_id = $3 OR c.external_id = $3)
        AND ($4::text[] IS NULL OR i.id = ANY($4::text[]))
      ORDER BY i.number_seq IS NULL, i.series, i.issue_on, i.number_seq, i.id`,
    [orgId, filter.statuses ?? null, filter.customerId ?? null, filter.ids ?? null],
  );
  return rows;
}

/** One draft or invoice, by id or number, with its lines. */
export async function getInvoice(
  db: Queryable,
  orgId: string,
  idOrNumber: string,
): Promise<Invoice | null> {
  const [summary] = await db.query<InvoiceSummary>(
    `${SUMMARY_SELECT} WHERE i.org_id = $1 AND (i.id = $2 OR i.number = $2)`,
    [orgId, idOrNumber],
  );
  if (!summary) return null;
  const [extra] = await db.query<
    Pick<
      Invoice,
      | "periodStart"
      | "periodEnd"
      | "customerSnapshot"
      | "sellerSnapshot"
      | "issuedAt"
      | "notes"
      | "portalToken"
    >
  >(
    `SELECT period_start AS "periodStart", period_end AS "periodEnd", customer_snapshot AS "customerSnapshot",
            seller_snapshot AS "sellerSnapshot", issued_at AS "issuedAt", notes, portal_token AS "portalToken"
       FROM invoices WHERE org_id = $1 AND id = $2`,
    [orgId, summary.id],
  );
  const lines = await db.query<InvoiceLine>(
    `SELECT position, kind, description, product_code AS "productCode", quantity::text AS quantity,
            unit_code AS "unitCode", unit_price_minor AS "unitPriceMinor", list_price_minor AS "listPriceMinor",
            discount_minor AS "discountMinor", tax_code AS "taxCode", tax_rate_bps AS "taxRateBps",
            tax_category AS "taxCategory", tax_overridden AS "taxOverridden", net_minor AS "netMinor",
            tax_minor AS "taxMinor", contract_id AS "contractId", period_start AS "periodStart",
            period_end AS "periodEnd", event_id AS "eventId"
       FROM invoice_lines WHERE org_id = $1 AND invoice_id = $2 ORDER BY position`,
    [orgId, summary.id],
  );
  return { ...summary, ...(extra as NonNullable<typeof extra>), lines };
}

/** Earlier live drafts and invoices of some customers, newest first (review rules use them). */
export async function earlierInvoices(
  db: Queryable,
  orgId: string,
  customerIds: readonly string[],
) {
  return db.query<{
    id: string;
    customerId: string;
    number: string | null;
    status: InvoiceStatus;
    totalMinor: number;
    currency: string;
    createdOn: CalendarDate;
    periodStart: CalendarDate | null;
    periodEnd: CalendarDate | null;
    sourceKeys: string[];
  }>(
    `SELECT i.id, i.customer_id AS "customerId", i.number, i.status, i.total_minor AS "totalMinor",
            i.currency, (i.created_at AT TIME ZONE 'UTC')::date::text AS "createdOn",
            i.period_start AS "periodStart", i.period_end AS "periodEnd",
            ARRAY(SELECT 'contract:' || p.contract_id || ':' || p.period_start::text FROM billed_periods p
                   WHERE p.org_id = i.org_id AND p.invoice_id = i.id
                  UNION ALL
                  SELECT 'event:' || b.event_id FROM billed_events b
                   WHERE b.org_id = i.org_id AND b.invoice_id = i.id) AS "sourceKeys"
       FROM invoices i
      WHERE i.org_id = $1 AND i.customer_id = ANY($2::text[]) AND i.kind = 'invoice'
        AND i.status IN ('draft', 'review', 'issued')
      ORDER BY i.created_at DESC, i.id DESC`,
    [orgId, customerIds],
  );
}

export type BillingContract = {
  id: string;
  externalId: string;
  customerId: string;
  schedule: string;
  startOn: CalendarDate;
  endOn: CalendarDate | null;
  timing: "advance" | "arrears";
  currency: string;
  lines: {
    productCode: string;
    quantity: string;
    unitPriceMinor: number | null;
    description: string | null;
  }[];
  alwaysReview: boolean;
  /** Plan changes not yet settled on a draft, oldest first. */
  changes: ContractChange[];
  /** Periods already billed (by live drafts or invoices). */
  billedPeriods: { start: CalendarDate; end: CalendarDate }[];
  usage: import("../sources/model.js").ContractUsage | null;
  /** For contracts with usage pricing: the usage events billed already. */
  billedUsage: { occurredAt: string; lines: UnbilledEvent["lines"] }[];
};

export async function contractsForBilling(
  db: Queryable,
  orgId: string,
  asOf: CalendarDate,
): Promise<BillingContract[]> {
  return db.query<BillingContract>(
    `SELECT id, external_id AS "externalId", customer_id AS "customerId", schedule, start_on AS "startOn",
            end_on AS "endOn", timing, currency, lines, always_review AS "alwaysReview",
            COALESCE((SELECT json_agg(json_build_object('id', x.id, 'effectiveOn', x.effective_on,
                        'oldLines', x.old_lines, 'newLines', x.new_lines) ORDER BY x.effective_on, x.id)
                        FROM contract_changes x
                       WHERE x.org_id = k.org_id AND x.contract_id = k.id AND x.settled_invoice_id IS NULL), '[]') AS changes,
            COALESCE((SELECT json_agg(json_build_object('start', p.period_start, 'end', p.period_end) ORDER BY p.period_start)
                        FROM billed_periods p
                       WHERE p.org_id = k.org_id AND p.contract_id = k.id
                         AND EXISTS (SELECT 1 FROM contract_changes x WHERE x.org_id = k.org_id
                                        AND x.contract_id = k.id AND x.settled_invoice_id IS NULL)), '[]') AS "billedPeriods",
            k.usage,
            CASE WHEN k.usage IS NULL THEN '[]'::json ELSE COALESCE((
              SELECT json_agg(json_build_object('occurredAt', e.occurred_at, 'lines', e.lines) ORDER BY e.occurred_at)
                FROM billable_events e JOIN billed_events b ON b.org_id = e.org_id AND b.event_id = e.id
               WHERE e.org_id = k.org_id AND e.contract_id = k.id AND e.kind = 'usage_reported'), '[]') END AS "billedUsage"
       FROM contracts k WHERE org_id = $1 AND start_on <= $2 ORDER BY external_id COLLATE "C"`,
    [orgId, asOf],
  );
}

export type BillingCustomer = {
  id: string;
  externalId: string;
  legalName: string;
  taxId: string | null;
  billingAddress: import("../sources/model.js").Address | null;
  currency: string;
  language: string;
  paymentTerms: import("../sources/model.js").PaymentTerms;
  alwaysReview: boolean;
  billingEmail: string | null;
  hasBillingContact: boolean;
};

export async function customersForBilling(
  db: Queryable,
  orgId: string,
  ids: readonly string[],
): Promise<BillingCustomer[]> {
  return db.query<BillingCustomer>(
    // Driven by the id list (unnest) and lateral lookups, so the plan stays per-id even when the
    // tables' statistics are stale after a large import (PGlite has no autovacuum).
    `SELECT c.id, c.external_id AS "externalId", c.legal_name AS "legalName", c.tax_id AS "taxId",
            c.billing_address AS "billingAddress", c.currency, c.language, c.payment_terms AS "paymentTerms",
            c.always_review AS "alwaysReview", be.email AS "billingEmail", (bc.found IS NOT NULL) AS "hasBillingContact"
       FROM unnest($2::text[]) AS want(id)
       JOIN customers c ON c.org_id = $1 AND c.id = want.id
       LEFT JOIN LATERAL (SELECT k.email FROM contacts k WHERE k.org_id = c.org_id AND k.customer_id = c.id
                            AND k.role = 'billing' AND k.email IS NOT NULL ORDER BY k.external_id LIMIT 1) be ON true
       LEFT JOIN LATERAL (SELECT 1 AS found FROM contacts k WHERE k.org_id = c.org_id AND k.customer_id = c.id
                            AND k.role = 'billing' AND (k.email IS NOT NULL OR k.phone IS NOT NULL) LIMIT 1) bc ON true`,
    [orgId, ids],
  );
}

/**
 * Lowers an issued invoice's balance by money applied to it (payments, in `reconcile`). The
 * CHECK on balance_minor keeps it from going below zero; the caller holds the row lock.
 */
export async function reduceBalance(
  tx: Queryable,
  orgId: string,
  invoiceId: string,
  amountMinor: number,
): Promise<number> {
  const [row] = await tx.query<{ balance: number }>(
    `UPDATE invoices SET balance_minor = balance_minor - $3
      WHERE org_id = $1 AND id = $2 AND status = 'issued' AND balance_minor >= $3
      RETURNING balance_minor AS balance`,
    [orgId, invoiceId, amountMinor],
  );
  if (!row) throw new Error(`invoice ${invoiceId}: cannot apply ${amountMinor} to its balance`);
  return row.balance;
}

/** Raises an issued invoice's balance again when applied money is taken back (a match undone). */
export async function restoreBalance(
  tx: Queryable,
  orgId: string,
  invoiceId: string,
  amountMinor: number,
): Promise<number> {
  const [row] = await tx.query<{ balance: number }>(
    `UPDATE invoices SET balance_minor = balance_minor + $3
      WHERE org_id = $1 AND id = $2 AND status = 'issued' AND balance_minor + $3 <= total_minor
      RETURNING balance_minor AS balance`,
    [orgId, invoiceId, amountMinor],
  );
  if (!row)
    throw new Error(`invoice ${invoiceId}: cannot take ${amountMinor} back from its balance`);
  return row.balance;
}
