import { afterEach, describe, expect, it } from "vitest";
import { smtpSender } from "../../src/delivery/channels/smtp-sender.js";
import type { OutgoingEmail } from "../../src/delivery/model.js";
import type { Instant } from "../../src/kernel/dates.js";
import { type SmtpRecorder, startSmtpRecorder } from "./smtp-recorder.js";

const timeouts = { connectionMs: 2_000, greetingMs: 2_000, socketMs: 5_000 };

function email(n: number): OutgoingEmail {
  return {
    from: { name: "Acme", address: "billing@acme.test" },
    to: [{ name: null, address: `cliente${n}@cliente.test` }],
    replyTo: `reply+rpl_${n}@acme.test`,
    subject: `Factura F-${n}`,
    text: `Factura F-${n}`,
    html: `<p>Factura F-${n}</p>`,
    messageId: `<out_${n}@acme.test>`,
    inReplyTo: null,
    references: [],
    attachments: [],
    headers: { "X-Cashloop-Key": `invoice:${n}:send` },
    date: "2026-03-01T09:00:00.000Z" as Instant,
  };
}

describe("smtp recorder", () => {
  let recorder: SmtpRecorder | null = null;
  afterEach(async () => {
    await recorder?.close();
    recorder = null;
  });

  it("records the message before beforeAccept runs, and replies 250 only after it", async () => {
    let sendSettled = false;
    const seenInHook: number[] = [];
    recorder = await startSmtpRecorder({
      beforeAccept: async (raw) => {
        seenInHook.push(recorder!.messages.length);
        expect(raw.toString()).toContain("X-Cashloop-Key: invoice:1:send");
        await new Promise((resolve) => setImmediate(resolve));
        expect(sendSettled).toBe(false);
      },
    });
    await smtpSender(recorder.url, { timeouts })
      .send(email(1))
      .finally(() => {
        sendSettled = true;
      });
    expect(seenInHook).toEqual([1]);
    expect(recorder.messages[0]!.xKey).toBe("invoice:1:send");
  });

  it("answers 451 when beforeAccept throws; the message stays recorded", async () => {
    recorder = await startSmtpRecorder({
      beforeAccept: () => {
        throw new Error("crash here");
      },
    });
    await expect(smtpSender(recorder.url, { timeouts }).send(email(2))).rejects.toMatchObject({
      kind: "retry",
      providerCode: "451",
    });
    expect(recorder.messages.map((m) => m.messageId)).toEqual(["<out_2@acme.test>"]);
  });

  it("waits for concurrent messages, and clears", async () => {
    recorder = await startSmtpRecorder();
    const sender = smtpSender(recorder.url, { timeouts });
    const sends = Promise.all([1, 2, 3, 4, 5].map((n) => sender.send(email(n))));
    await recorder.waitFor(5);
    await sends;
    expect(recorder.messages.map((m) => m.xKey).sort()).toEqual(
      [1, 2, 3, 4, 5].map((n) => `invoice:${n}:send`),
    );
    recorder.clear();
    expect(recorder.messages).toEqual([]);
  });

  it("says how many arrived when waitFor gives up", async () => {
    recorder = await startSmtpRecorder();
    await smtpSender(recorder.url, { timeouts }).send(email(1));
    await expect(recorder.waitFor(2, 50)).rejects.toThrow(/for 2 messages, got 1/);
  });

  it("accepts any credentials, so an SMTP_URL with a login works", async () => {
    recorder = await startSmtpRecorder();
    const url = recorder.url.replace("smtp://", "smtp://apikey:secret@");
    await smtpSender(url, { timeouts }).send(email(7));
    expect(recorder.messages[0]!.envelope).toEqual({
      from: "billing@acme.test",
      to: ["cliente7@cliente.test"],
    });
  });
});
