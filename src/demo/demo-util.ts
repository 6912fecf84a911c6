/** Small pure helpers the demo generator shares: ids, draws from a seeded Random, ascii folding. */
import { assert } from "../kernel/errors.js";
import { type CurrencyCode, currencyExponent, money, multiplyByFraction } from "../kernel/money.js";
import type { Random } from "../kernel/random.js";

/** Zero-padded readable id: ("CUS", 7, 4) → "CUS-0007". */
export function externalId(prefix: string, n: number, width: number): string {
  return `${prefix}-${String(n).padStart(width, "0")}`;
}

/** Enough digits for `count` ids, never fewer than `min`. */
export function idWidth(count: number, min: number): number {
  return Math.max(min, String(count).length);
}

export function chance(random: Random, p: number): boolean {
  return random.float() < p;
}

/** An integer in [min, max], both included. */
export function intBetween(random: Random, min: number, max: number): number {
  return min + random.int(max - min + 1);
}

/** A multiple of `step` in [min, max]; all three are integers. */
export function stepBetween(random: Random, min: number, max: number, step: number): number {
  return min + step * random.int(Math.floor((max - min) / step) + 1);
}

/** One item, chosen with probability proportional to its weight (weights > 0). */
export function weightedPick<T>(random: Random, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random.float() * total;
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  const last = items[items.length - 1];
  assert(last, "weightedPick has items");
  return last[0];
}

/** "Clínica Peñalver" → "clinica penalver": accents dropped, lower case. */
export function asciiFold(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

const stopWords = new Set(["de", "del", "la", "las", "los", "el", "y", "and", "the", "of"]);

/** A domain label from a name: "Clínica Dental Sonrisa" → "clinicadentalsonrisa". */
export function domainLabel(name: string): string {
  return asciiFold(name)
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "" && !stopWords.has(w))
    .join("");
}

/** n random decimal digits as text. */
export function digitString(random: Random, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++) out += String(random.int(10));
  return out;
}

/**
 * A price written in hundredths of the major unit ("cents") as minor units of `currency`:
 * 150000 → 150000 USD cents, 1500 JPY, 1500000 KWD fils. Rounded half-up once.
 */
export function priceMinor(cents: number, currency: CurrencyCode): number {
  const scale = 10 ** currencyExponent(currency);
  return multiplyByFraction(money(cents, currency), scale, 100).amountMinor;
}
