import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import type { Ids } from "../kernel/ids.js";

/**
 * Rejects a draft with a reason. The draft stays (rejected, with its reason); the contract periods
 * and events it billed are freed, so the next `bill` drafts them again once the cause is fixed.
 */
export async function rejectDraft(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: { orgId: string; invoiceId: string; reason: string; actor: Actor },
): Promise<void> {
  if (!input.reason.trim()) {
    throw new CashloopError("reason_missing", "--reason: say why the draft is rejected", {
      field: "reason",
    });
  }
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: string }>(
      "SELECT status FROM invoices WHERE org_id = $1 AND id = $2 FOR UPDATE",
      [input.orgId, input.invoiceId],
    );
    if (!row) throw new CashloopError("invoice_not_found", `no draft ${input.invoiceId}`);
    if (row.status !== "draft" && row.status !== "review") {
      throw new CashloopError(
        "invoice_not_draft",
        `${input.invoiceId} is ${row.status}, not a draft; void or credit an issued invoice instead`,
      );
    }
    const now = deps.clock.now();
    await tx.query(
      "UPDATE invoices SET status = 'rejected', status_reason = $3, updated_at = $4 WHERE org_id = $1 AND id = $2",
      [input.orgId, input.invoiceId, input.reason, now],
    );
    const periods = await tx.query(
      "DELETE FROM billed_periods WHERE org_id = $1 AND invoice_id = $2 RETURNING contract_id, period_start",
      [input.orgId, input.invoiceId],
    );
    const events = await tx.query(
      "DELETE FROM billed_events WHERE org_id = $1 AND invoice_id = $2 RETURNING event_id",
      [input.orgId, input.invoiceId],
    );
    await tx.query(
      "UPDATE contract_changes SET settled_invoice_id = NULL WHERE org_id = $1 AND settled_invoice_id = $2",
      [input.orgId, input.invoiceId],
    );
    await audit(tx, deps.ids, {
      orgId: input.orgId,
      actor: input.actor,
      action: "invoice.rejected",
      subjectId: input.invoiceId,
      before: { status: row.status },
      after: {
        status: "rejected",
        reason: input.reason,
        freedPeriods: periods,
        freedEvents: events,
      },
      at: now,
    });
  });
}
