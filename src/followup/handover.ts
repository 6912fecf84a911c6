import { audit } from "../kernel/audit.js";
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import { openTask } from "./tasks.js";

/**
 * The cadence is over and the invoice is still unpaid: it leaves automatic mode and a person
 * gets a task with the invoice's history.
 */
export async function handOver(
  tx: Queryable,
  deps: { ids: Ids; now: Instant },
  input: {
    orgId: string;
    invoiceId: string;
    customerId: string;
    today: CalendarDate;
    zone: string;
    reason: string;
  },
): Promise<boolean> {
  const moved = await tx.query(
    `UPDATE followup_invoices SET mode = 'manual', reason = $3, updated_at = $4
      WHERE org_id = $1 AND invoice_id = $2 AND mode = 'auto' RETURNING invoice_id`,
    [input.orgId, input.invoiceId, `handover: ${input.reason}`, deps.now],
  );
  if (moved.length === 0) return false;
  await audit(tx, deps.ids, {
    orgId: input.orgId,
    actor: { kind: "rule", id: "followup" },
    action: "followup.manual",
    subjectId: input.invoiceId,
    before: { mode: "auto" },
    after: { mode: "manual", reason: input.reason },
    at: deps.now,
  });
  await openTask(tx, deps, {
    orgId: input.orgId,
    key: `handover:${input.invoiceId}`,
    kind: "handover",
    title: "The reminders are done and the invoice is still unpaid: call the customer",
    customerId: input.customerId,
    invoiceId: input.invoiceId,
    dueOn: input.today,
    zone: input.zone,
  });
  return true;
}
