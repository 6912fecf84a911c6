/**
 * Currency of a payment amount: the marker next to it ("€", "MXN", "US$", "pesos"), else codes
 * and country cues elsewhere in the text. A bare "$" is several currencies, so its guess is
 * weaker. Pure.
 */
import { isCurrencyCode } from "../../kernel/money.js";
import type { FieldGuess } from "../model.js";
import type { EvidenceLine } from "./evidence-text.js";

/** A code written next to the amount, a bare dollar sign, or the word "pesos". */
export type CurrencyMarker =
  | { kind: "code"; code: string }
  | { kind: "dollar" }
  | { kind: "pesos" };

/** Three-letter ISO codes that are also everyday capitalised words in receipts. */
const codeLookalikes = new Set(["ALL", "TOP", "CUP", "MOP", "SOS", "TRY", "MAD", "GEL", "PEN"]);

const symbolCodes: Readonly<Record<string, string>> = {
  "€": "EUR",
  "£": "GBP",
  US$: "USD",
  U$S: "USD",
  MX$: "MXN",
  COL$: "COP",
  CO$: "COP",
  R$: "BRL",
  CA$: "CAD",
  A$: "AUD",
};

function codeOf(word: string): string | null {
  return isCurrencyCode(word) && !codeLookalikes.has(word) ? word : null;
}

const markerBefore =
  /(US\s?\$|U\$S|MX\s?\$|COL?\s?\$|R\$|CA\$|A\$|\$|€|£|(?<![A-Za-z])[A-Z]{3})\s*$/;
const markerAfter = /^\s*(€|£|[A-Z]{3}(?![A-Za-z]))/;
const wordAfter =
  /^\s*(euros?|pesos?(?:\s+(mexicanos|colombianos|m\.?\s?n\.?))?|d[oó]lares|dollars?|m\.\s?n\.?)(?![a-z])/i;

function symbolMarker(symbol: string): CurrencyMarker | null {
  const compact = symbol.replace(/\s/g, "");
  if (compact === "$") return { kind: "dollar" };
  const code = symbolCodes[compact] ?? codeOf(compact);
  return code ? { kind: "code", code } : null;
}

function wordMarker(word: string, qualifier: string | undefined): CurrencyMarker {
  const w = word.toLowerCase();
  if (w.startsWith("euro")) return { kind: "code", code: "EUR" };
  if (w.startsWith("d")) return { kind: "code", code: "USD" };
  if (w.startsWith("m.")) return { kind: "code", code: "MXN" };
  const q = (qualifier ?? "").toLowerCase();
  if (q.startsWith("col")) return { kind: "code", code: "COP" };
  if (q !== "") return { kind: "code", code: "MXN" };
  return { kind: "pesos" };
}

/** The marker around an amount; a code beats a symbol ("$1,234.56 MXN" is MXN). */
export function currencyMarkerAround(before: string, after: string): CurrencyMarker | null {
  const beforeMatch = markerBefore.exec(before);
  const prefix = beforeMatch ? symbolMarker(beforeMatch[1] ?? "") : null;
  const afterMatch = markerAfter.exec(after);
  const suffixCode = afterMatch ? symbolMarker(afterMatch[1] ?? "") : null;
  if (suffixCode?.kind === "code") return suffixCode;
  const word = wordAfter.exec(after);
  if (word && prefix?.kind !== "code") return wordMarker(word[1] ?? "", word[2]);
  return prefix ?? suffixCode;
}

/** How long the marker after an amount is, so the next amount's label starts after it. */
export function markerAfterLength(after: string): number {
  const m = markerAfter.exec(after) ?? wordAfter.exec(after);
  return m ? m[0].length : 0;
}

const countryCues: readonly { code: string; pattern: RegExp }[] = [
  {
    code: "MXN",
    pattern:
      /\b(spei|clabe|banxico|clave de rastreo|banorte|banamex|citibanamex|bancomer|banco azteca|bancoppel|inbursa|banregio|mexico|cdmx|rfc|oxxo|m\.n\.)/g,
  },
  {
    code: "COP",
    pattern:
      /\b(bancolombia|nequi|davivienda|daviplata|banco de bogota|colombia|nit|pse|bogota|medellin)\b/g,
  },
  {
    code: "USD",
    pattern:
      /\b(zelle|ach|routing|chase|bank of america|wells fargo|venmo|cash app|wire transfer|capital one)\b/g,
  },
  { code: "EUR", pattern: /\b(sepa|bizum|iban|caixabank|sabadell|bankinter|espana|madrid)\b/g },
];

function codesInText(lines: readonly EvidenceLine[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    for (const m of line.text.matchAll(/(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])/g)) {
      const code = codeOf(m[1] ?? "");
      if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    if (/\beuros?\b|€/.test(line.folded)) counts.set("EUR", (counts.get("EUR") ?? 0) + 1);
  }
  return counts;
}

function strongest(counts: Map<string, number>, allowed?: readonly string[]): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const [code, count] of counts) {
    if (allowed && !allowed.includes(code)) continue;
    if (count > bestCount) [best, bestCount] = [code, count];
  }
  return best;
}

function cueCounts(lines: readonly EvidenceLine[]): Map<string, number> {
  const text = lines.map((l) => l.folded).join("\n");
  return new Map(countryCues.map(({ code, pattern }) => [code, text.match(pattern)?.length ?? 0]));
}

const dollarCurrencies = ["USD", "MXN", "COP", "CAD", "AUD", "CLP", "ARS", "NZD", "SGD", "HKD"];

/**
 * The currency of the payment amount. `dotGrouped`: the amount was written "1.234.567", which
 * with "$" points to Colombia (or Chile) rather than Mexico or the US.
 */
export function resolveCurrency(
  lines: readonly EvidenceLine[],
  marker: CurrencyMarker | null,
  options: { dotGrouped: boolean; language: "en" | "es" },
): FieldGuess<string> {
  if (marker?.kind === "code") return { value: marker.code, confidence: 0.95 };
  const codes = codesInText(lines);
  const cues = cueCounts(lines);
  if (marker) {
    const allowed = marker.kind === "pesos" ? ["MXN", "COP", "CLP", "ARS"] : dollarCurrencies;
    const written = strongest(codes, allowed);
    if (written) return { value: written, confidence: 0.85 };
    const cued = strongest(cues, marker.kind === "pesos" ? ["MXN", "COP"] : ["MXN", "COP", "USD"]);
    if (cued) return { value: cued, confidence: 0.7 };
    if (options.dotGrouped) return { value: "COP", confidence: 0.5 };
    if (marker.kind === "pesos" || options.language === "es")
      return { value: "MXN", confidence: 0.45 };
    return { value: "USD", confidence: 0.5 };
  }
  const written = strongest(codes);
  if (written) return { value: written, confidence: 0.75 };
  const cued = strongest(cues);
  if (cued) return { value: cued, confidence: 0.45 };
  return { value: null, confidence: 0 };
}
