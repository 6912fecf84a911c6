/**
 * ISO 11649 structured creditor references ("RF…") in a bank line's free remittance text, and
 * making one for a body. Pure. Found by their check digits; spaces may split the body
 * ("RF18 5390 0754 7034").
 */
import { checkDigitsValid, mod97 } from "./check-digits.js";
import { MAX_TEXT_CHARS } from "./reference-bounds.js";

const RF_MAX_BODY = 21;

/** A candidate written as chunks: where each chunk of alphanumerics ends in the text. */
type Chunked = {
  compact: string;
  /** Where each chunk ends in the text, and how much of `compact` the chunks up to it make. */
  ends: number[];
  sizes: number[];
  /** How many chunks come before the first letters-only chunk after digits-only ones. */
  wordAt: number;
};

/**
 * "RF18 5390 0754 7034 FACT 7" → RF references found in `text`, each with its span. Spaces may
 * split the body into chunks of up to 4; the longest reading that passes the check wins, and a
 * reading that stops before a letters-only chunk after digits-only ones ("FACT") is tried first,
 * so a following word is read in only when the reference is not valid without it.
 */
export function findCreditorRefs(text: string): { value: string; start: number; end: number }[] {
  const found: { value: string; start: number; end: number }[] = [];
  const head = /(?<![A-Za-z0-9])RF(\d{2})/giy;
  for (let i = 0; i < text.length; i++) {
    head.lastIndex = i;
    const m = head.exec(text);
    if (!m) continue;
    const start = i;
    const afterHead = i + m[0].length;
    const chunks = readChunks(text, afterHead, RF_MAX_BODY);
    // Readings that stop before a following word first, longest first; then longer ones.
    const order: number[] = [];
    for (let n = chunks.wordAt; n >= 1; n--) order.push(n);
    for (let n = chunks.ends.length; n > chunks.wordAt; n--) order.push(n);
    let best: { value: string; end: number } | null = null;
    for (const n of order) {
      const end = chunks.ends[n - 1]!;
      const body = chunks.compact.slice(0, chunks.sizes[n - 1]);
      if (body.length < 1 || body.length > RF_MAX_BODY) continue;
      const value = `RF${m[1]}${body}`.toUpperCase();
      if (checkDigitsValid(value)) {
        best = { value, end };
        break;
      }
    }
    if (best) {
      found.push({ value: best.value, start, end: best.end });
      i = best.end - 1;
    }
  }
  return found;
}

/**
 * Reads alphanumeric chunks from `from`: a first run (any length, attached or after a space),
 * then space-separated chunks of 1–4, up to `maxChars` in all; notes where a letters-only chunk
 * first follows digits-only ones.
 */
function readChunks(text: string, from: number, maxChars: number): Chunked {
  const ends: number[] = [];
  const sizes: number[] = [];
  let compact = "";
  let pos = from;
  let allDigits = true;
  let first = true;
  let wordAt: number | null = null;
  while (pos < text.length) {
    let p = pos;
    if (text[p] === " ") p++;
    else if (!first) break;
    let q = p;
    while (q < text.length && /[A-Za-z0-9]/.test(text[q]!)) q++;
    const chunk = text.slice(p, q);
    if (chunk.length === 0) break;
    if (!first && chunk.length > 4) break;
    const chunkDigits = /^\d+$/.test(chunk);
    if (wordAt === null && !first && allDigits && /^[A-Za-z]+$/.test(chunk)) wordAt = ends.length;
    if (compact.length + chunk.length > maxChars) break;
    compact += chunk;
    allDigits = allDigits && chunkDigits;
    ends.push(q);
    sizes.push(compact.length);
    pos = q;
    first = false;
  }
  return { compact, ends, sizes, wordAt: wordAt ?? ends.length };
}

/**
 * The first ISO 11649 creditor reference in `text` whose check digits are right, compact and
 * upper case ("RF18 5390 0754 7034" → "RF18539007547034"); null when there is none.
 */
export function creditorReference(text: string): string | null {
  return findCreditorRefs(text.slice(0, MAX_TEXT_CHARS))[0]?.value ?? null;
}

/**
 * The ISO 11649 creditor reference for an alphanumeric body of 1–21 characters (spaces are
 * dropped, letters upper-cased): "539007547034" → "RF18539007547034".
 */
export function makeCreditorReference(body: string): string {
  const compact = body.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z0-9]{1,21}$/.test(compact)) {
    throw new RangeError(
      `a creditor reference body is 1 to ${RF_MAX_BODY} letters and digits, not "${body}"`,
    );
  }
  const rest = mod97(`${compact}RF00`)!;
  return `RF${String(98 - rest).padStart(2, "0")}${compact}`;
}
