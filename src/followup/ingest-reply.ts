/**
 * An inbound message (email reply, bounce, WhatsApp) → linked to its invoices, classified by
 * the assist layer, stored with its label and confidence, and acted on: reminders paused or
 * stopped, a task for a person, a channel stopped. Receiving the same message twice (same
 * Message-ID) changes nothing.
 */
import { confidenceBar } from "../assist/classify/classify-reply.js";
import type { AssistProvider, Classification } from "../assist/model.js";
import type { InboundMessage } from "../delivery/model.js";
import { type Actor, audit } from "../kernel/audit.js";
import type { Clock } from "../kernel/clock.js";
import { type Instant, todayIn } from "../kernel/dates.js";
import type { Db, Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import type { Organisation } from "../sources/model.js";
import { blockBouncedContact } from "./dispatch-hooks.js";
import { linkReply, type ReplyLink } from "./link-reply.js";
import { decideReply, type ReplyDecision } from "./reply-actions.js";
import { cadencePolicies, getInvoiceFollowup, policyFor, saveInvoiceFollowup } from "./store.js";
import { openTask } from "./tasks.js";

export type IngestOutcome = {
  replyId: string;
  duplicate: boolean;
  kind: "reply" | "bounce";
  linkedBy: ReplyLink["linkedBy"];
  customerId: string | null;
  invoices: string[];
  label: Classification["label"] | null;
  confidence: number | null;
  action: string;
  taskId: string | null;
};

const RULE: Actor = { kind: "rule", id: "followup" };

export async function ingestReply(
  deps: { db: Db; clock: Clock; ids: Ids; provider: AssistProvider },
  input: { org: Organisation; message: InboundMessage },
): Promise<IngestOutcome> {
  const { org, message } = input;
  if (message.messageId) {
    const [seen] = await deps.db.query<IngestOutcome & { invoices: string[] }>(
      `SELECT id AS "replyId", kind, linked_by AS "linkedBy", customer_id AS "customerId", invoice_ids AS invoices,
              label, confidence, action FROM replies WHERE org_id = $1 AND message_id = $2`,
      [org.id, message.messageId],
    );
    if (seen) return { ...seen, duplicate: true, taskId: null };
  }
  const link = await linkReply(deps.db, org.id, message);
  const now = deps.clock.now();
  const zone = await customerZone(deps.db, org, link.customerId);
  const today = todayIn(zone, now);
  let classification: Classification | null = null;
  let failure: string | null = null;
  if (!message.bounce) {
    try {
      classification = await deps.provider.classify({ text: message.text, today });
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
  }
  return deps.db.transaction(async (tx) => {
    const replyId = deps.ids.next("rpl");
    const numbers = await invoiceNumbers(tx, org.id, link.invoiceIds);
    let action: string;
    let taskId: string | null = null;
    if (message.bounce) {
      action = `the email to ${message.bounce.recipient} bounced (${message.bounce.status}); contact marked bad`;
      if (link.contactId && link.customerId) {
        await blockBouncedContact(
          tx,
          { org, clock: deps.clock, ids: deps.ids },
          {
            orgId: org.id,
            id: link.outboxId ?? "",
            contactId: link.contactId,
            customerId: link.customerId,
            recipient: message.bounce.recipient,
            invoiceIds: link.invoiceIds,
          },
          `${message.bounce.status} ${message.bounce.diagnostic ?? ""}`.trim(),
          today,
        );
      } else action = `a bounce for ${message.bounce.recipient}, who is not a known contact`;
    } else {
      const policy = policyFor(await cadencePolicies(tx, org.id), "*");
      const decision: ReplyDecision = classification
        ? decideReply(classification, { confidenceBar, promiseGraceDays: policy.promiseGraceDays })
        : {
            mode: "paused",
            pausedUntil: null,
            promisedOn: null,
            task: "unclear_reply",
            blockChannel: null,
            action: `paused: the reply could not be classified (${failure ?? "no text"})`,
          };
      action = link.customerId ? decision.action : "not linked to any customer; a person reads it";
      await applyDecision(tx, deps, org, link, decision, now);
      const kind = link.customerId ? decision.task : "unclear_reply";
      if (kind) {
        taskId = await openTask(
          tx,
          { ids: deps.ids, now },
          {
            orgId: org.id,
            key: `${kind}:${replyId}`,
            kind,
            title: taskTitle(kind, numbers, message.from),
            detail: classification?.evidence
              ? `The customer wrote: “${classification.evidence.slice(0, 200)}”.`
              : undefined,
            customerId: link.customerId,
            invoiceId: link.invoiceIds[0] ?? null,
            data: {
              replyId,
              from: message.from,
              label: classification?.label ?? null,
              confidence: classification?.confidence ?? null,
              newContact: classification?.newContact ?? null,
            },
            dueOn: today,
            zone: org.timeZone,
          },
        );
      }
    }
    await tx.query(
      `INSERT INTO replies (org_id, id, channel, from_address, subject, body, message_id, in_reply_to, customer_id,
                            invoice_ids, linked_by, kind, label, confidence, evidence, promised_on, returns_on,
                            new_contact, action, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::text::jsonb, $19, $20)`,
      [
        org.id,
        replyId,
        message.channel,
        message.from,
        message.subject,
        message.text.slice(0, 100_000),
        message.messageId,
        message.inReplyTo,
        link.customerId,
        link.invoiceIds,
        link.linkedBy,
        message.bounce ? "bounce" : "reply",
        classification?.label ?? null,
        classification?.confidence ?? null,
        classification?.evidence ?? null,
        classification?.promisedOn ?? null,
        classification?.returnsOn ?? null,
        JSON.stringify(classification?.newContact ?? null),
        action,
        now,
      ],
    );
    await audit(tx, deps.ids, {
      orgId: org.id,
      actor: RULE,
      action: message.bounce ? "reply.bounce_received" : "reply.received",
      subjectId: replyId,
      before: null,
      after: {
        from: message.from,
        linkedBy: link.linkedBy,
        invoices: numbers,
        label: classification?.label ?? null,
        confidence: classification?.confidence ?? null,
        action,
      },
      at: now,
    });
    return {
      replyId,
      duplicate: false,
      kind: message.bounce ? "bounce" : "reply",
      linkedBy: link.linkedBy,
      customerId: link.customerId,
      invoices: numbers,
      label: classification?.label ?? null,
      confidence: classification?.confidence ?? null,
      action,
      taskId,
    };
  });
}

async function applyDecision(
  tx: Queryable,
  deps: { ids: Ids },
  org: Organisation,
  link: ReplyLink,
  decision: ReplyDecision,
  now: Instant,
): Promise<void> {
  if (decision.blockChannel && link.contactId) {
    const channel = link.outboxId
      ? ((
          await tx.query<{ channel: string }>(
            `SELECT channel FROM outbox WHERE org_id = $1 AND id = $2`,
            [org.id, link.outboxId],
          )
        )[0]?.channel ?? "email")
      : "email";
    await tx.query(
      `INSERT INTO contact_blocks (org_id, contact_id, channel, reason, detail, created_at)
       VALUES ($1, $2, $3, 'unsubscribed', 'the contact asked to stop', $4) ON CONFLICT DO NOTHING`,
      [org.id, link.contactId, channel, now],
    );
  }
  if (decision.mode === "unchanged") return;
  for (const invoiceId of link.invoiceIds) {
    const [inv] = await tx.query<{ balance: number; status: string }>(
      `SELECT balance_minor AS balance, status FROM invoices WHERE org_id = $1 AND id = $2`,
      [org.id, invoiceId],
    );
    if (inv?.status !== "issued") continue;
    const before = await getInvoiceFollowup(tx, org.id, invoiceId);
    if (before?.mode === "stopped") continue;
    await saveInvoiceFollowup(
      tx,
      org.id,
      {
        invoiceId,
        mode: decision.mode,
        reason: decision.action,
        pausedUntil: decision.pausedUntil,
        promisedOn: decision.promisedOn,
        seenBalance: before?.seenBalance ?? inv.balance,
      },
      now,
    );
    await audit(tx, deps.ids, {
      orgId: org.id,
      actor: RULE,
      action: `followup.${decision.mode}`,
      subjectId: invoiceId,
      before: before ? { mode: before.mode, reason: before.reason } : null,
      after: { mode: decision.mode, reason: decision.action, pausedUntil: decision.pausedUntil },
      at: now,
    });
  }
}

function taskTitle(kind: string, numbers: string[], from: string): string {
  const about = numbers.length > 0 ? ` about ${numbers.join(", ")}` : "";
  switch (kind) {
    case "paid_claim":
      return `${from} says they paid${about}: check the payment`;
    case "dispute":
      return `${from} disputes${about}: resolve the dispute`;
    case "correction_request":
      return `${from} asks for a correction${about}: correct or credit the invoice`;
    case "wrong_contact":
      return `${from} is not the right contact${about}: confirm who to write to`;
    case "question":
      return `${from} asks a question${about}: answer it`;
    default:
      return `A message from ${from}${about} needs a person`;
  }
}

async function invoiceNumbers(db: Queryable, orgId: string, ids: string[]): Promise<string[]> {
  const rows = await db.query<{ number: string }>(
    `SELECT number FROM invoices WHERE org_id = $1 AND id = ANY($2::text[]) ORDER BY number`,
    [orgId, ids],
  );
  return rows.map((r) => r.number);
}

async function customerZone(
  db: Queryable,
  org: Organisation,
  customerId: string | null,
): Promise<string> {
  if (!customerId) return org.timeZone;
  const [row] = await db.query<{ zone: string }>(
    `SELECT time_zone AS zone FROM customers WHERE org_id = $1 AND id = $2`,
    [org.id, customerId],
  );
  return row?.zone ?? org.timeZone;
}
