/**
 * Delivery's types: the outbox and the ports of the channels (email, WhatsApp) and of payment
 * links. Adapters implement the ports; the dispatcher only knows the ports.
 */
import type { CalendarDate, Instant } from "../kernel/dates.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { BankDetails } from "../sources/model.js";

export const OUTBOX_STATUSES = [
  "queued",
  "sending",
  "sent",
  "failed",
  "cancelled",
  /** Claimed and handed to a provider that cannot say whether it delivered: a person decides. */
  "uncertain",
] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OUTBOX_CHANNELS = ["email", "whatsapp", "payment_link"] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];

export const OUTBOX_PURPOSES = ["invoice", "reminder", "statement", "payment_link"] as const;
export type OutboxPurpose = (typeof OUTBOX_PURPOSES)[number];

/** A file sent with an email. */
export type EmailAttachment = { filename: string; contentType: string; content: Buffer };

export type EmailAddress = { name: string | null; address: string };

/** One email as the dispatcher hands it to a sender: every header decided by the caller. */
export type OutgoingEmail = {
  from: EmailAddress;
  to: EmailAddress[];
  /** Carries the per-message reply token, so replies find their invoices. */
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  /** RFC 5322 Message-ID with angle brackets, chosen by cashloop (`<out_…@domain>`). */
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  attachments: EmailAttachment[];
  /** Extra headers, e.g. `X-Cashloop-Key` (the outbox key). */
  headers: Record<string, string>;
  /** The Date header (the injected clock's now), so simulated runs write simulated dates. */
  date: Instant;
};

/** What a provider said when it accepted a message. */
export type SendReceipt = {
  provider: string;
  providerMessageId: string;
  accepted: string[];
  rejected: string[];
};

/**
 * Why a send failed, and what the dispatcher may do about it:
 * - `retry`: the provider certainly did not take the message (connection refused, 4xx before DATA);
 * - `permanent`: the provider refused it for good (5xx, unknown recipient, invalid number);
 * - `uncertain`: the provider may have taken it (connection lost after the data was sent).
 */
export type FailureKind = "retry" | "permanent" | "uncertain";

export class SendFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly providerCode: string | null = null,
  ) {
    super(message);
    this.name = "SendFailure";
  }
}

export interface EmailSender {
  readonly provider: string;
  /** Resolves with the receipt, or rejects with a `SendFailure`. */
  send(message: OutgoingEmail): Promise<SendReceipt>;
  close(): Promise<void>;
}

/**
 * One WhatsApp message. Outside the 24-hour customer-service window only approved templates may
 * be sent; inside it, free text (a session message).
 */
export type OutgoingWhatsApp =
  | {
      kind: "template";
      /** E.164, e.g. "+5215512345678". */
      to: string;
      templateName: string;
      /** e.g. "en", "es_MX". */
      language: string;
      /** Body parameters {{1}}, {{2}}… in order. */
      parameters: string[];
      /** The outbox key. */
      idempotencyKey: string;
    }
  | { kind: "text"; to: string; text: string; idempotencyKey: string };

export interface WhatsAppSender {
  readonly provider: "whatsapp_cloud" | "twilio";
  send(message: OutgoingWhatsApp): Promise<SendReceipt>;
}

/** A message that arrived from a customer, whatever the channel. */
export type InboundMessage = {
  channel: "email" | "whatsapp";
  /** Email address or E.164 phone number. */
  from: string;
  fromName: string | null;
  to: string[];
  subject: string | null;
  /** Plain text (HTML converted when there is no text part). */
  text: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  receivedAt: Instant | null;
  attachments: { filename: string | null; contentType: string; size: number }[];
  /** A delivery status notification (bounce) rather than a person's reply. */
  bounce: {
    recipient: string;
    /** DSN status, e.g. "5.1.1". */
    status: string;
    action: string;
    diagnostic: string | null;
    /** Message-ID of the message that bounced, when the report includes its headers. */
    originalMessageId: string | null;
  } | null;
};

/** What a payment link is made from: the facts of one invoice. */
export type PaymentLinkRequest = {
  orgId: string;
  invoiceId: string;
  invoiceNumber: string;
  amountMinor: number;
  currency: CurrencyCode;
  customerEmail: string | null;
  description: string;
  /** The outbox key, passed to providers that deduplicate. */
  idempotencyKey: string;
  /** The invoice's portal page: where the customer returns after paying or cancelling. */
  returnUrl: string;
  dueDate: CalendarDate;
};

export type PaymentLink = {
  provider: string;
  url: string;
  externalId: string;
};

export interface PaymentLinkProvider {
  readonly name: string;
  create(request: PaymentLinkRequest): Promise<PaymentLink>;
}

/** How to pay by bank transfer: shown on the portal page and in messages. Always available. */
export type BankTransferInstructions = BankDetails & {
  /** What the customer must quote so the payment finds its invoice (the invoice number). */
  reference: string;
  amountMinor: number;
  currency: CurrencyCode;
};
