/** Reads the committed reply corpus, data/replies/replies.jsonl, with its SHA-256. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { type CorpusRow, parseCorpus } from "./corpus-row.js";

export const replyCorpusUrl = new URL("../../../data/replies/replies.jsonl", import.meta.url);

export function readReplyCorpus(): { rows: CorpusRow[]; sha256: string } {
  const text = readFileSync(replyCorpusUrl, "utf8");
  return { rows: parseCorpus(text), sha256: createHash("sha256").update(text).digest("hex") };
}
