/**
 * Which customer and invoices an inbound message is about: the reply token in the address it
 * was sent to, then the thread (In-Reply-To / References, or the WhatsApp message it answers),
 * then the sender's address or number among the customers' contacts.
 */

import type { InboundMessage } from "../delivery/model.js";
import { replyTokenIn } from "../delivery/settings.js";
import type { Queryable } from "../kernel/db.js";

export type ReplyLink = {
  customerId: string | null;
  invoiceIds: string[];
  contactId: string | null;
  linkedBy: "reply_token" | "thread" | "sender" | "none";
  outboxId: string | null;
};

type OutboxHit = { id: string; customerId: string; invoiceIds: string[]; contactId: string | null };

export async function linkReply(
  db: Queryable,
  orgId: string,
  message: InboundMessage,
): Promise<ReplyLink> {
  const token = replyTokenIn(message.to);
  if (token) {
    const hit = await outboxBy(db, orgId, "reply_token = $2", [token]);
    if (hit) return fromOutbox(hit, "reply_token");
  }
  const thread = [
    message.bounce?.originalMessageId,
    message.inReplyTo,
    ...[...message.references].reverse(),
  ].filter((x): x is string => Boolean(x));
  for (const id of thread) {
    const hit = await outboxBy(db, orgId, "(message_id = $2 OR provider_message_id = $2)", [id]);
    if (hit) return fromOutbox(hit, "thread");
  }
  const sender = message.bounce?.recipient ?? message.from;
  const digits = sender.replace(/\D/g, "");
  const [contact] = await db.query<{ id: string; customerId: string }>(
    `SELECT id, customer_id AS "customerId" FROM contacts
      WHERE org_id = $1 AND (lower(email) = lower($2) OR ($3 <> '' AND regexp_replace(coalesce(phone, ''), '\\D', '', 'g') = $3))
      ORDER BY role = 'billing' DESC, external_id LIMIT 1`,
    [orgId, sender, message.channel === "whatsapp" ? digits : ""],
  );
  if (!contact) {
    return { customerId: null, invoiceIds: [], contactId: null, linkedBy: "none", outboxId: null };
  }
  const open = await db.query<{ id: string }>(
    `SELECT id FROM invoices WHERE org_id = $1 AND customer_id = $2 AND kind = 'invoice' AND status = 'issued'
        AND balance_minor > 0 ORDER BY due_on, number_seq`,
    [orgId, contact.customerId],
  );
  return {
    customerId: contact.customerId,
    invoiceIds: open.map((r) => r.id),
    contactId: contact.id,
    linkedBy: "sender",
    outboxId: null,
  };
}

async function outboxBy(
  db: Queryable,
  orgId: string,
  where: string,
  params: unknown[],
): Promise<OutboxHit | null> {
  const [row] = await db.query<OutboxHit>(
    `SELECT id, customer_id AS "customerId", invoice_ids AS "invoiceIds", contact_id AS "contactId"
       FROM outbox WHERE org_id = $1 AND ${where} ORDER BY created_at DESC LIMIT 1`,
    [orgId, ...params],
  );
  return row ?? null;
}

function fromOutbox(hit: OutboxHit, linkedBy: ReplyLink["linkedBy"]): ReplyLink {
  return {
    customerId: hit.customerId,
    invoiceIds: hit.invoiceIds,
    contactId: hit.contactId,
    linkedBy,
    outboxId: hit.id,
  };
}
