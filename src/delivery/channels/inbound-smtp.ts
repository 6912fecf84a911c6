/**
 * An SMTP listener for inbound mail (customer replies, bounces), meant to sit behind a relay
 * that forwards the reply domain to it. Plain SMTP only: no AUTH and no STARTTLS. Each message
 * is handed over whole; the 250 goes out only after `onMessage` resolved, so a message is never
 * acknowledged before it was stored, and a failure answers 451 so the relay tries again.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";

export type InboundEnvelope = { from: string | null; to: string[] };

export type InboundSmtpOptions = {
  /** Interface to listen on; 127.0.0.1 unless given (a relay on the same host forwards). */
  host?: string;
  /** 0 picks any free port. */
  port: number;
  /** Larger messages are refused with 552; 10 MB unless given. */
  maxBytes?: number;
  onMessage(raw: Buffer, envelope: InboundEnvelope): Promise<void>;
};

export type InboundSmtp = { port: number; close(): Promise<void> };

const maxBytesDefault = 10 * 1024 * 1024;
const closeTimeoutMs = 5_000;

function smtpReply(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Reads the message, keeping no more than `maxBytes` (the rest is drained and refused). */
function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    stream.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total <= maxBytes) chunks.push(chunk);
    });
    stream.once("end", () =>
      resolve(total > maxBytes || stream.sizeExceeded ? null : Buffer.concat(chunks)),
    );
    stream.once("error", reject);
  });
}

export async function startInboundSmtp(options: InboundSmtpOptions): Promise<InboundSmtp> {
  const maxBytes = options.maxBytes ?? maxBytesDefault;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    size: maxBytes,
    rejectOversized: true,
    logger: false,
    closeTimeout: closeTimeoutMs,
    onData(stream, session, callback) {
      const envelope: InboundEnvelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address || null : null,
        to: session.envelope.rcptTo.map((a) => a.address),
      };
      readMessage(stream, maxBytes)
        .then(async (raw) => {
          if (raw === null) return callback(smtpReply(552, "message exceeds the size limit"));
          await options.onMessage(raw, envelope);
          callback(null, "OK: message received");
        })
        // The reason stays with us; the sender only learns to try again later.
        .catch(() => callback(smtpReply(451, "temporary failure, please try again later")));
    },
  });
  // Per-connection socket errors (a client resetting) end that session only.
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
