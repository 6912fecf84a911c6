/**
 * Inbound WhatsApp webhooks, read into the channel-neutral `InboundMessage` and delivery status
 * updates: Meta's Cloud API (JSON, signed with the app secret) and Twilio (form fields, signed
 * with the auth token). Verification and reading are separate steps: a route verifies the raw
 * request first, then reads it. Nothing here reads the clock: Meta's unix timestamps are
 * converted, and Twilio's webhooks carry none (`receivedAt`/`at` null: the caller stamps them).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import twilio from "twilio";
import { z } from "zod";
import { type Instant, instantFromMs } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import type { InboundMessage } from "../model.js";

export type WhatsAppStatusUpdate = {
  providerMessageId: string;
  /** Twilio's `undelivered` (the carrier gave up) is reported as `failed`, with its code. */
  status: "sent" | "delivered" | "read" | "failed";
  /** E.164. */
  recipient: string;
  at: Instant | null;
  errorCode: string | null;
  errorTitle: string | null;
};

export type CloudWebhook = {
  messages: InboundMessage[];
  statuses: (WhatsAppStatusUpdate & { at: Instant })[];
};

/** Meta batches updates; far beyond its batch size, a payload is refused rather than trimmed. */
const cloudUpdatesMax = 10_000;
/** Twilio attaches at most 10 media to one message. */
const twilioMediaMax = 10;

// ---- Meta Cloud API ----------------------------------------------------------------------

/** `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body, keyed by the app secret>`. */
export function verifyCloudSignature(
  rawBody: Buffer,
  header: string | undefined,
  appSecret: string,
): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? "");
  if (!match?.[1] || appSecret === "") return false;
  const expected = createHmac("sha256", appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], "hex"));
}

/** The GET handshake when a webhook is subscribed: answer `hub.challenge` only to our token. */
export function verifyCloudChallenge(
  query: Record<string, unknown>,
  verifyToken: string,
): string | null {
  const mode = query["hub.mode"];
  const token = query["hub.verify_token"];
  const challenge = query["hub.challenge"];
  if (mode !== "subscribe" || typeof token !== "string" || typeof challenge !== "string") {
    return null;
  }
  return verifyToken !== "" && sameSecret(token, verifyToken) ? challenge : null;
}

/** Timing-safe equality of two strings of any length (compared as hashes). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

const unixSeconds = z.string().regex(/^\d{1,12}$/, "expected unix seconds");
const waDigits = z.string().regex(/^\+?\d{5,20}$/, "expected a phone number in digits");
const media = z.object({ mime_type: z.string(), filename: z.string().optional() });
const mediaTypes = ["image", "audio", "video", "document", "sticker"] as const;

const cloudMessage = z.object({
  from: waDigits,
  id: z.string().min(1),
  timestamp: unixSeconds,
  type: z.string(),
  context: z.object({ id: z.string().optional() }).optional(),
  text: z.object({ body: z.string() }).optional(),
  image: media.extend({ caption: z.string().optional() }).optional(),
  audio: media.optional(),
  video: media.extend({ caption: z.string().optional() }).optional(),
  document: media.extend({ caption: z.string().optional() }).optional(),
  sticker: media.optional(),
  button: z.object({ text: z.string() }).optional(),
  interactive: z
    .object({
      button_reply: z.object({ title: z.string() }).optional(),
      list_reply: z.object({ title: z.string() }).optional(),
    })
    .optional(),
  reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  system: z.object({ body: z.string() }).optional(),
});
type CloudMessage = z.infer<typeof cloudMessage>;

const cloudStatus = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: unixSeconds,
  recipient_id: waDigits,
  errors: z
    .array(
      z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() }),
    )
    .optional(),
});

const messagesValue = z.object({
  messaging_product: z.literal("whatsapp"),
  metadata: z.object({ display_phone_number: z.string(), phone_number_id: z.string() }),
  contacts: z
    .array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).optional() }))
    .optional(),
  messages: z.array(cloudMessage).max(cloudUpdatesMax).optional(),
  statuses: z.array(cloudStatus).max(cloudUpdatesMax).optional(),
});
type MessagesValue = z.infer<typeof messagesValue>;

const cloudEnvelope = z.object({
  object: z.literal("whatsapp_business_account"),
  entry: z
    .array(
      z.object({
        changes: z.array(z.object({ field: z.string(), value: z.unknown() })).max(cloudUpdatesMax),
      }),
    )
    .max(cloudUpdatesMax),
});

function webhookInvalid(error: z.ZodError, at: string): CashloopError {
  const issues = error.issues.slice(0, 5).map((i) => `${[at, ...i.path].join(".")}: ${i.message}`);
  return new CashloopError(
    "whatsapp_webhook_invalid",
    `not a WhatsApp Cloud API webhook: ${issues.join("; ")}`,
    { field: issues[0] ?? at },
  );
}

/** A Cloud API webhook → the customers' messages and our messages' delivery statuses. */
export function readCloudWebhook(payload: unknown): CloudWebhook {
  const envelope = cloudEnvelope.safeParse(payload);
  if (!envelope.success) throw webhookInvalid(envelope.error, "payload");
  const result: CloudWebhook = { messages: [], statuses: [] };
  envelope.data.entry.forEach((entry, e) => {
    entry.changes.forEach((change, c) => {
      // Other fields (template reviews, account updates) are not messages: nothing to read.
      if (change.field !== "messages") return;
      const value = messagesValue.safeParse(change.value);
      if (!value.success) throw webhookInvalid(value.error, `entry.${e}.changes.${c}.value`);
      for (const m of value.data.messages ?? []) result.messages.push(cloudInbound(value.data, m));
      for (const s of value.data.statuses ?? []) {
        if (!isDeliveryStatus(s.status)) continue; // e.g. "deleted", "warning": not delivery progress
        const error = s.errors?.[0];
        result.statuses.push({
          providerMessageId: s.id,
          status: s.status,
          recipient: e164Of(s.recipient_id),
          at: fromUnixSeconds(s.timestamp),
          errorCode: error ? String(error.code) : null,
          errorTitle: error?.title ?? error?.message ?? null,
        });
      }
    });
  });
  return result;
}

function cloudInbound(value: MessagesValue, m: CloudMessage): InboundMessage {
  const contacts = value.contacts ?? [];
  // wa_id can differ from `from` (e.g. Brazil's extra 9); a lone contact is the sender.
  const contact =
    contacts.find((c) => c.wa_id === m.from) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const attachments = mediaTypes.flatMap((type) => {
    const item = m[type];
    return item ? [{ filename: item.filename ?? null, contentType: item.mime_type, size: 0 }] : [];
  });
  return {
    channel: "whatsapp",
    from: e164Of(m.from),
    fromName: contact?.profile?.name ?? null,
    to: [e164Of(value.metadata.display_phone_number)],
    subject: null,
    text: cloudText(m),
    messageId: m.id,
    inReplyTo: m.context?.id ?? m.reaction?.message_id ?? null,
    references: [],
    receivedAt: fromUnixSeconds(m.timestamp),
    attachments,
    bounce: null,
  };
}

/** The words a person wrote or tapped, whatever the message type ("" for location, contacts…). */
function cloudText(m: CloudMessage): string {
  return (
    m.text?.body ??
    m.image?.caption ??
    m.video?.caption ??
    m.document?.caption ??
    m.button?.text ??
    m.interactive?.button_reply?.title ??
    m.interactive?.list_reply?.title ??
    m.reaction?.emoji ??
    m.system?.body ??
    ""
  );
}

function isDeliveryStatus(s: string): s is WhatsAppStatusUpdate["status"] {
  return s === "sent" || s === "delivered" || s === "read" || s === "failed";
}

function e164Of(phone: string): string {
  return `+${phone.replace(/\D/g, "")}`;
}

function fromUnixSeconds(seconds: string): Instant {
  return instantFromMs(Number(seconds) * 1000);
}

// ---- Twilio ------------------------------------------------------------------------------

/** `X-Twilio-Signature` over the webhook URL and its form fields, checked by the SDK. */
export function verifyTwilioSignature(
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
  authToken: string,
): boolean {
  if (!signature || authToken === "") return false;
  return twilio.validateRequest(authToken, signature, url, params);
}

const twilioAddress = z.string().regex(/^whatsapp:\+\d{5,20}$/, 'expected "whatsapp:+<digits>"');

const twilioInbound = z.object({
  MessageSid: z.string().min(1),
  From: twilioAddress,
  To: twilioAddress,
  Body: z.string().default(""),
  ProfileName: z.string().optional(),
  OriginalRepliedMessageSid: z.string().optional(),
  NumMedia: z
    .string()
    .regex(/^\d{1,3}$/)
    .default("0"),
});

const twilioStatus = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.string(),
  To: twilioAddress,
  ErrorCode: z.string().optional(),
  ErrorMessage: z.string().optional(),
});

function twilioInvalid(error: z.ZodError, what: string): CashloopError {
  const issues = error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
  return new CashloopError(
    "whatsapp_webhook_invalid",
    `not a Twilio WhatsApp ${what}: ${issues.join("; ")}`,
    {
      field: issues[0] ?? what,
    },
  );
}

/** A Twilio incoming-message webhook (form fields) → InboundMessage. */
export function readTwilioInbound(params: Record<string, string>): InboundMessage {
  const parsed = twilioInbound.safeParse(params);
  if (!parsed.success) throw twilioInvalid(parsed.error, "message");
  const p = parsed.data;
  const mediaCount = Number(p.NumMedia);
  if (mediaCount > twilioMediaMax) {
    throw new CashloopError(
      "whatsapp_webhook_invalid",
      `NumMedia ${mediaCount} is over ${twilioMediaMax}`,
      {
        field: "NumMedia",
        value: p.NumMedia,
      },
    );
  }
  const attachments = Array.from({ length: mediaCount }, (_, i) => ({
    filename: null,
    contentType: params[`MediaContentType${i}`] || "application/octet-stream",
    size: 0,
  }));
  return {
    channel: "whatsapp",
    from: p.From.slice("whatsapp:".length),
    fromName: p.ProfileName || null,
    to: [p.To.slice("whatsapp:".length)],
    subject: null,
    text: p.Body,
    messageId: p.MessageSid,
    inReplyTo: p.OriginalRepliedMessageSid || null,
    references: [],
    receivedAt: null,
    attachments,
    bounce: null,
  };
}

const twilioStatuses = new Map<string, WhatsAppStatusUpdate["status"]>([
  ["sent", "sent"],
  ["delivered", "delivered"],
  ["read", "read"],
  ["failed", "failed"],
  ["undelivered", "failed"],
]);

/**
 * A Twilio status callback → a status update, or null for steps before the hand-over to
 * WhatsApp (queued, accepted, sending, scheduled, canceled), which change nothing for us.
 */
export function readTwilioStatus(params: Record<string, string>): WhatsAppStatusUpdate | null {
  const parsed = twilioStatus.safeParse(params);
  if (!parsed.success) throw twilioInvalid(parsed.error, "status callback");
  const p = parsed.data;
  const status = twilioStatuses.get(p.MessageStatus);
  if (!status) return null;
  return {
    providerMessageId: p.MessageSid,
    status,
    recipient: p.To.slice("whatsapp:".length),
    at: null,
    errorCode: p.ErrorCode || null,
    errorTitle: p.ErrorMessage || null,
  };
}
