/**
 * `reconcile`: every statement line not yet decided gets a decision — applied, suggested, in the
 * review tray with its reason and ranked candidates, or left unmatched — in one pass over
 * indexes built once. Applied money changes invoice balances at once (the follow-up stop rules
 * see it on their next pass).
 */
import type { Actor } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import { applyLine } from "./apply-match.js";
import { confirmClaims } from "./confirm-claims.js";
import { decideMatch, normaliseAccount } from "./match/decide-match.js";
import { applyToIndex, buildInvoiceIndex } from "./match/invoice-index.js";
import type { MatchStatus } from "./match/match-model.js";
import { matchPayouts } from "./match-payouts.js";
import { evidenceOf, knowledge, matchPolicy, openInvoices, undecidedLines } from "./match-store.js";

export type ReconcileReport = Record<MatchStatus, number> & { lines: number };

export const linesPerTransaction = 200;

export async function reconcileLines(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string; actor: Actor },
): Promise<ReconcileReport> {
  // Payout deposits first: they are the processor's, not a customer's payment.
  await matchPayouts(deps, input);
  const policy = await matchPolicy(deps.db, input.orgId);
  const invoices = await openInvoices(deps.db, input.orgId);
  const byId = new Map(invoices.map((i) => [i.id, i]));
  const index = buildInvoiceIndex(invoices);
  const known = await knowledge(deps.db, input.orgId);
  const accounts = known.accounts as Map<string, string[]>;
  const lines = await undecidedLines(deps.db, input.orgId);
  const report: ReconcileReport = {
    lines: lines.length,
    applied: 0,
    suggested: 0,
    review: 0,
    unmatched: 0,
  };
  for (let start = 0; start < lines.length; start += linesPerTransaction) {
    const batch = lines.slice(start, start + linesPerTransaction);
    await deps.db.transaction(async (tx) => {
      const now = deps.clock.now();
      for (const line of batch) {
        const decision = decideMatch(line, index, known, policy);
        // A line left unmatched before keeps its one row (and id), decided again.
        const [before] = await tx.query<{ id: string }>(
          `SELECT id FROM matches WHERE org_id = $1 AND line_id = $2 AND status = 'unmatched'`,
          [input.orgId, line.id],
        );
        const matchId = before?.id ?? deps.ids.next("mat");
        let paymentId: string | null = null;
        if (decision.status === "applied") {
          paymentId = await applyLine(
            tx,
            { ids: deps.ids, now },
            {
              orgId: input.orgId,
              line,
              allocations: decision.allocations,
              matchId,
              actor: input.actor,
            },
          );
          for (const a of decision.allocations) {
            const inv = byId.get(a.invoiceId);
            if (inv) applyToIndex(index, inv, a.amount);
          }
          // The payer's account is known from now on (the next line from it in this run too).
          const account = normaliseAccount(line.counterpartyAccount);
          const customer = byId.get(decision.allocations[0]?.invoiceId ?? "")?.customerId;
          if (account && customer && !accounts.get(account)?.includes(customer)) {
            accounts.set(account, [...(accounts.get(account) ?? []), customer]);
          }
        }
        const values = [
          input.orgId,
          matchId,
          line.id,
          decision.status,
          `${decision.reasonCode}: ${decision.reason}`,
          JSON.stringify(decision.candidates),
          JSON.stringify(decision.allocations),
          paymentId,
          evidenceOf(line, 0),
          now,
        ];
        await tx.query(
          before
            ? `UPDATE matches SET line_id = $3, status = $4, reason = $5, candidates = $6::text::jsonb,
                      proposal = $7::text::jsonb, payment_id = $8, evidence = $9, created_at = $10
                WHERE org_id = $1 AND id = $2`
            : `INSERT INTO matches (org_id, id, line_id, status, reason, candidates, proposal, payment_id, evidence, created_at)
               VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, $8, $9, $10)`,
          values,
        );
        await tx.query(`UPDATE statement_lines SET status = $3 WHERE org_id = $1 AND id = $2`, [
          input.orgId,
          line.id,
          decision.status,
        ]);
        report[decision.status]++;
      }
    });
  }
  await confirmClaims(deps, { orgId: input.orgId });
  return report;
}
