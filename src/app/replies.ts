/** Inbound messages as the shells receive them: an .eml file, the SMTP listener, a webhook. */
import { readEmail } from "../delivery/channels/read-email.js";
import type { InboundMessage } from "../delivery/model.js";
import { type IngestOutcome, ingestReply } from "../followup/ingest-reply.js";
import type { Organisation } from "../sources/model.js";
import { assistProvider } from "./assist-provider.js";
import type { Env } from "./channels.js";
import type { App } from "./open-app.js";

export async function ingestInbound(
  app: App,
  org: Organisation,
  env: Env,
  message: InboundMessage,
): Promise<IngestOutcome> {
  const provider = await assistProvider(app, env, org.id);
  return ingestReply({ ...app, provider }, { org, message });
}

export async function ingestEmail(
  app: App,
  org: Organisation,
  env: Env,
  raw: Buffer | string,
): Promise<IngestOutcome> {
  return ingestInbound(app, org, env, await readEmail(raw));
}
