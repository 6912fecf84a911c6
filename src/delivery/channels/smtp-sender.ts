/**
 * The SMTP email sender: composes each message with nodemailer's MailComposer and speaks SMTP
 * through nodemailer's SMTPConnection, one connection per message (no pool).
 *
 * nodemailer's ready-made transport reports every dropped connection as command "CONN", whether
 * it dropped before MAIL FROM or after the whole message went out, so it cannot tell `retry`
 * from `uncertain`. Driving the connection here lets us see the one fact that matters: whether
 * the server had answered DATA and started reading the message (see `dataStream`).
 */
import { Readable } from "node:stream";
import MailComposer from "nodemailer/lib/mail-composer";
import SMTPConnection from "nodemailer/lib/smtp-connection";
import { instantToMs } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import {
  type EmailAddress,
  type EmailSender,
  type OutgoingEmail,
  SendFailure,
  type SendReceipt,
} from "../model.js";

export type SmtpTimeouts = { connectionMs: number; greetingMs: number; socketMs: number };

const defaultTimeouts: SmtpTimeouts = {
  connectionMs: 10_000,
  greetingMs: 10_000,
  socketMs: 30_000,
};

/** What an SMTP_URL says: where to connect, how, and as whom. */
export type SmtpSettings = {
  host: string;
  port: number;
  /** true for smtps:// (TLS from the first byte); smtp:// may still upgrade with STARTTLS. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  /** Query options passed to nodemailer as they are (already typed). */
  options: Record<string, string | number | boolean>;
  tls: Record<string, string | number | boolean>;
};

type OptionKind = "boolean" | "number" | "string";
/** The nodemailer connection options an SMTP_URL may set in its query string. */
const urlOptions: Record<string, OptionKind> = {
  ignoreTLS: "boolean",
  requireTLS: "boolean",
  opportunisticTLS: "boolean",
  name: "string",
  localAddress: "string",
  servername: "string",
  lmtp: "boolean",
  connectionTimeout: "number",
  greetingTimeout: "number",
  socketTimeout: "number",
  dnsTimeout: "number",
  "tls.rejectUnauthorized": "boolean",
  "tls.servername": "string",
  "tls.minVersion": "string",
};

function smtpUrlInvalid(url: string, reason: string): CashloopError {
  const shown = url.replace(/\/\/([^@/]*)@/, "//***@"); // never echo a password
  return new CashloopError("smtp_url_invalid", `SMTP_URL ${JSON.stringify(shown)} ${reason}`, {
    field: "SMTP_URL",
    value: shown,
  });
}

function optionValue(url: string, key: string, kind: OptionKind, raw: string) {
  if (kind === "string") return raw;
  if (kind === "boolean") {
    if (raw === "true") return true;
    if (raw === "false") return false;
    throw smtpUrlInvalid(url, `has ${key}=${raw}; expected true or false`);
  }
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(n)) {
    throw smtpUrlInvalid(url, `has ${key}=${raw}; expected a whole number of milliseconds`);
  }
  return n;
}

/** `smtp://[user:pass@]host[:port][?option=value…]` or `smtps://…`; anything else throws. */
export function parseSmtpUrl(url: string): SmtpSettings {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw smtpUrlInvalid(url, "is not a URL; expected smtp://user:pass@host:port");
  }
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") {
    throw smtpUrlInvalid(url, `has scheme ${parsed.protocol}; expected smtp: or smtps:`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "") throw smtpUrlInvalid(url, "has no host");
  if (parsed.pathname !== "" && parsed.pathname !== "/") {
    throw smtpUrlInvalid(url, `has a path (${parsed.pathname}); an SMTP URL has none`);
  }
  const secure = parsed.protocol === "smtps:";
  const port = parsed.port === "" ? (secure ? 465 : 587) : Number(parsed.port);
  if (port < 1 || port > 65_535) throw smtpUrlInvalid(url, "has port 0; expected 1-65535");
  const options: SmtpSettings["options"] = {};
  const tls: SmtpSettings["tls"] = {};
  for (const [key, raw] of parsed.searchParams) {
    const kind = urlOptions[key];
    if (!kind) {
      const known = Object.keys(urlOptions).join(", ");
      throw smtpUrlInvalid(url, `has unknown option ${JSON.stringify(key)}; known: ${known}`);
    }
    const value = optionValue(url, key, kind, raw);
    if (key.startsWith("tls.")) tls[key.slice(4)] = value;
    else options[key] = value;
  }
  const user = decodeURIComponent(parsed.username);
  const pass = decodeURIComponent(parsed.password);
  const auth = user !== "" || pass !== "" ? { user, pass } : null;
  return { host, port, secure, auth, options, tls };
}

/** The shape of nodemailer's errors: `code` (ECONNECTION…), `command`, `responseCode`. */
export type SmtpError = Error & { code?: string; command?: string; responseCode?: number };

/**
 * What the dispatcher may do after a failed send. `dataStarted` says whether the server had
 * answered DATA and begun reading the message: once it has, a lost connection or a timeout
 * without a final reply may hide a delivered message.
 */
export function classifySmtpError(error: SmtpError, dataStarted: boolean): SendFailure {
  const where = error.command ? ` (${error.command})` : "";
  const message = `SMTP send failed${where}: ${error.message}`;
  const reply = error.responseCode;
  if (typeof reply === "number" && reply >= 500 && reply < 600) {
    return new SendFailure("permanent", message, String(reply));
  }
  if (typeof reply === "number" && reply >= 400 && reply < 500) {
    // An explicit temporary refusal, even to the end of DATA: the server did not keep it.
    return new SendFailure("retry", message, String(reply));
  }
  const code = error.code ?? null;
  // Refused before any byte left: our message or settings are wrong, retrying cannot help.
  if (code === "EENVELOPE" || code === "EMESSAGE" || code === "EAUTH" || code === "ECONFIG") {
    return new SendFailure("permanent", message, code);
  }
  return new SendFailure(dataStarted ? "uncertain" : "retry", message, code);
}

/** Queue ids in common final replies; nodemailer already reads Outlook's and SES's. */
const queueIdPatterns = [
  /queued as ([A-Za-z0-9._-]+)/i, // Postfix, many relays
  /\bid=([A-Za-z0-9._-]+)/i, // Exim, Mailgun-style
  /^250 2\.0\.0 OK\s+\d+ (\S+) - gsmtp/i, // Gmail
];

function providerMessageIdOf(response: string, serverMessageId: string | undefined): string | null {
  if (serverMessageId) return serverMessageId;
  for (const pattern of queueIdPatterns) {
    const id = pattern.exec(response)?.[1];
    if (id) return id;
  }
  return null;
}

function formatAddress(a: EmailAddress): { name: string; address: string } | string {
  return a.name ? { name: a.name, address: a.address } : a.address;
}

/** Builds the whole MIME message in memory: headers exactly as the caller decided them. */
async function composeMessage(email: OutgoingEmail) {
  const date = new Date(instantToMs(email.date));
  const node = new MailComposer({
    from: formatAddress(email.from),
    to: email.to.map(formatAddress),
    replyTo: email.replyTo,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
    ...(email.references.length > 0 ? { references: email.references } : {}),
    date,
    headers: email.headers,
    attachments: email.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: a.content,
      contentTransferEncoding: "base64", // byte-exact, even for text/xml
    })),
  }).compile();
  const envelope = node.getEnvelope();
  const raw: Buffer = await node.build();
  return { envelope, raw };
}

/** The message as a stream nodemailer reads only after the server's 354 reply to DATA. */
function dataStream(raw: Buffer, onStart: () => void): Readable {
  let started = false;
  return new Readable({
    read() {
      if (started) return;
      started = true;
      onStart();
      this.push(raw);
      this.push(null);
    },
  });
}

type Composed = Awaited<ReturnType<typeof composeMessage>>;

function sendOnce(
  settings: SmtpSettings,
  timeouts: SmtpTimeouts,
  email: OutgoingEmail,
  composed: Composed,
): Promise<SendReceipt> {
  return new Promise((resolve, reject) => {
    let dataStarted = false;
    let settled = false;
    const connection = new SMTPConnection({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      connectionTimeout: timeouts.connectionMs,
      greetingTimeout: timeouts.greetingMs,
      socketTimeout: timeouts.socketMs,
      logger: false,
      ...settings.options,
      ...(Object.keys(settings.tls).length > 0 ? { tls: settings.tls } : {}),
    });
    const fail = (error: SmtpError) => {
      if (settled) return;
      settled = true;
      connection.close();
      reject(classifySmtpError(error, dataStarted));
    };
    // `on`, not `once`: a late socket error (say, after QUIT) must find a listener, not crash.
    connection.on("error", fail);
    const send = () => {
      const stream = dataStream(composed.raw, () => {
        dataStarted = true;
      });
      connection.send(composed.envelope, stream, (error, info) => {
        if (error) return fail(error);
        if (settled) return;
        settled = true;
        connection.quit();
        resolve({
          provider: "smtp",
          providerMessageId:
            providerMessageIdOf(info.response, info.serverMessageId) ?? email.messageId,
          accepted: info.accepted.map(String),
          rejected: info.rejected.map(String),
        });
      });
    };
    connection.connect((error) => {
      if (error) return fail(error);
      // Like nodemailer's transport: log in only where the server offers AUTH.
      if (!settings.auth || !connection.allowsAuth) return send();
      connection.login(settings.auth, (loginError) => (loginError ? fail(loginError) : send()));
    });
  });
}

/** An EmailSender over SMTP. Throws `smtp_url_invalid` (field SMTP_URL) on a bad URL. */
export function smtpSender(
  url: string,
  config: { timeouts?: Partial<SmtpTimeouts> } = {},
): EmailSender {
  const settings = parseSmtpUrl(url);
  const timeouts = { ...defaultTimeouts, ...config.timeouts };
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  return {
    provider: "smtp",
    async send(email) {
      if (closed) throw new SendFailure("retry", "SMTP sender is closed; nothing was sent");
      let composed: Composed;
      try {
        composed = await composeMessage(email);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new SendFailure("permanent", `could not compose the email: ${reason}`);
      }
      const sending = sendOnce(settings, timeouts, email, composed);
      inFlight.add(sending);
      try {
        return await sending;
      } finally {
        inFlight.delete(sending);
      }
    },
    /** Stops new sends and waits for those under way (each bounded by its timeouts). */
    async close() {
      closed = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
