/**
 * Could several of a customer's open invoices together make up a payment? Answered exactly, over
 * all of them — not the first few — so a payment that is certain for one invoice is not also a
 * combined payment of others. Pure.
 */

/** Combinations of up to this many amounts are checked exactly (pair sums met in the middle). */
export const EXACT_SIZE = 4;

/** With more amounts than this the question is not answered: treated as "yes, it could". */
export const MAX_AMOUNTS = 250;

/**
 * True when some 2..`maxSize` of the amounts (each position used once) add up to `target`, or
 * when that cannot be ruled out: more than `MAX_AMOUNTS` amounts, or `maxSize` above
 * `EXACT_SIZE` with more amounts than `boundedItems` (the bounded search's reach).
 *
 * Work: sizes 2 and 3 by looking the missing amount up in a value → positions map (O(n) and
 * O(n²)); size 4 by a map of pair sums, where each pair looks for a disjoint pair with the rest —
 * at most 2n pairs share a position with it, so each look-up ends after O(n) entries: O(n³) in
 * the worst case (every pair sum equal), O(n²) usually.
 */
export function someSubsetSums(
  amounts: readonly number[],
  target: number,
  maxSize: number,
  boundedItems: number,
): boolean {
  const values = amounts.filter((a) => Number.isSafeInteger(a) && a > 0);
  const n = values.length;
  if (maxSize < 2 || n < 2 || !Number.isSafeInteger(target) || target <= 0) return false;
  if (n > MAX_AMOUNTS) return true;
  const at = new Map<number, number[]>();
  values.forEach((v, i) => {
    const list = at.get(v);
    if (list) list.push(i);
    else at.set(v, [i]);
  });
  const other = (value: number, ...used: number[]) =>
    (at.get(value) ?? []).some((i) => !used.includes(i));
  for (let i = 0; i < n; i++) {
    if (other(target - values[i]!, i)) return true;
  }
  if (maxSize >= 3) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const rest = target - values[i]! - values[j]!;
        if (rest > 0 && other(rest, i, j)) return true;
      }
    }
  }
  if (maxSize >= 4) {
    const pairs = new Map<number, [number, number][]>();
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const sum = values[i]! + values[j]!;
        if (sum >= target) continue;
        const list = pairs.get(sum);
        if (list) list.push([i, j]);
        else pairs.set(sum, [[i, j]]);
      }
    }
    for (const [sum, list] of pairs) {
      const rest = pairs.get(target - sum);
      if (!rest) continue;
      for (const [i, j] of list) {
        if (rest.some(([k, l]) => k !== i && k !== j && l !== i && l !== j)) return true;
      }
    }
  }
  return maxSize > EXACT_SIZE && n > boundedItems;
}
