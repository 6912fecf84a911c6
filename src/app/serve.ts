/**
 * What `cashloop serve` needs from the app for one organisation: the database and today's date
 * for the portal, inbound email and WhatsApp ingestion, delivery receipts, and the webhook
 * secrets from the environment (never from the database).
 */
import { type InboundSmtp, startInboundSmtp } from "../delivery/channels/inbound-smtp.js";
import type { WhatsAppStatusUpdate } from "../delivery/channels/whatsapp-inbound.js";
import type { InboundMessage } from "../delivery/model.js";
import { type DeliveryStatusReport, recordDeliveryStatuses } from "../followup/delivery-status.js";
import { followupDispatchHooks } from "../followup/dispatch-hooks.js";
import type { IngestOutcome } from "../followup/ingest-reply.js";
import { type CalendarDate, todayIn } from "../kernel/dates.js";
import type { Db } from "../kernel/db.js";
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

/** Webhook secrets; "" when unset, and the verifiers refuse every request against "". */
export type ServeConfig = {
  whatsappAppSecret: string;
  whatsappVerifyToken: string;
  twilioAuthToken: string;
  /** CASHLOOP_PUBLIC_URL without a trailing slash: Twilio signs the URL it was given. */
  publicUrl: string;
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
};

export function serveConfig(env: Env): ServeConfig {
  return {
    whatsappAppSecret: env.WHATSAPP_APP_SECRET ?? "",
    whatsappVerifyToken: env.WHATSAPP_VERIFY_TOKEN ?? "",
    twilioAuthToken: env.TWILIO_AUTH_TOKEN ?? "",
    publicUrl: publicUrl(env),
  };
}

export function serverDeps(app: App, org: Organisation, env: Env): ServeDeps {
  return {
    db: app.db,
    org,
    today: () => todayIn(org.timeZone, app.clock.now()),
    config: serveConfig(env),
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
