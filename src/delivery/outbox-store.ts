import type { Instant } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import type { OutboxChannel, OutboxPurpose, OutboxStatus } from "./model.js";

/** One outbox row: an outside effect, keyed so it happens at most once. */
export type OutboxRow = {
  orgId: string;
  id: string;
  key: string;
  channel: OutboxChannel;
  purpose: OutboxPurpose;
  customerId: string;
  contactId: string | null;
  recipient: string | null;
  invoiceIds: string[];
  /** The cadence steps the message carries, per invoice. */
  steps: { invoiceId: string; step: string }[];
  status: OutboxStatus;
  statusReason: string | null;
  attempts: number;
  nextAttemptAt: Instant;
  sendBefore: Instant | null;
  messageId: string | null;
  replyToken: string | null;
  provider: string | null;
  providerMessageId: string | null;
  createdAt: Instant;
  sentAt: Instant | null;
};

export type NewOutboxRow = Pick<
  OutboxRow,
  | "orgId"
  | "id"
  | "key"
  | "channel"
  | "purpose"
  | "customerId"
  | "contactId"
  | "recipient"
  | "invoiceIds"
  | "steps"
  | "nextAttemptAt"
  | "sendBefore"
  | "messageId"
  | "replyToken"
>;

export const OUTBOX_SELECT = `SELECT org_id AS "orgId", id, key, channel, purpose, customer_id AS "customerId",
  contact_id AS "contactId", recipient, invoice_ids AS "invoiceIds", steps, status, status_reason AS "statusReason",
  attempts, next_attempt_at AS "nextAttemptAt", send_before AS "sendBefore", message_id AS "messageId",
  reply_token AS "replyToken", provider, provider_message_id AS "providerMessageId", created_at AS "createdAt",
  sent_at AS "sentAt" FROM outbox`;

/** Adds a row unless its key exists; true when it was added. Runs in the caller's transaction. */
export async function enqueue(tx: Queryable, row: NewOutboxRow, now: Instant): Promise<boolean> {
  const added = await tx.query(
    `INSERT INTO outbox (org_id, id, key, channel, purpose, customer_id, contact_id, recipient, invoice_ids, steps,
                         status, attempts, next_attempt_at, send_before, message_id, reply_token, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, 'queued', 0, $11, $12, $13, $14, $15, $15)
     ON CONFLICT (org_id, key) DO NOTHING RETURNING id`,
    [
      row.orgId,
      row.id,
      row.key,
      row.channel,
      row.purpose,
      row.customerId,
      row.contactId,
      row.recipient,
      row.invoiceIds,
      JSON.stringify(row.steps),
      row.nextAttemptAt,
      row.sendBefore,
      row.messageId,
      row.replyToken,
      now,
    ],
  );
  return added.length > 0;
}

export type OutboxFilter = {
  status?: OutboxStatus[];
  customerId?: string;
  invoiceId?: string;
};

export async function listOutbox(
  db: Queryable,
  orgId: string,
  filter: OutboxFilter = {},
): Promise<OutboxRow[]> {
  return db.query<OutboxRow>(
    `${OUTBOX_SELECT} WHERE org_id = $1
        AND ($2::text[] IS NULL OR status = ANY($2::text[]))
        AND ($3::text IS NULL OR customer_id = $3)
        AND ($4::text IS NULL OR $4 = ANY(invoice_ids))
      ORDER BY created_at, id`,
    [orgId, filter.status ?? null, filter.customerId ?? null, filter.invoiceId ?? null],
  );
}

export async function setOutboxStatus(
  tx: Queryable,
  row: Pick<OutboxRow, "orgId" | "id">,
  change: {
    status: OutboxStatus;
    reason?: string | null;
    nextAttemptAt?: Instant;
    provider?: string | null;
    providerMessageId?: string | null;
    sentAt?: Instant | null;
  },
  now: Instant,
): Promise<void> {
  await tx.query(
    `UPDATE outbox SET status = $3, status_reason = $4, next_attempt_at = COALESCE($5, next_attempt_at),
            provider = COALESCE($6, provider), provider_message_id = COALESCE($7, provider_message_id),
            sent_at = COALESCE($8, sent_at), claimed_until = NULL, updated_at = $9
      WHERE org_id = $1 AND id = $2`,
    [
      row.orgId,
      row.id,
      change.status,
      change.reason ?? null,
      change.nextAttemptAt ?? null,
      change.provider ?? null,
      change.providerMessageId ?? null,
      change.sentAt ?? null,
      now,
    ],
  );
}
