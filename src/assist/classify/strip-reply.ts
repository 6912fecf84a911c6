/**
 * The customer's own words in a reply: quoted lines ("> …"), the quoted thread below "On … wrote:"
 * / "El … escribió:" / "-----Original Message-----" / "From: … Sent: …", the signature below
 * "-- ", mobile footers and a closing sign-off line ("Saludos,", "Best regards,") are dropped.
 * Returns spans of the input, so evidence quoted from them is the customer's exact text. Pure.
 */
import { foldText } from "./tokenize.js";

export type Span = { start: number; end: number };
export type OwnText = { spans: Span[]; text: string };

export const replyLinesMax = 2_000;

const threadStarts: RegExp[] = [
  /^-{2,}\s*(?:original message|mensaje original|forwarded message|mensaje reenviado)\s*-{2,}/,
  /^_{8,}\s*$/,
  /^on\b.{0,200}\bwrote:\s*$/,
  /^el\b.{0,200}\bescribio:\s*$/,
  /^.{0,200}\b(?:wrote|escribio):\s*$/,
];
const headerPairs: Array<[RegExp, RegExp]> = [
  [/^from:\s/, /^(?:sent|date):\s/],
  [/^de:\s/, /^(?:enviado|fecha|enviado el):\s/],
];
const footers =
  /^(?:sent from my|sent from outlook|get outlook for|enviado desde mi|enviado desde outlook)/;
const signOff =
  /^(?:thanks|thank you|thanks so much|many thanks|thx|best|best regards|kind regards|regards|warm regards|cheers|sincerely|all the best|saludos|saludos cordiales|un saludo|atentamente|cordialmente|gracias|muchas gracias|mil gracias|quedo atento|quedo atenta|quedo a sus ordenes|un abrazo|slds)\s*[,.!:]?\s*(?:\p{Lu}[\p{L}.'-]*\s*)?$/u;

const signatureWord =
  /^(?:\p{Lu}[\p{L}.'’&-]*|[\d+(][\d\s+().-]*|de|del|la|las|los|y|of|and|the|&|at|en|[|–—-]|[\w.+-]+@[\w.-]+)[,.:]?$/u;

/**
 * A signature line: a name, title or company ("Luis Castaño", "Director General",
 * "Comercializadora del Norte S.A. de C.V."), "Tel: …", or "Name | Company | phone".
 */
function signatureLike(line: string): boolean {
  const trimmed = line.trim();
  if (
    trimmed.includes(" | ") ||
    /^(?:tel|phone|cel|mobile|movil|móvil|fax|whatsapp)\b/i.test(trimmed)
  ) {
    return true;
  }
  const words = trimmed.split(/\s+/);
  return words.length <= 8 && !/[?!]$/.test(trimmed) && words.every((w) => signatureWord.test(w));
}

const greeting =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hola|buen dia|buenos dias|buenas tardes|buenas noches|buenas|estimad[oa]s?|apreciad[oa]s?|que tal|to whom it may concern)\b[^.!?]{0,40}[,:!]?$/;

function lineSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === "\n") {
      const end = i > start && text[i - 1] === "\r" ? i - 1 : i;
      spans.push({ start, end });
      start = i + 1;
      if (spans.length > replyLinesMax) throw new Error(`reply longer than ${replyLinesMax} lines`);
    }
  }
  return spans;
}

/** Index of the first line of the quoted thread, or the number of lines when there is none. */
function threadStart(lines: string[]): number {
  for (const [i, line] of lines.entries()) {
    if (threadStarts.some((p) => p.test(line))) return i;
    const nextTwo = `${line} ${lines[i + 1] ?? ""}`;
    if (
      /^(?:on|el)\b/.test(line) &&
      /\b(?:wrote|escribio):\s*$/.test(nextTwo) &&
      line.length < 200
    ) {
      return i;
    }
    for (const [from, sent] of headerPairs) {
      const soon = lines.slice(i + 1, i + 4);
      if (from.test(line) && soon.some((l) => sent.test(l))) return i;
    }
  }
  return lines.length;
}

/** The customer's own lines, as spans of `text`; blank lines dropped. */
export function ownText(text: string): OwnText {
  const spans = lineSpans(text);
  const folded = spans.map((s) => foldText(text.slice(s.start, s.end)).trim());
  let end = threadStart(folded);
  const isContent = (i: number) => folded[i] !== "" && !folded[i]?.startsWith(">");
  let seenContent = false;
  for (let i = 0; i < end; i++) {
    const line = folded[i] as string;
    if (
      seenContent &&
      (line === "--" || line === "__" || footers.test(line) || signOff.test(line))
    ) {
      end = i;
      break;
    }
    if (!seenContent && footers.test(line)) {
      end = i;
      break;
    }
    if (isContent(i)) seenContent = true;
  }
  let kept = spans.slice(0, end).filter((_, i) => isContent(i));
  const lineOf = (span: Span | undefined) => (span ? text.slice(span.start, span.end) : "");
  // A trailing block of signature lines goes when the line above it ends a sentence.
  let block = kept.length;
  while (block > 1 && signatureLike(lineOf(kept[block - 1]))) block--;
  const closed = /[.!?:)]\s*$/.test(lineOf(kept[block - 1]));
  const piped = block < kept.length && lineOf(kept.at(-1)).includes(" | ");
  if (block < kept.length && (closed || piped)) kept = kept.slice(0, closed ? block : -1);
  const first = kept[0];
  if (kept.length > 1 && first && greeting.test(foldText(lineOf(first)).trim()))
    kept = kept.slice(1);
  if (kept.length === 0) kept = spans.filter((_, i) => isContent(i)); // only a sign-off or quote
  const trimmed = kept.map((s) => trimSpan(text, s)).filter((s) => s.end > s.start);
  return { spans: trimmed, text: trimmed.map((s) => text.slice(s.start, s.end)).join("\n") };
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return { start, end };
}

const pleasantry = new RegExp(
  `^(?:${[
    "(?:many )?thanks (?:so much )?for (?:the|your) (?:reminder|email|message|note|patience|help|follow ?up)",
    "thank you (?:so much )?for (?:the|your) (?:reminder|email|message|note|patience|help)",
    "thanks for reaching out|thank you for (?:reaching out|contacting us|writing)",
    "(?:i )?hope (?:you are|youre|you re|all is|everything is|this finds you) ?(?:doing )?(?:well|good|great)?",
    "sorry for the (?:late|delayed|slow) (?:reply|response)|apologies for the (?:delay|late reply)",
    "following up on your (?:message|email)|good (?:morning|afternoon)",
    "gracias por (?:el|su|tu) (?:recordatorio|correo|mensaje|aviso|paciencia)|gracias por escribir(?:nos)?",
    "espero que (?:se encuentren?|esten?|estes|todo este) bien|(?:un|mucho) gusto saludarle?",
    "disculpe? la demora(?: en responder)?|perdon por la demora|(?:respecto|en atencion) a su (?:mensaje|correo)",
  ].join("|")})$`,
);

/** Clauses that are only politeness ("Thanks for the reminder.", "Espero que estén bien."). */
export function pleasantryClauses(text: string, own: OwnText): Span[] {
  return clauses(text, own).filter((span) => {
    const words = foldText(text.slice(span.start, span.end))
      .replace(/[^\p{L}\s]/gu, " ")
      .replace(/\s+/g, " ")
      .trim();
    return pleasantry.test(words);
  });
}

/**
 * Sentences and clauses of the own text, as spans of the input: split at . ! ? ; and line ends
 * (not at a dot followed by a lowercase word: "S.A. de C.V."), and before ¿ ¡. Trimmed.
 */
export function clauses(text: string, own: OwnText): Span[] {
  const out: Span[] = [];
  for (const line of own.spans) {
    let start = line.start;
    for (let i = line.start; i <= line.end; i++) {
      const ch = text[i];
      const next = text[i + 1];
      const following = text.slice(i + 1, line.end).trimStart()[0];
      const abbreviation = ch === "." && following !== undefined && /\p{Ll}/u.test(following);
      const boundaryAfter =
        ch !== undefined &&
        /[.!?;]/.test(ch) &&
        (next === undefined || /\s/.test(next)) &&
        !abbreviation;
      const boundaryBefore = ch === "¿" || ch === "¡";
      if (i === line.end || boundaryAfter || (boundaryBefore && i > start)) {
        const cut = boundaryBefore && i !== line.end ? i : i === line.end ? i : i + 1;
        const span = trimSpan(text, { start, end: cut });
        if (/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(text.slice(span.start, span.end))) {
          out.push(span);
        }
        start = cut;
      }
    }
  }
  return out;
}
