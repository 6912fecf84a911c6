/**
 * Turns a raw inbound email into an `InboundMessage`: mailparser for the content, and a small
 * MIME walk of our own for delivery status notifications (bounces), whose machine-readable
 * parts mailparser folds into the text. Every walk over the input has a limit.
 */
import { type AddressObject, simpleParser } from "mailparser";
import { instantFromMs } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import type { InboundMessage } from "../model.js";

const emailBytesMax = 30 * 1024 * 1024;
const mimePartsMax = 64;
const mimeDepthMax = 4;
/** Bounce notices put their evidence first; the returned original may follow at length. */
const bounceTextCharsMax = 64 * 1024;
const diagnosticCharsMax = 500;

type Bounce = NonNullable<InboundMessage["bounce"]>;
type Fields = Map<string, string>;
type MimePart = { type: string; fields: Fields; body: string };

function emailInvalid(reason: string): CashloopError {
  return new CashloopError("email_invalid", `not a readable email: ${reason}`);
}

const fieldLine = /^([!-9;-~]+):[ \t]*(.*)$/;

/** Header fields (lower-case names, first occurrence, unfolded) of a block without its body. */
function parseFields(block: string): { fields: Fields; firstLineIsField: boolean } {
  const fields: Fields = new Map();
  const lines = block.split(/\r?\n/);
  const unfolded: string[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && unfolded.length > 0)
      unfolded[unfolded.length - 1] += ` ${line.trim()}`;
    else unfolded.push(line);
  }
  for (const line of unfolded) {
    const m = fieldLine.exec(line);
    if (m && !fields.has(m[1]!.toLowerCase())) fields.set(m[1]!.toLowerCase(), m[2]!.trim());
  }
  const first = (lines[0] ?? "").startsWith("From ") ? lines[1] : lines[0]; // mbox separator
  return { fields, firstLineIsField: fieldLine.test(first ?? "") };
}

function splitHeaderBlock(text: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  return m
    ? { head: text.slice(0, m.index), body: text.slice(m.index + m[0].length) }
    : { head: text, body: "" };
}

function contentTypeOf(fields: Fields): { type: string; params: Map<string, string> } {
  const value = fields.get("content-type") ?? "text/plain";
  const params = new Map<string, string>();
  for (const m of value.matchAll(/;\s*([A-Za-z0-9._*-]+)\s*=\s*(?:"([^"]*)"|([^;\s]+))/g)) {
    params.set(m[1]!.toLowerCase(), m[2] ?? m[3] ?? "");
  }
  return { type: (value.split(";")[0] ?? "").trim().toLowerCase(), params };
}

function decodeBody(body: string, encoding: string | undefined): string {
  const kind = (encoding ?? "").trim().toLowerCase();
  if (kind === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("latin1");
  if (kind === "quoted-printable") {
    return body
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
  }
  return body;
}

function splitMultipart(body: string, boundary: string): string[] {
  const parts: string[] = [];
  let current: string[] | null = null;
  for (const line of body.split(/\r?\n/)) {
    const t = line.trimEnd();
    const closing = t === `--${boundary}--`;
    if (closing || t === `--${boundary}`) {
      if (current) parts.push(current.join("\n"));
      if (closing || parts.length >= mimePartsMax) return parts;
      current = [];
    } else current?.push(line);
  }
  if (current) parts.push(current.join("\n")); // unterminated: keep what arrived
  return parts;
}

/** Only these parts' bodies are read (decoded); other leaves keep just their type. */
const reportPart = /^(message\/|text\/rfc822-headers$)/;

/** The leaf parts of a MIME tree; a message/rfc822 part is a leaf (the returned original). */
function leafParts(text: string, depth = 0, out: MimePart[] = []): MimePart[] {
  const { head, body } = splitHeaderBlock(text);
  const { fields } = parseFields(head);
  const { type, params } = contentTypeOf(fields);
  const boundary = params.get("boundary");
  if (type.startsWith("multipart/") && boundary && depth < mimeDepthMax) {
    for (const part of splitMultipart(body, boundary)) {
      if (out.length >= mimePartsMax) break;
      leafParts(part, depth + 1, out);
    }
  } else {
    const encoding = fields.get("content-transfer-encoding");
    out.push({ type, fields, body: reportPart.test(type) ? decodeBody(body, encoding) : "" });
  }
  return out;
}

/** "rfc822; Ana@Example.com" → "ana@example.com"; "smtp; 550 …" → "550 …". */
function withoutType(value: string): string {
  return value.replace(/^[A-Za-z0-9-]+;\s*/, "").trim();
}

function cleanAddress(value: string): string {
  return withoutType(value).replace(/^<|>$/g, "").trim().toLowerCase();
}

function firstMessageId(value: string | undefined): string | null {
  if (!value) return null;
  const id = /<[^<>\s]+>/.exec(value)?.[0];
  if (id) return id;
  const bare = value.trim();
  return bare === "" || /\s/.test(bare) ? null : `<${bare}>`;
}

function originalMessageIdOf(parts: MimePart[]): string | null {
  for (const part of parts) {
    if (!/^(text\/rfc822-headers|message\/rfc822|message\/global(-headers)?)$/.test(part.type))
      continue;
    const id = firstMessageId(
      parseFields(splitHeaderBlock(part.body).head).fields.get("message-id"),
    );
    if (id) return id;
  }
  return null;
}

function enhancedStatus(text: string | undefined): string | null {
  return text ? (/\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null) : null;
}

/** RFC 3464: the per-recipient groups of a message/delivery-status part; failed ones first. */
function bounceFromReport(parts: MimePart[]): Bounce | null {
  const report = parts.find((p) => /^message\/(global-)?delivery-status$/.test(p.type));
  if (!report) return null;
  const groups = report.body
    .split(/\r?\n[ \t]*\r?\n/)
    .map((g) => parseFields(g.trim()).fields)
    .filter((f) => f.has("final-recipient") || f.has("original-recipient"));
  const group = groups.find((g) => g.get("action")?.toLowerCase() === "failed") ?? groups[0];
  if (!group) return null;
  const recipient = cleanAddress(
    group.get("final-recipient") ?? group.get("original-recipient") ?? "",
  );
  if (!recipient.includes("@")) return null;
  const action = (group.get("action") ?? "failed").toLowerCase();
  const diagnostic = group.get("diagnostic-code");
  return {
    recipient,
    status: enhancedStatus(group.get("status")) ?? group.get("status") ?? "5.0.0",
    action,
    diagnostic: diagnostic ? withoutType(diagnostic).slice(0, diagnosticCharsMax) : null,
    originalMessageId: originalMessageIdOf(parts),
  };
}

const daemonSender = /^(mailer[-_]?daemon|mail[-_]?daemon|postmaster)@/i;
const bounceSubject =
  /undeliver|returned to sender|returning message|delivery status notification|delivery (has )?fail|mail delivery failed|failure notice|returned mail|non-?delivery/i;
const failureLine =
  /\b[45][0-5]\d[ -]+[245]\.\d{1,3}\.\d{1,3}\b|\b5[0-5]\d\b.*\b(user|mailbox|recipient|address|rejected|unknown|not exist|not found|denied)/i;
const emailPattern = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const headerishLine =
  /^\s*(message-id|in-reply-to|references|reply-to|return-path|from|received|sender):/i;

/**
 * Bounces that are not RFC 3464 reports (Gmail's text notices, Exim, some gateways): from a
 * mailer daemon, a bounce subject, and a recipient we can read from the notice.
 */
function bounceFromNotice(
  input: { from: string; to: string[]; subject: string; fields: Fields; text: string },
  parts: MimePart[],
): Bounce | null {
  if (!daemonSender.test(input.from) || !bounceSubject.test(input.subject)) return null;
  const text = input.text.slice(0, bounceTextCharsMax);
  const lines = text.split(/\r?\n/);
  const field = (name: string) =>
    lines
      .find((l) => l.trim().toLowerCase().startsWith(`${name}:`))
      ?.trim()
      .slice(name.length + 1);
  const finalRecipient = field("final-recipient");
  const failure = lines.find((l) => failureLine.test(l))?.trim();
  if (!finalRecipient && !failure) return null;
  const ours = new Set([input.from, ...input.to]);
  const candidates = [
    ...(input.fields.get("x-failed-recipients")?.match(emailPattern) ?? []),
    ...(finalRecipient ? [cleanAddress(finalRecipient)] : []),
    ...(failure?.match(emailPattern) ?? []),
    ...lines.filter((l) => !headerishLine.test(l)).flatMap((l) => l.match(emailPattern) ?? []),
  ].map((a) => a.toLowerCase());
  const recipient = candidates.find((a) => a.includes("@") && !ours.has(a));
  if (!recipient) return null;
  const basic = failure ? /\b([45])[0-5]\d\b/.exec(failure)?.[1] : undefined;
  const status =
    enhancedStatus(field("status")) ?? enhancedStatus(failure) ?? `${basic ?? "5"}.0.0`;
  const diagnosticCode = field("diagnostic-code");
  const diagnostic = diagnosticCode ? withoutType(diagnosticCode) : failure;
  return {
    recipient,
    status,
    action:
      field("action")?.trim().toLowerCase() || (status.startsWith("4") ? "delayed" : "failed"),
    diagnostic: diagnostic ? diagnostic.slice(0, diagnosticCharsMax) : null,
    originalMessageId:
      originalMessageIdOf(parts) ??
      firstMessageId(
        lines.find((l) => /^\s*message-id:/i.test(l))?.replace(/^\s*message-id:/i, ""),
      ),
  };
}

function addressesOf(value: AddressObject | AddressObject[] | undefined): string[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return objects
    .flatMap((o) => o.value.flatMap((a) => [a.address, ...(a.group ?? []).map((g) => g.address)]))
    .filter((a): a is string => typeof a === "string" && a.includes("@"))
    .map((a) => a.toLowerCase());
}

/** The Date header as an instant; mailparser would put "now" in place of a bad one. */
function dateOf(value: string | undefined): InboundMessage["receivedAt"] {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  if (!Number.isSafeInteger(ms)) return null;
  try {
    return instantFromMs(ms);
  } catch {
    return null; // a year outside the range instants allow
  }
}

function referencesOf(value: string | string[] | undefined): string[] {
  const text = [value ?? []].flat().join(" ");
  return (
    text.match(/<[^<>\s]+>/g) ??
    text
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => `<${id}>`)
  );
}

/** Reads one raw email (RFC 5322). Throws `email_invalid` for input that is not an email. */
export async function readEmail(raw: Buffer | string): Promise<InboundMessage> {
  const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
  if (bytes.length > emailBytesMax) {
    throw emailInvalid(`${bytes.length} bytes is over the limit of ${emailBytesMax}`);
  }
  const text = bytes.toString("latin1").replace(/^\s+/, "");
  if (text === "") throw emailInvalid("it is empty");
  const top = parseFields(splitHeaderBlock(text).head);
  if (!top.firstLineIsField) throw emailInvalid("it does not start with header fields");

  const mail = await simpleParser(bytes, { skipImageLinks: true, skipTextToHtml: true }).catch(
    (error: unknown) => {
      throw emailInvalid(error instanceof Error ? error.message : String(error));
    },
  );
  const from = addressesOf(mail.from)[0];
  if (!from) throw emailInvalid("it has no From address");
  const deliveredTo = [top.fields.get("delivered-to"), top.fields.get("x-original-to")]
    .flatMap((v) => v?.match(emailPattern) ?? [])
    .map((a) => a.toLowerCase());
  const to = [...new Set([...addressesOf(mail.to), ...addressesOf(mail.cc), ...deliveredTo])];
  const body = (mail.text ?? "").trimEnd();
  const subject = mail.subject ?? null;

  // Only a report or a notice from a mailer daemon can be a bounce; skip the walk otherwise.
  const mayBounce =
    contentTypeOf(top.fields).type === "multipart/report" || daemonSender.test(from);
  const parts = mayBounce ? leafParts(text) : [];
  const bounce = mayBounce
    ? (bounceFromReport(parts) ??
      bounceFromNotice({ from, to, subject: subject ?? "", fields: top.fields, text: body }, parts))
    : null;

  return {
    channel: "email",
    from,
    fromName: mail.from?.value[0]?.name || null,
    to,
    subject,
    text: body,
    messageId: firstMessageId(mail.messageId),
    inReplyTo: firstMessageId(mail.inReplyTo),
    references: referencesOf(mail.references),
    receivedAt: dateOf(top.fields.get("date")),
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size ?? a.content.length,
    })),
    bounce,
  };
}
