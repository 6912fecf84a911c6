/**
 * An owner's manual pause: a customer (all their invoices) or one invoice, with a reason and an
 * optional end date; `resume` ends it. Audited.
 */
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { CalendarDate } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";
import { getInvoiceFollowup, saveInvoiceFollowup } from "./store.js";

type Deps = { db: Db; clock: Clock; ids: Ids };

export async function pauseCustomer(
  deps: Deps,
  input: {
    orgId: string;
    customer: string;
    reason: string;
    until: CalendarDate | null;
    actor: Actor;
  },
): Promise<{ customerId: string }> {
  if (!input.reason.trim()) {
    throw new CashloopError("reason_missing", "--reason: say why reminders pause", {
      field: "reason",
    });
  }
  return deps.db.transaction(async (tx) => {
    const customerId = await findCustomer(tx, input.orgId, input.customer);
    const now = deps.clock.now();
    await tx.query(
      `INSERT INTO customer_pauses (org_id, customer_id, reason, until_on, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (org_id, customer_id) DO UPDATE SET reason = EXCLUDED.reason, until_on = EXCLUDED.until_on,
         created_at = EXCLUDED.created_at`,
      [input.orgId, customerId, input.reason, input.until, now],
    );
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "customer.reminders_paused",
      subjectId: customerId,
      before: null,
      after: { reason: input.reason, until: input.until },
      at: now,
    });
    return { customerId };
  });
}

export async function resumeCustomer(
  deps: Deps,
  input: { orgId: string; customer: string; actor: Actor },
): Promise<{ customerId: string; wasPaused: boolean }> {
  return deps.db.transaction(async (tx) => {
    const customerId = await findCustomer(tx, input.orgId, input.customer);
    const removed = await tx.query(
      `DELETE FROM customer_pauses WHERE org_id = $1 AND customer_id = $2 RETURNING reason`,
      [input.orgId, customerId],
    );
    if (removed.length > 0) {
      await audit(tx, deps.ids, {
        orgId: input.orgId,
        actor: input.actor,
        action: "customer.reminders_resumed",
        subjectId: customerId,
        before: removed[0],
        after: null,
        at: deps.clock.now(),
      });
    }
    return { customerId, wasPaused: removed.length > 0 };
  });
}

export async function pauseInvoice(
  deps: Deps,
  input: {
    orgId: string;
    invoice: string;
    reason: string;
    until: CalendarDate | null;
    actor: Actor;
  },
): Promise<void> {
  if (!input.reason.trim()) {
    throw new CashloopError("reason_missing", "--reason: say why reminders pause", {
      field: "reason",
    });
  }
  await setInvoiceMode(deps, input, "paused", input.reason, input.until);
}

export async function resumeInvoice(
  deps: Deps,
  input: { orgId: string; invoice: string; actor: Actor },
): Promise<void> {
  await setInvoiceMode(deps, input, "auto", "resumed by a person", null);
}

async function setInvoiceMode(
  deps: Deps,
  input: { orgId: string; invoice: string; actor: Actor },
  mode: "paused" | "auto",
  reason: string,
  until: CalendarDate | null,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [inv] = await tx.query<{ id: string; balance: number }>(
      `SELECT id, balance_minor AS balance FROM invoices
        WHERE org_id = $1 AND (id = $2 OR number = $2) AND status = 'issued' AND kind = 'invoice' FOR UPDATE`,
      [input.orgId, input.invoice],
    );
    if (!inv) {
      throw new CashloopError(
        "invoice_not_found",
        `${input.invoice}: no issued invoice with that number`,
      );
    }
    const before = await getInvoiceFollowup(tx, input.orgId, inv.id);
    if (before?.mode === "stopped" && mode === "auto" && inv.balance === 0) {
      throw new CashloopError(
        "invoice_paid",
        `${input.invoice} is paid; there is nothing to remind`,
      );
    }
    const now = deps.clock.now();
    await saveInvoiceFollowup(
      tx,
      input.orgId,
      {
        invoiceId: inv.id,
        mode,
        reason,
        pausedUntil: until,
        promisedOn: null,
        seenBalance: before?.seenBalance ?? inv.balance,
      },
      now,
    );
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: mode === "auto" ? "followup.resumed" : "followup.paused",
      subjectId: inv.id,
      before: before ? { mode: before.mode, reason: before.reason } : null,
      after: { mode, reason, until },
      at: now,
    });
  });
}

async function findCustomer(tx: Queryable, orgId: string, ref: string): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `SELECT id FROM customers WHERE org_id = $1 AND (id = $2 OR external_id = $2)`,
    [orgId, ref],
  );
  if (!row) throw new CashloopError("customer_not_found", `${ref}: no such customer`);
  return row.id;
}
