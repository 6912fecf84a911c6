import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { listenLocal } from "../../../test/support/listen-local.js";
import { failureOf } from "../../../test/support/send-failure.js";
import { CashloopError } from "../../kernel/errors.js";
import type { OutgoingWhatsApp } from "../model.js";
import { twilioWhatsAppSender } from "./twilio-whatsapp.js";

const accountSid = `AC${"a1".repeat(16)}`;
const authToken = "test-auth-token-0123456789abcdef";
const messageSid = `SM${"b2".repeat(16)}`;
const serviceSid = `MG${"c3".repeat(16)}`;
const messagesPath = `/2010-04-01/Accounts/${accountSid}/Messages.json`;

type Seen = {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  form: Record<string, string>;
};
type Answer = { status: number; json: unknown } | "destroy";

/** A local Twilio REST API: records each request (form fields decoded) and answers as scripted. */
async function twilioServer(answer: (seen: Seen) => Answer) {
  const requests: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        form: Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8"))),
      };
      requests.push(seen);
      const a = answer(seen);
      if (a === "destroy") {
        req.socket.destroy(); // the request was read in full; the response never comes
        return;
      }
      res.writeHead(a.status, { "content-type": "application/json" });
      res.end(JSON.stringify(a.json));
    });
  });
  const { url, close } = await listenLocal(server);
  servers.push(close);
  return { url, requests, close };
}

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((close) => close()));
});

/** A Message resource as Twilio answers a create (trimmed to the documented core fields). */
function created(form: Record<string, string>) {
  return {
    account_sid: accountSid,
    api_version: "2010-04-01",
    body: form.Body ?? "",
    date_created: "Mon, 30 Nov 2026 16:00:00 +0000",
    date_sent: null,
    date_updated: "Mon, 30 Nov 2026 16:00:00 +0000",
    direction: "outbound-api",
    error_code: null,
    error_message: null,
    from: form.From ?? null,
    messaging_service_sid: form.MessagingServiceSid ?? null,
    num_media: "0",
    num_segments: "1",
    price: null,
    price_unit: null,
    sid: messageSid,
    status: "queued",
    to: form.To,
    uri: `${messagesPath.replace(".json", "")}/${messageSid}.json`,
  };
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

const text: OutgoingWhatsApp = {
  kind: "text",
  to: "+5215512345678",
  text: "Invoice INV-0042 for MXN 1,160.00 is due on 2026-12-01.",
  idempotencyKey: "reminder:inv_1:0",
};

const template: OutgoingWhatsApp = {
  kind: "template",
  to: "+5215512345678",
  templateName: "invoice_due",
  language: "es_MX",
  parameters: ["INV-0042", "MXN 1,160.00", "2026-12-01"],
  idempotencyKey: "reminder:inv_1:1",
};

const base = { accountSid, authToken, from: "whatsapp:+14155238886" };

describe("twilioWhatsAppSender", () => {
  it("creates a message through the SDK: Basic auth, form fields, the message sid back", async () => {
    const server = await twilioServer((seen) => ({ status: 201, json: created(seen.form) }));
    const sender = twilioWhatsAppSender({ ...base, apiBaseUrl: server.url });

    const receipt = await sender.send(text);

    expect(sender.provider).toBe("twilio");
    expect(receipt).toEqual({
      provider: "twilio",
      providerMessageId: messageSid,
      accepted: ["+5215512345678"],
      rejected: [],
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe(messagesPath);
    const basic = Buffer.from(`${accountSid}:${authToken}`).toString("base64");
    expect(request?.headers.authorization).toBe(`Basic ${basic}`);
    expect(request?.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(request?.headers["user-agent"]).toMatch(/^twilio-node\//);
    expect(request?.form).toEqual({
      From: "whatsapp:+14155238886",
      To: "whatsapp:+5215512345678",
      Body: text.kind === "text" ? text.text : "",
    });
  });

  it("sends a template as its Content SID with numbered variables", async () => {
    const server = await twilioServer((seen) => ({ status: 201, json: created(seen.form) }));
    const sender = twilioWhatsAppSender({
      ...base,
      apiBaseUrl: server.url,
      templates: { invoice_due: "HX0000000000000000000000000000000a" },
    });

    await sender.send(template);

    expect(server.requests[0]?.form).toEqual({
      From: "whatsapp:+14155238886",
      To: "whatsapp:+5215512345678",
      ContentSid: "HX0000000000000000000000000000000a",
      ContentVariables: JSON.stringify({ 1: "INV-0042", 2: "MXN 1,160.00", 3: "2026-12-01" }),
    });
  });

  it("prefers a template entry for the message's language", async () => {
    const server = await twilioServer((seen) => ({ status: 201, json: created(seen.form) }));
    const sender = twilioWhatsAppSender({
      ...base,
      apiBaseUrl: server.url,
      templates: { invoice_due: "HXen", "invoice_due:es_MX": "HXes" },
    });

    await sender.send(template);

    expect(server.requests[0]?.form.ContentSid).toBe("HXes");
  });

  it("refuses a template with no Content SID configured, before any request", async () => {
    const server = await twilioServer((seen) => ({ status: 201, json: created(seen.form) }));
    const sender = twilioWhatsAppSender({ ...base, apiBaseUrl: server.url, templates: {} });

    const error = await sender.send(template).catch((e: unknown) => e);

    expect((error as CashloopError).code).toBe("whatsapp_template_unknown");
    expect(server.requests).toHaveLength(0);
  });

  it("sends from a Messaging Service as MessagingServiceSid", async () => {
    const server = await twilioServer((seen) => ({ status: 201, json: created(seen.form) }));
    const sender = twilioWhatsAppSender({ ...base, from: serviceSid, apiBaseUrl: server.url });

    await sender.send(text);

    expect(server.requests[0]?.form).toEqual({
      MessagingServiceSid: serviceSid,
      To: "whatsapp:+5215512345678",
      Body: text.kind === "text" ? text.text : "",
    });
  });

  it.each(["+14155238886", "whatsapp:14155238886", "MG123"])("refuses from %j", (from) => {
    expect(() => twilioWhatsAppSender({ ...base, from })).toThrow(CashloopError);
  });

  it("refuses a recipient that is not E.164, before any request", async () => {
    const server = await twilioServer((seen) => ({ status: 201, json: created(seen.form) }));
    const sender = twilioWhatsAppSender({ ...base, apiBaseUrl: server.url });

    const error = await sender.send({ ...text, to: "whatsapp:+5215512345678" }).catch((e) => e);

    expect((error as CashloopError).code).toBe("whatsapp_recipient_invalid");
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    { status: 400, code: 21211, kind: "permanent", message: "The 'To' number is not valid." },
    {
      status: 400,
      code: 21610,
      kind: "permanent",
      message: "Attempt to send to unsubscribed recipient",
    },
    { status: 400, code: 63016, kind: "permanent", message: "Outside the allowed window" },
    { status: 403, code: 21408, kind: "permanent", message: "Permission to send is not enabled" },
    { status: 401, code: 20003, kind: "permanent", message: "Authenticate" },
    { status: 429, code: 20429, kind: "retry", message: "Too Many Requests" },
    { status: 503, code: 20503, kind: "retry", message: "Service Unavailable" },
  ])("maps Twilio error $code (HTTP $status) to $kind", async ({ status, code, kind, message }) => {
    const server = await twilioServer(() => ({ status, json: twilioError(status, code, message) }));
    const sender = twilioWhatsAppSender({ ...base, apiBaseUrl: server.url });

    const failure = await failureOf(sender.send(text));

    expect(failure.kind).toBe(kind);
    expect(failure.providerCode).toBe(String(code));
    expect(failure.message).toContain(message);
    expect(server.requests).toHaveLength(1); // the SDK did not retry on its own
  });

  it("is uncertain when the server reads the request and then drops the connection", async () => {
    const server = await twilioServer(() => "destroy");
    const sender = twilioWhatsAppSender({ ...base, apiBaseUrl: server.url });

    const failure = await failureOf(sender.send(text));

    expect(server.requests).toHaveLength(1);
    expect(failure.kind).toBe("uncertain");
  });

  it("retries when nothing is listening", async () => {
    const server = await twilioServer((seen) => ({ status: 201, json: created(seen.form) }));
    await server.close();
    const sender = twilioWhatsAppSender({ ...base, apiBaseUrl: server.url });

    const failure = await failureOf(sender.send(text));

    expect(failure.kind).toBe("retry");
    expect(failure.providerCode).toBe("ECONNREFUSED");
  });
});
