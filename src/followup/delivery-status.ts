/**
 * Delivery receipts a provider sends after the hand-over (WhatsApp: sent, delivered, read,
 * failed), recorded against the outbox row whose provider message id they name. Each one is
 * audited once (providers retry webhooks); a failure also fails the row and goes through the
 * same `settled` hook as a failure at send time (a delivery_failed task).
 */
import type { Outcome } from "../delivery/dispatch-outbox.js";
import { OUTBOX_SELECT, type OutboxRow, setOutboxStatus } from "../delivery/outbox-store.js";
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import type { Instant } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";

export type DeliveryStatus = {
  providerMessageId: string;
  status: "sent" | "delivered" | "read" | "failed";
  /** When the provider says it happened; null: now. */
  at: Instant | null;
  errorCode: string | null;
  errorTitle: string | null;
};

export type DeliveryStatusReport = {
  recorded: number;
  /** Already recorded (a retried webhook). */
  duplicate: number;
  failed: number;
  /** Provider message ids that match no outbox row (another system's message, or too early). */
  unmatched: string[];
};

const RULE: Actor = { kind: "rule", id: "delivery-status" };
const ACTION = "outbox.delivery_status";

export async function recordDeliveryStatuses(
  deps: { db: Db; clock: Clock; ids: Ids },
  input: {
    orgId: string;
    channel: OutboxRow["channel"];
    statuses: readonly DeliveryStatus[];
    /** Called in the transaction that fails the row, as the dispatcher would. */
    settled(tx: Queryable, row: OutboxRow, outcome: Outcome): Promise<void>;
  },
): Promise<DeliveryStatusReport> {
  const report: DeliveryStatusReport = { recorded: 0, duplicate: 0, failed: 0, unmatched: [] };
  for (const status of input.statuses) {
    await deps.db.transaction(async (tx) => {
      const [row] = await tx.query<OutboxRow>(
        `${OUTBOX_SELECT} WHERE org_id = $1 AND channel = $2 AND provider_message_id = $3 FOR UPDATE`,
        [input.orgId, input.channel, status.providerMessageId],
      );
      if (!row) {
        report.unmatched.push(status.providerMessageId);
        return;
      }
      const [seen] = await tx.query(
        `SELECT 1 FROM audit_log WHERE org_id = $1 AND subject_id = $2 AND action = $3
            AND after->>'status' = $4 LIMIT 1`,
        [input.orgId, row.id, ACTION, status.status],
      );
      if (seen) {
        report.duplicate++;
        return;
      }
      const now = deps.clock.now();
      const error = [status.errorCode, status.errorTitle].filter(Boolean).join(" ") || null;
      await audit(tx, deps.ids, {
        orgId: input.orgId,
        actor: RULE,
        action: ACTION,
        subjectId: row.id,
        before: { status: row.status },
        after: { status: status.status, at: status.at ?? now, error },
        at: now,
      });
      report.recorded++;
      // Only a message we think went out can fail after the fact; a cancelled one stays so.
      if (status.status !== "failed" || row.status !== "sent") return;
      const reason = `the provider reported the message undelivered${error ? `: ${error}` : ""}`;
      await setOutboxStatus(tx, row, { status: "failed", reason }, now);
      await input.settled(tx, row, { status: "failed", reason, code: status.errorCode });
      report.failed++;
    });
  }
  return report;
}
