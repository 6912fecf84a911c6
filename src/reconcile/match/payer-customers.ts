/**
 * Which customers a bank line's payer name points to: looked up by the payer's words in the
 * index, ranked by how rare the shared words are, the best few scored for similarity. Pure.
 */
import type { InvoiceIndex } from "./invoice-index.js";
import { normaliseName, preparedSimilarity, prepareName } from "./name-similarity.js";

/**
 * Customers whose name shares a word with the payer's are ranked by how rare the shared words
 * are (a shared "Harbor" says more than a shared "Construction"), and this many are scored.
 */
const NAME_CANDIDATES = 40;

/** A word more customers than this share only weighs in for customers a rarer word found. */
const COMMON_WORD = 200;

/** Customers whose name is like the payer's: looked up by the payer's words, then scored. */
export function namedCustomers(
  name: string | null,
  index: InvoiceIndex,
  min: number,
): Map<string, number> {
  const out = new Map<string, number>();
  if (!name) return out;
  const payer = prepareName(normaliseName(name));
  const customers = index.customerNames.size;
  // Rarest words first. A word shared by many customers only adds weight to those a rarer word
  // found, so the work stays bounded by the rarest word's customers.
  const words = [...new Set(payer.words)]
    .filter((w) => w.length >= 3)
    .map((w) => ({ w, ids: index.byNameWord.get(w) }))
    .filter((x): x is { w: string; ids: Set<string> } => x.ids !== undefined)
    .sort((a, b) => a.ids.size - b.ids.size || (a.w < b.w ? -1 : 1));
  const shared = new Map<string, number>();
  for (const { ids } of words) {
    const rarity = Math.log((customers + 1) / ids.size);
    const widen = shared.size === 0 || ids.size <= COMMON_WORD;
    if (widen) for (const id of ids) shared.set(id, (shared.get(id) ?? 0) + rarity);
    else for (const [id, weight] of shared) if (ids.has(id)) shared.set(id, weight + rarity);
  }
  const ranked = [...shared].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [id] of ranked.slice(0, NAME_CANDIDATES)) {
    const customer = index.customerNames.get(id);
    const similarity = customer ? preparedSimilarity(payer, customer) : 0;
    if (similarity >= min) out.set(id, Math.round(similarity * 100) / 100);
  }
  return new Map([...out].sort((a, b) => b[1] - a[1]).slice(0, 3));
}
