import { describe, expect, it } from "vitest";
import { CashloopError } from "../../kernel/errors.js";
import { readEmail } from "./read-email.js";

/** Fixtures are written with \n for readability and sent with CRLF, as on the wire. */
const crlf = (s: string) => s.replace(/\r?\n/g, "\r\n");

const receipt = Buffer.from(
  "%PDF-1.4\n%\xe2\xe3\xcf\xd3\nComprobante SPEI 1,160.00 MXN\n%%EOF\n",
  "latin1",
);
const receiptBase64 = receipt.toString("base64").replace(/.{76}/g, "$&\n");

const spanishReply = crlf(`Return-Path: <Ana.Perez@Cliente.MX>
Delivered-To: reply+rpl_01j0abc@acme.test
Received: from mail.cliente.mx (mail.cliente.mx [203.0.113.20])
\tby mx1.acme.test (Postfix) with ESMTPS id 9C1D2E3F4A
\tfor <reply+rpl_01j0abc@acme.test>; Tue,  7 Apr 2026 16:15:44 +0000 (UTC)
MIME-Version: 1.0
From: =?UTF-8?Q?Ana_P=C3=A9rez?= <Ana.Perez@Cliente.MX>
Date: Tue, 7 Apr 2026 10:15:42 -0600 (CST)
Message-ID: <CAF3x9QwA1b2C3d4@mail.cliente.mx>
In-Reply-To: <out_01j0abcdef@acme.test>
References: <out_01hzfirst@acme.test>
 <out_01j0abcdef@acme.test>
Subject: Re: Factura F-0042 =?UTF-8?Q?=E2=80=94_vence_el_15_de_abril?=
To: =?UTF-8?Q?Acme_Facturaci=C3=B3n?= <reply+rpl_01j0abc@acme.test>
Cc: Contabilidad <contabilidad@cliente.mx>
Content-Type: multipart/mixed; boundary="000000000000a1b2c3d4e5"

--000000000000a1b2c3d4e5
Content-Type: multipart/alternative; boundary="000000000000a1b2c3d4e4"

--000000000000a1b2c3d4e4
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

Hola, ya pagu=C3=A9, adjunto comprobante de la transferencia.

Saludos,
Ana

El mar, 31 mar 2026 a las 16:30, Acme Facturaci=C3=B3n (<billing@acme.test>)=
 escribi=C3=B3:
> Hola Ana,
>
> Adjuntamos la factura F-0042 por MXN 1,160.00, con vencimiento el 15 de a=
bril.

--000000000000a1b2c3d4e4
Content-Type: text/html; charset="UTF-8"
Content-Transfer-Encoding: quoted-printable

<div dir=3D"ltr">Hola, ya pagu=C3=A9, adjunto comprobante de la transferenc=
ia.<br><br>Saludos,<br>Ana</div><br><div class=3D"gmail_quote"><blockquote>=
Hola Ana,<br>Adjuntamos la factura F-0042</blockquote></div>

--000000000000a1b2c3d4e4--

--000000000000a1b2c3d4e5
Content-Type: application/pdf; name="comprobante-spei.pdf"
Content-Disposition: attachment; filename="comprobante-spei.pdf"
Content-Transfer-Encoding: base64

${receiptBase64}
--000000000000a1b2c3d4e5--
`);

const htmlOnlyReply = crlf(`From: "Luis Gómez" <luis.gomez@ejemplo.mx>
To: reply+rpl_01j0def@acme.test
Subject: RE: Recordatorio: factura F-0040
Date: not a date at all
Message-ID: <DM6PR01MB1234.namprd01.prod.outlook.com>
In-Reply-To: <out_01j0def@acme.test>
MIME-Version: 1.0
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: 8bit

<html><head><style>p{margin:0}</style></head><body>
<p>Buenas tardes,</p>
<p>Ya realicé el pago de la factura <b>F-0040</b> el día de hoy.</p>
<div id="divRplyFwdMsg"><hr><b>De:</b> Acme Facturación</div>
</body></html>
`);

const postfixBounce = crlf(`Return-Path: <>
Delivered-To: billing@acme.test
Date: Wed,  1 Apr 2026 09:00:05 +0000 (UTC)
From: MAILER-DAEMON@mx1.acme.test (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: billing@acme.test
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
\tboundary="3F2A1C0123.1775034005/mx1.acme.test"
Content-Transfer-Encoding: 8bit
Message-Id: <20260401090005.3F2A1C0123@mx1.acme.test>

This is a MIME-encapsulated message.

--3F2A1C0123.1775034005/mx1.acme.test
Content-Description: Notification
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

This is the mail system at host mx1.acme.test.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

                   The mail system

<nadie@cliente.mx>: host mx.cliente.mx[203.0.113.7] said: 550 5.1.1
    <nadie@cliente.mx>: Recipient address rejected: User unknown in virtual
    mailbox table (in reply to RCPT TO command)

--3F2A1C0123.1775034005/mx1.acme.test
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx1.acme.test
X-Postfix-Queue-ID: 3F2A1C0123
X-Postfix-Sender: rfc822; billing@acme.test
Arrival-Date: Wed,  1 Apr 2026 09:00:03 +0000 (UTC)

Final-Recipient: rfc822; Nadie@Cliente.MX
Original-Recipient: rfc822;nadie@cliente.mx
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.cliente.mx
Diagnostic-Code: smtp; 550 5.1.1 <nadie@cliente.mx>: Recipient address
    rejected: User unknown in virtual mailbox table

--3F2A1C0123.1775034005/mx1.acme.test
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers
Content-Transfer-Encoding: 8bit

Return-Path: <billing@acme.test>
Received: from app.acme.test (app.acme.test [10.0.0.5])
\tby mx1.acme.test (Postfix) with ESMTP id 3F2A1C0123
\tfor <nadie@cliente.mx>; Wed,  1 Apr 2026 09:00:03 +0000 (UTC)
From: =?UTF-8?Q?Acme_Facturaci=C3=B3n?= <billing@acme.test>
To: nadie@cliente.mx
Reply-To: reply+rpl_01j0xyz@acme.test
Subject: Factura F-0043
Message-ID: <out_01j0xyz@acme.test>
Date: Wed, 01 Apr 2026 09:00:00 +0000
X-Cashloop-Key: invoice:inv_01j0xyz:send

--3F2A1C0123.1775034005/mx1.acme.test--
`);

/** Gmail's notice: no delivery-status part to read, the facts are in the prose. */
const gmailBounce = crlf(`Delivered-To: billing@acme.test
Return-Path: <>
From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
To: billing@acme.test
Auto-Submitted: auto-replied
Subject: Delivery Status Notification (Failure)
References: <out_01j0qrs@acme.test>
In-Reply-To: <out_01j0qrs@acme.test>
Message-ID: <6612a1b2.050a0220.1c2d3.4e5f.GMR@mx.google.com>
Date: Thu, 02 Apr 2026 08:12:44 -0700 (PDT)
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="0000000000009f8e7d6c5b4a"

--0000000000009f8e7d6c5b4a
Content-Type: multipart/alternative; boundary="0000000000009f8e7d6c5b4b"

--0000000000009f8e7d6c5b4b
Content-Type: text/plain; charset="UTF-8"

** Address not found **

Your message wasn't delivered to luis.gomez@gmial.com because the address couldn't be found, or is unable to receive mail.

Learn more here: https://support.google.com/mail/?p=NoSuchUser

The response from the remote server was:
550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. 41be03b00d2f7-5dbf1a2c3d4si123.45 - gsmtp

--0000000000009f8e7d6c5b4b
Content-Type: text/html; charset="UTF-8"

<html><body><h2>Address not found</h2><p>Your message wasn't delivered to <a style="color:#212121">luis.gomez@gmial.com</a> because the address couldn't be found.</p></body></html>

--0000000000009f8e7d6c5b4b--

--0000000000009f8e7d6c5b4a
Content-Type: message/rfc822

From: Acme <billing@acme.test>
To: luis.gomez@gmial.com
Subject: Recordatorio: factura F-0040
Message-ID: <out_01j0qrs@acme.test>
Date: Thu, 02 Apr 2026 15:12:40 +0000
Content-Type: text/plain; charset=utf-8

Hola Luis, le recordamos la factura F-0040.

--0000000000009f8e7d6c5b4a--
`);

/** Exim's text bounce: the failed address in X-Failed-Recipients, a copy of the message inline. */
const eximBounce = crlf(`From: Mail Delivery System <Mailer-Daemon@mail.ejemplo.mx>
To: billing@acme.test
Subject: Mail delivery failed: returning message to sender
X-Failed-Recipients: pedro@ejemplo.mx
Auto-Submitted: auto-replied
Message-Id: <E1uAbCd-0004xY-9Z@mail.ejemplo.mx>
Date: Fri, 03 Apr 2026 12:00:00 +0200

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  pedro@ejemplo.mx
    host mx.ejemplo.mx [198.51.100.4]
    SMTP error from remote mail server after RCPT TO:<pedro@ejemplo.mx>:
    550 5.1.1 User unknown

------ This is a copy of the message, including all the headers. ------

From: Acme <billing@acme.test>
To: pedro@ejemplo.mx
Message-ID: <out_01j0tuv@acme.test>
Subject: Factura F-0044

Hola Pedro...
`);

describe("readEmail: replies", () => {
  it("reads a Spanish reply with a quoted thread and a PDF receipt", async () => {
    const m = await readEmail(Buffer.from(spanishReply, "utf8"));
    expect(m).toMatchObject({
      channel: "email",
      from: "ana.perez@cliente.mx",
      fromName: "Ana Pérez",
      subject: "Re: Factura F-0042 — vence el 15 de abril",
      messageId: "<CAF3x9QwA1b2C3d4@mail.cliente.mx>",
      inReplyTo: "<out_01j0abcdef@acme.test>",
      references: ["<out_01hzfirst@acme.test>", "<out_01j0abcdef@acme.test>"],
      receivedAt: "2026-04-07T16:15:42.000Z",
      bounce: null,
    });
    expect(m.to).toEqual(["reply+rpl_01j0abc@acme.test", "contabilidad@cliente.mx"]);
    expect(m.text).toContain("Hola, ya pagué, adjunto comprobante de la transferencia.");
    expect(m.text).toContain("> Adjuntamos la factura F-0042 por MXN 1,160.00");
    expect(m.attachments).toEqual([
      { filename: "comprobante-spei.pdf", contentType: "application/pdf", size: receipt.length },
    ]);
  });

  it("turns an HTML-only reply into text, and a bad Date into no date", async () => {
    const m = await readEmail(htmlOnlyReply);
    expect(m.from).toBe("luis.gomez@ejemplo.mx");
    expect(m.fromName).toBe("Luis Gómez");
    expect(m.text).toContain("Ya realicé el pago de la factura F-0040 el día de hoy.");
    expect(m.text).not.toMatch(/<p>|<b>|margin/);
    expect(m.receivedAt).toBeNull();
    expect(m.inReplyTo).toBe("<out_01j0def@acme.test>");
    expect(m.references).toEqual([]);
    expect(m.attachments).toEqual([]);
    expect(m.bounce).toBeNull();
  });

  it("does not take a person's message about a bounce for a bounce", async () => {
    const forwarded = crlf(`From: Ana <ana.perez@cliente.mx>
To: reply+rpl_01j0abc@acme.test
Subject: Fwd: Undelivered Mail Returned to Sender
Date: Tue, 7 Apr 2026 10:15:42 -0600

550 5.1.1 <nadie@cliente.mx>: User unknown - we changed our address, use ana.perez@cliente.mx.
`);
    expect((await readEmail(forwarded)).bounce).toBeNull();
  });
});

describe("readEmail: bounces", () => {
  it("reads a Postfix delivery status notification", async () => {
    const m = await readEmail(postfixBounce);
    expect(m.from).toBe("mailer-daemon@mx1.acme.test");
    expect(m.bounce).toEqual({
      recipient: "nadie@cliente.mx",
      status: "5.1.1",
      action: "failed",
      diagnostic:
        "550 5.1.1 <nadie@cliente.mx>: Recipient address rejected: User unknown in virtual mailbox table",
      originalMessageId: "<out_01j0xyz@acme.test>",
    });
    expect(m.receivedAt).toBe("2026-04-01T09:00:05.000Z");
  });

  it("picks the failed recipient of a report that lists several", async () => {
    const report = postfixBounce.replace(
      "Final-Recipient: rfc822; Nadie@Cliente.MX",
      crlf(
        "Final-Recipient: rfc822; ok@cliente.mx\nAction: relayed\nStatus: 2.0.0\n\nFinal-Recipient: rfc822; Nadie@Cliente.MX",
      ),
    );
    expect((await readEmail(report)).bounce?.recipient).toBe("nadie@cliente.mx");
  });

  it("reports a delay notice with its action, so it is not taken for a failure", async () => {
    const delay = postfixBounce
      .replace("Action: failed", "Action: delayed")
      .replace("Status: 5.1.1", "Status: 4.4.1");
    expect((await readEmail(delay)).bounce).toMatchObject({
      recipient: "nadie@cliente.mx",
      status: "4.4.1",
      action: "delayed",
    });
  });

  it("reads Gmail's 'Delivery Status Notification (Failure)'", async () => {
    const m = await readEmail(gmailBounce);
    expect(m.bounce).toEqual({
      recipient: "luis.gomez@gmial.com",
      status: "5.1.1",
      action: "failed",
      diagnostic: expect.stringMatching(
        /^550 5\.1\.1 The email account that you tried to reach does not exist/,
      ),
      originalMessageId: "<out_01j0qrs@acme.test>",
    });
  });

  it("reads Exim's 'Mail delivery failed' notice", async () => {
    const m = await readEmail(eximBounce);
    expect(m.bounce).toEqual({
      recipient: "pedro@ejemplo.mx",
      status: "5.1.1",
      action: "failed",
      diagnostic: "550 5.1.1 User unknown",
      originalMessageId: "<out_01j0tuv@acme.test>",
    });
  });
});

describe("readEmail: bad input", () => {
  it.each([
    ["empty", ""],
    ["only blank lines", "\r\n\r\n   \r\n"],
    ["a sentence", "ya pagué, adjunto comprobante"],
    ["binary", Buffer.from([0, 159, 146, 150, 255, 0, 10, 13, 10, 1, 2, 3])],
    ["headers without a From", "Subject: hola\r\n\r\ncuerpo\r\n"],
  ])("%s → email_invalid", async (_name, input) => {
    const error = await readEmail(input).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CashloopError);
    expect((error as CashloopError).code).toBe("email_invalid");
    expect((error as CashloopError).message).toMatch(/^not a readable email: /);
  });
});
