/**
 * Payouts as the matcher and the review tray read and change them: the paid payouts not yet met
 * on the statement (with the sums of their balance transactions), linking a deposit line to one
 * (the fee booked), undoing that, and the line–payout pairs a person rejected.
 */
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";

export type OpenPayout = {
  provider: string;
  payoutId: string;
  amount: number;
  currency: string;
  arrivalDate: CalendarDate;
  charges: number;
  fees: number;
  refunds: number;
  other: number;
  transactions: number;
  chargeIds: string[];
};

/** The payouts a match is about: the one linked, or the ones the deposit could be. */
export type PayoutRef = { provider: string; payoutId: string };

export const payoutKey = (p: PayoutRef) => `${p.provider}:${p.payoutId}`;

/** Paid payouts not yet linked to a statement line (all of them, or the ones named), locked. */
export async function openPayouts(
  tx: Queryable,
  orgId: string,
  only?: readonly PayoutRef[],
): Promise<OpenPayout[]> {
  return tx.query<OpenPayout>(
    `SELECT p.provider, p.payout_id AS "payoutId", p.amount_minor AS amount, p.currency, p.arrival_date AS "arrivalDate",
            p.charges_minor AS charges, p.fees_minor AS fees, p.refunds_minor AS refunds, p.other_minor AS other,
            p.transactions,
            COALESCE((SELECT array_agg(c.charge_id ORDER BY c.charge_id) FROM processor_charges c
                       WHERE c.org_id = p.org_id AND c.provider = p.provider AND c.payout_id = p.payout_id),
                     '{}') AS "chargeIds"
       FROM processor_payouts p
      WHERE p.org_id = $1 AND p.status = 'paid' AND p.line_id IS NULL
        AND ($2::text[] IS NULL OR p.provider || ':' || p.payout_id = ANY($2::text[]))
      ORDER BY p.arrival_date, p.payout_id FOR UPDATE OF p`,
    [orgId, only ? only.map(payoutKey) : null],
  );
}

/** The deposit line is this payout: the payout is met, and its fee booked (once). */
export async function linkPayout(
  tx: Queryable,
  input: {
    orgId: string;
    payout: OpenPayout;
    line: { id: string; bookingDate: CalendarDate };
    matchId: string;
    now: Instant;
  },
): Promise<void> {
  const { orgId, payout, line, now } = input;
  await tx.query(
    `UPDATE processor_payouts SET line_id = $4, updated_at = $5
      WHERE org_id = $1 AND provider = $2 AND payout_id = $3`,
    [orgId, payout.provider, payout.payoutId, line.id, now],
  );
  if (payout.fees <= 0) return;
  await tx.query(
    `INSERT INTO fees (org_id, id, provider, payout_id, amount_minor, currency, booked_on, line_id, match_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
    [
      orgId,
      `fee_${payout.provider}_${payout.payoutId}`,
      payout.provider,
      payout.payoutId,
      payout.fees,
      payout.currency,
      line.bookingDate,
      line.id,
      input.matchId,
      now,
    ],
  );
}

/**
 * The line is not that payout after all: the payout waits for its deposit again, its booked fee
 * is removed, and the pair is remembered. Returns the payouts that were linked to the line.
 */
export async function unlinkPayouts(
  tx: Queryable,
  input: { orgId: string; lineId: string; now: Instant },
): Promise<{ payout: PayoutRef; fee: number }[]> {
  const linked = await tx.query<PayoutRef>(
    `UPDATE processor_payouts SET line_id = NULL, updated_at = $3
      WHERE org_id = $1 AND line_id = $2 RETURNING provider, payout_id AS "payoutId"`,
    [input.orgId, input.lineId, input.now],
  );
  const out: { payout: PayoutRef; fee: number }[] = [];
  for (const payout of linked) {
    const removed = await tx.query<{ amount: number }>(
      `DELETE FROM fees WHERE org_id = $1 AND provider = $2 AND payout_id = $3 RETURNING amount_minor AS amount`,
      [input.orgId, payout.provider, payout.payoutId],
    );
    out.push({ payout, fee: removed[0]?.amount ?? 0 });
  }
  await rememberPayoutRejections(tx, { ...input, payouts: linked });
  return out;
}

/** These payouts are not to be linked to this line again. */
export async function rememberPayoutRejections(
  tx: Queryable,
  input: { orgId: string; lineId: string; payouts: readonly PayoutRef[]; now: Instant },
): Promise<void> {
  for (const p of input.payouts) {
    await tx.query(
      `INSERT INTO payout_rejections (org_id, line_id, provider, payout_id, created_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [input.orgId, input.lineId, p.provider, p.payoutId, input.now],
    );
  }
}
