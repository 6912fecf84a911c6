import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";

/**
 * Voids an issued invoice: it keeps its number (no gap in the series), its balance goes to zero,
 * and the reason is kept. Only an invoice nothing has been paid or credited against can be voided.
 */
export async function voidInvoice(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string; invoiceId: string; reason: string; actor: Actor },
): Promise<void> {
  if (!input.reason.trim()) {
    throw new CashloopError("reason_missing", "--reason: say why the invoice is voided", {
      field: "reason",
    });
  }
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.query<{
      status: string;
      number: string;
      total: number;
      balance: number;
    }>(
      `SELECT status, number, total_minor AS total, balance_minor AS balance
         FROM invoices WHERE org_id = $1 AND id = $2 FOR UPDATE`,
      [input.orgId, input.invoiceId],
    );
    if (!row) throw new CashloopError("invoice_not_found", `no invoice ${input.invoiceId}`);
    if (row.status !== "issued") {
      throw new CashloopError(
        "invoice_not_issued",
        `${row.number ?? input.invoiceId} is ${row.status}; only issued invoices are voided`,
      );
    }
    if (row.balance !== row.total) {
      throw new CashloopError(
        "invoice_has_activity",
        `${row.number} has payments or credits against it; credit it instead of voiding`,
      );
    }
    const now = deps.clock.now();
    await tx.query(
      `UPDATE invoices SET status = 'void', balance_minor = 0, status_reason = $3, updated_at = $4
        WHERE org_id = $1 AND id = $2`,
      [input.orgId, input.invoiceId, input.reason, now],
    );
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "invoice.voided",
      subjectId: input.invoiceId,
      before: { status: "issued", balanceMinor: row.balance },
      after: { status: "void", balanceMinor: 0, reason: input.reason },
      at: now,
    });
  });
}
