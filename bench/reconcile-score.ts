/**
 * The reconcile bench's ground truth, read back: every stored line's decision scored against the
 * line the generator meant (right, WRONG, suggested), and the invoices whose balance no longer
 * adds up. The bench's own queries, not the app's.
 */
import type { Db } from "../src/kernel/db.js";
import type { TruthLine } from "../src/reconcile/generate-bank-lines.js";

export type Score = {
  /** Lines scored: every stored line (the repeats the import skipped are not lines). */
  lines: number;
  /** Lines whose truth pays at least one invoice. */
  shouldPay: number;
  appliedRight: number;
  wrong: number;
  suggestedRight: number;
  /** Examples of wrong automatic matches, at most ten. */
  wrongExamples: string[];
  /** Per kind of generated line: how many got each status. */
  byKind: Record<string, Record<string, number>>;
  /** Lines without a decision (should be none). */
  undecided: number;
};

/**
 * Every stored line's decision against the truth, by the rule of
 * test/reconcile-generated.test.ts: a line's allocations (for a match with a payment, its live
 * allocation rows; else its proposal) as sorted `number=amount` pairs, compared with the truth's
 * `pays` the same way. Applied and equal: right; applied and different: WRONG (this includes
 * money applied from a line that pays nothing). The automatic match rate is right / lines whose
 * truth pays something. One flat query per side rather than `listMatches`, whose per-row
 * subquery finds allocations by payment without an index.
 */
export async function score(
  db: Db,
  orgId: string,
  truth: readonly TruthLine[],
  numbers: ReadonlyMap<string, string>,
): Promise<Score> {
  const matches = await db.query<{ id: string; bankRef: string; status: string }>(
    `SELECT m.id, l.bank_ref AS "bankRef", m.status
       FROM matches m JOIN statement_lines l ON l.org_id = m.org_id AND l.id = m.line_id
      WHERE m.org_id = $1`,
    [orgId],
  );
  const pairs = await db.query<{ matchId: string; number: string; amount: number }>(
    `SELECT m.id AS "matchId", i.number, a.amount_minor AS amount
       FROM matches m
       JOIN allocations a ON a.org_id = m.org_id AND a.payment_id = m.payment_id AND a.undone_at IS NULL
       JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
      WHERE m.org_id = $1 AND m.payment_id IS NOT NULL
     UNION ALL
     SELECT m.id, i.number, (p.value->>'amount')::bigint
       FROM matches m CROSS JOIN LATERAL jsonb_array_elements(m.proposal) p
       JOIN invoices i ON i.org_id = m.org_id AND i.id = p.value->>'invoiceId'
      WHERE m.org_id = $1 AND m.payment_id IS NULL`,
    [orgId],
  );
  const allocations = new Map<string, string[]>();
  for (const p of pairs) {
    const list = allocations.get(p.matchId) ?? [];
    list.push(`${p.number}=${p.amount}`);
    allocations.set(p.matchId, list);
  }
  const byRef = new Map(matches.map((m) => [m.bankRef, m]));
  const out: Score = {
    lines: 0,
    shouldPay: 0,
    appliedRight: 0,
    wrong: 0,
    suggestedRight: 0,
    wrongExamples: [],
    byKind: {},
    undecided: 0,
  };
  for (const line of truth) {
    out.lines++;
    const m = line.bankRef ? byRef.get(line.bankRef) : undefined;
    const kind = out.byKind[line.kind] ?? {};
    out.byKind[line.kind] = kind;
    const status = m?.status ?? "undecided";
    kind[status] = (kind[status] ?? 0) + 1;
    if (!m) {
      out.undecided++;
      continue;
    }
    const expected = line.pays
      .map((p) => `${numbers.get(p.invoiceId)}=${p.amount}`)
      .sort()
      .join(" ");
    const got = [...(allocations.get(m.id) ?? [])].sort().join(" ");
    if (line.pays.length > 0) out.shouldPay++;
    if (m.status === "applied") {
      if (got === expected) out.appliedRight++;
      else {
        out.wrong++;
        if (out.wrongExamples.length < 10) {
          out.wrongExamples.push(
            `WRONG ${line.kind} ${line.reference} ${line.amount}: expected ${expected || "nothing"}, applied ${got}`,
          );
        }
      }
    }
    if (m.status === "suggested" && got === expected) out.suggestedRight++;
  }
  return out;
}

/** Invoices whose balance is not total minus live allocations, or below zero: none. */
export async function brokenBalances(db: Db, orgId: string): Promise<number> {
  const [row] = await db.query<{ broken: number }>(
    `SELECT count(*)::int AS broken
       FROM invoices i
       LEFT JOIN (SELECT invoice_id, sum(amount_minor) AS allocated FROM allocations
                   WHERE org_id = $1 AND undone_at IS NULL GROUP BY invoice_id) a ON a.invoice_id = i.id
      WHERE i.org_id = $1 AND i.kind = 'invoice' AND i.status = 'issued'
        AND (i.balance_minor <> i.total_minor - COALESCE(a.allocated, 0) OR i.balance_minor < 0)`,
    [orgId],
  );
  return row?.broken ?? -1;
}
