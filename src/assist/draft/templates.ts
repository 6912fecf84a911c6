/**
 * The built-in messages: used when no model is configured, and whenever a model's draft fails
 * the fact check. Natural wording for every step, channel, language and tone input; every
 * figure is a fact from the sheet, written by `wording.ts`. Pure.
 */
import type { DraftText, FactSheet } from "../model.js";
import { whatsappEn } from "./chat-en.js";
import { whatsappEs } from "./chat-es.js";
import { type ChatParts, type EmailParts, type MessageView, messageView } from "./message-view.js";
import { emailEn } from "./templates-en.js";
import { emailEs } from "./templates-es.js";
import { whatsappCharsMax } from "./wording.js";

const ORDER: readonly (keyof ChatParts)[] = [
  "opening",
  "lead",
  "main",
  "promise",
  "tone",
  "closing",
  "links",
];

/**
 * How a WhatsApp message too long for the limit is shortened, step by step: pleasantries go
 * first, then the portal link, the promise, the per-invoice totals, the sender's name, the
 * contact's name, and last the due dates of several invoices. Invoice numbers, balances, the
 * total and the payment link are never dropped.
 */
const SHORTENING: readonly (readonly [keyof ChatParts, number])[] = [
  ["closing", 1],
  ["tone", 1],
  ["lead", 1],
  ["links", 1],
  ["promise", 1],
  ["main", 1],
  ["opening", 1],
  ["opening", 2],
  ["main", 2],
];

function variant(parts: ChatParts, key: keyof ChatParts, levels: Levels): string {
  const options = parts[key];
  return options[Math.min(levels[key] ?? 0, options.length - 1)] ?? "";
}

type Levels = Partial<Record<keyof ChatParts, number>>;

function assemble(parts: ChatParts, levels: Levels): string {
  return ORDER.map((key) => variant(parts, key, levels))
    .filter((text) => text !== "")
    .join(" ");
}

/** The richest message within the limit, shortened in SHORTENING order. */
export function fitChat(parts: ChatParts, charsMax: number = whatsappCharsMax): string {
  const levels: Levels = {};
  let text = assemble(parts, levels);
  for (const [key, level] of SHORTENING) {
    if (text.length <= charsMax) break;
    levels[key] = level;
    text = assemble(parts, levels);
  }
  return text; // still too long only with extreme inputs; checkTone then rejects it
}

function emailText(parts: EmailParts, v: MessageView): DraftText {
  const body = `${parts.paragraphs.join("\n\n")}\n\n${parts.signOff}\n${v.org}`;
  return { subject: parts.subject, body };
}

export function renderTemplate(facts: FactSheet): DraftText {
  const v = messageView(facts);
  if (v.channel === "whatsapp") {
    const parts = v.language === "es" ? whatsappEs(v) : whatsappEn(v);
    return { subject: null, body: fitChat(parts) };
  }
  return emailText(v.language === "es" ? emailEs(v) : emailEn(v), v);
}
