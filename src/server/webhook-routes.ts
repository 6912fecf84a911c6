/**
 * Inbound webhooks: WhatsApp through Meta's Cloud API and through Twilio, and Stripe's events.
 * Each request is verified against the raw bytes the provider signed before anything is read or
 * stored. Errors here answer JSON `{ error }` (providers log it), not the portal's uniform 404.
 * The answer waits until everything is stored: a 5xx makes the provider retry, and a retried
 * message, receipt or event is recognised and changes nothing.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import {
  CashloopError,
  readCloudWebhook,
  readTwilioInbound,
  readTwilioStatus,
  type ServeDeps,
  verifyCloudChallenge,
  verifyCloudSignature,
  verifyStripeEvent,
  verifyTwilioSignature,
} from "../app/serve.js";
import type { RoutePlugin } from "./build-server.js";

export type WebhookDeps = Pick<
  ServeDeps,
  "config" | "ingestWhatsApp" | "recordWhatsAppStatuses" | "nowMs" | "ingestStripe"
> & {
  /** Where unexpected failures are reported (the server's request log is off by default). */
  onError?(error: unknown, request: FastifyRequest): void;
};

const INVALID = new Set(["whatsapp_webhook_invalid", "webhook_invalid", "stripe_event_invalid"]);
/** An empty TwiML document: Twilio sends no automatic answer to the customer. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

function fail(reply: FastifyReply, status: number, error: string): FastifyReply {
  return reply.code(status).type("application/json; charset=utf-8").send({ error });
}

export function webhookRoutes(deps: WebhookDeps): RoutePlugin {
  const { config } = deps;
  return (server) => {
    // Raw bytes, in this scope only: the signature covers the body exactly as sent.
    server.addContentTypeParser("application/json", { parseAs: "buffer" }, (_r, body, done) =>
      done(null, body),
    );
    server.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_r, body, done) => done(null, body),
    );
    server.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof CashloopError && INVALID.has(error.code)) {
        return fail(reply, 400, error.message);
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) return fail(reply, status, error.message);
      deps.onError?.(error, request);
      return fail(reply, 500, "internal error");
    });

    server.get("/webhooks/whatsapp", async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const challenge = verifyCloudChallenge(query, config.whatsappVerifyToken);
      if (challenge === null) return fail(reply, 403, "verify token does not match");
      return reply.type("text/plain; charset=utf-8").send(challenge);
    });

    server.post("/webhooks/whatsapp", async (request, reply) => {
      const raw = request.body;
      if (!Buffer.isBuffer(raw)) return fail(reply, 415, "expected application/json");
      const signature = request.headers["x-hub-signature-256"];
      if (
        !verifyCloudSignature(
          raw,
          typeof signature === "string" ? signature : undefined,
          config.whatsappAppSecret,
        )
      ) {
        return fail(reply, 401, "invalid signature");
      }
      const webhook = readCloudWebhook(parseJson(raw));
      await deps.ingestWhatsApp(webhook.messages);
      await deps.recordWhatsAppStatuses(webhook.statuses);
      return { received: webhook.messages.length, statuses: webhook.statuses.length };
    });

    // Stripe: a bad or missing signature is a 400 (as Stripe expects) and nothing is stored.
    server.post("/webhooks/stripe", async (request, reply) => {
      const raw = request.body;
      if (!Buffer.isBuffer(raw)) return fail(reply, 415, "expected application/json");
      const signature = request.headers["stripe-signature"];
      const event = verifyStripeEvent(
        raw,
        typeof signature === "string" ? signature : undefined,
        config.stripeWebhookSecret,
        deps.nowMs(),
      );
      const outcomes = await deps.ingestStripe(event);
      return { received: true, outcomes: outcomes.map((o) => o.outcome) };
    });

    server.post("/webhooks/twilio", async (request, reply) => {
      const type = request.headers["content-type"] ?? "";
      if (
        typeof request.body !== "string" ||
        !/^application\/x-www-form-urlencoded\b/i.test(type)
      ) {
        return fail(reply, 415, "expected application/x-www-form-urlencoded");
      }
      const params = Object.fromEntries(new URLSearchParams(request.body));
      // Twilio signs the URL it was configured with: our public address, query string included.
      const q = request.url.indexOf("?");
      const url = `${config.publicUrl}/webhooks/twilio${q >= 0 ? request.url.slice(q) : ""}`;
      const signature = request.headers["x-twilio-signature"];
      if (
        !verifyTwilioSignature(
          url,
          params,
          typeof signature === "string" ? signature : undefined,
          config.twilioAuthToken,
        )
      ) {
        return fail(reply, 401, "invalid signature");
      }
      // Status callbacks carry MessageStatus; an incoming message has none (or "received").
      if (params.MessageStatus !== undefined && params.MessageStatus !== "received") {
        const status = readTwilioStatus(params);
        if (status) await deps.recordWhatsAppStatuses([status]);
      } else {
        await deps.ingestWhatsApp([readTwilioInbound(params)]);
      }
      return reply.type("text/xml; charset=utf-8").send(EMPTY_TWIML);
    });
  };
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw new CashloopError("webhook_invalid", "the body is not valid JSON");
  }
}
