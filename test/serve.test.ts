/**
 * `cashloop serve`: the webhooks in process (fastify inject over the demo business after its
 * invoice emails went out), then the real command in a child process, receiving a reply by SMTP.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import nodemailer from "nodemailer";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoBusiness } from "../src/app/create-demo-business.js";
import { cycle } from "../src/app/followup.js";
import { serverDeps } from "../src/app/serve.js";
import { issueInvoices } from "../src/billing/issue-invoices.js";
import { runBilling } from "../src/billing/run-billing.js";
import { listInvoices } from "../src/billing/store.js";
import type { CalendarDate } from "../src/kernel/dates.js";
import { zonedDateTimeToInstant } from "../src/kernel/dates.js";
import { buildServer } from "../src/server/build-server.js";
import { webhookRoutes } from "../src/server/webhook-routes.js";
import type { Organisation } from "../src/sources/model.js";
import { ENGINES } from "./support/engines.js";
import { runCli } from "./support/run-cli.js";
import { type SmtpRecorder, startSmtpRecorder } from "./support/smtp-recorder.js";
import { type TestApp, testApp } from "./support/test-app.js";

const DAY = "2026-12-01" as CalendarDate;
const OWNER = { kind: "user", id: "owner" } as const;
const PUBLIC_URL = "https://pay.example.test";
const SECRETS = {
  WHATSAPP_APP_SECRET: "app-secret",
  WHATSAPP_VERIFY_TOKEN: "verify-me",
  TWILIO_AUTH_TOKEN: "twilio-token",
  CASHLOOP_PUBLIC_URL: PUBLIC_URL,
};
const OUR_NUMBER = "15550001111";
const engine = ENGINES.at(-1) ?? ENGINES[0];

function cloudPayload(value: Record<string, unknown>): string {
  const full = {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: OUR_NUMBER, phone_number_id: "1234567890" },
    ...value,
  };
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "waba-1", changes: [{ field: "messages", value: full }] }],
  });
}

const sign = (body: string, secret = SECRETS.WHATSAPP_APP_SECRET) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

describe(`webhooks in process (${engine?.name})`, () => {
  let smtp: SmtpRecorder;
  let app: TestApp;
  let org: Organisation;
  let server: FastifyInstance;
  let phone: { customerId: string; digits: string };

  beforeAll(async () => {
    if (!engine) throw new Error("no engine");
    smtp = await startSmtpRecorder();
    app = await testApp(
      await engine.open(),
      zonedDateTimeToInstant(DAY, "00:00", "America/New_York"),
      5,
    );
    await createDemoBusiness(app, { seed: 3, customers: 12, months: 1 });
    org = await app.organisation();
    await runBilling(app, { org, actor: OWNER });
    const tray = await listInvoices(app.db, org.id, { statuses: ["review", "draft"] });
    await issueInvoices(app, { org, invoiceIds: tray.map((i) => i.id), actor: OWNER });
    const env = { ...SECRETS, SMTP_URL: smtp.url };
    app.asOfDate = DAY; // the cycle walks the day, so every customer's sending window opens
    await cycle(app, org, env, { bill: false, followup: true, send: true });
    app.asOfDate = null;
    await smtp.waitFor(1);
    const [contact] = await app.db.query<{ customerId: string; phone: string }>(
      `SELECT customer_id AS "customerId", phone FROM contacts WHERE org_id = $1 AND phone IS NOT NULL
        ORDER BY external_id LIMIT 1`,
      [org.id],
    );
    if (!contact) throw new Error("no demo contact with a phone");
    phone = { customerId: contact.customerId, digits: contact.phone.replace(/\D/g, "") };
    const deps = serverDeps(app, org, env);
    server = buildServer({ db: deps.db, today: deps.today, routes: [webhookRoutes(deps)] });
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    await app?.close();
  });

  const replyFor = async (messageId: string) =>
    app.db.query<{ customerId: string | null; channel: string }>(
      `SELECT customer_id AS "customerId", channel FROM replies WHERE org_id = $1 AND message_id = $2`,
      [org.id, messageId],
    );

  const postCloud = (body: string, signature: string | undefined) =>
    server.inject({
      method: "POST",
      url: "/webhooks/whatsapp",
      payload: body,
      headers: {
        "content-type": "application/json",
        ...(signature ? { "x-hub-signature-256": signature } : {}),
      },
    });

  it("stores a signed Cloud API message as a reply of the customer whose phone sent it", async () => {
    const body = cloudPayload({
      contacts: [{ wa_id: phone.digits, profile: { name: "Pat" } }],
      messages: [
        {
          from: phone.digits,
          id: "wamid.IN1",
          timestamp: "1796000000",
          type: "text",
          text: { body: "We paid this yesterday by bank transfer." },
        },
      ],
    });
    const response = await postCloud(body, sign(body));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ received: 1, statuses: 0 });
    expect(await replyFor("wamid.IN1")).toEqual([
      { customerId: phone.customerId, channel: "whatsapp" },
    ]);
    // The provider retries: the same message changes nothing.
    expect((await postCloud(body, sign(body))).statusCode).toBe(200);
    expect(await replyFor("wamid.IN1")).toHaveLength(1);
  });

  it("refuses a missing or wrong signature with 401 and stores nothing", async () => {
    const body = cloudPayload({
      messages: [
        {
          from: phone.digits,
          id: "wamid.BAD",
          timestamp: "1796000000",
          type: "text",
          text: { body: "hi" },
        },
      ],
    });
    for (const signature of [undefined, sign(body, "not-the-secret"), "sha256=zz"]) {
      const response = await postCloud(body, signature);
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ error: "invalid signature" });
    }
    // A signature over other bytes (the body re-serialised) does not pass either.
    expect((await postCloud(`${body} `, sign(body))).statusCode).toBe(401);
    expect(await replyFor("wamid.BAD")).toEqual([]);
  });

  it("answers a signed but malformed payload with 400 and a JSON error", async () => {
    for (const body of ["{not json", JSON.stringify({ object: "page", entry: [] })]) {
      const response = await postCloud(body, sign(body));
      expect(response.statusCode).toBe(400);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(typeof response.json().error).toBe("string");
    }
  });

  it("fails a sent message when WhatsApp reports it undelivered, once, with a task", async () => {
    const [row] = await app.db.query<{ id: string }>(
      `UPDATE outbox SET channel = 'whatsapp', provider = 'whatsapp_cloud', provider_message_id = 'wamid.OUT1'
        WHERE org_id = $1 AND id = (SELECT id FROM outbox WHERE org_id = $1 AND status = 'sent' ORDER BY id LIMIT 1)
        RETURNING id`,
      [org.id],
    );
    if (!row) throw new Error("no sent outbox row");
    const status = (s: string, errors?: unknown[]) =>
      cloudPayload({
        statuses: [
          {
            id: "wamid.OUT1",
            status: s,
            timestamp: "1796000100",
            recipient_id: phone.digits,
            ...(errors ? { errors } : {}),
          },
        ],
      });
    const delivered = status("delivered");
    const failed = status("failed", [{ code: 131026, title: "Message undeliverable" }]);
    for (const body of [delivered, failed, failed]) {
      expect((await postCloud(body, sign(body))).statusCode).toBe(200);
    }
    const [outbox] = await app.db.query<{ status: string; reason: string }>(
      `SELECT status, status_reason AS reason FROM outbox WHERE org_id = $1 AND id = $2`,
      [org.id, row.id],
    );
    expect(outbox).toEqual({ status: "failed", reason: expect.stringContaining("131026") });
    const tasks = await app.db.query(`SELECT kind FROM tasks WHERE org_id = $1 AND key = $2`, [
      org.id,
      `delivery_failed:${row.id}`,
    ]);
    expect(tasks).toEqual([{ kind: "delivery_failed" }]);
    const audited = await app.db.query<{ status: string }>(
      `SELECT after->>'status' AS status FROM audit_log WHERE org_id = $1 AND subject_id = $2
          AND action = 'outbox.delivery_status' ORDER BY id`,
      [org.id, row.id],
    );
    expect(audited.map((a) => a.status)).toEqual(["delivered", "failed"]);
  });

  it("answers Meta's subscription challenge only to the verify token", async () => {
    const challenge = (token: string) =>
      server.inject({
        method: "GET",
        url: "/webhooks/whatsapp",
        query: {
          "hub.mode": "subscribe",
          "hub.verify_token": token,
          "hub.challenge": "1158201444",
        },
      });
    const right = await challenge(SECRETS.WHATSAPP_VERIFY_TOKEN);
    expect(right.statusCode).toBe(200);
    expect(right.headers["content-type"]).toMatch(/^text\/plain/);
    expect(right.body).toBe("1158201444");
    const wrong = await challenge("guess");
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).not.toContain("1158201444");
  });

  it("stores a Twilio message with a valid signature and refuses a tampered one", async () => {
    const url = `${PUBLIC_URL}/webhooks/twilio`;
    const params = {
      MessageSid: "SM0001",
      AccountSid: "AC0001",
      From: `whatsapp:+${phone.digits}`,
      To: `whatsapp:+${OUR_NUMBER}`,
      Body: "Could you send me a copy of the invoice?",
      NumMedia: "0",
      ProfileName: "Pat",
      SmsStatus: "received",
    };
    const post = (fields: Record<string, string>, signature: string) =>
      server.inject({
        method: "POST",
        url: "/webhooks/twilio",
        payload: new URLSearchParams(fields).toString(),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-twilio-signature": signature,
        },
      });
    const signature = twilio.getExpectedTwilioSignature(SECRETS.TWILIO_AUTH_TOKEN, url, params);
    const ok = await post(params, signature);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["content-type"]).toMatch(/^text\/xml/);
    expect(await replyFor("SM0001")).toEqual([
      { customerId: phone.customerId, channel: "whatsapp" },
    ]);

    const asText = await server.inject({
      method: "POST",
      url: "/webhooks/twilio",
      payload: new URLSearchParams(params).toString(),
      headers: { "content-type": "text/plain", "x-twilio-signature": signature },
    });
    expect(asText.statusCode).toBe(415);

    const forged = { ...params, MessageSid: "SM0002", Body: "Stop sending me messages" };
    const tampered = await post(forged, signature);
    expect(tampered.statusCode).toBe(401);
    expect(await replyFor("SM0002")).toEqual([]);
  });

  it("records a Twilio status callback against its outbox row", async () => {
    const [row] = await app.db.query<{ id: string }>(
      `UPDATE outbox SET channel = 'whatsapp', provider = 'twilio', provider_message_id = 'SMOUT1'
        WHERE org_id = $1 AND id = (SELECT id FROM outbox WHERE org_id = $1 AND status = 'sent' ORDER BY id LIMIT 1)
        RETURNING id`,
      [org.id],
    );
    if (!row) throw new Error("no sent outbox row");
    const params = {
      MessageSid: "SMOUT1",
      MessageStatus: "undelivered",
      To: `whatsapp:+${phone.digits}`,
      From: `whatsapp:+${OUR_NUMBER}`,
      ErrorCode: "63016",
    };
    const url = `${PUBLIC_URL}/webhooks/twilio`;
    const response = await server.inject({
      method: "POST",
      url: "/webhooks/twilio",
      payload: new URLSearchParams(params).toString(),
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilio.getExpectedTwilioSignature(
          SECRETS.TWILIO_AUTH_TOKEN,
          url,
          params,
        ),
      },
    });
    expect(response.statusCode).toBe(200);
    const [outbox] = await app.db.query<{ status: string }>(
      `SELECT status FROM outbox WHERE org_id = $1 AND id = $2`,
      [org.id, row.id],
    );
    expect(outbox?.status).toBe("failed");
  });

  it("keeps the uniform 404 outside the webhooks", async () => {
    const response = await server.inject({ method: "GET", url: "/webhooks/nothing" });
    expect(response.statusCode).toBe(404);
    expect(response.body).toBe("Not found\n");
  });
});

const ROOT = join(import.meta.dirname, "..");

/** `cashloop serve` in a child process, as `spawnCli` runs the CLI; resolves once it listens. */
function startServe(
  args: string[],
): Promise<{ child: ChildProcess; http: string; smtpPort: number; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/run.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: "", CASHLOOP_DATA: "", PORT: "" },
  });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    const onData = (data: Buffer) => {
      out += data;
      const http = /http: (http:\/\/\S+)/.exec(out)?.[1];
      const smtp = /smtp: smtp:\/\/\S+:(\d+)/.exec(out)?.[1];
      if (http && smtp && out.includes("worker:")) {
        clearTimeout(timer);
        resolve({ child, http, smtpPort: Number(smtp), output: () => out });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${out}`));
    });
  });
}

describe("cashloop serve, end to end", () => {
  it("serves /healthz, takes an emailed reply over SMTP and stops cleanly on SIGTERM", async () => {
    const data = mkdtempSync(join(tmpdir(), "cashloop-serve-"));
    const cli = (...args: string[]) => runCli(["--data", data, "--as-of", DAY, ...args]);
    await cli("demo", "--customers", "4", "--months", "1");
    await cli("bill");
    await cli("review", "approve", "--all");
    await cli("followup", "run");
    const outbox = JSON.parse((await cli("--json", "outbox", "list")).stdout) as {
      replyToken: string | null;
      recipient: string | null;
      channel: string;
    }[];
    const row = outbox.find((r) => r.channel === "email" && r.replyToken && r.recipient);
    if (!row) throw new Error("the demo queued no email");

    const serve = await startServe([
      "--data",
      data,
      "serve",
      "--port",
      "0",
      "--smtp-port",
      "0",
      "--no-worker",
    ]);
    let exitCode: number | null;
    try {
      const health = await fetch(`${serve.http}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });

      const transport = nodemailer.createTransport({
        host: "127.0.0.1",
        port: serve.smtpPort,
        secure: false,
        ignoreTLS: true,
      });
      await transport.sendMail({
        from: row.recipient as string,
        to: `reply+${row.replyToken}@brightpath.example.com`,
        subject: "Re: your invoice",
        text: "Thanks, we will pay it next Friday.",
        messageId: "<reply-1@customer.example>",
      });
      transport.close();
    } finally {
      const exited = new Promise<number | null>((resolve) => serve.child.on("exit", resolve));
      serve.child.kill("SIGTERM");
      exitCode = await exited;
    }
    expect(exitCode, serve.output()).toBe(0);
    expect(serve.output()).toContain("SIGTERM, stopping");

    const audit = JSON.parse(
      (await cli("--json", "audit", "list", "--limit", "100000")).stdout,
    ) as {
      action: string;
      after: { from?: string; linkedBy?: string };
    }[];
    const received = audit.filter((a) => a.action === "reply.received");
    expect(received).toHaveLength(1);
    expect(received[0]?.after).toMatchObject({ from: row.recipient, linkedBy: "reply_token" });
  }, 180_000);
});
