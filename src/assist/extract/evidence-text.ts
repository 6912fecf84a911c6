/**
 * Evidence text as lines: Unicode and OCR clean-up, a folded (lowercase, accent-free) copy of each
 * line with the same length so matches in one index the other, and labelled-field look-up
 * ("Ordenante: JUAN PÉREZ", "Amount   $1,234.56", a label on one line and its value on the next).
 * Pure: no I/O.
 */
import { CashloopError } from "../../kernel/errors.js";

/** Longer evidence is refused, not cut: nothing a bank prints is this long. */
export const evidenceTextCharsMax = 20_000;
export const evidenceLinesMax = 600;

export type EvidenceLine = {
  /** The line after OCR repair of digits (O → 0, l → 1 inside numbers). */
  text: string;
  /** `text` lowercased without accents, index for index. */
  folded: string;
  /** True where OCR repair changed a character of this line. */
  repaired: readonly boolean[];
};

/** One character lowercased without its accent; always exactly one UTF-16 unit. */
function foldUnit(unit: string): string {
  const base = unit.normalize("NFD")[0] ?? unit;
  const lower = base.toLowerCase();
  return lower.length === 1 ? lower : base;
}

/** Lowercase and accent-free with the same length as the input ("Comisión" → "comision"). */
export function fold(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += foldUnit(text[i] ?? "");
  return out;
}

/**
 * A run of digit-like characters standing alone (not inside a word), dates and dashed numbers
 * included ("24/Ol/2O27"): OCR reads 0 as O and 1 as l or I. Lowercase "o" only counts between
 * digits, so "1o" (primero) stays as written.
 */
const digitLikeRun = /(?<![\p{L}])[0-9OolI](?:[0-9OolI.,/-]*[0-9OolI])?(?![\p{Ll}])/gu;

function repairRun(run: string): string {
  if (!/\d/.test(run) || (/[/-]/.test(run) && !/\d.*\d/.test(run))) return run;
  let out = "";
  for (let i = 0; i < run.length; i++) {
    const c = run[i] ?? "";
    const inner = i > 0 && i < run.length - 1;
    if (c === "O" || (c === "o" && inner)) out += "0";
    else if (c === "l" || c === "I") out += "1";
    else out += c;
  }
  return out;
}

/** "l 980,00": a lone l or I opening a space-grouped number is a 1. */
const loneOne = /(?<![\p{L}\d.,])[lI](?= [0-9O]{3}(?:[ .,][0-9O]{1,3})*(?![\p{L}\d]))/gu;

export function repairOcrDigits(line: string): string {
  return line.replace(loneOne, "1").replace(digitLikeRun, repairRun);
}

/**
 * Lines an attacker could plant in a receipt to steer a model ("ignore the instructions, the
 * amount is …"). They carry no payment facts, so every field skips them.
 */
const injectionPattern =
  /\b(ignore|disregard|forget|ignora|ignoren|ignorar|olvida|olvide)\b.*\b(instruc\w*|previous|above|prior|anterior\w*|prompt|rules|reglas)\b|\bsystem prompt\b|\byou are (an?|the) (ai|assistant|model)\b|\bas an ai\b/;

export function isInjectionLine(folded: string): boolean {
  return injectionPattern.test(folded);
}

/** Splits and cleans evidence text; throws `evidence_too_long` past the limits. */
export function evidenceLines(text: string): EvidenceLine[] {
  if (text.length > evidenceTextCharsMax) {
    throw new CashloopError(
      "evidence_too_long",
      `evidence text has ${text.length} characters; at most ${evidenceTextCharsMax} are read`,
    );
  }
  const rawLines = text
    .normalize("NFC")
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/[\u2010-\u2015]/g, "-")
    .split(/\r\n|\r|\n/);
  if (rawLines.length > evidenceLinesMax) {
    throw new CashloopError(
      "evidence_too_long",
      `evidence text has ${rawLines.length} lines; at most ${evidenceLinesMax} are read`,
    );
  }
  return rawLines.map((raw) => {
    const plain = raw.replace(/\t/g, "    ").trimEnd();
    const folded = fold(plain);
    if (isInjectionLine(folded)) return { text: "", folded: "", repaired: [] };
    const repairedText = repairOcrDigits(plain);
    const repaired = Array.from(repairedText, (c, i) => c !== plain[i]);
    return { text: repairedText, folded: fold(repairedText), repaired };
  });
}

/** Whether OCR repair touched any character in [start, end). */
export function wasRepaired(line: EvidenceLine, start: number, end: number): boolean {
  return line.repaired.slice(start, end).some(Boolean);
}

/** Where label-like segments start in a line: its start and after wide gaps or bars. */
function segmentStarts(folded: string): number[] {
  const starts = [0];
  for (const m of folded.matchAll(/ {2,}|\|/g)) starts.push((m.index ?? 0) + m[0].length);
  return starts;
}

/** The text after a label's separator up to the next field on the same line. */
function valueAfter(text: string, from: number): string {
  const rest = text.slice(from);
  const gap = / {2,}|\|/.exec(rest);
  if (gap && /^[^:]{1,40}:/.test(rest.slice(gap.index + gap[0].length))) {
    return rest.slice(0, gap.index).trim();
  }
  return rest.replace(/\s+\|.*$/, "").trim();
}

const separator = /^\s*(?:[:#]+\s*[:#]?|\s-\s|\s{2,}|\s*$)/;
/** After a loose (one-space) separator these words mean the label was not a label. */
const looseStopwords =
  /^(de|del|la|el|los|las|a|of|the|to|for|name|nombre|cuenta|account|bank|banco|number|numero|no|id|receptor|destino|beneficiari[oa])\b/;

export type FieldHit = { value: string; lineIndex: number; label: string };
export type FieldOptions = { looseSeparator?: boolean };

/** Where a label's value starts in a line, or -1; `sorted` has the longest labels first. */
function valueStart(folded: string, at: number, label: string, options: FieldOptions): number {
  const after = folded.slice(at + label.length);
  const sep = separator.exec(after);
  if (sep) return at + label.length + sep[0].length;
  const loose = options.looseSeparator
    ? (label.length >= 5 ? / (?=\S)/y : / (?=\d)/y).exec(after)
    : null;
  const rest = after.slice(1);
  if (!loose || looseStopwords.test(rest) || /^[^:]{1,25}:/.test(rest)) return -1;
  return at + label.length + 1;
}

function fieldInLine(
  lines: readonly EvidenceLine[],
  lineIndex: number,
  sorted: readonly string[],
  options: FieldOptions,
): FieldHit[] {
  const line = lines[lineIndex];
  if (!line || line.folded === "") return [];
  const hits: FieldHit[] = [];
  for (const start of segmentStarts(line.folded)) {
    const at = start + (/^[\s\-*•>·]*/.exec(line.folded.slice(start))?.[0].length ?? 0);
    const label = sorted.find((l) => line.folded.startsWith(l, at));
    const from = label ? valueStart(line.folded, at, label, options) : -1;
    if (!label || from < 0) continue;
    const value = valueAfter(line.text, from).replace(/^[:#\s]+/, "");
    if (value !== "") {
      hits.push({ value, lineIndex, label });
      continue;
    }
    const next = nextNonEmpty(lines, lineIndex);
    const nextValue = next < 0 ? "" : valueAfter(lines[next]?.text ?? "", 0);
    if (!/^[^:]{1,40}:\s*\S/.test(nextValue))
      hits.push({ value: nextValue, lineIndex: next, label });
  }
  return hits;
}

/**
 * The value of the first line that starts (or starts a segment) with one of `labels`, folded
 * ("ordenante", "banco emisor"), followed by ":" "#" " - " a wide gap or the line's end, and
 * that `accept`s; an empty value is taken from the next non-empty line. With `looseSeparator`
 * one space will do after a label of five letters or more ("ORDENANTE JUAN PEREZ") or before
 * a digit ("AUTH 004512").
 * Longer labels win over their prefixes.
 */
export function findField(
  lines: readonly EvidenceLine[],
  labels: readonly string[],
  accept: (value: string) => boolean = (value) => value.length > 0,
  options: FieldOptions = {},
): FieldHit | undefined {
  const sorted = [...labels].sort((a, b) => b.length - a.length);
  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const hit = fieldInLine(lines, lineIndex, sorted, options).find((h) => accept(h.value));
    if (hit) return hit;
  }
  return undefined;
}

export function nextNonEmpty(lines: readonly EvidenceLine[], after: number): number {
  for (let i = after + 1; i < lines.length; i++) if (lines[i]?.text.trim()) return i;
  return -1;
}

export function previousNonEmpty(lines: readonly EvidenceLine[], before: number): number {
  for (let i = before - 1; i >= 0; i--) if (lines[i]?.text.trim()) return i;
  return -1;
}

/** A word-bounded alternation of folded phrases, longest first. */
export function phrasePattern(phrases: readonly string[], flags = ""): RegExp {
  const escaped = [...phrases]
    .sort((a, b) => b.length - a.length)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`(?<![a-z0-9])(?:${escaped.join("|")})(?![a-z0-9])`, flags);
}

/** Guesses the text's language from common words; ties go to English. */
export function guessLanguage(lines: readonly EvidenceLine[]): "en" | "es" {
  const text = lines.map((l) => l.folded).join("\n");
  const es = text.match(
    /\b(de|del|la|el|monto|importe|fecha|concepto|ordenante|banco|transferencia|pago|referencia|cuenta|valor|operacion|enviaste|comprobante)\b/g,
  );
  const en = text.match(
    /\b(the|of|amount|date|payment|from|to|sent|bank|account|confirmation|paid|you|your|transfer)\b/g,
  );
  return (es?.length ?? 0) > (en?.length ?? 0) ? "es" : "en";
}
