/**
 * Payment claims: what a customer's receipt says was paid, kept until a bank line confirms it
 * (or it expires). A claim is never money: no payment, no allocation, no balance comes from it.
 */
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";

export const CLAIM_STATUSES = ["waiting", "confirmed", "expired"] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export type PaymentClaim = {
  id: string;
  file: string;
  sha256: string;
  /** The receipt's text as read (PDF text layer, OCR, or the file). */
  text: string;
  /** Minor units of `currency`; null when the receipt's amount could not be read. */
  amount: number | null;
  currency: string | null;
  claimedOn: CalendarDate | null;
  reference: string | null;
  payer: string | null;
  bank: string | null;
  /** Each field's confidence (0..1), as the extractor gave it. */
  confidence: Record<string, number>;
  /** The one open invoice the reference names, when it names exactly one. */
  invoiceId: string | null;
  invoiceNumber: string | null;
  customerId: string | null;
  status: ClaimStatus;
  /** The statement line that confirmed it. */
  lineId: string | null;
  createdAt: Instant;
  decidedAt: Instant | null;
};

const CLAIM_SELECT = `SELECT c.id, c.file_name AS file, c.sha256, c.text, c.amount_minor AS amount,
  c.currency, c.claimed_on AS "claimedOn", c.reference, c.payer, c.bank, c.confidence,
  c.invoice_id AS "invoiceId", i.number AS "invoiceNumber", c.customer_id AS "customerId", c.status,
  c.line_id AS "lineId", c.created_at AS "createdAt", c.decided_at AS "decidedAt"
  FROM payment_claims c LEFT JOIN invoices i ON i.org_id = c.org_id AND i.id = c.invoice_id`;

export async function listClaims(
  db: Queryable,
  orgId: string,
  filter: { status?: ClaimStatus; createdBefore?: Instant } = {},
): Promise<PaymentClaim[]> {
  return db.query<PaymentClaim>(
    `${CLAIM_SELECT} WHERE c.org_id = $1 AND ($2::text IS NULL OR c.status = $2)
        AND ($3::timestamptz IS NULL OR c.created_at < $3)
      ORDER BY c.created_at, c.id`,
    [orgId, filter.status ?? null, filter.createdBefore ?? null],
  );
}

export async function getClaim(
  db: Queryable,
  orgId: string,
  by: { id: string } | { sha256: string },
): Promise<PaymentClaim | null> {
  const [row] = await db.query<PaymentClaim>(
    "id" in by
      ? `${CLAIM_SELECT} WHERE c.org_id = $1 AND c.id = $2`
      : `${CLAIM_SELECT} WHERE c.org_id = $1 AND c.sha256 = $2`,
    [orgId, "id" in by ? by.id : by.sha256],
  );
  return row ?? null;
}

export type NewClaim = Omit<
  PaymentClaim,
  "invoiceNumber" | "status" | "lineId" | "decidedAt" | "createdAt"
>;

/** Inserts a waiting claim; false when a claim for the same file (sha256) exists already. */
export async function insertClaim(
  tx: Queryable,
  orgId: string,
  claim: NewClaim,
  now: Instant,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO payment_claims (org_id, id, file_name, sha256, text, amount_minor, currency, claimed_on,
                                 reference, payer, bank, confidence, invoice_id, customer_id, status, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::text::jsonb, $13, $14, 'waiting', $15)
     ON CONFLICT (org_id, sha256) DO NOTHING RETURNING id`,
    [
      orgId,
      claim.id,
      claim.file,
      claim.sha256,
      claim.text,
      claim.amount,
      claim.currency,
      claim.claimedOn,
      claim.reference,
      claim.payer,
      claim.bank,
      JSON.stringify(claim.confidence),
      claim.invoiceId,
      claim.customerId,
      now,
    ],
  );
  return rows.length > 0;
}

/** Moves a waiting claim on; false when it was no longer waiting. */
export async function decideClaim(
  tx: Queryable,
  orgId: string,
  id: string,
  to: { status: "confirmed"; lineId: string } | { status: "expired" },
  now: Instant,
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE payment_claims SET status = $3, line_id = $4, decided_at = $5
      WHERE org_id = $1 AND id = $2 AND status = 'waiting' RETURNING id`,
    [orgId, id, to.status, to.status === "confirmed" ? to.lineId : null, now],
  );
  return rows.length > 0;
}
