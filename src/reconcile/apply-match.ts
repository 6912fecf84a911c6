/**
 * Money from a statement line applied to invoices: a settled bank payment, its allocations
 * (each invoice row locked, never past its balance), the payer's account learnt for next time,
 * and an audit row. The payment keeps any amount beyond the allocations as the customer's credit.
 */
import { type Actor, audit } from "../kernel/audit.js";
import type { Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { allocate } from "./allocate.js";
import type { MatchLine } from "./match/match-model.js";
import { learnPayerAccount } from "./match-store.js";

export async function applyLine(
  tx: Queryable,
  deps: { ids: Ids; now: Instant },
  input: {
    orgId: string;
    line: MatchLine;
    allocations: { invoiceId: string; amount: number }[];
    matchId: string;
    actor: Actor;
  },
): Promise<string> {
  const { orgId, line } = input;
  const wanted = input.allocations.reduce((s, a) => s + a.amount, 0);
  if (wanted > line.amount) {
    throw new CashloopError(
      "allocation_too_large",
      `the allocations (${wanted}) exceed the line's amount (${line.amount})`,
    );
  }
  const ids = [...input.allocations.map((a) => a.invoiceId)].sort();
  const invoices = await tx.query<{
    id: string;
    number: string;
    customerId: string;
    currency: string;
    balance: number;
  }>(
    `SELECT id, number, customer_id AS "customerId", currency, balance_minor AS balance FROM invoices
      WHERE org_id = $1 AND id = ANY($2::text[]) AND status = 'issued' ORDER BY id FOR UPDATE`,
    [orgId, ids],
  );
  for (const a of input.allocations) {
    const inv = invoices.find((i) => i.id === a.invoiceId);
    if (!inv) throw new CashloopError("invoice_not_open", `${a.invoiceId}: no issued invoice`);
    if (inv.currency !== line.currency) {
      throw new CashloopError(
        "currency_differs",
        `${inv.number} is in ${inv.currency}, the line in ${line.currency}`,
      );
    }
    if (a.amount > inv.balance) {
      throw new CashloopError(
        "allocation_too_large",
        `${inv.number}: ${a.amount} is more than its balance (${inv.balance})`,
      );
    }
  }
  const customerId = invoices[0]?.customerId ?? null;
  const paymentId = deps.ids.next("pay");
  await tx.query(
    `INSERT INTO payments (org_id, id, customer_id, currency, amount_minor, received_on, method, reference, source,
                           status, for_invoice_id, line_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'bank_transfer', $7, 'bank', 'settled', $8, $9, $10)`,
    [
      orgId,
      paymentId,
      customerId,
      line.currency,
      line.amount,
      line.bookingDate,
      line.reference,
      invoices[0]?.id ?? null,
      line.id,
      deps.now,
    ],
  );
  for (const a of input.allocations) {
    const inv = invoices.find((i) => i.id === a.invoiceId) as { id: string; balance: number };
    await allocate(tx, deps.ids, orgId, paymentId, inv, a.amount, deps.now);
  }
  if (customerId)
    await learnPayerAccount(tx, orgId, line.counterpartyAccount, customerId, deps.now);
  await audit(tx, deps.ids, {
    orgId,
    actor: input.actor,
    action: "match.applied",
    subjectId: input.matchId,
    before: null,
    after: {
      line: line.id,
      payment: paymentId,
      amount: line.amount,
      allocations: input.allocations.map((a) => ({
        invoice: invoices.find((i) => i.id === a.invoiceId)?.number,
        amount: a.amount,
      })),
    },
    at: deps.now,
  });
  return paymentId;
}
