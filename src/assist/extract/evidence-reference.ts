/**
 * The payment's reference, most useful first: an invoice number (INV-2026-000123, "factura 123",
 * F-123, "#123"), then the free-text concept / memo / referencia field, then the bank's tracking
 * key (clave de rastreo, confirmation number). Pure.
 */
import type { FieldGuess } from "../model.js";
import { type EvidenceLine, type FieldHit, findField, fold } from "./evidence-text.js";

/** Longest reference text returned; longer concept fields are cut at a word (and marked lower). */
export const referenceCharsMax = 140;

const invoiceToken =
  /(?<![\p{L}\d-])(?:(?:inv|fac|fact|fv|fe)-?\d+(?:[-/]\d+)*|f-\d+(?:[-/]\d+)*|inv-[a-z]{0,3}-?\d+(?:-\d+)*)(?![\p{L}\d-])/u;
const invoiceWord =
  /(?<![\p{L}])(?:facturas?|fact\.?|fra\.?|invoice|inv\.?)\s*(?:n[oº°]\.?|num\.?|numero|nro\.?|number|#)?\s*[:#]?\s*([a-z]{0,4}-?\d[\w/-]*)/u;
const hashNumber = /(?<![\w&])#\s?(\d{2,})(?!\w)/;
const trackingWords =
  /\b(confirm\w*|conf|transac\w*|trans|auth\w*|autoriz\w*|order|orden|ticket|folio|operacion|card|tarjeta|cuenta|account|rastreo|trace|id|recibo|receipt)\b/;

/** An invoice number written anywhere in `text` (folded alongside), as written. */
export function invoiceReferenceIn(text: string): string | null {
  const folded = fold(text);
  const token = invoiceToken.exec(folded);
  if (token) return text.slice(token.index, token.index + token[0].length);
  const word = invoiceWord.exec(folded);
  if (word?.[1]) {
    const start = word.index + word[0].length - word[1].length;
    return text.slice(start, start + word[1].length).replace(/[-/]+$/, "");
  }
  const hash = hashNumber.exec(folded);
  if (hash?.[1] && !trackingWords.test(folded.slice(Math.max(0, hash.index - 30), hash.index))) {
    return hash[1];
  }
  return null;
}

// biome-ignore format: a word list
const conceptLabels = [
  "concepto de pago", "concepto del pago", "concepto", "concept", "memo", "motivo",
  "motivo de pago", "descripcion", "description", "mensaje", "message", "note", "detalle", "payment for", "for", "remittance information", "remittance info",
  "informacion de remesa", "informacion adicional", "concepto / referencia",
  "concepto/referencia", "purpose", "proposito",
];
// biome-ignore format: a word list
const referenceLabels = [
  "referencia numerica", "referencia", "reference", "ref", "ref.", "payment reference",
  "su referencia", "your reference", "referencia del pago", "ref. ordenante",
  "referencia de pago", "numero de referencia", "reference number", "ref no", "ref. no",
];
// biome-ignore format: a word list
const trackingLabels = [
  "clave de rastreo", "tracking key", "numero de rastreo", "confirmation number",
  "confirmation no", "confirmation code", "confirmation", "transaction id", "transaction number",
  "id de transaccion", "numero de operacion", "no. de operacion", "operacion", "folio",
  "numero de autorizacion", "autorizacion", "authorization code", "auth code", "trace number",
  "cus", "numero de comprobante", "comprobante", "id de pago", "payment id", "transaction",
  "id transaccion", "codigo de operacion", "reference id", "referencia de operacion", "auth",
  "aut", "authorization", "approval code", "codigo de aprobacion", "aprobacion",
];

const trivial =
  /^(n\/?a|none|ninguno|ninguna|sin (concepto|referencia)|-+|\.+|0*1?|transferencia|transfer|pago|payment|spei)$/i;

function cleanValue(value: string): string {
  const plain = value
    .replace(/^["'“”‘’]+|["'“”‘’.;,]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (plain.length <= referenceCharsMax) return plain;
  return plain.slice(0, referenceCharsMax).replace(/\s+\S*$/, "");
}

function usable(value: string): boolean {
  const plain = cleanValue(value);
  return plain.length > 0 && !trivial.test(plain);
}

export function extractReference(lines: readonly EvidenceLine[]): FieldGuess<string> {
  const loose = { looseSeparator: true };
  const fields = [
    findField(lines, conceptLabels, usable, loose),
    findField(lines, referenceLabels, usable, loose),
  ].filter((f): f is FieldHit => f !== undefined);
  for (const field of fields) {
    const invoice = invoiceReferenceIn(field.value);
    if (invoice) return { value: invoice, confidence: 0.9 };
  }
  for (const line of lines) {
    const invoice = invoiceReferenceIn(line.text);
    if (invoice) return { value: invoice, confidence: 0.8 };
  }
  const [first] = fields;
  if (first) {
    const value = cleanValue(first.value);
    return { value, confidence: value.length < first.value.trim().length - 1 ? 0.5 : 0.7 };
  }
  const tracking = findField(lines, trackingLabels, (v) => /\d/.test(v) && /[a-z0-9]{4}/i.test(v), {
    looseSeparator: true,
  });
  if (tracking) return { value: cleanValue(tracking.value).split(" ")[0]!, confidence: 0.5 };
  return { value: null, confidence: 0 };
}
