/**
 * The payment amount in a receipt: every number that could be money is a candidate, scored by its
 * label ("Amount:", "Monto", "Importe", "Valor", "Total enviado" beat a bare "Total"), and never
 * taken from a balance, fee, tax or tip line. Separators are read by the two-decimal rule: one
 * or two digits after the last "." or "," make it the decimal point, three make it grouping.
 * Pure; no floats: the amount stays a decimal string.
 */
import { delocalizeDecimal, parseDecimal } from "../../kernel/decimal.js";
import {
  type CurrencyMarker,
  currencyMarkerAround,
  markerAfterLength,
} from "./evidence-currency.js";
import { findDates } from "./evidence-dates.js";
import {
  type EvidenceLine,
  phrasePattern,
  previousNonEmpty,
  wasRepaired,
} from "./evidence-text.js";

/** More money-like numbers than this in one receipt means it is not a receipt. */
export const amountCandidatesMax = 400;

export type AmountPick = {
  /** "1234.56" */
  value: string;
  confidence: number;
  marker: CurrencyMarker | null;
  /** Written with "." grouping and no decimals ("1.234.567"). */
  dotGrouped: boolean;
};

type Label = "strong" | "total" | "weak" | "none" | "excluded";
type Candidate = AmountPick & { label: Label; score: number; order: number };

// biome-ignore format: a word list
const strongLabels = phrasePattern([
  "amount", "monto", "importe", "valor", "cantidad", "total enviado", "total pagado",
  "total transferido", "total sent", "total paid", "you sent", "you paid", "sent", "enviado",
  "enviaste", "pagaste", "transferiste", "paid", "pagado", "payment amount", "transfer amount",
  "abono", "deposito", "deposit", "recibiste", "received", "payment of", "transferencia por",
]);
// biome-ignore format: a word list
const totalLabels = phrasePattern([
  "total", "grand total", "total charged", "total cobrado", "total a pagar", "total debited",
  "cargo", "charged", "cobro", "venta", "sale", "purchase", "compra",
]);
// biome-ignore format: a word list
const negativeLabels = phrasePattern([
  "saldo", "balance", "comision", "comisiones", "fee", "fees", "service charge", "iva",
  "impuesto", "impuestos", "tax", "taxes", "propina", "tip", "gratuity", "subtotal",
  "sub total", "sub-total", "disponible", "available", "anterior", "previous", "limite",
  "limit", "cashback", "descuento", "discount", "retencion", "interes", "intereses",
  "interest", "cuota de manejo", "gmf", "4x1000", "costo", "cost", "tipo de cambio",
  "exchange rate", "rate", "minimo", "minimum", "cambio", "change", "efectivo recibido",
  "cash tendered", "puntos", "points",
]);
const tipLabels = phrasePattern(["propina", "tip", "gratuity"]);

/** Spans that hold digits but never an amount: times, IBANs, long ids, card numbers, rates. */
const maskPatterns: readonly RegExp[] = [
  /(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?\s?m\.?)?/gi,
  /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b/g,
  /\d{9,}/g,
  /(?<!\d)\d{4}(?:[ -]\d{4}){2,}(?!\d)/g,
  /[*xX•·]{2,}[\s-]?\d{2,6}/g,
  /\d+(?:[.,]\d+)?\s?%/g,
];

function maskedText(line: EvidenceLine, language: "en" | "es"): string {
  // A sign before an amount ("Importe: -450,00 €", "$-500") is the statement's direction, not part
  // of the payment amount; a hyphen inside a token ("INV-2026", "555-1234") stays.
  let text = line.text.replace(/(?<=^|[\s:$€£(])[-+−](?=\d)/g, " ");
  const blank = (start: number, end: number) => {
    text = text.slice(0, start) + " ".repeat(end - start) + text.slice(end);
  };
  for (const hit of findDates(line.folded, language)) blank(hit.start, hit.end);
  for (const pattern of maskPatterns) {
    for (const m of text.matchAll(pattern)) blank(m.index ?? 0, (m.index ?? 0) + m[0].length);
  }
  return text;
}

const numberPattern =
  /(?<![\p{L}\d.,\-/#*])(\d{1,3}(?:([.,' ])\d{3})(?:\2\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?!\d|[.,\-/]\d|\p{Ll})/gu;

/** "1.234,56" → "1234.56"; "1,234" → "1234" (ambiguous); "1,234,56" → undefined. */
export function normaliseAmount(
  raw: string,
  grouping: string | undefined,
): { value: string; ambiguous: boolean } | undefined {
  const decimal = /([.,])\d{1,2}$/.exec(raw)?.[1];
  if (decimal && decimal === grouping) return undefined;
  const separator = decimal ?? (grouping === "." ? "," : ".");
  const plain = delocalizeDecimal(raw, separator as "." | ",");
  if (plain === undefined || !parseDecimal(plain)) return undefined;
  const value = plain.replace(/^0+(?=\d)/, "");
  const groups = grouping ? raw.split(grouping).length - 1 : 0;
  return { value, ambiguous: !decimal && groups === 1 && grouping !== " " && grouping !== "'" };
}

function labelOf(text: string): Label {
  const label = text
    .replace(/^[\s:|\-*•>·()]+/, "")
    .replace(/^(el|la|the|your|tu|su)\s+/, "")
    .trimEnd();
  if (negativeLabels.test(label)) return "excluded";
  const strong = strongLabels.exec(label);
  if (strong) return strong.index <= 2 ? "strong" : "weak";
  const total = totalLabels.exec(label);
  if (total) return total.index <= 2 ? "total" : "weak";
  return "none";
}

const labelScores: Record<Label, number> = {
  strong: 100,
  total: 80,
  weak: 40,
  none: 20,
  excluded: 0,
};

function lineCandidates(
  lines: readonly EvidenceLine[],
  lineIndex: number,
  language: "en" | "es",
): Candidate[] {
  const line = lines[lineIndex];
  if (!line || !/\d/.test(line.text)) return [];
  const masked = maskedText(line, language);
  const found: Candidate[] = [];
  let labelStart = 0;
  for (const m of masked.matchAll(numberPattern)) {
    const start = m.index ?? 0;
    const end = start + m[0].length;
    const parsed = normaliseAmount(m[1] ?? "", m[2]);
    const after = masked.slice(end);
    const marker = currencyMarkerAround(masked.slice(labelStart, start), after);
    let labelText = line.folded.slice(labelStart, start);
    labelStart = end + markerAfterLength(after);
    if (!parsed || !/[1-9]/.test(parsed.value)) continue;
    if (labelText.replace(/[^a-z]/g, "").length <= 3 && found.length === 0) {
      const previous = lines[previousNonEmpty(lines, lineIndex)];
      if (previous && !/\d/.test(maskedText(previous, language))) {
        labelText = `${previous.folded} ${labelText}`;
      }
    }
    let label = labelOf(labelText);
    const rest = line.folded.slice(end, end + 40);
    if (label === "none" && negativeLabels.test(rest.split(/\d/)[0] ?? "")) label = "excluded";
    if (label === "excluded" || (label === "none" && !marker)) {
      found.push({ ...candidateBase(parsed.value, marker, m), label, score: 0, order: 0 });
      continue;
    }
    const confidence = confidenceOf(label, marker, parsed.ambiguous, wasRepaired(line, start, end));
    const score = labelScores[label] + (marker ? 10 : 0) + (/[.,]\d{2}$/.test(m[1] ?? "") ? 3 : 0);
    found.push({ ...candidateBase(parsed.value, marker, m), label, score, order: 0, confidence });
  }
  return found;
}

function candidateBase(value: string, marker: CurrencyMarker | null, m: RegExpMatchArray) {
  const raw = m[1] ?? "";
  return { value, marker, confidence: 0, dotGrouped: m[2] === "." && !/,\d{1,2}$/.test(raw) };
}

function confidenceOf(
  label: Label,
  marker: CurrencyMarker | null,
  ambiguous: boolean,
  repaired: boolean,
): number {
  const table: Record<Label, [number, number]> = {
    strong: [0.95, 0.85],
    total: [0.85, 0.75],
    weak: [0.65, 0.55],
    none: [0.5, 0.4],
    excluded: [0, 0],
  };
  const [withMarker, without] = table[label];
  return (marker ? withMarker : without) - (ambiguous ? 0.05 : 0) - (repaired ? 0.1 : 0);
}

/** The payment amount, or null when no number is labelled or marked as money. */
export function extractAmount(
  lines: readonly EvidenceLine[],
  language: "en" | "es",
): AmountPick | null {
  const all: Candidate[] = [];
  lines.forEach((_, i) => {
    all.push(...lineCandidates(lines, i, language));
  });
  if (all.length > amountCandidatesMax) return null;
  const tipped = lines.some((l) => tipLabels.test(l.folded));
  const scored = all
    .map((c, order) => ({ ...c, order, score: c.score + (tipped && c.label === "total" ? 30 : 0) }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order);
  const best = scored[0];
  if (!best) return null;
  const rival = scored.find((c) => c.score === best.score && c.value !== best.value);
  const confidence = Math.max(0.1, best.confidence - (rival ? 0.2 : 0));
  return { value: best.value, confidence, marker: best.marker, dotGrouped: best.dotGrouped };
}
