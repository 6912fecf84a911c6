/**
 * Payout deposits on the bank statement. A processor's payout is not a customer paying: the
 * customers paid when their charges succeeded (those settled the invoices); the payout moves the
 * net of those charges to the bank. So each paid payout not yet met is looked for among the
 * undecided credit lines — same amount and currency, booked from the day before its arrival
 * date to five days after, from something that looks like the processor (STRIPE, a Stripe
 * payout descriptor "ST-…", or the payout's id) — and, when exactly one line fits, the line is
 * linked to the payout, never to an invoice.
 *
 * Linking checks the payout's balance transactions: Σ charges − Σ fees − Σ refunds (± anything
 * else) must be the deposit. Then the line is applied and the fees are booked; otherwise the line
 * goes to the review tray with the difference as the reason, and nothing is booked. Runs before
 * the invoice matcher (`reconcileLines`), so a payout is not taken for a customer's payment.
 */
import type { Actor } from "../kernel/audit.js";
import { audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import { daysBetween } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import { moneyText } from "../kernel/money.js";
import type { MatchLine } from "./match/match-model.js";
import { evidenceOf } from "./match-store.js";
import { linkPayout, type OpenPayout, openPayouts, payoutKey } from "./payout-store.js";

export type PayoutMatchReport = {
  /** Paid payouts not yet met on the statement. */
  payouts: number;
  applied: number;
  review: number;
  /** No statement line fits yet (not imported, or not arrived). */
  waiting: number;
};

export type PayoutLine = MatchLine & {
  bankRef: string | null;
  /** The line's open match (review or unmatched), if it has one. */
  matchId: string | null;
  matchStatus: string | null;
  matchReason: string | null;
  /** Payouts (`provider:id`) a person said this line is not. */
  rejectedPayouts: string[];
};

export type PayoutPlan =
  | { kind: "link"; payout: OpenPayout; line: PayoutLine }
  | { kind: "ambiguous"; line: PayoutLine; payouts: OpenPayout[]; alike: number }
  | { kind: "waiting"; payout: OpenPayout };

/** Booked from the day before the payout's arrival date to five days after. */
export const arrivalWindow = { before: 1, after: 5 } as const;

/** Does the line look like a deposit from the payout's processor? */
export function looksLikePayout(
  line: Pick<PayoutLine, "counterpartyName" | "reference" | "bankRef">,
  payout: Pick<OpenPayout, "provider" | "payoutId">,
): boolean {
  const text = [line.counterpartyName, line.reference, line.bankRef].filter(Boolean).join(" ");
  if (mentions(text, payout.payoutId)) return true;
  if (payout.provider !== "stripe") return false;
  return /stripe/i.test(text) || /\bST-[A-Z0-9]{6,}\b/i.test(text);
}

const mentions = (text: string, id: string) => text.toLowerCase().includes(id.toLowerCase());

/** Which line each payout is, when exactly one fits and no other payout wants it. Pure. */
export function planPayoutMatches(
  payouts: readonly OpenPayout[],
  lines: readonly PayoutLine[],
): PayoutPlan[] {
  const fits = new Map<OpenPayout, PayoutLine[]>();
  const wanted = new Map<string, OpenPayout[]>();
  for (const p of payouts) {
    // A line a person said is not this payout is never linked to it again.
    let found = lines.filter((l) => {
      if (l.rejectedPayouts.includes(payoutKey(p))) return false;
      const days = daysBetween(p.arrivalDate, l.bookingDate);
      return (
        l.currency === p.currency &&
        l.amount === p.amount &&
        days >= -arrivalWindow.before &&
        days <= arrivalWindow.after &&
        looksLikePayout(l, p)
      );
    });
    if (found.length > 1) {
      const named = found.filter((l) =>
        mentions(`${l.reference ?? ""} ${l.bankRef ?? ""}`, p.payoutId),
      );
      if (named.length === 1) found = named;
    }
    fits.set(p, found);
    for (const l of found) wanted.set(l.id, [...(wanted.get(l.id) ?? []), p]);
  }
  const plans: PayoutPlan[] = [];
  const ambiguous = new Map<string, PayoutLine>();
  for (const p of payouts) {
    const found = fits.get(p) ?? [];
    const [only] = found;
    if (!only) plans.push({ kind: "waiting", payout: p });
    else if (found.length === 1 && wanted.get(only.id)?.length === 1) {
      plans.push({ kind: "link", payout: p, line: only });
    } else for (const l of found) ambiguous.set(l.id, l);
  }
  for (const line of ambiguous.values()) {
    const rivals = wanted.get(line.id) ?? [];
    const alike = new Set(rivals.flatMap((p) => (fits.get(p) ?? []).map((l) => l.id))).size;
    plans.push({ kind: "ambiguous", line, payouts: rivals, alike });
  }
  return plans;
}

const shown = moneyText;

/** Σ charges − Σ fees − Σ refunds (± other) against the deposit, in words. Pure. */
export function payoutCheck(p: OpenPayout): { ok: boolean; reason: string } {
  const c = (minor: number) => shown(minor, p.currency);
  const expected = p.charges - p.fees - p.refunds + p.other;
  const listed =
    p.chargeIds.length <= 5
      ? p.chargeIds.join(", ")
      : `${p.chargeIds.slice(0, 5).join(", ")} and ${p.chargeIds.length - 5} more`;
  const sum = `${p.chargeIds.length} charges ${c(p.charges)}${listed ? ` (${listed})` : ""} − fees ${c(p.fees)} − refunds ${c(p.refunds)}${p.other !== 0 ? ` + other ${c(p.other)}` : ""} = ${c(expected)}`;
  if (p.transactions === 0) {
    return {
      ok: false,
      reason: `payout: ${p.payoutId} of ${c(p.amount)}: none of its balance transactions are known (ingest GET /v1/balance_transactions?payout=${p.payoutId}); nothing booked`,
    };
  }
  if (expected !== p.amount) {
    return {
      ok: false,
      reason: `payout: ${p.payoutId}: ${sum}, but the deposit is ${c(p.amount)}: difference ${c(p.amount - expected)}; nothing booked`,
    };
  }
  return {
    ok: true,
    reason: `payout: ${p.payoutId}: ${sum}${p.fees > 0 ? `; fee ${c(p.fees)} booked` : ""}`,
  };
}

export async function matchPayouts(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string; actor: Actor },
): Promise<PayoutMatchReport> {
  const { orgId } = input;
  return deps.db.transaction(async (tx) => {
    const payouts = await openPayouts(tx, orgId);
    const report: PayoutMatchReport = {
      payouts: payouts.length,
      applied: 0,
      review: 0,
      waiting: 0,
    };
    if (payouts.length === 0) return report;
    const lines = await tx.query<PayoutLine>(
      `SELECT l.id, l.booking_date AS "bookingDate", l.amount_minor AS amount, l.currency,
              l.counterparty_name AS "counterpartyName", l.counterparty_account AS "counterpartyAccount",
              l.reference, l.bank_ref AS "bankRef", m.id AS "matchId", m.status AS "matchStatus", m.reason AS "matchReason",
              COALESCE((SELECT array_agg(r.provider || ':' || r.payout_id) FROM payout_rejections r
                         WHERE r.org_id = l.org_id AND r.line_id = l.id), '{}') AS "rejectedPayouts"
         FROM statement_lines l
         LEFT JOIN LATERAL (SELECT id, status, reason FROM matches
                             WHERE org_id = l.org_id AND line_id = l.id AND status IN ('review', 'unmatched')
                             ORDER BY created_at DESC, id DESC LIMIT 1) m ON true
        WHERE l.org_id = $1 AND l.status IN ('new', 'unmatched', 'review')
          AND l.amount_minor = ANY($2::bigint[])
        ORDER BY l.booking_date, l.id FOR UPDATE OF l`,
      [orgId, [...new Set(payouts.map((p) => p.amount))]],
    );
    const now = deps.clock.now();
    const decide = async (
      line: PayoutLine,
      status: "applied" | "review",
      reason: string,
      about: readonly OpenPayout[],
    ): Promise<string> => {
      const evidence = evidenceOf(line, 0);
      const refs = JSON.stringify(
        about.map((p) => ({ provider: p.provider, payoutId: p.payoutId })),
      );
      if (line.matchId) {
        await tx.query(
          `UPDATE matches SET status = $3, reason = $4, candidates = '[]'::jsonb, proposal = '[]'::jsonb,
                  payment_id = NULL, evidence = $5, created_at = $6, decided_at = NULL, decided_by = NULL,
                  payouts = $7::text::jsonb
            WHERE org_id = $1 AND id = $2`,
          [orgId, line.matchId, status, reason, evidence, now, refs],
        );
      } else {
        line.matchId = deps.ids.next("mat");
        await tx.query(
          `INSERT INTO matches (org_id, id, line_id, status, reason, candidates, proposal, payment_id, evidence, created_at, payouts)
           VALUES ($1, $2, $3, $4, $5, '[]'::jsonb, '[]'::jsonb, NULL, $6, $7, $8::text::jsonb)`,
          [orgId, line.matchId, line.id, status, reason, evidence, now, refs],
        );
      }
      await tx.query(`UPDATE statement_lines SET status = $3 WHERE org_id = $1 AND id = $2`, [
        orgId,
        line.id,
        status,
      ]);
      return line.matchId;
    };
    const review = async (
      line: PayoutLine,
      reason: string,
      about: readonly OpenPayout[],
      after: object,
    ) => {
      const unchanged = line.matchStatus === "review" && line.matchReason === reason;
      const matchId = await decide(line, "review", reason, about);
      report.review++;
      if (unchanged) return;
      await audit(tx, deps.ids, {
        orgId,
        actor: input.actor,
        action: "payout.review",
        subjectId: matchId,
        before: line.matchStatus ? { status: line.matchStatus, reason: line.matchReason } : null,
        after: { line: line.id, payout: about.map((p) => p.payoutId).join(","), reason, ...after },
        at: now,
      });
    };

    for (const plan of planPayoutMatches(payouts, lines)) {
      if (plan.kind === "waiting") {
        report.waiting++;
        continue;
      }
      if (plan.kind === "ambiguous") {
        const ids = plan.payouts.map((p) => p.payoutId);
        const amount = shown(plan.line.amount, plan.line.currency);
        await review(
          plan.line,
          `payout: ${amount} could be payout ${ids.join(" or ")}; ${plan.alike} statement lines look alike; nothing booked`,
          plan.payouts,
          {},
        );
        continue;
      }
      const { payout, line } = plan;
      const check = payoutCheck(payout);
      const sums = {
        amount: payout.amount,
        currency: payout.currency,
        charges: payout.charges,
        fees: payout.fees,
        refunds: payout.refunds,
        other: payout.other,
        chargeIds: payout.chargeIds,
      };
      if (!check.ok) {
        await review(line, check.reason, [payout], sums);
        continue;
      }
      const matchId = await decide(line, "applied", check.reason, [payout]);
      await linkPayout(tx, { orgId, payout, line, matchId, now });
      await audit(tx, deps.ids, {
        orgId,
        actor: input.actor,
        action: "payout.matched",
        subjectId: matchId,
        before: line.matchStatus ? { status: line.matchStatus, reason: line.matchReason } : null,
        after: { line: line.id, payout: payout.payoutId, feeBooked: payout.fees, ...sums },
        at: now,
      });
      report.applied++;
    }
    return report;
  });
}
