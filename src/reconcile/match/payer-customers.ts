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
  const shared = new Map<string, number>();
  for (const word of new Set(payer.words)) {
    if (word.length < 3) continue;
    const ids = index.byNameWord.get(word);
    if (!ids) continue;
    const rarity = Math.log((customers + 1) / ids.size);
    for (const id of ids) shared.set(id, (shared.get(id) ?? 0) + rarity);
  }
  const ranked = [...shared].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  for (const [id] of ranked.slice(0, NAME_CANDIDATES)) {
    const customer = index.customerNames.get(id);
    const similarity = customer ? preparedSimilarity(payer, customer) : 0;
    if (similarity >= min) out.set(id, Math.round(similarity * 100) / 100);
  }
  return new Map([...out].sort((a, b) => b[1] - a[1]).slice(0, 3));
}
