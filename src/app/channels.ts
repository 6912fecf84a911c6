/**
 * The outside services delivery talks to, built from the environment (secrets never live in
 * the database): SMTP_URL; WhatsApp through the Cloud API (WHATSAPP_ACCESS_TOKEN,
 * WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_API_BASE) or Twilio (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN,
 * TWILIO_WHATSAPP_FROM, TWILIO_API_BASE); card payment links through Stripe Checkout
 * (STRIPE_SECRET_KEY, STRIPE_API_BASE). A channel without its settings is simply off.
 */
import { smtpSender } from "../delivery/channels/smtp-sender.js";
import { twilioWhatsAppSender } from "../delivery/channels/twilio-whatsapp.js";
import { whatsappCloudSender } from "../delivery/channels/whatsapp-cloud.js";
import type { Channels } from "../delivery/dispatch-outbox.js";
import { stripeCheckoutProvider } from "../delivery/payment-links/stripe-checkout.js";

export type Env = Readonly<Record<string, string | undefined>>;

export function channelsFromEnv(env: Env): Channels & { close(): Promise<void> } {
  const email = env.SMTP_URL ? smtpSender(env.SMTP_URL) : undefined;
  const whatsapp =
    env.WHATSAPP_ACCESS_TOKEN && env.WHATSAPP_PHONE_NUMBER_ID
      ? whatsappCloudSender({
          accessToken: env.WHATSAPP_ACCESS_TOKEN,
          phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
          ...(env.WHATSAPP_API_BASE ? { baseUrl: env.WHATSAPP_API_BASE } : {}),
        })
      : env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_WHATSAPP_FROM
        ? twilioWhatsAppSender({
            accountSid: env.TWILIO_ACCOUNT_SID,
            authToken: env.TWILIO_AUTH_TOKEN,
            from: env.TWILIO_WHATSAPP_FROM,
            ...(env.TWILIO_API_BASE ? { apiBaseUrl: env.TWILIO_API_BASE } : {}),
          })
        : undefined;
  const paymentLinks = env.STRIPE_SECRET_KEY
    ? stripeCheckoutProvider({
        secretKey: env.STRIPE_SECRET_KEY,
        ...(env.STRIPE_API_BASE ? { apiBase: env.STRIPE_API_BASE } : {}),
      })
    : undefined;
  return {
    email,
    whatsapp,
    paymentLinks,
    close: async () => {
      await email?.close();
    },
  };
}
