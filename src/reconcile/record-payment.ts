import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { CalendarDate } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { allocate } from "./allocate.js";
import type { PaymentMethod } from "./model.js";

export type RecordPaymentInput = {
  orgId: string;
  /** The invoice the payment is for (id or number). */
  invoice: string;
  amountMinor: number;
  receivedOn: CalendarDate;
  method: PaymentMethod;
  reference: string | null;
  /** `pending`: seen (a processor payment in flight) but not yet counted against the invoice. */
  status: "pending" | "settled";
  actor: Actor;
};

export type RecordedPayment = {
  paymentId: string;
  applied: number;
  /** Money beyond the invoice's balance: the customer's credit (unapplied cash). */
  unapplied: number;
  balanceAfter: number;
};

/**
 * Records money received for one invoice. A settled payment is allocated up to the invoice's
 * balance (the rest stays on the payment as the customer's credit); a pending one is only noted,
 * so reminders wait for it. Audited; the invoice row is locked while its balance changes.
 */
export async function recordPayment(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: RecordPaymentInput,
): Promise<RecordedPayment> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
    throw new CashloopError("amount_invalid", "--amount: a payment is a positive amount", {
      field: "amount",
    });
  }
  return deps.db.transaction(async (tx) => {
    const invoice = await lockInvoice(tx, input.orgId, input.invoice);
    const paymentId = deps.ids.next("pay");
    const now = deps.clock.now();
    await tx.query(
      `INSERT INTO payments (org_id, id, customer_id, currency, amount_minor, received_on, method, reference,
                             source, status, for_invoice_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'manual', $9, $10, $11)`,
      [
        input.orgId,
        paymentId,
        invoice.customerId,
        invoice.currency,
        input.amountMinor,
        input.receivedOn,
        input.method,
        input.reference,
        input.status,
        invoice.id,
        now,
      ],
    );
    const applied =
      input.status === "settled"
        ? await allocate(tx, deps.ids, input.orgId, paymentId, invoice, input.amountMinor, now)
        : 0;
    const result = {
      paymentId,
      applied,
      unapplied: input.status === "settled" ? input.amountMinor - applied : 0,
      balanceAfter: invoice.balance - applied,
    };
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: input.status === "settled" ? "payment.recorded" : "payment.pending_recorded",
      subjectId: paymentId,
      before: { invoice: invoice.number, balance: invoice.balance },
      after: { invoice: invoice.number, amount: input.amountMinor, ...result },
      at: now,
    });
    return result;
  });
}

/** An invoice row as payments read it, locked while its balance changes. */
export type LockedInvoice = {
  id: string;
  number: string | null;
  status: string;
  kind: string;
  customerId: string;
  currency: string;
  balance: number;
};

/** The invoice (by id or number) locked for update; null when there is none. */
export async function lockedInvoice(
  tx: Queryable,
  orgId: string,
  idOrNumber: string,
): Promise<LockedInvoice | null> {
  const [row] = await tx.query<LockedInvoice>(
    `SELECT id, number, status, kind, customer_id AS "customerId", currency, balance_minor AS balance
       FROM invoices WHERE org_id = $1 AND (id = $2 OR number = $2) FOR UPDATE`,
    [orgId, idOrNumber],
  );
  return row ?? null;
}

async function lockInvoice(tx: Queryable, orgId: string, idOrNumber: string) {
  const row = await lockedInvoice(tx, orgId, idOrNumber);
  if (row?.status !== "issued" || row.kind !== "invoice") {
    throw new CashloopError(
      "invoice_not_open",
      `${idOrNumber}: no issued invoice with that number`,
      {
        field: "invoice",
      },
    );
  }
  return row;
}

/**
 * A pending payment settles (the processor confirmed it, the bank line arrived): it is applied
 * to its invoice up to the balance, like a payment recorded settled.
 */
export async function settlePayment(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string; paymentId: string; actor: Actor },
): Promise<RecordedPayment> {
  return deps.db.transaction(async (tx) => {
    const [payment] = await tx.query<{ amount: number; invoiceId: string | null; status: string }>(
      `SELECT amount_minor AS amount, for_invoice_id AS "invoiceId", status FROM payments
        WHERE org_id = $1 AND id = $2 FOR UPDATE`,
      [input.orgId, input.paymentId],
    );
    if (payment?.status !== "pending" || !payment.invoiceId) {
      throw new CashloopError("payment_not_pending", `${input.paymentId}: no pending payment`);
    }
    const invoice = await lockInvoice(tx, input.orgId, payment.invoiceId);
    const now = deps.clock.now();
    await tx.query(`UPDATE payments SET status = 'settled' WHERE org_id = $1 AND id = $2`, [
      input.orgId,
      input.paymentId,
    ]);
    const applied = await allocate(
      tx,
      deps.ids,
      input.orgId,
      input.paymentId,
      invoice,
      payment.amount,
      now,
    );
    const result = {
      paymentId: input.paymentId,
      applied,
      unapplied: payment.amount - applied,
      balanceAfter: invoice.balance - applied,
    };
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "payment.settled",
      subjectId: input.paymentId,
      before: { status: "pending", balance: invoice.balance },
      after: { status: "settled", ...result },
      at: now,
    });
    return result;
  });
}
