/**
 * The two hand-made sources of the corpus: hand-written.txt (whole messages, used verbatim) and
 * phrases.txt (phrase templates for generated variants). See the header of each file.
 */
import { readFileSync } from "node:fs";
import type { CorpusRow, NewContact } from "../../src/assist/classify/corpus-row.js";
import { REPLY_LABELS, type ReplyLabel } from "../../src/assist/model.js";
import { parseCalendarDate } from "../../src/kernel/dates.js";
import type { Lang } from "./corpus-pools.js";

export type Draft = Omit<CorpusRow, "id" | "split">;

const dir = new URL("./", import.meta.url);
/** Hand-written replies are read as received on this day unless they say otherwise. */
export const handReceivedOn = parseCalendarDate("2026-11-18");

function parseHeader(line: string): { label: ReplyLabel; lang: Lang; fields: Map<string, string> } {
  const [head = "", ...rest] = line.slice(2).split("|");
  const [label, lang] = head.trim().split(/\s+/);
  if (!REPLY_LABELS.includes(label as ReplyLabel)) throw new Error(`bad label in: ${line}`);
  if (lang !== "en" && lang !== "es") throw new Error(`bad language in: ${line}`);
  const fields = new Map<string, string>();
  for (const part of rest) {
    const eq = part.indexOf("=");
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return { label: label as ReplyLabel, lang, fields };
}

function contactOf(fields: Map<string, string>): NewContact | undefined {
  const c = {
    name: fields.get("name") ?? null,
    email: fields.get("email") ?? null,
    phone: fields.get("phone") ?? null,
  };
  return c.name || c.email || c.phone ? c : undefined;
}

export function handWritten(): Draft[] {
  const lines = readFileSync(new URL("hand-written.txt", dir), "utf8").split("\n");
  const drafts: Draft[] = [];
  let current: { header: string; body: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    const { label, lang, fields } = parseHeader(current.header);
    const draft: Draft = {
      text: current.body.join("\n").trim(),
      label,
      language: lang,
      origin: "hand",
      receivedOn: parseCalendarDate(fields.get("receivedOn") ?? handReceivedOn),
      group: `r${String(drafts.length + 1).padStart(4, "0")}`, // its id: hand rows come first
    };
    const promisedOn = fields.get("promisedOn");
    if (promisedOn) draft.promisedOn = parseCalendarDate(promisedOn);
    const returnsOn = fields.get("returnsOn");
    if (returnsOn) draft.returnsOn = parseCalendarDate(returnsOn);
    const contact = contactOf(fields);
    if (contact) draft.newContact = contact;
    drafts.push(draft);
  };
  for (const line of lines) {
    if (line.startsWith("@ ")) {
      flush();
      current = { header: line, body: [] };
    } else if (current) current.body.push(line);
  }
  flush();
  return drafts;
}

export type Phrase = { label: ReplyLabel; lang: Lang; template: string; group: string };

export function phrases(): Phrase[] {
  const out: Phrase[] = [];
  let section: { label: ReplyLabel; lang: Lang } | undefined;
  for (const line of readFileSync(new URL("phrases.txt", dir), "utf8").split("\n")) {
    if (line.startsWith("== ")) section = parseHeader(`@ ${line.slice(3)}`);
    else if (line.trim() !== "" && !line.startsWith("#") && section) {
      out.push({
        ...section,
        template: line.trim(),
        group: `p${String(out.length + 1).padStart(3, "0")}`,
      });
    }
  }
  return out;
}
