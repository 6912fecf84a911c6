/**
 * The review tray's decisions on a payout deposit: confirm that the line is a payout (the one the
 * match is about, or the one a person names), reject it as that payout, or undo a link. Linking
 * books the payout's fee; undoing removes it and the payout waits for its deposit again. A pair a
 * person rejected or undid is remembered: the matcher never links that line to that payout again.
 * Called by `review-match.ts` inside its transaction, with the match row locked.
 */
import { type Actor, audit } from "../kernel/audit.js";
import type { Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { moneyText } from "../kernel/money.js";
import type { MatchLine } from "./match/match-model.js";
import { payoutCheck } from "./match-payouts.js";
import {
  linkPayout,
  openPayouts,
  type PayoutRef,
  rememberPayoutRejections,
  unlinkPayouts,
} from "./payout-store.js";

type Context = {
  tx: Queryable;
  ids: Ids;
  now: Instant;
  orgId: string;
  actor: Actor;
  match: { id: string; status: string; reason: string; payouts: PayoutRef[] };
  line: MatchLine;
};

const decidedBy = (actor: Actor) => `${actor.kind}:${actor.id}`;

/** The line is the payout: linked, the fee booked, the match applied. */
export async function confirmPayout(
  c: Context,
  named: string | undefined,
): Promise<{ payoutId: string; feeBooked: number }> {
  const { tx, orgId, match, line } = c;
  const ref = chosenPayout(match, named);
  const [payout] = await openPayouts(tx, orgId, [ref]);
  if (!payout) {
    throw new CashloopError(
      "payout_not_open",
      `--payout ${ref.payoutId}: no paid payout waiting for its deposit (already linked, not paid, or unknown)`,
      { field: "payout" },
    );
  }
  if (payout.currency !== line.currency || payout.amount !== line.amount) {
    throw new CashloopError(
      "payout_amount_differs",
      `${payout.payoutId} paid out ${moneyText(payout.amount, payout.currency)}; the line is ${moneyText(line.amount, line.currency)}`,
      { field: "payout" },
    );
  }
  const check = payoutCheck(payout);
  await linkPayout(tx, { orgId, payout, line, matchId: match.id, now: c.now });
  const reason = check.ok ? check.reason : `confirmed by a person: ${check.reason}`;
  await tx.query(
    `UPDATE matches SET status = 'applied', reason = $3, payouts = $4::text::jsonb, decided_at = $5, decided_by = $6
      WHERE org_id = $1 AND id = $2`,
    [
      orgId,
      match.id,
      reason.replace(/; nothing booked$/, payout.fees > 0 ? "; fee booked" : ""),
      JSON.stringify([{ provider: payout.provider, payoutId: payout.payoutId }]),
      c.now,
      decidedBy(c.actor),
    ],
  );
  await tx.query(`UPDATE statement_lines SET status = 'applied' WHERE org_id = $1 AND id = $2`, [
    orgId,
    line.id,
  ]);
  await audit(tx, c.ids, {
    orgId,
    actor: c.actor,
    action: "payout.confirmed",
    subjectId: match.id,
    before: { status: match.status, reason: match.reason },
    after: {
      line: line.id,
      payout: payout.payoutId,
      feeBooked: payout.fees,
      addsUp: check.ok,
      unexplained: payout.amount - (payout.charges - payout.fees - payout.refunds + payout.other),
    },
    at: c.now,
  });
  return { payoutId: payout.payoutId, feeBooked: payout.fees };
}

function chosenPayout(match: Context["match"], named: string | undefined): PayoutRef {
  if (named) {
    return (
      match.payouts.find((p) => p.payoutId === named) ?? { provider: "stripe", payoutId: named }
    );
  }
  const [only, ...others] = match.payouts;
  if (!only || others.length > 0) {
    throw new CashloopError(
      "payout_missing",
      only
        ? `${match.id} could be payout ${match.payouts.map((p) => p.payoutId).join(" or ")}: name it with --payout`
        : `${match.id} names no payout: name one with --payout, or invoices with --invoice`,
      { field: "payout" },
    );
  }
  return only;
}

/** The line is none of the payouts the match proposed: remembered, left to the invoice matcher. */
export async function rejectPayouts(c: Context): Promise<void> {
  await rememberPayoutRejections(c.tx, {
    orgId: c.orgId,
    lineId: c.line.id,
    payouts: c.match.payouts,
    now: c.now,
  });
}

/** A linked payout undone: the payout waits again, its fee is removed, the line goes to review. */
export async function undoPayout(c: Context): Promise<{ payouts: string[]; feeRemoved: number }> {
  const { tx, orgId, match, line } = c;
  const unlinked = await unlinkPayouts(tx, { orgId, lineId: line.id, now: c.now });
  await tx.query(
    `UPDATE matches SET status = 'review', reason = $3, decided_at = $4, decided_by = $5
      WHERE org_id = $1 AND id = $2`,
    [orgId, match.id, `undone by a person (was ${match.reason})`, c.now, decidedBy(c.actor)],
  );
  await tx.query(`UPDATE statement_lines SET status = 'review' WHERE org_id = $1 AND id = $2`, [
    orgId,
    line.id,
  ]);
  const result = {
    payouts: unlinked.map((u) => u.payout.payoutId),
    feeRemoved: unlinked.reduce((s, u) => s + u.fee, 0),
  };
  await audit(tx, c.ids, {
    orgId,
    actor: c.actor,
    action: "payout.undone",
    subjectId: match.id,
    before: { status: "applied", reason: match.reason },
    after: { status: "review", line: line.id, ...result },
    at: c.now,
  });
  return result;
}
