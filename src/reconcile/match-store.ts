import { createHash } from "node:crypto";
import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Knowledge } from "./match/decide-match.js";
import {
  DEFAULT_MATCH_POLICY,
  type MatchLine,
  type MatchPolicy,
  type OpenInvoice,
} from "./match/match-model.js";

/** Every open invoice of the organisation, for the run's indexes. */
export async function openInvoices(db: Queryable, orgId: string): Promise<OpenInvoice[]> {
  return db.query<OpenInvoice>(
    `SELECT i.id, i.number, upper(split_part(i.number, '-', 1)) AS series,
            extract(year FROM i.issue_on)::int AS year, i.number_seq AS seq, i.customer_id AS "customerId",
            c.legal_name AS "customerName", i.currency, i.balance_minor AS balance, i.due_on AS "dueDate"
       FROM invoices i JOIN customers c ON c.org_id = i.org_id AND c.id = i.customer_id
      WHERE i.org_id = $1 AND i.kind = 'invoice' AND i.status = 'issued' AND i.balance_minor > 0
      ORDER BY i.due_on, i.number`,
    [orgId],
  );
}

/** A line to decide, with the row that left it unmatched before (decided again in place). */
export type UndecidedLine = MatchLine & { unmatchedMatchId: string | null };

/**
 * Lines not yet decided, and lines left unmatched (an invoice issued since may match them now),
 * oldest first.
 */
export async function undecidedLines(db: Queryable, orgId: string): Promise<UndecidedLine[]> {
  return db.query<UndecidedLine>(
    `SELECT l.id, l.booking_date AS "bookingDate", l.amount_minor AS amount, l.currency,
            l.counterparty_name AS "counterpartyName", l.counterparty_account AS "counterpartyAccount",
            l.reference, m.id AS "unmatchedMatchId"
       FROM statement_lines l
       LEFT JOIN matches m ON m.org_id = l.org_id AND m.line_id = l.id AND m.status = 'unmatched'
      WHERE l.org_id = $1 AND l.status IN ('new', 'unmatched') ORDER BY l.booking_date, l.id`,
    [orgId],
  );
}

/**
 * What a line says, with the invoice's balance: a rejected pair is not proposed again unless
 * this changes (a new reference, a corrected amount).
 */
export function evidenceOf(
  line: Pick<
    MatchLine,
    "amount" | "currency" | "reference" | "counterpartyName" | "counterpartyAccount"
  >,
  balance: number,
): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        line.amount,
        line.currency,
        line.reference,
        line.counterpartyName,
        line.counterpartyAccount,
        balance,
      ]),
    )
    .digest("hex")
    .slice(0, 24);
}

export async function knowledge(db: Queryable, orgId: string): Promise<Knowledge> {
  const accounts = new Map<string, string[]>();
  for (const r of await db.query<{ account: string; customerId: string }>(
    `SELECT account, customer_id AS "customerId" FROM payer_accounts WHERE org_id = $1`,
    [orgId],
  )) {
    accounts.set(r.account, [...(accounts.get(r.account) ?? []), r.customerId]);
  }
  const rejected = new Map<string, Set<string>>();
  const rows = await db.query<MatchLine & { invoiceId: string; evidence: string; balance: number }>(
    `SELECT r.line_id AS id, r.invoice_id AS "invoiceId", r.evidence, i.balance_minor AS balance,
            l.amount_minor AS amount, l.currency, l.reference, l.counterparty_name AS "counterpartyName",
            l.counterparty_account AS "counterpartyAccount"
       FROM match_rejections r
       JOIN statement_lines l ON l.org_id = r.org_id AND l.id = r.line_id
       JOIN invoices i ON i.org_id = r.org_id AND i.id = r.invoice_id
      WHERE r.org_id = $1`,
    [orgId],
  );
  for (const r of rows) {
    if (evidenceOf(r, r.balance) !== r.evidence) continue;
    const invoices = rejected.get(r.id) ?? new Set<string>();
    invoices.add(r.invoiceId);
    rejected.set(r.id, invoices);
  }
  return { accounts, rejected };
}

export async function matchPolicy(db: Queryable, orgId: string): Promise<MatchPolicy> {
  const [row] = await db.query<{ policy: Partial<MatchPolicy> }>(
    `SELECT policy FROM reconcile_policies WHERE org_id = $1`,
    [orgId],
  );
  return { ...DEFAULT_MATCH_POLICY, ...(row?.policy ?? {}) };
}

/** A match as `matches list --json` prints it (a stable contract: these fields at least). */
export type MatchItem = {
  id: string;
  status: string;
  bankRef: string | null;
  amount: number;
  currency: string;
  reason: string;
  allocations: { invoiceNumber: string; amount: number }[];
  /** A processor payout deposit: the payout linked, or the ones it could be. */
  payouts: { provider: string; payoutId: string }[];
  lineId: string;
  bookingDate: string;
  counterpartyName: string | null;
  reference: string | null;
};

const MATCH_SELECT = `SELECT m.id, m.status, l.bank_ref AS "bankRef", l.amount_minor AS amount, l.currency, m.reason,
    COALESCE(CASE WHEN m.payment_id IS NOT NULL THEN
        (SELECT json_agg(json_build_object('invoiceNumber', i.number, 'amount', a.amount_minor) ORDER BY i.number)
           FROM allocations a JOIN invoices i ON i.org_id = a.org_id AND i.id = a.invoice_id
          WHERE a.org_id = m.org_id AND a.payment_id = m.payment_id AND a.undone_at IS NULL)
      ELSE
        (SELECT json_agg(json_build_object('invoiceNumber', i.number, 'amount', (p.value->>'amount')::bigint) ORDER BY i.number)
           FROM jsonb_array_elements(m.proposal) p JOIN invoices i ON i.org_id = m.org_id AND i.id = p.value->>'invoiceId')
      END, '[]') AS allocations, m.payouts,
    l.id AS "lineId", l.booking_date AS "bookingDate", l.counterparty_name AS "counterpartyName", l.reference
  FROM matches m JOIN statement_lines l ON l.org_id = m.org_id AND l.id = m.line_id`;

export async function listMatches(
  db: Queryable,
  orgId: string,
  filter: { status?: string } = {},
): Promise<MatchItem[]> {
  return db.query<MatchItem>(
    `${MATCH_SELECT} WHERE m.org_id = $1 AND ($2::text IS NULL OR m.status = $2) ORDER BY l.booking_date, m.id`,
    [orgId, filter.status ?? null],
  );
}

export async function getMatch(
  db: Queryable,
  orgId: string,
  id: string,
): Promise<(MatchItem & { candidates: unknown[]; counterpartyAccount: string | null }) | null> {
  const [row] = await db.query<
    MatchItem & { candidates: unknown[]; counterpartyAccount: string | null }
  >(
    `SELECT q.*, m.candidates, l.counterparty_account AS "counterpartyAccount"
       FROM (${MATCH_SELECT} WHERE m.org_id = $1 AND m.id = $2) q
       JOIN matches m ON m.org_id = $1 AND m.id = q.id
       JOIN statement_lines l ON l.org_id = $1 AND l.id = q."lineId"`,
    [orgId, id],
  );
  return row ?? null;
}

const policyKeys: Record<keyof MatchPolicy, "boolean" | "ratio" | "count"> = {
  autoApply: "boolean",
  nameSimilarityMin: "ratio",
  feeToleranceMinor: "count",
  feeToleranceBps: "count",
  subsetMaxItems: "count",
  subsetMaxSize: "count",
};

/** `key=value` changes to the organisation's matching thresholds, each checked. */
export async function saveMatchPolicy(
  db: Queryable,
  input: { orgId: string; changes: string[]; now: string },
): Promise<MatchPolicy> {
  const policy = { ...(await matchPolicy(db, input.orgId)) } as Record<string, unknown>;
  for (const change of input.changes) {
    const [key, value] = change.split("=", 2) as [string, string | undefined];
    const kind = policyKeys[key as keyof MatchPolicy];
    const bad = (why: string) =>
      new CashloopError("policy_invalid", `${change}: ${why}`, { field: key });
    if (!kind) throw bad(`unknown setting; known: ${Object.keys(policyKeys).join(", ")}`);
    if (value === undefined) throw bad("write key=value");
    if (kind === "boolean") {
      if (value !== "true" && value !== "false") throw bad("true or false");
      policy[key] = value === "true";
    } else if (kind === "ratio") {
      if (!/^(0(\.\d{1,3})?|1(\.0{1,3})?)$/.test(value))
        throw bad("a number from 0 to 1, e.g. 0.8");
      policy[key] = Number(value);
    } else {
      if (!/^\d{1,9}$/.test(value)) throw bad("a whole number");
      policy[key] = Number(value);
    }
  }
  if ((policy.subsetMaxSize as number) > 6 || (policy.subsetMaxItems as number) > 40) {
    throw new CashloopError(
      "policy_invalid",
      "subsetMaxSize is at most 6 and subsetMaxItems at most 40 (the search must stay bounded)",
    );
  }
  await db.query(
    `INSERT INTO reconcile_policies (org_id, policy, updated_at) VALUES ($1, $2::text::jsonb, $3)
     ON CONFLICT (org_id) DO UPDATE SET policy = EXCLUDED.policy, updated_at = EXCLUDED.updated_at`,
    [input.orgId, JSON.stringify(policy), input.now],
  );
  return policy as MatchPolicy;
}
