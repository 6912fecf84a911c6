/**
 * A recording SMTP server for tests on 127.0.0.1: every accepted message is parsed and kept in
 * `messages`, in the order the final replies were decided. No TLS; AUTH is optional and any
 * credentials pass, so a plain `smtp://[user:pass@]127.0.0.1:PORT` sender connects.
 *
 * Hooks, in the order a message meets them:
 * - `rejectRecipients(address)` answers RCPT TO with the returned code (e.g. 550, 451);
 * - `failData()` answers the end of DATA with the returned code; the message is not recorded;
 * - the message is recorded, then `beforeAccept(raw)` runs, then the 250 goes out. A hook that
 *   throws turns the 250 into a 451 (the message stays recorded: the server did receive it).
 */
import type { AddressInfo } from "node:net";
import { type AddressObject, simpleParser } from "mailparser";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";

export type RecordedEmail = {
  envelope: { from: string | null; to: string[] };
  raw: Buffer;
  /**
   * Lower-case header names; the first occurrence of a repeated header, unfolded. Text and
   * address headers are decoded ("Acme Facturación <billing@acme.test>"), others are raw.
   */
  headers: Map<string, string>;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  replyTo: string | null;
  /** The From address (no display name). */
  from: string;
  /** The To addresses. */
  to: string[];
  subject: string;
  /** The Date header as an ISO instant (`2026-03-01T09:00:00.000Z`), null if missing or bad. */
  date: string | null;
  text: string;
  html: string | null;
  attachments: { filename: string; contentType: string; content: Buffer }[];
  /** The X-Cashloop-Key header (the outbox key). */
  xKey: string | null;
};

export type SmtpReply = { code: number; message: string };

export type SmtpRecorderOptions = {
  rejectRecipients?: (address: string) => SmtpReply | null;
  beforeAccept?: (raw: Buffer) => void | Promise<void>;
  failData?: () => SmtpReply | null;
};

export type SmtpRecorder = {
  /** smtp://127.0.0.1:PORT */
  url: string;
  port: number;
  messages: RecordedEmail[];
  /** Resolves once at least `count` messages are recorded; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  clear(): void;
  close(): Promise<void>;
};

function smtpError(reply: SmtpReply): Error {
  return Object.assign(new Error(reply.message), { responseCode: reply.code });
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return objects
    .flatMap((o) => o.value.flatMap((a) => [a.address, ...(a.group ?? []).map((g) => g.address)]))
    .filter((a): a is string => typeof a === "string" && a !== "");
}

function dateInstant(value: string | undefined): string | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export async function parseRecorded(
  raw: Buffer,
  envelope: RecordedEmail["envelope"],
): Promise<RecordedEmail> {
  const mail = await simpleParser(raw, { skipImageLinks: true });
  const headers = new Map<string, string>();
  for (const { key, line } of mail.headerLines) {
    const name = key.toLowerCase();
    if (headers.has(name)) continue;
    // Decoded where mailparser decodes (text and address headers), else the raw unfolded value.
    const parsed = mail.headers.get(name);
    const rawValue = line
      .slice(line.indexOf(":") + 1)
      .replace(/\r?\n[ \t]+/g, " ")
      .trim();
    if (typeof parsed === "string") headers.set(name, parsed);
    else if (parsed && typeof parsed === "object" && "text" in parsed && "value" in parsed) {
      headers.set(name, String(parsed.text));
    } else headers.set(name, rawValue);
  }
  const references = mail.references ?? [];
  return {
    envelope,
    raw,
    headers,
    messageId: mail.messageId ?? null,
    inReplyTo: mail.inReplyTo ?? null,
    references: Array.isArray(references) ? references : [references],
    replyTo: addressesOf(mail.replyTo)[0] ?? null,
    from: addressesOf(mail.from)[0] ?? "",
    to: addressesOf(mail.to),
    subject: mail.subject ?? "",
    date: dateInstant(headers.get("date")),
    text: mail.text ?? "",
    html: typeof mail.html === "string" ? mail.html : null,
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? "",
      contentType: a.contentType,
      content: a.content,
    })),
    xKey: headers.get("x-cashloop-key") ?? null,
  };
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.once("end", () => resolve(Buffer.concat(chunks)));
    stream.once("error", reject);
  });
}

export async function startSmtpRecorder(options: SmtpRecorderOptions = {}): Promise<SmtpRecorder> {
  const messages: RecordedEmail[] = [];
  const waiters = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    closeTimeout: 2_000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "test" });
    },
    onRcptTo(address, _session, callback) {
      const reply = options.rejectRecipients?.(address.address) ?? null;
      callback(reply ? smtpError(reply) : null);
    },
    onData(stream, session, callback) {
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
        to: session.envelope.rcptTo.map((a) => a.address),
      };
      void (async () => {
        const raw = await readAll(stream);
        const failure = options.failData?.() ?? null;
        if (failure) return callback(smtpError(failure));
        let recorded: RecordedEmail;
        try {
          recorded = await parseRecorded(raw, envelope);
        } catch (error) {
          return callback(smtpError({ code: 554, message: `recorder could not parse: ${error}` }));
        }
        messages.push(recorded);
        for (const wake of waiters) wake();
        try {
          await options.beforeAccept?.(raw);
        } catch (error) {
          return callback(smtpError({ code: 451, message: `beforeAccept failed: ${error}` }));
        }
        callback(null, "OK: recorded");
      })().catch((error) => callback(smtpError({ code: 451, message: String(error) })));
    },
  });
  // A client killed mid-session resets its socket; that is expected here, not a failure.
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `smtp recorder: waited ${timeoutMs} ms for ${count} messages, got ${messages.length}`,
            ),
          );
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    clear() {
      messages.length = 0;
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
