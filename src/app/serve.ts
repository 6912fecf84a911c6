/**
 * What `cashloop serve` needs from the app for one organisation: the database and today's date
 * for the portal, inbound email and WhatsApp ingestion, delivery receipts, and the webhook
 * secrets from the environment (never from the database).
 */
import Stripe from "stripe";
import { type InboundSmtp, startInboundSmtp } from "../delivery/channels/inbound-smtp.js";
import type { WhatsAppStatusUpdate } from "../delivery/channels/whatsapp-inbound.js";
import type { InboundMessage } from "../delivery/model.js";
import { type DeliveryStatusReport, recordDeliveryStatuses } from "../followup/delivery-status.js";
import { followupDispatchHooks } from "../followup/dispatch-hooks.js";
import type { IngestOutcome } from "../followup/ingest-reply.js";
import { type CalendarDate, instantToMs, todayIn } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
import { CashloopError } from "../kernel/errors.js";
import { ingestStripeEvents, type StripeIngestOutcome } from "../reconcile/ingest-stripe.js";
import { readStripeInputs } from "../reconcile/stripe-events.js";
import type { Organisation } from "../sources/model.js";
import { assistProvider } from "./assist-provider.js";
import type { Env } from "./channels.js";
import type { App } from "./open-app.js";
import { publicUrl } from "./public-url.js";
import { ingestEmail, ingestInbound } from "./replies.js";

// The routes verify and read webhooks themselves; the server may import only app/.
export {
  readCloudWebhook,
  readTwilioInbound,
  readTwilioStatus,
  verifyCloudChallenge,
  verifyCloudSignature,
  verifyTwilioSignature,
  type WhatsAppStatusUpdate,
} from "../delivery/channels/whatsapp-inbound.js";
export type { InboundMessage } from "../delivery/model.js";
export type { DeliveryStatusReport } from "../followup/delivery-status.js";
export { CashloopError } from "../kernel/errors.js";
export type { StripeIngestOutcome } from "../reconcile/ingest-stripe.js";

/** Webhook secrets; "" when unset, and the verifiers refuse every request against "". */
export type ServeConfig = {
  whatsappAppSecret: string;
  whatsappVerifyToken: string;
  twilioAuthToken: string;
  /** CASHLOOP_PUBLIC_URL without a trailing slash: Twilio signs the URL it was given. */
  publicUrl: string;
  /** STRIPE_WEBHOOK_SECRET (`whsec_…`), the signing secret of the webhook endpoint. */
  stripeWebhookSecret: string;
};

export type ServeDeps = {
  db: Db;
  org: Organisation;
  /** The organisation's date on the app's clock. */
  today(): CalendarDate;
  config: ServeConfig;
  ingestEmailRaw(raw: Buffer | string): Promise<IngestOutcome>;
  ingestWhatsApp(messages: readonly InboundMessage[]): Promise<IngestOutcome[]>;
  recordWhatsAppStatuses(statuses: readonly WhatsAppStatusUpdate[]): Promise<DeliveryStatusReport>;
  /** The app clock in epoch milliseconds (the age of a webhook signature is judged by it). */
  nowMs(): number;
  /** A verified Stripe event (or list) into the books; a redelivered event changes nothing. */
  ingestStripe(payload: unknown): Promise<StripeIngestOutcome[]>;
};

export function serveConfig(env: Env): ServeConfig {
  return {
    whatsappAppSecret: env.WHATSAPP_APP_SECRET ?? "",
    whatsappVerifyToken: env.WHATSAPP_VERIFY_TOKEN ?? "",
    twilioAuthToken: env.TWILIO_AUTH_TOKEN ?? "",
    publicUrl: publicUrl(env),
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "",
  };
}

/**
 * A Stripe webhook's raw body, verified against its `Stripe-Signature` header with the SDK
 * (`stripe.webhooks.constructEvent`: HMAC over the exact bytes, signed at most five minutes
 * before `nowMs`), then parsed. Anything wrong — no secret configured, no or a bad signature,
 * too old — is a `webhook_invalid` error: Stripe expects a 400 and retries.
 */
export function verifyStripeEvent(
  raw: Buffer,
  signature: string | undefined,
  secret: string,
  nowMs: number,
): unknown {
  if (secret === "") {
    throw new CashloopError("webhook_invalid", "STRIPE_WEBHOOK_SECRET is not set: refused");
  }
  if (!signature) throw new CashloopError("webhook_invalid", "no Stripe-Signature header");
  try {
    return Stripe.webhooks.constructEvent(raw, signature, secret, undefined, undefined, nowMs);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CashloopError("webhook_invalid", `invalid Stripe signature: ${why}`);
  }
}

export function serverDeps(app: App, org: Organisation, env: Env): ServeDeps {
  return {
    db: app.db,
    org,
    today: () => todayIn(org.timeZone, app.clock.now()),
    config: serveConfig(env),
    nowMs: () => instantToMs(app.clock.now()),
    ingestStripe: (payload) =>
      ingestStripeEvents(app, {
        orgId: org.id,
        events: readStripeInputs(payload),
        actor: { kind: "rule", id: "stripe-webhook" },
      }),
    ingestEmailRaw: (raw) => ingestEmail(app, org, env, raw),
    async ingestWhatsApp(messages) {
      const out: IngestOutcome[] = [];
      // One at a time: a failure leaves the rest for the provider's retry (duplicates are no-ops).
      for (const message of messages) out.push(await ingestInbound(app, org, env, message));
      return out;
    },
    async recordWhatsAppStatuses(statuses) {
      // Built before any transaction (they read settings with app.db, which PGlite would queue
      // behind the open transaction), and only when a failure needs them.
      const hooks = statuses.some((s) => s.status === "failed")
        ? await followupDispatchHooks(app.db, {
            org,
            provider: await assistProvider(app, env, org.id),
            publicUrl: publicUrl(env),
            clock: app.clock,
            ids: app.ids,
          })
        : null;
      return recordDeliveryStatuses(app, {
        orgId: org.id,
        channel: "whatsapp",
        statuses,
        settled: async (tx, row, outcome) => hooks?.settled(tx, row, outcome),
      });
    },
  };
}

/** The inbound SMTP listener feeding replies and bounces to `ingestEmailRaw`. */
export function listenForEmail(
  deps: Pick<ServeDeps, "ingestEmailRaw">,
  options: { host?: string; port: number; onError?(error: unknown): void },
): Promise<InboundSmtp> {
  return startInboundSmtp({
    ...(options.host ? { host: options.host } : {}),
    port: options.port,
    async onMessage(raw) {
      try {
        await deps.ingestEmailRaw(raw);
      } catch (error) {
        options.onError?.(error);
        throw error; // answered 451: the relay tries again
      }
    },
  });
}
