/**
 * The review tray's decisions on a match: confirm (apply the proposal, or the invoices and
 * amounts a person names), reject (the pair is remembered and not proposed again unless the
 * evidence changes), and undo an applied match (allocations reversed, invoices re-opened, the
 * line back in the tray, the pair remembered). Every decision is audited.
 */
import { restoreBalance } from "../billing/store.js";
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db, Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { applyLine } from "./apply-match.js";
import type { Candidate, MatchLine } from "./match/match-model.js";
import { evidenceOf } from "./match-store.js";
import type { PayoutRef } from "./payout-store.js";
import { confirmPayout, rejectPayouts, undoPayout } from "./review-payout.js";

type Deps = { db: Db; clock: Clock; ids: Ids };

type MatchRow = {
  id: string;
  lineId: string;
  status: string;
  reason: string;
  proposal: { invoiceId: string; amount: number }[];
  candidates: Candidate[];
  paymentId: string | null;
  payouts: PayoutRef[];
};

async function lockMatch(
  tx: Queryable,
  orgId: string,
  id: string,
): Promise<{ match: MatchRow; line: MatchLine }> {
  const [match] = await tx.query<MatchRow>(
    `SELECT id, line_id AS "lineId", status, reason, proposal, candidates, payment_id AS "paymentId", payouts
       FROM matches WHERE org_id = $1 AND id = $2 FOR UPDATE`,
    [orgId, id],
  );
  if (!match) throw new CashloopError("match_not_found", `${id}: no such match`);
  const [line] = await tx.query<MatchLine>(
    `SELECT id, booking_date AS "bookingDate", amount_minor AS amount, currency, counterparty_name AS "counterpartyName",
            counterparty_account AS "counterpartyAccount", reference
       FROM statement_lines WHERE org_id = $1 AND id = $2`,
    [orgId, match.lineId],
  );
  return { match, line: line as MatchLine };
}

export type Confirmed =
  | { paymentId: string; allocations: { invoiceId: string; amount: number }[] }
  | { payoutId: string; feeBooked: number };

/**
 * Applies the match's proposal, or the invoices (and amounts) a person names; a payout deposit
 * is linked to its payout instead (the one proposed, or `payout` when a person names it).
 */
export async function confirmMatch(
  deps: Deps,
  input: {
    orgId: string;
    id: string;
    invoices?: string[];
    amounts?: number[];
    payout?: string;
    actor: Actor;
  },
): Promise<Confirmed> {
  return deps.db.transaction(async (tx): Promise<Confirmed> => {
    const { match, line } = await lockMatch(tx, input.orgId, input.id);
    if (!["suggested", "review", "unmatched"].includes(match.status)) {
      throw new CashloopError(
        "match_decided",
        `${input.id} is ${match.status}; only suggested, review or unmatched matches can be confirmed`,
      );
    }
    if (input.payout && input.invoices?.length) {
      throw new CashloopError(
        "confirm_ambiguous",
        "--payout and --invoice: a deposit is either a payout or a customer's payment, not both",
        { field: "payout" },
      );
    }
    if (input.payout || (match.payouts.length > 0 && !input.invoices?.length)) {
      return confirmPayout(
        {
          tx,
          ids: deps.ids,
          now: deps.clock.now(),
          orgId: input.orgId,
          actor: input.actor,
          match,
          line,
        },
        input.payout,
      );
    }
    const allocations = input.invoices?.length
      ? await named(tx, input.orgId, line, input.invoices, input.amounts)
      : match.proposal;
    if (allocations.length === 0) {
      throw new CashloopError(
        "invoices_missing",
        `${input.id} proposes nothing: name the invoices with --invoice`,
        { field: "invoice" },
      );
    }
    const now = deps.clock.now();
    const paymentId = await applyLine(
      tx,
      { ids: deps.ids, now },
      { orgId: input.orgId, line, allocations, matchId: match.id, actor: input.actor },
    );
    await tx.query(
      `UPDATE matches SET status = 'applied', proposal = $3::text::jsonb, payment_id = $4, decided_at = $5, decided_by = $6
        WHERE org_id = $1 AND id = $2`,
      [
        input.orgId,
        match.id,
        JSON.stringify(allocations),
        paymentId,
        now,
        `${input.actor.kind}:${input.actor.id}`,
      ],
    );
    await tx.query(`UPDATE statement_lines SET status = 'applied' WHERE org_id = $1 AND id = $2`, [
      input.orgId,
      line.id,
    ]);
    return { paymentId, allocations };
  });
}

/** Invoices a person named, with amounts given or taken from their balances in order. */
async function named(
  tx: Queryable,
  orgId: string,
  line: MatchLine,
  refs: string[],
  amounts: number[] | undefined,
): Promise<{ invoiceId: string; amount: number }[]> {
  if (amounts && amounts.length !== refs.length) {
    throw new CashloopError(
      "amounts_mismatch",
      `--amounts: give one amount per --invoice (${refs.length})`,
      { field: "amounts" },
    );
  }
  let left = line.amount;
  const out: { invoiceId: string; amount: number }[] = [];
  for (const [i, ref] of refs.entries()) {
    const [inv] = await tx.query<{ id: string; balance: number }>(
      `SELECT id, balance_minor AS balance FROM invoices WHERE org_id = $1 AND (id = $2 OR number = $2) AND status = 'issued'`,
      [orgId, ref],
    );
    if (!inv)
      throw new CashloopError(
        "invoice_not_found",
        `--invoice ${ref}: no issued invoice with that number`,
        { field: "invoice" },
      );
    const amount = amounts?.[i] ?? Math.min(left, inv.balance);
    left -= amount;
    out.push({ invoiceId: inv.id, amount });
  }
  return out.filter((a) => a.amount > 0);
}

export async function rejectMatch(
  deps: Deps,
  input: { orgId: string; id: string; actor: Actor },
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const { match, line } = await lockMatch(tx, input.orgId, input.id);
    if (!["suggested", "review"].includes(match.status)) {
      throw new CashloopError(
        "match_decided",
        `${input.id} is ${match.status}; only suggested or review matches can be rejected (undo an applied one)`,
      );
    }
    const now = deps.clock.now();
    const invoiceIds = [
      ...new Set([
        ...match.proposal.map((a) => a.invoiceId),
        ...match.candidates.slice(0, 3).map((c) => c.invoiceId),
      ]),
    ];
    await remember(tx, input.orgId, line, invoiceIds, now);
    const context = { tx, ids: deps.ids, now, orgId: input.orgId, actor: input.actor, match, line };
    await rejectPayouts(context);
    await tx.query(
      `UPDATE matches SET status = 'unmatched', reason = $3, decided_at = $4, decided_by = $5 WHERE org_id = $1 AND id = $2`,
      [
        input.orgId,
        match.id,
        `rejected: ${match.reason}`,
        now,
        `${input.actor.kind}:${input.actor.id}`,
      ],
    );
    await tx.query(
      `UPDATE statement_lines SET status = 'unmatched' WHERE org_id = $1 AND id = $2`,
      [input.orgId, line.id],
    );
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "match.rejected",
      subjectId: match.id,
      before: { status: match.status, reason: match.reason },
      after: {
        status: "unmatched",
        rememberedInvoices: invoiceIds,
        rememberedPayouts: match.payouts.map((p) => p.payoutId),
      },
      at: now,
    });
  });
}

export async function undoMatch(
  deps: Deps,
  input: { orgId: string; id: string; actor: Actor },
): Promise<{ reopened: string[]; payouts: string[]; feeRemoved: number }> {
  return deps.db.transaction(async (tx) => {
    const { match, line } = await lockMatch(tx, input.orgId, input.id);
    const now = deps.clock.now();
    if (match.status === "applied" && !match.paymentId && match.payouts.length > 0) {
      const context = {
        tx,
        ids: deps.ids,
        now,
        orgId: input.orgId,
        actor: input.actor,
        match,
        line,
      };
      return { reopened: [], ...(await undoPayout(context)) };
    }
    if (match.status !== "applied" || !match.paymentId) {
      throw new CashloopError(
        "match_not_applied",
        `${input.id} is ${match.status}; only an applied match can be undone`,
      );
    }
    const allocations = await tx.query<{ id: string; invoiceId: string; amount: number }>(
      `UPDATE allocations SET undone_at = $3 WHERE org_id = $1 AND payment_id = $2 AND undone_at IS NULL
       RETURNING id, invoice_id AS "invoiceId", amount_minor AS amount`,
      [input.orgId, match.paymentId, now],
    );
    for (const a of [...allocations].sort((x, y) => x.invoiceId.localeCompare(y.invoiceId))) {
      await tx.query(`SELECT 1 FROM invoices WHERE org_id = $1 AND id = $2 FOR UPDATE`, [
        input.orgId,
        a.invoiceId,
      ]);
      await restoreBalance(tx, input.orgId, a.invoiceId, a.amount);
    }
    await tx.query(`UPDATE payments SET status = 'reversed' WHERE org_id = $1 AND id = $2`, [
      input.orgId,
      match.paymentId,
    ]);
    const reopened = [...new Set(allocations.map((a) => a.invoiceId))];
    await remember(tx, input.orgId, line, reopened, now);
    await tx.query(
      `UPDATE matches SET status = 'review', reason = $3, payment_id = NULL, decided_at = $4, decided_by = $5
        WHERE org_id = $1 AND id = $2`,
      [
        input.orgId,
        match.id,
        `undone by a person (was ${match.reason})`,
        now,
        `${input.actor.kind}:${input.actor.id}`,
      ],
    );
    await tx.query(`UPDATE statement_lines SET status = 'review' WHERE org_id = $1 AND id = $2`, [
      input.orgId,
      line.id,
    ]);
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "match.undone",
      subjectId: match.id,
      before: { status: "applied", payment: match.paymentId, allocations },
      after: { status: "review", reopened },
      at: now,
    });
    return { reopened, payouts: [], feeRemoved: 0 };
  });
}

/** The pair is not proposed again for this line unless the evidence changes. */
async function remember(
  tx: Queryable,
  orgId: string,
  line: MatchLine,
  invoiceIds: string[],
  now: string,
): Promise<void> {
  for (const invoiceId of invoiceIds) {
    const [inv] = await tx.query<{ balance: number }>(
      `SELECT balance_minor AS balance FROM invoices WHERE org_id = $1 AND id = $2`,
      [orgId, invoiceId],
    );
    await tx.query(
      `INSERT INTO match_rejections (org_id, line_id, invoice_id, evidence, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org_id, line_id, invoice_id) DO UPDATE SET evidence = EXCLUDED.evidence, created_at = EXCLUDED.created_at`,
      [orgId, line.id, invoiceId, evidenceOf(line, inv?.balance ?? 0), now],
    );
  }
}
