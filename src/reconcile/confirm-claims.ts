/**
 * A waiting payment claim is confirmed by the bank line that shows its money arrived: an
 * imported statement line (applied to an invoice or not) with the same amount and currency,
 * booked from 3 days before to 10 days after the claimed date, that names the same invoice (or
 * repeats the receipt's reference) or comes from the same payer. Each line confirms one claim.
 * Confirming records the line on the claim and nothing else: money moves only by the matcher
 * or a person, from the line itself.
 */
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import { addDays, type CalendarDate, compareDates, daysBetween } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import { decideClaim, listClaims, type PaymentClaim } from "./claim-store.js";
import { nameSimilarity } from "./match/name-similarity.js";
import { type InvoiceRef, invoiceReferences } from "./match/reference-tokens.js";
import { matchPolicy } from "./match-store.js";

/** The line may be booked this many days before the claimed date… */
export const claimDaysBefore = 3;
/** …and this many after. */
export const claimDaysAfter = 10;
/** Without a claimed date, the window is this many days either side of the day it was added. */
export const claimDaysUndated = 10;

const RULE: Actor = { kind: "rule", id: "reconcile" };

export type ClaimLine = {
  id: string;
  bookingDate: CalendarDate;
  reference: string | null;
  counterpartyName: string | null;
  /** The line's money was applied to the claim's invoice. */
  paysInvoice: boolean;
};

export type ClaimEvidence = "invoice" | "reference" | "payer";

/** Confirms every waiting claim a line now shows; returns how many were confirmed. */
export async function confirmClaims(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string },
): Promise<number> {
  const waiting = (await listClaims(deps.db, input.orgId, { status: "waiting" })).filter(
    (c) => c.amount !== null && c.currency !== null,
  );
  if (waiting.length === 0) return 0;
  const { nameSimilarityMin } = await matchPolicy(deps.db, input.orgId);
  let confirmed = 0;
  for (const claim of waiting) {
    const done = await deps.db.transaction(async (tx) => {
      const lines = await candidateLines(tx, input.orgId, claim);
      const best = bestLine(claim, lines, nameSimilarityMin);
      if (!best) return false;
      const now = deps.clock.now();
      if (
        !(await decideClaim(
          tx,
          input.orgId,
          claim.id,
          { status: "confirmed", lineId: best.line.id },
          now,
        ))
      ) {
        return false;
      }
      await audit(tx, deps.ids, {
        orgId: input.orgId,
        actor: RULE,
        action: "payment_claim.confirmed",
        subjectId: claim.id,
        before: { status: "waiting" },
        after: {
          status: "confirmed",
          lineId: best.line.id,
          bookingDate: best.line.bookingDate,
          by: best.evidence,
        },
        at: now,
      });
      return true;
    });
    if (done) confirmed++;
  }
  return confirmed;
}

/** The booking dates a confirming line may have. */
export function claimWindow(claim: Pick<PaymentClaim, "claimedOn" | "createdAt">): {
  from: CalendarDate;
  to: CalendarDate;
} {
  if (claim.claimedOn) {
    return {
      from: addDays(claim.claimedOn, -claimDaysBefore),
      to: addDays(claim.claimedOn, claimDaysAfter),
    };
  }
  const added = claim.createdAt.slice(0, 10) as CalendarDate;
  return { from: addDays(added, -claimDaysUndated), to: addDays(added, claimDaysUndated) };
}

/** Lines with the claim's amount and currency in its window that confirm no claim yet. */
async function candidateLines(
  tx: Queryable,
  orgId: string,
  claim: PaymentClaim,
): Promise<ClaimLine[]> {
  const { from, to } = claimWindow(claim);
  return tx.query<ClaimLine>(
    `SELECT l.id, l.booking_date AS "bookingDate", l.reference, l.counterparty_name AS "counterpartyName",
            EXISTS (SELECT 1 FROM payments p
                      JOIN allocations a ON a.org_id = p.org_id AND a.payment_id = p.id
                     WHERE p.org_id = l.org_id AND p.line_id = l.id AND p.status <> 'reversed'
                       AND a.invoice_id = $6 AND a.undone_at IS NULL) AS "paysInvoice"
       FROM statement_lines l
      WHERE l.org_id = $1 AND l.currency = $2 AND l.amount_minor = $3 AND l.booking_date BETWEEN $4 AND $5
        AND NOT EXISTS (SELECT 1 FROM payment_claims c WHERE c.org_id = l.org_id AND c.line_id = l.id)
      ORDER BY l.booking_date, l.id`,
    [orgId, claim.currency, claim.amount, from, to, claim.invoiceId],
  );
}

/**
 * The line that confirms the claim, and why: the line paid the claim's invoice, or names it (or
 * repeats the receipt's reference), or its payer's name is the receipt's payer. Reference beats
 * payer; then the line booked nearest the claimed date. Pure.
 */
export function bestLine(
  claim: Pick<PaymentClaim, "reference" | "payer" | "invoiceNumber" | "claimedOn" | "createdAt">,
  lines: readonly ClaimLine[],
  nameSimilarityMin: number,
): { line: ClaimLine; evidence: ClaimEvidence } | null {
  const claimRefs = [
    ...(claim.reference ? invoiceReferences(claim.reference) : []),
    ...(claim.invoiceNumber ? invoiceReferences(claim.invoiceNumber) : []),
  ];
  const written = compact(claim.reference);
  const near = claim.claimedOn ?? (claim.createdAt.slice(0, 10) as CalendarDate);
  const ranked = lines
    .map((line) => ({ line, evidence: evidenceFor(line) }))
    .filter((c): c is { line: ClaimLine; evidence: ClaimEvidence } => c.evidence !== null)
    .sort(
      (a, b) =>
        rank(a.evidence) - rank(b.evidence) ||
        Math.abs(daysBetween(near, a.line.bookingDate)) -
          Math.abs(daysBetween(near, b.line.bookingDate)) ||
        compareDates(a.line.bookingDate, b.line.bookingDate) ||
        a.line.id.localeCompare(b.line.id),
    );
  return ranked[0] ?? null;

  function evidenceFor(line: ClaimLine): ClaimEvidence | null {
    if (line.paysInvoice) return "invoice";
    const lineRefs = invoiceReferences(line.reference ?? "");
    if (claimRefs.some((c) => lineRefs.some((l) => sameReference(c, l)))) return "invoice";
    if (written.length >= 6 && compact(line.reference).includes(written)) return "reference";
    if (
      claim.payer &&
      line.counterpartyName &&
      nameSimilarity(claim.payer, line.counterpartyName) >= nameSimilarityMin
    ) {
      return "payer";
    }
    return null;
  }
}

function rank(evidence: ClaimEvidence): number {
  return evidence === "invoice" ? 0 : evidence === "reference" ? 1 : 2;
}

function sameReference(a: InvoiceRef, b: InvoiceRef): boolean {
  return (
    a.seq === b.seq &&
    (a.year === null || b.year === null || a.year === b.year) &&
    (a.series === null || b.series === null || a.series === b.series)
  );
}

function compact(text: string | null): string {
  return (text ?? "").replace(/[^\p{L}\p{N}]/gu, "").toUpperCase();
}
