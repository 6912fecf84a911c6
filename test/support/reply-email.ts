import type { Instant } from "../../src/kernel/dates.js";
import type { RecordedEmail } from "./smtp-recorder.js";

let replies = 0;

/** A customer's reply to a message the SMTP server received: threaded, sent to its Reply-To. */
export function replyTo(
  message: RecordedEmail,
  from: string,
  body: string,
  at: Instant | string,
): string {
  replies++;
  return [
    `From: ${from}`,
    `To: ${message.replyTo}`,
    `Subject: Re: ${message.subject}`,
    `Message-ID: <reply-${replies}-${at.replace(/\D/g, "")}@customer.example>`,
    `In-Reply-To: ${message.messageId}`,
    `References: ${[...message.references, message.messageId].join(" ")}`,
    `Date: ${new Date(Date.parse(at)).toUTCString()}`,
    "Content-Type: text/plain; charset=utf-8",
    "",
    body,
    "",
    `On ${message.date}, ${message.from} wrote:`,
    ...message.text.split("\n").map((l) => `> ${l}`),
    "",
  ].join("\r\n");
}

/** A mail server's delivery status notification for a message that bounced. */
export function bounceOf(message: RecordedEmail, recipient: string, at: Instant | string): string {
  const boundary = "dsn-boundary-1";
  return [
    "From: MAILER-DAEMON@mx.example (Mail Delivery System)",
    `To: ${message.from}`,
    "Subject: Undelivered Mail Returned to Sender",
    `Message-ID: <bounce-${at.replace(/\D/g, "")}@mx.example>`,
    `Date: ${new Date(Date.parse(at)).toUTCString()}`,
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    `I'm sorry to have to inform you that your message could not be delivered to ${recipient}.`,
    "",
    `--${boundary}`,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.example",
    "",
    `Final-Recipient: rfc822; ${recipient}`,
    "Action: failed",
    "Status: 5.1.1",
    "Diagnostic-Code: smtp; 550 5.1.1 User unknown",
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    `From: ${message.from}`,
    `To: ${recipient}`,
    `Subject: ${message.subject}`,
    `Message-ID: ${message.messageId}`,
    "",
    `--${boundary}--`,
    "",
  ].join("\r\n");
}
