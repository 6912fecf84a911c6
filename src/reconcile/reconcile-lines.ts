/**
 * `reconcile`: every statement line not yet decided gets a decision — applied, suggested, in the
 * review tray with its reason and ranked candidates, or left unmatched — in one pass over
 * indexes built once. Applied money changes invoice balances at once (the follow-up stop rules
 * see it on their next pass). Lines are decided in transactions of a few hundred: the money of
 * each applied line is written as it is decided; the decisions themselves (match rows, line
 * statuses) are written a batch at a time.
 */
import type { Actor } from "../kernel/audit.js";
import { insertRows, updateRows } from "../kernel/bulk.js";
import type { Clock } from "../kernel/clock.js";
import type { Db } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import { applyLines } from "./apply-match.js";
import { confirmClaims } from "./confirm-claims.js";
import { decideMatch, normaliseAccount } from "./match/decide-match.js";
import { applyToIndex, buildInvoiceIndex } from "./match/invoice-index.js";
import type { MatchStatus } from "./match/match-model.js";
import { matchPayouts } from "./match-payouts.js";
import { evidenceOf, knowledge, matchPolicy, openInvoices, undecidedLines } from "./match-store.js";

export type ReconcileReport = Record<MatchStatus, number> & { lines: number };

export const linesPerTransaction = 500;

/** After this many decisions the planner's statistics are refreshed (as bulk imports do). */
const analyzeAfter = 5_000;

const MATCH_COLUMNS = [
  { name: "org_id", type: "text" },
  { name: "id", type: "text" },
  { name: "line_id", type: "text" },
  { name: "status", type: "text" },
  { name: "reason", type: "text" },
  { name: "candidates", type: "jsonb" },
  { name: "proposal", type: "jsonb" },
  { name: "payment_id", type: "text" },
  { name: "evidence", type: "text" },
  { name: "created_at", type: "timestamptz" },
];
const KEY = [
  { name: "org_id", type: "text" },
  { name: "id", type: "text" },
];

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
      const decided = batch.map((line) => {
        const decision = decideMatch(line, index, known, policy);
        // A line left unmatched before keeps its one row (and id), decided again.
        const matchId = line.unmatchedMatchId ?? deps.ids.next("mat");
        if (decision.status === "applied") {
          // The index follows at once: the next line of this run sees the lower balances.
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
        report[decision.status]++;
        return { line, decision, matchId };
      });
      const applied = decided.filter((d) => d.decision.status === "applied");
      const paymentIds = await applyLines(
        tx,
        { ids: deps.ids, now },
        {
          orgId: input.orgId,
          actor: input.actor,
          lines: applied.map((d) => ({
            line: d.line,
            allocations: d.decision.allocations,
            matchId: d.matchId,
          })),
        },
      );
      const paymentOf = new Map(applied.map((d, i) => [d.matchId, paymentIds[i]]));
      const rows = decided.map(({ line, decision, matchId }) => ({
        org_id: input.orgId,
        id: matchId,
        line_id: line.id,
        status: decision.status,
        reason: `${decision.reasonCode}: ${decision.reason}`,
        candidates: decision.candidates,
        proposal: decision.allocations,
        payment_id: paymentOf.get(matchId) ?? null,
        evidence: evidenceOf(line, 0),
        created_at: now,
      }));
      const again = new Set(batch.flatMap((l) => l.unmatchedMatchId ?? []));
      await insertRows(
        tx,
        "matches",
        MATCH_COLUMNS,
        rows.filter((r) => !again.has(r.id)),
      );
      await updateRows(
        tx,
        "matches",
        KEY,
        MATCH_COLUMNS.slice(2),
        rows.filter((r) => again.has(r.id)),
      );
      await updateRows(
        tx,
        "statement_lines",
        KEY,
        [{ name: "status", type: "text" }],
        rows.map((r) => ({ org_id: r.org_id, id: r.line_id, status: r.status })),
      );
    });
  }
  if (lines.length >= analyzeAfter) {
    await deps.db.exec(
      "ANALYZE matches; ANALYZE statement_lines; ANALYZE payments; ANALYZE allocations; ANALYZE invoices",
    );
  }
  await confirmClaims(deps, { orgId: input.orgId });
  return report;
}
