/**
 * WhatsApp through Twilio's Programmable Messaging, with the official `twilio` SDK
 * (`client.messages.create`, i.e. `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`).
 *
 * Exactly once: Twilio's Messages API takes no idempotency key from us (the
 * `I-Twilio-Idempotency-Token` header only dedupes webhooks Twilio sends to us), so a request
 * whose response is lost fails as `uncertain` and the dispatcher leaves it to a person. The SDK's
 * own 429 auto-retry stays off: retrying is the dispatcher's decision, made from the outbox row.
 */
import twilio from "twilio";
import type TwilioRequestClient from "twilio/lib/base/RequestClient.js";
import { CashloopError } from "../../kernel/errors.js";
import {
  type OutgoingWhatsApp,
  SendFailure,
  type SendReceipt,
  type WhatsAppSender,
} from "../model.js";
import { assertE164 } from "./whatsapp-cloud.js";

export type TwilioWhatsAppConfig = {
  accountSid: string;
  authToken: string;
  /** "whatsapp:+14155238886", or a Messaging Service SID "MG…". */
  from: string;
  /** Replaces https://api.twilio.com (tests: http://127.0.0.1:PORT). */
  apiBaseUrl?: string;
  /**
   * Template name → Content SID ("HX…"). A Content SID fixes the language, so an entry keyed
   * `name:language` (e.g. "invoice_due:es_MX") wins over one keyed by the name alone.
   */
  templates?: Record<string, string>;
  /** Default 30 s; a request still unanswered then fails as `uncertain`. */
  timeoutMs?: number;
};

/**
 * The SDK's own RequestClient (axios, Basic auth, form encoding all unchanged) with every URI's
 * origin replaced by `apiBaseUrl`: the documented `httpClient` option, no globals touched.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly apiBaseUrl: URL,
    options: TwilioRequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<T>(options: TwilioRequestClient.RequestOptions<T>) {
    const uri = new URL(options.uri);
    const rebased = new URL(`${uri.pathname}${uri.search}`, this.apiBaseUrl);
    return super.request({ ...options, uri: rebased.href });
  }
}

/** Twilio error codes that mean "not now" even on a 4xx answer. */
const transientCodes = new Set([20429 /* too many requests */]);

/** axios error codes raised before anything reached the server: safe to send again. */
const notConnectedCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

export function twilioWhatsAppSender(config: TwilioWhatsAppConfig): WhatsAppSender {
  const sender = senderParams(config.from);
  const timeout = config.timeoutMs ?? 30_000;
  const options: twilio.ClientOpts = { autoRetry: false, timeout };
  if (config.apiBaseUrl) {
    options.httpClient = new RebasedRequestClient(new URL(config.apiBaseUrl), { timeout });
  }
  const client = twilio(config.accountSid, config.authToken, options);

  return {
    provider: "twilio",
    async send(message: OutgoingWhatsApp): Promise<SendReceipt> {
      assertE164(message.to);
      const to = `whatsapp:${message.to}`;
      const content =
        message.kind === "text"
          ? { body: message.text }
          : {
              contentSid: contentSidFor(config.templates ?? {}, message),
              contentVariables: JSON.stringify(
                Object.fromEntries(message.parameters.map((p, i) => [String(i + 1), p])),
              ),
            };
      let sid: string | undefined;
      try {
        ({ sid } = await client.messages.create({ ...sender, to, ...content }));
      } catch (error) {
        throw twilioFailure(error);
      }
      if (typeof sid !== "string" || sid === "") {
        // Twilio answered 2xx, so the message was probably taken, but we cannot say which it is.
        throw new SendFailure("uncertain", "Twilio answered without a message sid");
      }
      return { provider: "twilio", providerMessageId: sid, accepted: [message.to], rejected: [] };
    },
  };
}

function senderParams(from: string): { from: string } | { messagingServiceSid: string } {
  if (/^MG[0-9a-f]{32}$/i.test(from)) return { messagingServiceSid: from };
  if (/^whatsapp:\+[1-9]\d{6,14}$/.test(from)) return { from };
  throw new CashloopError(
    "twilio_sender_invalid",
    `Twilio "from" must be "whatsapp:+<E.164>" or a Messaging Service SID "MG…", got ${JSON.stringify(from)}`,
    { field: "from", value: from },
  );
}

function contentSidFor(
  templates: Record<string, string>,
  message: Extract<OutgoingWhatsApp, { kind: "template" }>,
): string {
  const sid =
    templates[`${message.templateName}:${message.language}`] ?? templates[message.templateName];
  if (!sid) {
    throw new CashloopError(
      "whatsapp_template_unknown",
      `no Twilio Content SID configured for template "${message.templateName}" (${message.language})`,
      { field: "templateName", value: message.templateName },
    );
  }
  return sid;
}

/** What the SDK threw → a SendFailure the dispatcher can act on. */
export function twilioFailure(error: unknown): SendFailure {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    status?: unknown;
    code?: unknown;
    message?: unknown;
    isAxiosError?: unknown;
  };
  const message = typeof e.message === "string" ? e.message : String(error);
  // RestException and TwilioServiceException: Twilio answered with an error status.
  if (typeof e.status === "number") {
    const code = typeof e.code === "number" ? e.code : null;
    const providerCode = code === null ? `http_${e.status}` : String(code);
    const transient =
      e.status === 429 || e.status >= 500 || (code !== null && transientCodes.has(code));
    return new SendFailure(
      transient ? "retry" : "permanent",
      `Twilio answered ${e.status}: ${message}`,
      providerCode,
    );
  }
  const code = typeof e.code === "string" ? e.code : null;
  if (e.isAxiosError === true && code !== null && notConnectedCodes.has(code)) {
    return new SendFailure("retry", `Twilio unreachable (${code})`, code);
  }
  // A reset, a timeout, or a 2xx the SDK could not read: Twilio may have taken the message.
  return new SendFailure(
    "uncertain",
    `Twilio request lost after it may have been delivered: ${message}`,
    code,
  );
}
