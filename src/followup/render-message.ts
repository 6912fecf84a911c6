/**
 * The words and files of an outbox message, made at the moment it is dispatched so every fact is
 * current: drafted by the assist layer (the built-in templates by default) from the fact sheet,
 * threaded after the earlier messages about the same invoices, with the PDF and the UBL XML
 * attached the first time an invoice is sent.
 */

import { formatAmount } from "../assist/draft/wording.js";
import { draftMessage } from "../assist/draft-message.js";
import { invoiceFactSheet } from "../assist/fact-sheet.js";
import type { AssistProvider, DraftStep, FactSheet, ReplyLabel } from "../assist/model.js";
import { invoiceFiles } from "../billing/invoice-files.js";
import { getInvoice } from "../billing/store.js";
import type { Rendered } from "../delivery/dispatch-outbox.js";
import type { EmailAttachment } from "../delivery/model.js";
import type { OutboxRow } from "../delivery/outbox-store.js";
import { type DeliverySettings, replyAddress } from "../delivery/settings.js";
import type { Clock } from "../kernel/clock.js";
import { type CalendarDate, type Instant, instantFromMs, instantToMs } from "../kernel/dates.js";
import type { Queryable } from "../kernel/db.js";
import type { Ids } from "../kernel/ids.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { Organisation } from "../sources/model.js";
import { textToHtml } from "./message-html.js";

export type RenderContext = {
  org: Organisation;
  settings: DeliverySettings;
  provider: AssistProvider;
  publicUrl: string;
  clock: Clock;
  ids: Ids;
};

const STEP_ORDER: readonly DraftStep[] = [
  "invoice",
  "before_due",
  "due_today",
  "overdue_3",
  "overdue_7",
];

export async function renderMessage(
  tx: Queryable,
  ctx: RenderContext,
  row: OutboxRow,
): Promise<Rendered> {
  if (row.channel === "payment_link") return paymentLinkRequest(tx, ctx, row);
  const now = ctx.clock.now();
  const step = STEP_ORDER.filter((s) => row.steps.some((x) => x.step === s)).at(-1) ?? "invoice";
  const earlier = await tx.query<{ messageId: string; invoiceIds: string[]; purpose: string }>(
    `SELECT message_id AS "messageId", invoice_ids AS "invoiceIds", purpose FROM outbox
      WHERE org_id = $1 AND channel = $2 AND status = 'sent' AND invoice_ids && $3::text[] AND id <> $4
      ORDER BY sent_at, id`,
    [row.orgId, row.channel, row.invoiceIds, row.id],
  );
  const facts = await invoiceFactSheet(tx, {
    org: ctx.org,
    invoices: row.invoiceIds,
    step,
    channel: row.channel === "whatsapp" ? "whatsapp" : "email",
    now,
    publicUrl: ctx.publicUrl,
    paymentLink: await currentPaymentLink(tx, row, now),
    history: await history(tx, row, earlier.filter((e) => e.purpose === "reminder").length),
  });
  const words = await draftMessage(
    { db: tx, clock: ctx.clock, ids: ctx.ids, provider: ctx.provider },
    { orgId: row.orgId, subjectId: row.id, facts },
  );
  if (row.channel === "whatsapp") return whatsappMessage(tx, ctx, row, facts, words.body, now);
  const sentBefore = new Set(earlier.flatMap((e) => e.invoiceIds));
  const attachments: EmailAttachment[] = [];
  for (const id of row.invoiceIds) {
    if (sentBefore.has(id)) continue;
    const files = await invoiceFiles(tx, row.orgId, id);
    attachments.push(
      {
        filename: `${files.number}.pdf`,
        contentType: "application/pdf",
        content: Buffer.from(files.pdf),
      },
      {
        filename: `${files.number}.xml`,
        contentType: "application/xml",
        content: Buffer.from(files.xml, "utf8"),
      },
    );
  }
  const references = earlier.map((e) => e.messageId).filter(Boolean);
  const [contact] = await tx.query<{ name: string | null }>(
    `SELECT name FROM contacts WHERE org_id = $1 AND id = $2`,
    [row.orgId, row.contactId],
  );
  const numbers = facts.invoices.map((i) => i.number);
  return {
    kind: "email",
    email: {
      from: { name: ctx.settings.fromName, address: ctx.settings.fromAddress },
      to: [{ name: contact?.name ?? null, address: row.recipient ?? "" }],
      replyTo: replyAddress(ctx.settings, row.replyToken ?? row.id),
      subject: words.subject ?? `${ctx.org.name}: ${numbers.join(", ")}`,
      text: words.body,
      html: textToHtml(words.body, facts.language),
      messageId: row.messageId ?? `<${row.id}@cashloop.invalid>`,
      inReplyTo: references.at(-1) ?? null,
      references,
      attachments,
      headers: {
        "X-Cashloop-Key": row.key,
        "X-Cashloop-Steps": row.steps
          .map((s, i) => `${numbers[row.invoiceIds.indexOf(s.invoiceId)] ?? i}=${s.step}`)
          .join(", "),
      },
      date: now,
    },
  };
}

async function history(
  tx: Queryable,
  row: OutboxRow,
  remindersSent: number,
): Promise<FactSheet["history"]> {
  const [reply] = await tx.query<{ label: ReplyLabel | null }>(
    `SELECT label FROM replies WHERE org_id = $1 AND invoice_ids && $2::text[] AND kind = 'reply'
      ORDER BY received_at DESC LIMIT 1`,
    [row.orgId, row.invoiceIds],
  );
  const [promise] = await tx.query<{ promisedOn: CalendarDate | null }>(
    `SELECT max(promised_on) AS "promisedOn" FROM followup_invoices WHERE org_id = $1 AND invoice_id = ANY($2::text[])`,
    [row.orgId, row.invoiceIds],
  );
  return {
    remindersSent,
    lastReplyLabel: reply?.label ?? null,
    promisedOn: promise?.promisedOn ?? null,
  };
}

/** A card link still valid now, for a message about a single invoice. */
async function currentPaymentLink(
  tx: Queryable,
  row: OutboxRow,
  now: Instant,
): Promise<string | null> {
  if (row.invoiceIds.length !== 1) return null;
  const [link] = await tx.query<{ url: string }>(
    `SELECT url FROM payment_links WHERE org_id = $1 AND invoice_id = $2 AND (expires_at IS NULL OR expires_at > $3)
      ORDER BY created_at DESC LIMIT 1`,
    [row.orgId, row.invoiceIds[0], now],
  );
  return link?.url ?? null;
}

/**
 * WhatsApp: free text inside the 24 hours after the customer last wrote to us (a session);
 * otherwise the organisation's approved template, whose parameters are facts only.
 */
async function whatsappMessage(
  tx: Queryable,
  ctx: RenderContext,
  row: OutboxRow,
  facts: FactSheet,
  body: string,
  now: Instant,
): Promise<Rendered> {
  const since = instantFromMs(instantToMs(now) - 24 * 3_600_000);
  const [recent] = await tx.query(
    `SELECT 1 FROM replies WHERE org_id = $1 AND customer_id = $2 AND channel = 'whatsapp' AND received_at > $3 LIMIT 1`,
    [row.orgId, row.customerId, since],
  );
  const to = row.recipient ?? "";
  if (recent)
    return { kind: "whatsapp", message: { kind: "text", to, text: body, idempotencyKey: row.key } };
  return {
    kind: "whatsapp",
    message: {
      kind: "template",
      to,
      templateName:
        row.purpose === "invoice"
          ? ctx.settings.whatsappTemplates.invoice
          : ctx.settings.whatsappTemplates.reminder,
      language: ctx.settings.whatsappLanguage[facts.language],
      parameters: [
        facts.customerName,
        facts.invoices.map((i) => i.number).join(", "),
        formatAmount(facts.totalDueMinor, facts.currency as CurrencyCode, facts.language),
        facts.portalLink ?? "",
      ],
      idempotencyKey: row.key,
    },
  };
}

async function paymentLinkRequest(
  tx: Queryable,
  ctx: RenderContext,
  row: OutboxRow,
): Promise<Rendered> {
  const invoice = await getInvoice(tx, row.orgId, row.invoiceIds[0] ?? "");
  if (!invoice?.number || !invoice.portalToken) throw new Error(`${row.key}: invoice not issued`);
  const [contact] = await tx.query<{ email: string | null }>(
    `SELECT email FROM contacts WHERE org_id = $1 AND customer_id = $2 AND email IS NOT NULL
      ORDER BY role = 'billing' DESC, external_id LIMIT 1`,
    [row.orgId, invoice.customerId],
  );
  return {
    kind: "payment_link",
    request: {
      orgId: row.orgId,
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      amountMinor: invoice.balance,
      currency: invoice.currency as CurrencyCode,
      customerEmail: contact?.email ?? null,
      description: `${ctx.org.name} — ${invoice.number}`,
      idempotencyKey: row.key,
      returnUrl: `${ctx.publicUrl}/i/${invoice.portalToken}`,
      dueDate: invoice.dueDate ?? (invoice.issueDate as CalendarDate),
    },
  };
}
