/**
 * WhatsApp through Meta's Cloud API (Graph API `POST /{version}/{phone-number-id}/messages`).
 *
 * Exactly once: the Cloud API takes no idempotency key, so a request whose response is lost
 * (socket reset or timeout after the body was written) may or may not have produced a message.
 * Such a send fails as `uncertain`, and the dispatcher parks the outbox row for a person instead
 * of sending again; only failures that certainly sent nothing (connection refused, an error
 * answer) are `retry`.
 */
import { CashloopError } from "../../kernel/errors.js";
import {
  type OutgoingWhatsApp,
  SendFailure,
  type SendReceipt,
  type WhatsAppSender,
} from "../model.js";

export type WhatsAppCloudConfig = {
  phoneNumberId: string;
  accessToken: string;
  /** Default https://graph.facebook.com; tests point it at 127.0.0.1. */
  baseUrl?: string;
  /** Default "v21.0". */
  apiVersion?: string;
  fetch?: typeof fetch;
  /** Default 30 s; a request still unanswered then fails as `uncertain`. */
  timeoutMs?: number;
};

const defaultBaseUrl = "https://graph.facebook.com";
const defaultApiVersion = "v21.0";
const defaultTimeoutMs = 30_000;

/** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
const e164 = /^\+[1-9]\d{6,14}$/;

/** Graph error codes that mean "not now" rather than "never" (throttling, transient outages). */
const transientCodes = new Set([
  1, // API Unknown: possibly a temporary outage
  2, // API Service: temporary downtime
  4, // API Too Many Calls (app rate limit)
  80007, // WABA rate limit
  130429, // Cloud API throughput reached
  131000, // Something went wrong
  131016, // Service unavailable
  131048, // Spam rate limit hit
  131056, // (business, consumer) pair rate limit hit
  131057, // Business account in maintenance mode
  133004, // Server temporarily unavailable
]);

/** Connection errors raised before anything reached the server: safe to send again. */
const notConnectedCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export function assertE164(to: string): void {
  if (!e164.test(to)) {
    throw new CashloopError(
      "whatsapp_recipient_invalid",
      `${JSON.stringify(to)} is not an E.164 phone number (e.g. "+5215512345678")`,
      { field: "to", value: to },
    );
  }
}

/** The request body exactly as Meta documents it; `to` is digits without the plus. */
export function cloudMessageBody(message: OutgoingWhatsApp): Record<string, unknown> {
  const common = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: message.to.slice(1),
  };
  if (message.kind === "text") {
    return { ...common, type: "text", text: { preview_url: true, body: message.text } };
  }
  // A template without variables takes no components: an empty parameter list is refused.
  const components =
    message.parameters.length === 0
      ? undefined
      : [
          {
            type: "body",
            parameters: message.parameters.map((text) => ({ type: "text", text })),
          },
        ];
  return {
    ...common,
    type: "template",
    template: {
      name: message.templateName,
      language: { code: message.language },
      ...(components ? { components } : {}),
    },
  };
}

export function whatsappCloudSender(config: WhatsAppCloudConfig): WhatsAppSender {
  const baseUrl = (config.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "");
  const url = `${baseUrl}/${config.apiVersion ?? defaultApiVersion}/${encodeURIComponent(config.phoneNumberId)}/messages`;
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs;

  return {
    provider: "whatsapp_cloud",
    async send(message: OutgoingWhatsApp): Promise<SendReceipt> {
      assertE164(message.to);
      let status: number;
      let text: string;
      try {
        const response = await doFetch(url, {
          method: "POST",
          headers: {
            Authorization: `Bearer ${config.accessToken}`,
            "Content-Type": "application/json",
            Accept: "application/json",
          },
          body: JSON.stringify(cloudMessageBody(message)),
          signal: AbortSignal.timeout(timeoutMs),
        });
        status = response.status;
        text = await response.text();
      } catch (error) {
        throw networkFailure(error);
      }
      if (status < 200 || status > 299) throw graphFailure(status, text);
      const wamid = messageIdOf(text);
      if (!wamid) {
        // Meta answered 2xx, so the message was probably taken, but we cannot say which it is.
        throw new SendFailure(
          "uncertain",
          `WhatsApp Cloud API answered ${status} without a message id`,
        );
      }
      return {
        provider: "whatsapp_cloud",
        providerMessageId: wamid,
        accepted: [message.to],
        rejected: [],
      };
    },
  };
}

function messageIdOf(text: string): string | null {
  try {
    const body = JSON.parse(text) as { messages?: { id?: unknown }[] };
    const id = body.messages?.[0]?.id;
    return typeof id === "string" && id !== "" ? id : null;
  } catch {
    return null;
  }
}

type GraphError = { message?: unknown; type?: unknown; code?: unknown; fbtrace_id?: unknown };

/** A Graph error answer → retry (throttled, transient) or permanent (everything else 4xx). */
export function graphFailure(status: number, text: string): SendFailure {
  let error: GraphError = {};
  try {
    const body = JSON.parse(text) as { error?: GraphError };
    if (body && typeof body.error === "object" && body.error !== null) error = body.error;
  } catch {
    // Not JSON (a proxy's HTML page): the HTTP status alone decides.
  }
  const code = typeof error.code === "number" ? error.code : null;
  const providerCode = code === null ? `http_${status}` : String(code);
  const detail = typeof error.message === "string" ? error.message : "no error message";
  const trace = typeof error.fbtrace_id === "string" ? ` (fbtrace_id ${error.fbtrace_id})` : "";
  const description = `WhatsApp Cloud API answered ${status}: ${detail}${trace}`;
  const transient = status === 429 || status >= 500 || (code !== null && transientCodes.has(code));
  return new SendFailure(transient ? "retry" : "permanent", description, providerCode);
}

/** A fetch that threw: `retry` when it never connected, else `uncertain` (it may have arrived). */
function networkFailure(error: unknown): SendFailure {
  const code = causeCode(error);
  if (code !== null && notConnectedCodes.has(code)) {
    return new SendFailure("retry", `WhatsApp Cloud API unreachable (${code})`, code);
  }
  const what = error instanceof Error ? error.message : String(error);
  return new SendFailure(
    "uncertain",
    `WhatsApp Cloud API request lost after it may have been delivered: ${code ?? what}`,
    code,
  );
}

/** Node's fetch wraps the socket error: `TypeError("fetch failed", { cause: { code } })`. */
function causeCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
