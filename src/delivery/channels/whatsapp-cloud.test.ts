import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { listenLocal } from "../../../test/support/listen-local.js";
import { failureOf } from "../../../test/support/send-failure.js";
import { CashloopError } from "../../kernel/errors.js";
import type { OutgoingWhatsApp } from "../model.js";
import { whatsappCloudSender } from "./whatsapp-cloud.js";

type Seen = { method: string; path: string; headers: IncomingMessage["headers"]; body: string };
type Answer = { status: number; json?: unknown; text?: string } | "destroy";

/** A local Graph API: records each request and answers what the test scripts. */
async function graphServer(answer: (seen: Seen) => Answer) {
  const requests: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const seen = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(seen);
      const a = answer(seen);
      if (a === "destroy") {
        req.socket.destroy(); // the request was read in full; the response never comes
        return;
      }
      const body = a.json === undefined ? (a.text ?? "") : JSON.stringify(a.json);
      res.writeHead(a.status, {
        "content-type": a.json === undefined ? "text/html" : "application/json",
      });
      res.end(body);
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

const wamid = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3QTlCRkQ2MzY5QTEyQUE0QkEA";
const success = {
  messaging_product: "whatsapp",
  contacts: [{ input: "5215512345678", wa_id: "5215512345678" }],
  messages: [{ id: wamid, message_status: "accepted" }],
};

const text: OutgoingWhatsApp = {
  kind: "text",
  to: "+5215512345678",
  text: "Invoice INV-0042 for MXN 1,160.00 is due on 2026-12-01: https://pay.example/abc",
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

function graphError(code: number, message: string, type = "OAuthException") {
  return { error: { message, type, code, error_subcode: 2494010, fbtrace_id: "AbCdEf123" } };
}

describe("whatsappCloudSender", () => {
  it("posts a session text message as Meta documents it and returns the wamid", async () => {
    const server = await graphServer(() => ({ status: 200, json: success }));
    const sender = whatsappCloudSender({
      phoneNumberId: "106540352242922",
      accessToken: "EAAG-test-token",
      baseUrl: server.url,
    });

    const receipt = await sender.send(text);

    expect(sender.provider).toBe("whatsapp_cloud");
    expect(receipt).toEqual({
      provider: "whatsapp_cloud",
      providerMessageId: wamid,
      accepted: ["+5215512345678"],
      rejected: [],
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/v21.0/106540352242922/messages");
    expect(request?.headers.authorization).toBe("Bearer EAAG-test-token");
    expect(request?.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(request?.body ?? "")).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "5215512345678",
      type: "text",
      text: { preview_url: true, body: text.kind === "text" ? text.text : "" },
    });
  });

  it("posts a template with its body parameters in order, at the configured API version", async () => {
    const server = await graphServer(() => ({ status: 200, json: success }));
    const sender = whatsappCloudSender({
      phoneNumberId: "106540352242922",
      accessToken: "EAAG-test-token",
      baseUrl: `${server.url}/`,
      apiVersion: "v22.0",
    });

    const receipt = await sender.send(template);

    expect(receipt.providerMessageId).toBe(wamid);
    expect(server.requests[0]?.path).toBe("/v22.0/106540352242922/messages");
    expect(JSON.parse(server.requests[0]?.body ?? "")).toEqual({
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: "5215512345678",
      type: "template",
      template: {
        name: "invoice_due",
        language: { code: "es_MX" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "INV-0042" },
              { type: "text", text: "MXN 1,160.00" },
              { type: "text", text: "2026-12-01" },
            ],
          },
        ],
      },
    });
  });

  it("sends a template without variables with no components", async () => {
    const server = await graphServer(() => ({ status: 200, json: success }));
    const sender = whatsappCloudSender({
      phoneNumberId: "1",
      accessToken: "t",
      baseUrl: server.url,
    });

    await sender.send({
      ...template,
      templateName: "hello_world",
      language: "en_US",
      parameters: [],
    });

    expect(JSON.parse(server.requests[0]?.body ?? "").template).toEqual({
      name: "hello_world",
      language: { code: "en_US" },
    });
  });

  it.each([
    { status: 429, code: 130429, kind: "retry", message: "(#130429) Rate limit hit" },
    { status: 400, code: 131056, kind: "retry", message: "(#131056) pair rate limit hit" },
    { status: 500, code: 131000, kind: "retry", message: "(#131000) Something went wrong" },
    { status: 503, code: 133004, kind: "retry", message: "(#133004) Server unavailable" },
    { status: 400, code: 131047, kind: "permanent", message: "(#131047) Re-engagement message" },
    { status: 400, code: 131026, kind: "permanent", message: "(#131026) Message Undeliverable" },
    { status: 400, code: 100, kind: "permanent", message: "(#100) Invalid parameter" },
    {
      status: 404,
      code: 132001,
      kind: "permanent",
      message: "(#132001) Template name does not exist",
    },
    { status: 401, code: 190, kind: "permanent", message: "Error validating access token" },
  ])("maps Graph error $code (HTTP $status) to $kind", async ({ status, code, kind, message }) => {
    const server = await graphServer(() => ({ status, json: graphError(code, message) }));
    const sender = whatsappCloudSender({
      phoneNumberId: "1",
      accessToken: "t",
      baseUrl: server.url,
    });

    const failure = await failureOf(sender.send(template));

    expect(failure.kind).toBe(kind);
    expect(failure.providerCode).toBe(String(code));
    expect(failure.message).toContain(message);
    expect(failure.message).toContain("AbCdEf123");
  });

  it("reads a non-JSON error page by its HTTP status", async () => {
    const server = await graphServer(() => ({ status: 502, text: "<html>Bad Gateway</html>" }));
    const sender = whatsappCloudSender({
      phoneNumberId: "1",
      accessToken: "t",
      baseUrl: server.url,
    });

    const failure = await failureOf(sender.send(text));

    expect(failure.kind).toBe("retry");
    expect(failure.providerCode).toBe("http_502");
  });

  it("is uncertain when the server reads the request and then drops the connection", async () => {
    const server = await graphServer(() => "destroy");
    const sender = whatsappCloudSender({
      phoneNumberId: "1",
      accessToken: "t",
      baseUrl: server.url,
    });

    const failure = await failureOf(sender.send(text));

    expect(server.requests).toHaveLength(1);
    expect(failure.kind).toBe("uncertain");
  });

  it("is uncertain when Meta answers 200 without a message id", async () => {
    const server = await graphServer(() => ({
      status: 200,
      json: { messaging_product: "whatsapp" },
    }));
    const sender = whatsappCloudSender({
      phoneNumberId: "1",
      accessToken: "t",
      baseUrl: server.url,
    });

    expect((await failureOf(sender.send(text))).kind).toBe("uncertain");
  });

  it("retries when nothing is listening", async () => {
    const server = await graphServer(() => ({ status: 200, json: success }));
    await server.close();
    const sender = whatsappCloudSender({
      phoneNumberId: "1",
      accessToken: "t",
      baseUrl: server.url,
    });

    const failure = await failureOf(sender.send(text));

    expect(failure.kind).toBe("retry");
    expect(failure.providerCode).toBe("ECONNREFUSED");
  });

  it.each(["5215512345678", "+0215512345678", "+52 155 1234 5678", "+1234", ""])(
    "refuses %j as a recipient before any request",
    async (to) => {
      const server = await graphServer(() => ({ status: 200, json: success }));
      const sender = whatsappCloudSender({
        phoneNumberId: "1",
        accessToken: "t",
        baseUrl: server.url,
      });

      const error = await sender.send({ ...text, to }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CashloopError);
      expect((error as CashloopError).code).toBe("whatsapp_recipient_invalid");
      expect(server.requests).toHaveLength(0);
    },
  );

  it("sends through an injected fetch", async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify(success), { status: 200 });
    };
    const sender = whatsappCloudSender({ phoneNumberId: "42", accessToken: "t", fetch: fakeFetch });

    await sender.send(text);

    expect(calls).toEqual(["https://graph.facebook.com/v21.0/42/messages"]);
  });
});
