import { createConnection } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { failureOf } from "../../../test/support/send-failure.js";
import type { Instant } from "../../kernel/dates.js";
import type { OutgoingEmail } from "../model.js";
import { type InboundEnvelope, type InboundSmtp, startInboundSmtp } from "./inbound-smtp.js";
import { readEmail } from "./read-email.js";
import { smtpSender } from "./smtp-sender.js";

const timeouts = { connectionMs: 2_000, greetingMs: 2_000, socketMs: 2_000 };

function reply(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: { name: "Ana Pérez", address: "ana.perez@cliente.mx" },
    to: [{ name: null, address: "reply+rpl_01j0abc@acme.test" }],
    replyTo: "ana.perez@cliente.mx",
    subject: "Re: Factura F-0042",
    text: "Ya pagué, adjunto comprobante.",
    html: "<p>Ya pagué, adjunto comprobante.</p>",
    messageId: "<CAF3x9Qw@mail.cliente.mx>",
    inReplyTo: "<out_01j0abcdef@acme.test>",
    references: ["<out_01j0abcdef@acme.test>"],
    attachments: [],
    headers: {},
    date: "2026-04-07T16:15:42.000Z" as Instant,
    ...overrides,
  };
}

describe("startInboundSmtp", () => {
  let listener: InboundSmtp | null = null;
  afterEach(async () => {
    await listener?.close();
    listener = null;
  });

  it("hands each message over whole, with its envelope, before accepting it", async () => {
    const received: { raw: Buffer; envelope: InboundEnvelope }[] = [];
    listener = await startInboundSmtp({
      port: 0,
      onMessage: async (raw, envelope) => {
        received.push({ raw, envelope });
      },
    });
    const sender = smtpSender(`smtp://127.0.0.1:${listener.port}`, { timeouts });
    const receipt = await sender.send(reply());
    // The 250 came back only after onMessage finished, so the message is already here.
    expect(receipt.accepted).toEqual(["reply+rpl_01j0abc@acme.test"]);
    expect(received).toHaveLength(1);
    expect(received[0]!.envelope).toEqual({
      from: "ana.perez@cliente.mx",
      to: ["reply+rpl_01j0abc@acme.test"],
    });
    const message = await readEmail(received[0]!.raw);
    expect(message).toMatchObject({
      from: "ana.perez@cliente.mx",
      inReplyTo: "<out_01j0abcdef@acme.test>",
      receivedAt: "2026-04-07T16:15:42.000Z",
    });
    expect(message.text).toContain("Ya pagué, adjunto comprobante.");
  });

  it("refuses a message over the size limit for good, without handing it over", async () => {
    const received: Buffer[] = [];
    listener = await startInboundSmtp({
      port: 0,
      maxBytes: 20_000,
      onMessage: async (raw) => {
        received.push(raw);
      },
    });
    const big = reply({
      attachments: [
        { filename: "scan.pdf", contentType: "application/pdf", content: Buffer.alloc(40_000, 7) },
      ],
    });
    const failure = await failureOf(
      smtpSender(`smtp://127.0.0.1:${listener.port}`, { timeouts }).send(big),
    );
    expect(failure).toMatchObject({ kind: "permanent", providerCode: "552" });
    expect(received).toEqual([]);
  });

  it("answers 451 when the message cannot be stored, so the sender tries again", async () => {
    let calls = 0;
    listener = await startInboundSmtp({
      port: 0,
      onMessage: async () => {
        calls++;
        throw new Error("database is down");
      },
    });
    const failure = await failureOf(
      smtpSender(`smtp://127.0.0.1:${listener.port}`, { timeouts }).send(reply()),
    );
    expect(failure).toMatchObject({ kind: "retry", providerCode: "451" });
    expect(failure.message).not.toContain("database"); // our reasons stay with us
    expect(calls).toBe(1);
  });

  it("accepts a bounce's null sender as a missing envelope sender", async () => {
    const envelopes: InboundEnvelope[] = [];
    listener = await startInboundSmtp({
      port: 0,
      onMessage: async (_raw, envelope) => {
        envelopes.push(envelope);
      },
    });
    const socket = createConnection(listener.port, "127.0.0.1");
    const lines: string[] = [];
    const script = [
      "EHLO mx1.acme.test",
      "MAIL FROM:<>",
      "RCPT TO:<billing@acme.test>",
      "DATA",
      "From: MAILER-DAEMON@mx1.acme.test\r\nSubject: bounce\r\n\r\nbody\r\n.",
      "QUIT",
    ];
    await new Promise<void>((resolve, reject) => {
      socket.on("error", reject);
      socket.on("close", () => resolve());
      socket.on("data", (chunk) => {
        for (const line of chunk.toString().split("\r\n").filter(Boolean)) {
          lines.push(line);
          if (/^\d{3} /.test(line) && script.length > 0) socket.write(`${script.shift()}\r\n`);
        }
      });
    });
    expect(lines.some((l) => l.startsWith("250") && /accept|received|OK/i.test(l))).toBe(true);
    expect(envelopes).toEqual([{ from: null, to: ["billing@acme.test"] }]);
  });
});
