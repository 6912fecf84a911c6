import { createHmac } from "node:crypto";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { CashloopError } from "../../kernel/errors.js";
import {
  readCloudWebhook,
  readTwilioInbound,
  readTwilioStatus,
  verifyCloudChallenge,
  verifyCloudSignature,
  verifyTwilioSignature,
} from "./whatsapp-inbound.js";

// ---- Meta Cloud API: payloads shaped as Meta's webhook reference shows them ----------------

const appSecret = "0123456789abcdef0123456789abcdef";
const ourNumber = { display_phone_number: "15550783881", phone_number_id: "106540352242922" };
const wamidIn = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
const wamidOut = "wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3QTlCRkQ2MzY5QTEyQUE0QkEA";

function cloudWebhook(value: Record<string, unknown>, field = "messages") {
  return {
    object: "whatsapp_business_account",
    entry: [{ id: "102290129340398", changes: [{ value, field }] }],
  };
}

function inbound(message: Record<string, unknown>) {
  return cloudWebhook({
    messaging_product: "whatsapp",
    metadata: ourNumber,
    contacts: [{ profile: { name: "Sheena Nelson" }, wa_id: "16505551234" }],
    messages: [{ from: "16505551234", id: wamidIn, timestamp: "1749416383", ...message }],
  });
}

const textPayload = inbound({ type: "text", text: { body: "Paid yesterday, see attached" } });

function sign(body: Buffer, secret = appSecret): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

describe("verifyCloudSignature", () => {
  const raw = Buffer.from(JSON.stringify(textPayload));

  it("accepts the app secret's HMAC-SHA256 of the raw body", () => {
    expect(verifyCloudSignature(raw, sign(raw), appSecret)).toBe(true);
    expect(
      verifyCloudSignature(raw, sign(raw).toUpperCase().replace("SHA256=", "sha256="), appSecret),
    ).toBe(true);
  });

  it("rejects a tampered body, another secret, and malformed headers", () => {
    const tampered = Buffer.from(raw.toString("utf8").replace("yesterday", "tomorrow"));
    expect(verifyCloudSignature(tampered, sign(raw), appSecret)).toBe(false);
    expect(verifyCloudSignature(raw, sign(raw, "another-secret"), appSecret)).toBe(false);
    expect(verifyCloudSignature(raw, undefined, appSecret)).toBe(false);
    expect(verifyCloudSignature(raw, "", appSecret)).toBe(false);
    expect(verifyCloudSignature(raw, sign(raw).slice("sha256=".length), appSecret)).toBe(false);
    expect(verifyCloudSignature(raw, sign(raw).slice(0, -2), appSecret)).toBe(false);
    expect(verifyCloudSignature(raw, `sha1=${"0".repeat(40)}`, appSecret)).toBe(false);
    expect(verifyCloudSignature(raw, sign(raw, ""), "")).toBe(false);
  });
});

describe("verifyCloudChallenge", () => {
  const query = {
    "hub.mode": "subscribe",
    "hub.verify_token": "my-token",
    "hub.challenge": "1158201444",
  };

  it("answers the challenge to our verify token only", () => {
    expect(verifyCloudChallenge(query, "my-token")).toBe("1158201444");
    expect(verifyCloudChallenge(query, "other-token")).toBeNull();
    expect(verifyCloudChallenge({ ...query, "hub.mode": "unsubscribe" }, "my-token")).toBeNull();
    expect(
      verifyCloudChallenge({ "hub.mode": "subscribe", "hub.challenge": "1" }, "my-token"),
    ).toBeNull();
    expect(
      verifyCloudChallenge({ ...query, "hub.verify_token": ["my-token"] }, "my-token"),
    ).toBeNull();
    expect(verifyCloudChallenge({ ...query, "hub.verify_token": "" }, "")).toBeNull();
  });
});

describe("readCloudWebhook", () => {
  it("reads a text message", () => {
    expect(readCloudWebhook(textPayload)).toEqual({
      messages: [
        {
          channel: "whatsapp",
          from: "+16505551234",
          fromName: "Sheena Nelson",
          to: ["+15550783881"],
          subject: null,
          text: "Paid yesterday, see attached",
          messageId: wamidIn,
          inReplyTo: null,
          references: [],
          receivedAt: "2025-06-08T20:59:43.000Z",
          attachments: [],
          bounce: null,
        },
      ],
      statuses: [],
    });
  });

  it("reads a reply's context.id as the message it answers", () => {
    const payload = inbound({
      type: "text",
      text: { body: "Can I pay next week?" },
      context: { from: "15550783881", id: wamidOut },
    });

    const [message] = readCloudWebhook(payload).messages;

    expect(message?.inReplyTo).toBe(wamidOut);
    expect(message?.text).toBe("Can I pay next week?");
  });

  it("reads an image as an attachment with its caption as the text", () => {
    const payload = inbound({
      type: "image",
      image: {
        caption: "Transfer receipt",
        mime_type: "image/jpeg",
        sha256: "mpBh3sk0YeM2Fm2M4rMqS4bM6ufLGXTHHsJrAv2Cw7c=",
        id: "1003383421387256",
      },
    });

    const [message] = readCloudWebhook(payload).messages;

    expect(message?.text).toBe("Transfer receipt");
    expect(message?.attachments).toEqual([{ filename: null, contentType: "image/jpeg", size: 0 }]);
  });

  it("keeps a document's file name", () => {
    const payload = inbound({
      type: "document",
      document: { filename: "receipt.pdf", mime_type: "application/pdf", sha256: "x", id: "1" },
    });

    expect(readCloudWebhook(payload).messages[0]?.attachments).toEqual([
      { filename: "receipt.pdf", contentType: "application/pdf", size: 0 },
    ]);
  });

  it("reads a tapped quick-reply button's text", () => {
    const payload = inbound({
      type: "button",
      button: { text: "I already paid", payload: "PAID" },
      context: { from: "15550783881", id: wamidOut },
    });

    const [message] = readCloudWebhook(payload).messages;

    expect(message?.text).toBe("I already paid");
    expect(message?.inReplyTo).toBe(wamidOut);
  });

  it("reads status updates, a failure with its first error, ignoring unknown fields", () => {
    const payload = cloudWebhook({
      messaging_product: "whatsapp",
      metadata: ourNumber,
      statuses: [
        {
          id: wamidOut,
          status: "delivered",
          timestamp: "1750263773",
          recipient_id: "16505551234",
          conversation: { id: "CONVERSATION_ID", origin: { type: "utility" } },
          pricing: { billable: true, pricing_model: "PMP", category: "utility" },
        },
        {
          id: wamidOut,
          status: "failed",
          timestamp: "1750263774",
          recipient_id: "16505551234",
          errors: [
            {
              code: 131047,
              title: "Re-engagement message",
              message: "Re-engagement message",
              error_data: {
                details: "Message failed to send because more than 24 hours have passed",
              },
              href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
            },
          ],
        },
      ],
    });

    expect(readCloudWebhook(payload)).toEqual({
      messages: [],
      statuses: [
        {
          providerMessageId: wamidOut,
          status: "delivered",
          recipient: "+16505551234",
          at: "2025-06-18T16:22:53.000Z",
          errorCode: null,
          errorTitle: null,
        },
        {
          providerMessageId: wamidOut,
          status: "failed",
          recipient: "+16505551234",
          at: "2025-06-18T16:22:54.000Z",
          errorCode: "131047",
          errorTitle: "Re-engagement message",
        },
      ],
    });
  });

  it("ignores changes that are not messages", () => {
    const payload = cloudWebhook(
      { event: "APPROVED", message_template_id: 123, message_template_name: "invoice_due" },
      "message_template_status_update",
    );

    expect(readCloudWebhook(payload)).toEqual({ messages: [], statuses: [] });
  });

  it.each([
    ["a Messenger webhook", { object: "page", entry: [] }],
    ["no payload", null],
    ["a message without an id", inbound({ id: undefined, type: "text", text: { body: "x" } })],
    ["a bad timestamp", inbound({ timestamp: "2025-06-08", type: "text", text: { body: "x" } })],
    ["a value without metadata", cloudWebhook({ messaging_product: "whatsapp", messages: [] })],
  ])("refuses %s with a clear error", (_, payload) => {
    const error = (() => {
      try {
        readCloudWebhook(payload);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CashloopError);
    expect((error as CashloopError).code).toBe("whatsapp_webhook_invalid");
    expect((error as CashloopError).message).toMatch(/^not a WhatsApp Cloud API webhook: /);
  });
});

// ---- Twilio: form fields as Twilio posts them for WhatsApp ---------------------------------

const authToken = "12345678901234567890123456789012";
const webhookUrl = "https://cashloop.example.com/webhooks/twilio/whatsapp?org=org_1";
const inboundSid = `SM${"d4".repeat(16)}`;
const outboundSid = `SM${"b2".repeat(16)}`;

const twilioParams: Record<string, string> = {
  SmsMessageSid: inboundSid,
  NumMedia: "0",
  ProfileName: "Sheena Nelson",
  MessageType: "text",
  SmsSid: inboundSid,
  WaId: "16505551234",
  SmsStatus: "received",
  Body: "Paid yesterday",
  To: "whatsapp:+14155238886",
  NumSegments: "1",
  ReferralNumMedia: "0",
  MessageSid: inboundSid,
  AccountSid: `AC${"a1".repeat(16)}`,
  From: "whatsapp:+16505551234",
  ApiVersion: "2010-04-01",
};

describe("verifyTwilioSignature", () => {
  const signature = twilio.getExpectedTwilioSignature(authToken, webhookUrl, twilioParams);

  it("accepts Twilio's signature over the URL and the form fields", () => {
    expect(verifyTwilioSignature(webhookUrl, twilioParams, signature, authToken)).toBe(true);
  });

  it("rejects tampered fields, another URL, another token, and no signature", () => {
    const tampered = { ...twilioParams, Body: "I will never pay" };
    expect(verifyTwilioSignature(webhookUrl, tampered, signature, authToken)).toBe(false);
    expect(verifyTwilioSignature(`${webhookUrl}2`, twilioParams, signature, authToken)).toBe(false);
    expect(verifyTwilioSignature(webhookUrl, twilioParams, signature, "another-token")).toBe(false);
    expect(verifyTwilioSignature(webhookUrl, twilioParams, undefined, authToken)).toBe(false);
    expect(verifyTwilioSignature(webhookUrl, twilioParams, "", authToken)).toBe(false);
  });
});

describe("readTwilioInbound", () => {
  it("reads a text message", () => {
    expect(readTwilioInbound(twilioParams)).toEqual({
      channel: "whatsapp",
      from: "+16505551234",
      fromName: "Sheena Nelson",
      to: ["+14155238886"],
      subject: null,
      text: "Paid yesterday",
      messageId: inboundSid,
      inReplyTo: null,
      references: [],
      receivedAt: null,
      attachments: [],
      bounce: null,
    });
  });

  it("reads a reply's OriginalRepliedMessageSid and its media", () => {
    const message = readTwilioInbound({
      ...twilioParams,
      MessageType: "image",
      Body: "",
      NumMedia: "2",
      MediaContentType0: "image/jpeg",
      MediaUrl0: `https://api.twilio.com/2010-04-01/Accounts/AC/Messages/${inboundSid}/Media/ME1`,
      MediaContentType1: "application/pdf",
      MediaUrl1: `https://api.twilio.com/2010-04-01/Accounts/AC/Messages/${inboundSid}/Media/ME2`,
      OriginalRepliedMessageSender: "whatsapp:+14155238886",
      OriginalRepliedMessageSid: outboundSid,
    });

    expect(message.inReplyTo).toBe(outboundSid);
    expect(message.text).toBe("");
    expect(message.attachments).toEqual([
      { filename: null, contentType: "image/jpeg", size: 0 },
      { filename: null, contentType: "application/pdf", size: 0 },
    ]);
  });

  it.each([
    ["an SMS", { ...twilioParams, From: "+16505551234" }],
    ["no MessageSid", { ...twilioParams, MessageSid: "" }],
    ["too many media", { ...twilioParams, NumMedia: "11" }],
  ])("refuses %s with a clear error", (_, params) => {
    expect(() => readTwilioInbound(params)).toThrow(CashloopError);
  });
});

describe("readTwilioStatus", () => {
  const callback = {
    AccountSid: `AC${"a1".repeat(16)}`,
    ApiVersion: "2010-04-01",
    ChannelPrefix: "whatsapp",
    ChannelToAddress: "+16505551234",
    From: "whatsapp:+14155238886",
    MessageSid: outboundSid,
    SmsSid: outboundSid,
    To: "whatsapp:+16505551234",
  };

  it.each([
    ["sent", "sent"],
    ["delivered", "delivered"],
    ["read", "read"],
  ] as const)("reads %s", (twilioStatus, status) => {
    expect(
      readTwilioStatus({ ...callback, MessageStatus: twilioStatus, SmsStatus: twilioStatus }),
    ).toEqual({
      providerMessageId: outboundSid,
      status,
      recipient: "+16505551234",
      at: null,
      errorCode: null,
      errorTitle: null,
    });
  });

  it("reads undelivered and failed as failed, with the error code", () => {
    expect(
      readTwilioStatus({ ...callback, MessageStatus: "undelivered", ErrorCode: "63016" }),
    ).toMatchObject({
      status: "failed",
      errorCode: "63016",
    });
    expect(
      readTwilioStatus({ ...callback, MessageStatus: "failed", ErrorCode: "63003" }),
    ).toMatchObject({
      status: "failed",
      errorCode: "63003",
    });
  });

  it("returns null for steps before the hand-over to WhatsApp", () => {
    for (const status of [
      "queued",
      "accepted",
      "sending",
      "scheduled",
      "canceled",
      "constructor",
    ]) {
      expect(readTwilioStatus({ ...callback, MessageStatus: status })).toBeNull();
    }
  });

  it("refuses a callback without a MessageSid", () => {
    expect(() => readTwilioStatus({ ...callback, MessageSid: "", MessageStatus: "sent" })).toThrow(
      CashloopError,
    );
  });
});
