/**
 * Payment links as Stripe Checkout Sessions (hosted page, `mode: "payment"`), through the official
 * `stripe` SDK. One line item per invoice: the amount still owed, named by the invoice's
 * description; the invoice's ids go to `client_reference_id` and to the metadata of both the
 * session and its PaymentIntent, so webhooks find the invoice again.
 *
 * The outbox key is the Stripe idempotency key: Stripe stores the first response under it and
 * replays it, so any retry (by the SDK or by the dispatcher) gets the same session back. Stripe
 * prunes keys after 24 hours or more, so retries must stop well before that.
 */
import Stripe from "stripe";
import { toStripeAmount } from "../../kernel/stripe-amount.js";
import { type PaymentLink, type PaymentLinkProvider, SendFailure } from "../model.js";

export type StripeCheckoutConfig = {
  secretKey: string;
  /** Scheme, host and port only, e.g. "http://127.0.0.1:12345" in tests; default api.stripe.com. */
  apiBase?: string;
  /** Filters the methods offered (`allowed_payment_method_types`); default: the Dashboard's. */
  paymentMethodTypes?: string[];
};

/** The bound on one attempt; the SDK then retries up to twice (the default would be 80 s). */
const requestTimeoutMs = 30_000;

function connection(
  apiBase: string | undefined,
): Pick<Stripe.StripeConfig, "host" | "port" | "protocol"> {
  if (apiBase === undefined) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  const port = url.port || (protocol === "http" ? "80" : "443");
  return { host: url.hostname, port, protocol };
}

/** The return URL with `paid=1` added, or a permanent failure when it is not a URL. */
function successUrl(returnUrl: string): string {
  if (!URL.canParse(returnUrl)) {
    throw new SendFailure(
      "permanent",
      `return URL ${JSON.stringify(returnUrl)} is not a URL`,
      "return_url_invalid",
    );
  }
  const url = new URL(returnUrl);
  url.searchParams.set("paid", "1");
  return url.toString();
}

/** Stripe's error → what the dispatcher may do. */
function failureOf(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const E = Stripe.errors;
  if (!(error instanceof E.StripeError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new SendFailure("uncertain", `stripe: ${message}`);
  }
  const code = error.code ?? error.rawType ?? error.type;
  const message = `stripe: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ""}`;
  // The request may or may not have reached Stripe; retrying with the same idempotency key
  // replays the first session if it did, so a retry never creates a second one.
  if (error instanceof E.StripeConnectionError) return new SendFailure("retry", message, code);
  if (error instanceof E.StripeRateLimitError) return new SendFailure("retry", message, code);
  if (error instanceof E.StripeAPIError) {
    const status = error.statusCode ?? 0;
    // 409: another request with this key is still in flight; 5xx: Stripe's side failed.
    if (status >= 500 || status === 409) return new SendFailure("retry", message, code);
    // e.g. an unreadable 200: a session may exist, and a replay would read the same: a person looks.
    return new SendFailure("uncertain", message, code);
  }
  if (
    error instanceof E.StripeInvalidRequestError ||
    error instanceof E.StripeAuthenticationError ||
    error instanceof E.StripePermissionError ||
    error instanceof E.StripeIdempotencyError
  ) {
    return new SendFailure("permanent", message, code);
  }
  return new SendFailure("uncertain", message, code);
}

export function stripeCheckoutProvider(config: StripeCheckoutConfig): PaymentLinkProvider {
  const stripe = new Stripe(config.secretKey, {
    ...connection(config.apiBase),
    maxNetworkRetries: 2,
    timeout: requestTimeoutMs,
    appInfo: { name: "cashloop" },
  });

  return {
    name: "stripe",
    async create(request): Promise<PaymentLink> {
      const amount = toStripeAmount(request.amountMinor, request.currency);
      if (!amount.ok) throw new SendFailure("permanent", amount.error.message, amount.error.code);
      const metadata = {
        org_id: request.orgId,
        invoice_id: request.invoiceId,
        invoice_number: request.invoiceNumber,
      };
      const params: Stripe.Checkout.SessionCreateParams = {
        mode: "payment",
        line_items: [
          {
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: amount.value,
              product_data: { name: request.description || `Invoice ${request.invoiceNumber}` },
            },
            quantity: 1,
          },
        ],
        client_reference_id: request.invoiceId,
        metadata,
        payment_intent_data: { metadata },
        success_url: successUrl(request.returnUrl),
        cancel_url: request.returnUrl,
        ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
        ...(config.paymentMethodTypes?.length
          ? { allowed_payment_method_types: config.paymentMethodTypes }
          : {}),
      };
      let session: Stripe.Checkout.Session;
      try {
        session = await stripe.checkout.sessions.create(params, {
          idempotencyKey: request.idempotencyKey,
        });
      } catch (error) {
        throw failureOf(error);
      }
      if (!session.url) {
        throw new SendFailure(
          "permanent",
          `stripe: session ${session.id} has no url`,
          "url_missing",
        );
      }
      return { provider: "stripe", url: session.url, externalId: session.id };
    },
  };
}
