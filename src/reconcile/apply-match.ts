/**
 * Money from statement lines applied to invoices: a settled bank payment per line, its
 * allocations (every invoice row locked first, in id order; never past its balance), the payer's
 * account learnt for next time, and an audit row per line. A payment keeps any amount beyond
 * its allocations as the customer's credit. Many lines are written in a handful of statements
 * (the matcher applies hundreds per transaction); a person's confirmation is a batch of one.
 */
import { type Actor, type AuditEntry, audit } from "../kernel/audit.js";
import { insertNewRows, insertRows } from "../kernel/bulk.js";
import type { Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { normaliseAccount } from "./match/decide-match.js";
import type { MatchLine } from "./match/match-model.js";

export type LineToApply = {
  line: MatchLine;
  allocations: { invoiceId: string; amount: number }[];
  matchId: string;
};

type LockedInvoice = {
  id: string;
  number: string;
  customerId: string;
  currency: string;
  balance: number;
};

const PAYMENT_COLUMNS = [
  { name: "org_id", type: "text" },
  { name: "id", type: "text" },
  { name: "customer_id", type: "text" },
  { name: "currency", type: "text" },
  { name: "amount_minor", type: "bigint" },
  { name: "received_on", type: "date" },
  { name: "method", type: "text" },
  { name: "reference", type: "text" },
  { name: "source", type: "text" },
  { name: "status", type: "text" },
  { name: "for_invoice_id", type: "text" },
  { name: "line_id", type: "text" },
  { name: "created_at", type: "timestamptz" },
];
const ALLOCATION_COLUMNS = [
  { name: "org_id", type: "text" },
  { name: "id", type: "text" },
  { name: "payment_id", type: "text" },
  { name: "invoice_id", type: "text" },
  { name: "amount_minor", type: "bigint" },
  { name: "created_at", type: "timestamptz" },
];
const PAYER_COLUMNS = [
  { name: "org_id", type: "text" },
  { name: "account", type: "text" },
  { name: "customer_id", type: "text" },
  { name: "learnt_at", type: "timestamptz" },
];

/** Applies each line's allocations; returns the payment id of each line, in order. */
export async function applyLines(
  tx: Queryable,
  deps: { ids: Ids; now: Instant },
  input: { orgId: string; lines: readonly LineToApply[]; actor: Actor },
): Promise<string[]> {
  const { orgId, lines } = input;
  if (lines.length === 0) return [];
  const invoices = await lockInvoices(
    tx,
    orgId,
    lines.flatMap((l) => l.allocations.map((a) => a.invoiceId)),
  );
  const balances = new Map([...invoices].map(([id, inv]) => [id, inv.balance]));
  const payments: Record<string, unknown>[] = [];
  const allocations: Record<string, unknown>[] = [];
  const reduced = new Map<string, number>();
  const payers: Record<string, unknown>[] = [];
  const audits: AuditEntry[] = [];
  const paymentIds: string[] = [];
  for (const { line, allocations: wanted, matchId } of lines) {
    checkAllocations(line, wanted, invoices, balances);
    const first = invoices.get(wanted[0]?.invoiceId ?? "");
    const paymentId = deps.ids.next("pay");
    paymentIds.push(paymentId);
    payments.push({
      org_id: orgId,
      id: paymentId,
      customer_id: first?.customerId ?? null,
      currency: line.currency,
      amount_minor: line.amount,
      received_on: line.bookingDate,
      method: "bank_transfer",
      reference: line.reference,
      source: "bank",
      status: "settled",
      for_invoice_id: first?.id ?? null,
      line_id: line.id,
      created_at: deps.now,
    });
    for (const a of wanted) {
      if (a.amount <= 0) continue;
      allocations.push({
        org_id: orgId,
        id: deps.ids.next("alc"),
        payment_id: paymentId,
        invoice_id: a.invoiceId,
        amount_minor: a.amount,
        created_at: deps.now,
      });
      reduced.set(a.invoiceId, (reduced.get(a.invoiceId) ?? 0) + a.amount);
    }
    const account = normaliseAccount(line.counterpartyAccount);
    if (first && account) {
      payers.push({ org_id: orgId, account, customer_id: first.customerId, learnt_at: deps.now });
    }
    audits.push({
      orgId,
      actor: input.actor,
      action: "match.applied",
      subjectId: matchId,
      before: null,
      after: {
        line: line.id,
        payment: paymentId,
        amount: line.amount,
        allocations: wanted.map((a) => ({
          invoice: invoices.get(a.invoiceId)?.number,
          amount: a.amount,
        })),
      },
      at: deps.now,
    });
  }
  await insertRows(tx, "payments", PAYMENT_COLUMNS, payments);
  await insertRows(tx, "allocations", ALLOCATION_COLUMNS, allocations);
  await reduceBalances(tx, orgId, reduced);
  await insertNewRows(tx, "payer_accounts", PAYER_COLUMNS, payers, [
    "org_id",
    "account",
    "customer_id",
  ]);
  await audit(tx, deps.ids, audits);
  return paymentIds;
}

/** One line applied (a person's confirmation): its payment id. */
export async function applyLine(
  tx: Queryable,
  deps: { ids: Ids; now: Instant },
  input: { orgId: string; actor: Actor } & LineToApply,
): Promise<string> {
  const { orgId, actor, ...line } = input;
  const [paymentId] = await applyLines(tx, deps, { orgId, actor, lines: [line] });
  return paymentId as string;
}

/** The issued invoices named, locked in id order (so two writers never wait on each other). */
async function lockInvoices(
  tx: Queryable,
  orgId: string,
  ids: string[],
): Promise<Map<string, LockedInvoice>> {
  const rows = await tx.query<LockedInvoice>(
    `SELECT id, number, customer_id AS "customerId", currency, balance_minor AS balance FROM invoices
      WHERE org_id = $1 AND id = ANY($2::text[]) AND status = 'issued' ORDER BY id FOR UPDATE`,
    [orgId, [...new Set(ids)].sort()],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Each allocation names an issued invoice in the line's currency and fits its balance left. */
function checkAllocations(
  line: MatchLine,
  wanted: LineToApply["allocations"],
  invoices: ReadonlyMap<string, LockedInvoice>,
  balances: Map<string, number>,
): void {
  const total = wanted.reduce((s, a) => s + a.amount, 0);
  if (total > line.amount) {
    throw new CashloopError(
      "allocation_too_large",
      `the allocations (${total}) exceed the line's amount (${line.amount})`,
    );
  }
  for (const a of wanted) {
    const inv = invoices.get(a.invoiceId);
    if (!inv) throw new CashloopError("invoice_not_open", `${a.invoiceId}: no issued invoice`);
    if (inv.currency !== line.currency) {
      throw new CashloopError(
        "currency_differs",
        `${inv.number} is in ${inv.currency}, the line in ${line.currency}`,
      );
    }
    const left = balances.get(inv.id) ?? 0;
    if (a.amount > left) {
      throw new CashloopError(
        "allocation_too_large",
        `${inv.number}: ${a.amount} is more than its balance (${left})`,
      );
    }
    balances.set(inv.id, left - a.amount);
  }
}

/** Lowers each invoice's balance by the amount given, never below zero, in one statement. */
async function reduceBalances(
  tx: Queryable,
  orgId: string,
  amounts: ReadonlyMap<string, number>,
): Promise<void> {
  if (amounts.size === 0) return;
  const rows = [...amounts].map(([id, amount]) => ({ id, amount }));
  const updated = await tx.query(
    `UPDATE invoices AS t SET balance_minor = t.balance_minor - x.amount
       FROM jsonb_to_recordset($2::text::jsonb) AS x(id text, amount bigint)
      WHERE t.org_id = $1 AND t.id = x.id AND t.status = 'issued' AND t.balance_minor >= x.amount
      RETURNING t.id`,
    [orgId, JSON.stringify(rows)],
  );
  if (updated.length !== rows.length) {
    throw new Error(`${rows.length - updated.length} invoice balance(s) could not be lowered`);
  }
}
