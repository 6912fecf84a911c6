import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { listenLocal } from "../../../test/support/listen-local.js";
import { failureOf } from "../../../test/support/send-failure.js";
import type { CalendarDate } from "../../kernel/dates.js";
import { asCurrencyCode } from "../../kernel/money.js";
import type { PaymentLinkRequest } from "../model.js";
import { stripeCheckoutProvider } from "./stripe-checkout.js";

/**
 * A local stand-in for `POST /v1/checkout/sessions` as Stripe documents it: bearer secret key,
 * form-encoded body, `Stripe-Version`, and an idempotency layer that stores the first response
 * under its `Idempotency-Key` and replays it (`Idempotent-Replayed: true`), refusing the same key
 * with other parameters. `faults` answer before that layer (a 5xx from in front of the API), so
 * nothing is stored for them. Each request's wire problems are recorded and answered 400.
 */
type Seen = {
  method: string;
  path: string;
  headers: Record<string, string>;
  form: URLSearchParams;
  problems: string[];
};
type Answer = { status: number; body: object; headers?: Record<string, string> };

type FakeStripe = {
  apiBase: string;
  requests: Seen[];
  sessionsCreated: number;
  close(): Promise<void>;
};

const servers: FakeStripe[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const stripeError = (status: number, error: object): Answer => ({ status, body: { error } });

function wireProblems(req: IncomingMessage, form: URLSearchParams): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => ok || problems.push(what);
  need(req.method === "POST", `method ${req.method}`);
  need(req.url === "/v1/checkout/sessions", `path ${req.url}`);
  need(
    (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded"),
    "content-type",
  );
  need(/^\d{4}-\d{2}-\d{2}/.test(String(req.headers["stripe-version"] ?? "")), "stripe-version");
  need(Boolean(req.headers["idempotency-key"]), "idempotency-key");
  for (const key of [
    "mode",
    "line_items[0][price_data][currency]",
    "line_items[0][price_data][unit_amount]",
    "line_items[0][price_data][product_data][name]",
    "line_items[0][quantity]",
    "success_url",
  ]) {
    need(Boolean(form.get(key)), `missing ${key}`);
  }
  need(/^\d+$/.test(form.get("line_items[0][price_data][unit_amount]") ?? ""), "unit_amount");
  need(/^[a-z]{3}$/.test(form.get("line_items[0][price_data][currency]") ?? ""), "currency");
  return problems;
}

function checkoutSession(n: number, form: URLSearchParams): object {
  const id = `cs_test_a1${String(n).padStart(8, "0")}kQ7Pw41PJqDWkIVQCpJPqkfIhd6tV`;
  const metadata = Object.fromEntries(
    [...form].flatMap(([k, v]) => {
      const m = /^metadata\[(.+)\]$/.exec(k);
      return m ? [[m[1], v]] : [];
    }),
  );
  const amount = Number(form.get("line_items[0][price_data][unit_amount]"));
  const created = 1_767_225_600;
  return {
    id,
    object: "checkout.session",
    amount_subtotal: amount,
    amount_total: amount,
    cancel_url: form.get("cancel_url"),
    client_reference_id: form.get("client_reference_id"),
    created,
    currency: form.get("line_items[0][price_data][currency]"),
    customer: null,
    customer_email: form.get("customer_email"),
    expires_at: created + 86_400,
    livemode: false,
    metadata,
    mode: form.get("mode"),
    payment_intent: null,
    payment_status: "unpaid",
    status: "open",
    success_url: form.get("success_url"),
    ui_mode: "hosted_page",
    url: `https://checkout.stripe.com/c/pay/${id}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
  };
}

async function startFakeStripe(faults: Answer[] = []): Promise<FakeStripe> {
  const stored = new Map<string, { body: string; answer: Answer }>();
  const fake: FakeStripe = { apiBase: "", requests: [], sessionsCreated: 0, close: async () => {} };

  function answer(req: IncomingMessage, raw: string): Answer {
    const form = new URLSearchParams(raw);
    const problems = wireProblems(req, form);
    fake.requests.push({
      method: req.method ?? "",
      path: req.url ?? "",
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      form,
      problems,
    });
    const fault = faults.shift();
    if (fault) return fault;
    if (!/^Bearer sk_test_\w+$/.test(req.headers.authorization ?? "")) {
      return stripeError(401, {
        type: "invalid_request_error",
        message: "Invalid API Key provided: sk_live_***",
      });
    }
    if (problems.length > 0) {
      return stripeError(400, { type: "invalid_request_error", message: problems.join("; ") });
    }
    const key = String(req.headers["idempotency-key"]);
    const earlier = stored.get(key);
    if (earlier && earlier.body !== raw) {
      return stripeError(400, {
        type: "idempotency_error",
        message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      });
    }
    if (earlier) {
      return { ...earlier.answer, headers: { "Idempotent-Replayed": "true" } };
    }
    const email = form.get("customer_email");
    const result =
      email !== null && !email.includes("@")
        ? stripeError(400, {
            type: "invalid_request_error",
            code: "email_invalid",
            param: "customer_email",
            message: `Invalid email address: ${email}`,
          })
        : { status: 200, body: checkoutSession(++fake.sessionsCreated, form) };
    stored.set(key, { body: raw, answer: result });
    return result;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const reply = answer(req, Buffer.concat(chunks).toString("utf8"));
      res.writeHead(reply.status, {
        "Content-Type": "application/json",
        "Request-Id": `req_${fake.requests.length}`,
        ...reply.headers,
      });
      res.end(JSON.stringify(reply.body));
    });
  });
  const { url, close } = await listenLocal(server);
  fake.apiBase = url;
  fake.close = close;
  servers.push(fake);
  return fake;
}

const secretKey = "sk_test_51Nq0cashloopFAKEkey";

function linkRequest(overrides: Partial<PaymentLinkRequest> = {}): PaymentLinkRequest {
  return {
    orgId: "org_1",
    invoiceId: "inv_01HX",
    invoiceNumber: "INV-2026-0042",
    amountMinor: 1234,
    currency: asCurrencyCode("USD"),
    customerEmail: "ap@customer.example",
    description: "Invoice INV-2026-0042",
    idempotencyKey: "payment_link:inv_01HX:1",
    returnUrl: "https://pay.cashloop.example/i/tok_abc",
    dueDate: "2026-02-15" as CalendarDate,
    ...overrides,
  };
}

describe("stripeCheckoutProvider", () => {
  it("creates a hosted Checkout Session and returns its url and id", async () => {
    const fake = await startFakeStripe();
    const provider = stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase });
    const link = await provider.create(linkRequest());

    expect(provider.name).toBe("stripe");
    expect(link.provider).toBe("stripe");
    expect(link.externalId).toMatch(/^cs_test_/);
    expect(link.url).toBe(
      `https://checkout.stripe.com/c/pay/${link.externalId}#fidkdWxOYHwnPyd1blpxYHZxWjA0`,
    );

    expect(fake.requests).toHaveLength(1);
    const seen = fake.requests[0]!;
    expect(seen.problems).toEqual([]);
    expect(seen.method).toBe("POST");
    expect(seen.path).toBe("/v1/checkout/sessions");
    expect(seen.headers.authorization).toBe(`Bearer ${secretKey}`);
    expect(seen.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(seen.headers["idempotency-key"]).toBe("payment_link:inv_01HX:1");
    expect(seen.headers["stripe-version"]).toMatch(/^\d{4}-\d{2}-\d{2}/);
    expect(Object.fromEntries(seen.form)).toEqual({
      mode: "payment",
      "line_items[0][price_data][currency]": "usd",
      "line_items[0][price_data][unit_amount]": "1234",
      "line_items[0][price_data][product_data][name]": "Invoice INV-2026-0042",
      "line_items[0][quantity]": "1",
      client_reference_id: "inv_01HX",
      "metadata[org_id]": "org_1",
      "metadata[invoice_id]": "inv_01HX",
      "metadata[invoice_number]": "INV-2026-0042",
      "payment_intent_data[metadata][org_id]": "org_1",
      "payment_intent_data[metadata][invoice_id]": "inv_01HX",
      "payment_intent_data[metadata][invoice_number]": "INV-2026-0042",
      success_url: "https://pay.cashloop.example/i/tok_abc?paid=1",
      cancel_url: "https://pay.cashloop.example/i/tok_abc",
      customer_email: "ap@customer.example",
    });
  });

  it("leaves out customer_email when there is none, and filters payment methods when configured", async () => {
    const fake = await startFakeStripe();
    const provider = stripeCheckoutProvider({
      secretKey,
      apiBase: fake.apiBase,
      paymentMethodTypes: ["card", "sepa_debit"],
    });
    await provider.create(linkRequest({ customerEmail: null }));
    const form = fake.requests[0]!.form;
    expect(form.has("customer_email")).toBe(false);
    expect(form.getAll("allowed_payment_method_types[0]")).toEqual(["card"]);
    expect(form.getAll("allowed_payment_method_types[1]")).toEqual(["sepa_debit"]);
  });

  it("gets the same session back for the same idempotency key, even from another worker", async () => {
    const fake = await startFakeStripe();
    const first = await stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase }).create(
      linkRequest(),
    );
    const second = await stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase }).create(
      linkRequest(),
    );
    expect(second).toEqual(first);
    expect(fake.requests.map((r) => r.headers["idempotency-key"])).toEqual([
      "payment_link:inv_01HX:1",
      "payment_link:inv_01HX:1",
    ]);
    expect(fake.sessionsCreated).toBe(1);
  });

  it.each([
    ["JPY", 5000, "jpy", "5000"],
    ["USD", 1234, "usd", "1234"],
    ["KWD", 1230, "kwd", "1230"],
    ["ISK", 5, "isk", "500"],
  ])("sends %s %i as currency %s, unit_amount %s", async (currency, amountMinor, lower, sent) => {
    const fake = await startFakeStripe();
    const provider = stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase });
    await provider.create(linkRequest({ currency: asCurrencyCode(currency), amountMinor }));
    const form = fake.requests[0]!.form;
    expect(form.get("line_items[0][price_data][currency]")).toBe(lower);
    expect(form.get("line_items[0][price_data][unit_amount]")).toBe(sent);
  });

  it("refuses KWD 1.235 before calling Stripe: three-decimal amounts must end in 0", async () => {
    const fake = await startFakeStripe();
    const provider = stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase });
    const failure = await failureOf(
      provider.create(linkRequest({ currency: asCurrencyCode("KWD"), amountMinor: 1235 })),
    );
    expect(failure.kind).toBe("permanent");
    expect(failure.providerCode).toBe("amount_not_representable");
    expect(failure.message).toMatch(/1\.235 KWD/);
    expect(fake.requests).toEqual([]);
  });

  it("maps a 400 invalid_request_error to a permanent failure with Stripe's code", async () => {
    const fake = await startFakeStripe();
    const provider = stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase });
    const failure = await failureOf(
      provider.create(linkRequest({ customerEmail: "not-an-email" })),
    );
    expect(failure.kind).toBe("permanent");
    expect(failure.providerCode).toBe("email_invalid");
    expect(failure.message).toMatch(/Invalid email address: not-an-email/);
    expect(fake.requests).toHaveLength(1); // a 400 is not retried
  });

  it("maps a rejected key (401) to permanent, coded by Stripe's error type", async () => {
    const fake = await startFakeStripe();
    const provider = stripeCheckoutProvider({ secretKey: "sk_live_wrong", apiBase: fake.apiBase });
    const failure = await failureOf(provider.create(linkRequest()));
    expect(failure.kind).toBe("permanent");
    expect(failure.providerCode).toBe("invalid_request_error");
  });

  it("maps reusing a key with other parameters to permanent idempotency_error", async () => {
    const fake = await startFakeStripe();
    const provider = stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase });
    await provider.create(linkRequest());
    const failure = await failureOf(provider.create(linkRequest({ amountMinor: 999 })));
    expect(failure.kind).toBe("permanent");
    expect(failure.providerCode).toBe("idempotency_error");
  });

  it("retries a 500 with the same Idempotency-Key and returns the session", async () => {
    const fake = await startFakeStripe([
      stripeError(500, { type: "api_error", message: "An unknown error occurred" }),
    ]);
    const provider = stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase });
    const link = await provider.create(linkRequest());
    expect(link.externalId).toMatch(/^cs_test_/);
    expect(fake.requests.map((r) => r.headers["idempotency-key"])).toEqual([
      "payment_link:inv_01HX:1",
      "payment_link:inv_01HX:1",
    ]);
    expect(fake.sessionsCreated).toBe(1);
  });

  it("maps 5xx that outlast the SDK's retries to retry", async () => {
    const down = stripeError(503, { type: "api_error", message: "Service unavailable" });
    const fake = await startFakeStripe([down, down, down]);
    const provider = stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase });
    const failure = await failureOf(provider.create(linkRequest()));
    expect(failure.kind).toBe("retry");
    expect(fake.requests).toHaveLength(3); // the first try and two retries
  }, 15_000);

  it("maps nothing listening to retry", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const provider = stripeCheckoutProvider({ secretKey, apiBase: `http://127.0.0.1:${port}` });
    const failure = await failureOf(provider.create(linkRequest()));
    expect(failure.kind).toBe("retry");
  }, 15_000);

  it("refuses a return URL that is not a URL", async () => {
    const fake = await startFakeStripe();
    const provider = stripeCheckoutProvider({ secretKey, apiBase: fake.apiBase });
    const failure = await failureOf(provider.create(linkRequest({ returnUrl: "portal/i/abc" })));
    expect(failure.kind).toBe("permanent");
    expect(fake.requests).toEqual([]);
  });
});
