import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { failureOf } from "../../../test/support/send-failure.js";
import { type SmtpRecorder, startSmtpRecorder } from "../../../test/support/smtp-recorder.js";
import type { Instant } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import type { OutgoingEmail } from "../model.js";
import { parseSmtpUrl, smtpSender } from "./smtp-sender.js";

// Short timeouts so a silent server fails the test quickly; nothing asserts on time.
const timeouts = { connectionMs: 2_000, greetingMs: 2_000, socketMs: 1_000 };

/** Bytes a careless sender would damage: NUL, high bytes, bare CR/LF and SMTP's end-of-data. */
const pdf = Buffer.concat([
  Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1"),
  Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256)),
  Buffer.from("\r\n.\r\n\n.\n\r.\r%%EOF\n", "latin1"),
]);
const xml = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8"?>\r\n<cfdi:Comprobante Folio="F-0042" Total="1160.00">\n' +
    '  <cfdi:Emisor Nombre="Muñoz y Asociados" />  \r\n.\n</cfdi:Comprobante>',
  "utf8",
);

function invoiceEmail(overrides: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    from: { name: "Acme Facturación", address: "billing@acme.test" },
    to: [{ name: "Ana Pérez", address: "ana@cliente.test" }],
    replyTo: "reply+rpl_01j0abc@acme.test",
    subject: "Factura F-0042 — vence el 15 de abril",
    text: "Hola Ana,\n\nAdjuntamos la factura F-0042 por MXN 1,160.00.\n.una línea con punto\n",
    html: "<p>Hola Ana,</p><p>Adjuntamos la factura <b>F-0042</b> por MXN 1,160.00.</p>",
    messageId: "<out_01j0abcdef@acme.test>",
    inReplyTo: "<out_01hzprev@acme.test>",
    references: ["<out_01hzfirst@acme.test>", "<out_01hzprev@acme.test>"],
    attachments: [
      { filename: "F-0042.pdf", contentType: "application/pdf", content: pdf },
      { filename: "F-0042.xml", contentType: "application/xml", content: xml },
    ],
    headers: { "X-Cashloop-Key": "invoice:inv_01j0abc:send" },
    date: "2026-03-31T22:30:00.000Z" as Instant,
    ...overrides,
  };
}

type FakeBehaviour = {
  greeting?: string;
  afterMailFrom?: "drop";
  /** What happens once the whole message arrived: a reply line, or no reply at all. */
  afterData: "destroy" | "silence" | string;
};

/** A hand-written SMTP server for the misbehaviours smtp-server will not produce. */
async function startFakeSmtp(
  behaviour: FakeBehaviour,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.write(behaviour.greeting ?? "220 fake.test ESMTP\r\n");
    let buffer = "";
    let inData = false;
    socket.on("data", (chunk) => {
      buffer += chunk.toString("latin1");
      if (inData) {
        if (!buffer.includes("\r\n.\r\n")) return;
        inData = false;
        buffer = "";
        if (behaviour.afterData === "destroy") socket.destroy();
        else if (behaviour.afterData !== "silence") socket.write(`${behaviour.afterData}\r\n`);
        return;
      }
      let end = buffer.indexOf("\r\n");
      while (end >= 0 && !inData) {
        const line = buffer.slice(0, end).toUpperCase();
        buffer = buffer.slice(end + 2);
        if (line.startsWith("EHLO")) socket.write("250-fake.test\r\n250 8BITMIME\r\n");
        else if (line.startsWith("MAIL") && behaviour.afterMailFrom === "drop") socket.destroy();
        else if (line.startsWith("MAIL") || line.startsWith("RCPT")) socket.write("250 OK\r\n");
        else if (line === "DATA") {
          inData = true;
          socket.write("354 go ahead\r\n");
        } else if (line === "QUIT") socket.end("221 bye\r\n");
        else socket.write("502 not here\r\n");
        end = buffer.indexOf("\r\n");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("smtpSender against a real SMTP server", () => {
  let recorder: SmtpRecorder | null = null;
  afterEach(async () => {
    await recorder?.close();
    recorder = null;
  });

  it("delivers every header, both bodies and byte-identical attachments", async () => {
    recorder = await startSmtpRecorder();
    const sender = smtpSender(recorder.url, { timeouts });
    const receipt = await sender.send(invoiceEmail());
    await sender.close();

    expect(receipt).toEqual({
      provider: "smtp",
      providerMessageId: "<out_01j0abcdef@acme.test>", // the recorder's 250 names no queue id
      accepted: ["ana@cliente.test"],
      rejected: [],
    });
    expect(recorder.messages).toHaveLength(1);
    const m = recorder.messages[0]!;
    expect(m.envelope).toEqual({ from: "billing@acme.test", to: ["ana@cliente.test"] });
    expect(m.headers.get("from")).toBe('"Acme Facturación" <billing@acme.test>');
    expect(m.headers.get("to")).toBe('"Ana Pérez" <ana@cliente.test>');
    expect(m.from).toBe("billing@acme.test");
    expect(m.to).toEqual(["ana@cliente.test"]);
    expect(m.replyTo).toBe("reply+rpl_01j0abc@acme.test");
    expect(m.subject).toBe("Factura F-0042 — vence el 15 de abril");
    expect(m.messageId).toBe("<out_01j0abcdef@acme.test>");
    expect(m.inReplyTo).toBe("<out_01hzprev@acme.test>");
    expect(m.references).toEqual(["<out_01hzfirst@acme.test>", "<out_01hzprev@acme.test>"]);
    expect(m.date).toBe("2026-03-31T22:30:00.000Z");
    expect(m.xKey).toBe("invoice:inv_01j0abc:send");
    expect(m.text).toContain("Adjuntamos la factura F-0042 por MXN 1,160.00.");
    expect(m.text).toContain("\n.una línea con punto"); // a leading dot survives dot-stuffing
    expect(m.html).toContain("<b>F-0042</b>");
    expect(m.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ["F-0042.pdf", "application/pdf"],
      ["F-0042.xml", "application/xml"],
    ]);
    expect(m.attachments[0]!.content.equals(pdf)).toBe(true);
    expect(m.attachments[1]!.content.equals(xml)).toBe(true);
  });

  it("leaves In-Reply-To and References out of a first message", async () => {
    recorder = await startSmtpRecorder();
    const sender = smtpSender(recorder.url, { timeouts });
    await sender.send(invoiceEmail({ inReplyTo: null, references: [], attachments: [] }));
    const m = recorder.messages[0]!;
    expect(m.headers.has("in-reply-to")).toBe(false);
    expect(m.headers.has("references")).toBe(false);
    expect(m.attachments).toEqual([]);
  });

  it("reports the recipients a server refused while delivering to the others", async () => {
    recorder = await startSmtpRecorder({
      rejectRecipients: (a) =>
        a === "gone@cliente.test" ? { code: 550, message: "no such user" } : null,
    });
    const sender = smtpSender(recorder.url, { timeouts });
    const receipt = await sender.send(
      invoiceEmail({
        to: [
          { name: null, address: "ana@cliente.test" },
          { name: null, address: "gone@cliente.test" },
        ],
      }),
    );
    expect(receipt.accepted).toEqual(["ana@cliente.test"]);
    expect(receipt.rejected).toEqual(["gone@cliente.test"]);
    expect(recorder.messages[0]!.envelope.to).toEqual(["ana@cliente.test"]);
  });

  it("uses the server's queue id as the provider message id when the reply names one", async () => {
    const fake = await startFakeSmtp({ afterData: "250 2.0.0 Ok: queued as 4ZQx1y2Kz9" });
    try {
      const receipt = await smtpSender(fake.url, { timeouts }).send(invoiceEmail());
      expect(receipt.providerMessageId).toBe("4ZQx1y2Kz9");
    } finally {
      await fake.close();
    }
  });
});

describe("smtpSender failure kinds", () => {
  let recorder: SmtpRecorder | null = null;
  afterEach(async () => {
    await recorder?.close();
    recorder = null;
  });

  it("nothing listening → retry", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const failure = await failureOf(
      smtpSender(`smtp://127.0.0.1:${port}`, { timeouts }).send(invoiceEmail()),
    );
    expect(failure.kind).toBe("retry");
  });

  it("a greeting that refuses service (421) → retry", async () => {
    const fake = await startFakeSmtp({
      greeting: "421 fake.test too busy\r\n",
      afterData: "250 OK",
    });
    try {
      const failure = await failureOf(smtpSender(fake.url, { timeouts }).send(invoiceEmail()));
      expect(failure.kind).toBe("retry");
    } finally {
      await fake.close();
    }
  });

  it("550 on RCPT → permanent with the server's code", async () => {
    recorder = await startSmtpRecorder({
      rejectRecipients: () => ({ code: 550, message: "5.1.1 mailbox unavailable" }),
    });
    const failure = await failureOf(smtpSender(recorder.url, { timeouts }).send(invoiceEmail()));
    expect(failure.kind).toBe("permanent");
    expect(failure.providerCode).toBe("550");
    expect(failure.message).toContain("mailbox unavailable");
    expect(recorder.messages).toEqual([]);
  });

  it("451 on RCPT → retry", async () => {
    recorder = await startSmtpRecorder({
      rejectRecipients: () => ({ code: 451, message: "greylisted, try again later" }),
    });
    const failure = await failureOf(smtpSender(recorder.url, { timeouts }).send(invoiceEmail()));
    expect(failure).toMatchObject({ kind: "retry", providerCode: "451" });
  });

  it.each([
    [451, "retry"],
    [421, "retry"],
    [554, "permanent"],
  ])("%i in reply to the end of DATA → %s", async (code, kind) => {
    recorder = await startSmtpRecorder({ failData: () => ({ code, message: "not now" }) });
    const failure = await failureOf(smtpSender(recorder.url, { timeouts }).send(invoiceEmail()));
    expect(failure).toMatchObject({ kind, providerCode: String(code) });
    expect(recorder.messages).toEqual([]);
  });

  it("connection dropped after MAIL FROM, before any data → retry", async () => {
    const fake = await startFakeSmtp({ afterMailFrom: "drop", afterData: "250 OK" });
    try {
      const failure = await failureOf(smtpSender(fake.url, { timeouts }).send(invoiceEmail()));
      expect(failure.kind).toBe("retry");
    } finally {
      await fake.close();
    }
  });

  it("server takes the whole message then drops the connection without a reply → uncertain", async () => {
    const fake = await startFakeSmtp({ afterData: "destroy" });
    try {
      const failure = await failureOf(smtpSender(fake.url, { timeouts }).send(invoiceEmail()));
      expect(failure.kind).toBe("uncertain");
    } finally {
      await fake.close();
    }
  });

  it("server takes the whole message then never replies → uncertain", async () => {
    const fake = await startFakeSmtp({ afterData: "silence" });
    try {
      const failure = await failureOf(smtpSender(fake.url, { timeouts }).send(invoiceEmail()));
      expect(failure.kind).toBe("uncertain");
    } finally {
      await fake.close();
    }
  });

  it("a closed sender sends nothing", async () => {
    recorder = await startSmtpRecorder();
    const sender = smtpSender(recorder.url, { timeouts });
    await sender.close();
    const failure = await failureOf(sender.send(invoiceEmail()));
    expect(failure.kind).toBe("retry");
    expect(recorder.messages).toEqual([]);
  });
});

describe("SMTP_URL", () => {
  it("reads host, port, TLS, credentials and options", () => {
    expect(
      parseSmtpUrl("smtps://apikey:p%40ss%3Aword@smtp.example.com?tls.rejectUnauthorized=false"),
    ).toEqual({
      host: "smtp.example.com",
      port: 465,
      secure: true,
      auth: { user: "apikey", pass: "p@ss:word" },
      options: {},
      tls: { rejectUnauthorized: false },
    });
    expect(parseSmtpUrl("smtp://127.0.0.1:2525?ignoreTLS=true&name=cashloop.test")).toMatchObject({
      host: "127.0.0.1",
      port: 2525,
      secure: false,
      auth: null,
      options: { ignoreTLS: true, name: "cashloop.test" },
    });
  });

  it.each([
    ["not a url at all", "is not a URL"],
    ["http://mail.example.com:25", "expected smtp: or smtps:"],
    ["smtp://", "no host"],
    ["smtp://mail.example.com:99999", "is not a URL"],
    ["smtp://mail.example.com:25/inbox", "has a path"],
    ["smtp://mail.example.com:25?secureConnection=yes", 'unknown option "secureConnection"'],
    ["smtp://mail.example.com:25?ignoreTLS=yes", "expected true or false"],
  ])("%s → a CashloopError naming SMTP_URL", (url, reason) => {
    const error = (() => {
      try {
        smtpSender(url);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(CashloopError);
    expect((error as CashloopError).details.field).toBe("SMTP_URL");
    expect((error as CashloopError).message).toContain("SMTP_URL");
    expect((error as CashloopError).message).toContain(reason);
  });

  it("never repeats the password in the error", () => {
    expect(() => parseSmtpUrl("smtp://user:hunter2@mail.example.com:25/x")).toThrow(/\*\*\*@mail/);
    expect(() => parseSmtpUrl("smtp://user:hunter2@mail.example.com:25/x")).not.toThrow(/hunter2/);
  });
});
