/**
 * Which open items one payment could cover together: every combination of two or more items
 * whose amounts add up exactly to the payment. Pure.
 */

export type SubsetItem = { id: string; amount: number };

export type SubsetLimits = {
  /** Only the first this many items (in the caller's order) are considered. */
  maxItems: number;
  /** Combinations have at most this many items. */
  maxSize: number;
  /** At most this many combinations are returned. */
  maxResults: number;
};

/**
 * The ids of every combination of 2..`maxSize` items, taken from the first `maxItems` items,
 * whose amounts sum exactly to `target`; at most `maxResults` of them. Smaller combinations come
 * first; combinations of one size come in the order of their items' positions (lexicographic
 * on positions), so the answer never depends on anything but the input.
 *
 * Amounts are integer minor units. Items whose amount is not a positive safe integer cannot be
 * part of a payment and are left out (they still count towards `maxItems`); a target that is not
 * a positive safe integer has no combinations.
 *
 * Work: a depth-first search per size k, visiting positions in increasing order, cut as soon as
 * the chosen amounts plus the k − depth smallest amounts still available exceed the target, or
 * plus the k − depth largest fall short of it (no combination below that node can then reach
 * the target). The worst case, when nothing prunes, visits every partial combination of up to
 * k of the n = min(items, maxItems) items, for each size k: at most
 * Σ_{k=2..maxSize} Σ_{j=1..k} C(n, j) nodes, O(1) each, plus O(n × maxSize) to build the
 * bounds — for n = 40 about 11,500 nodes with maxSize 3, 114,000 with 4 and 874,000 with 5.
 * Keep `maxSize` small when n is large; the search stops once `maxResults` are found.
 */
export function subsetsSumming(
  items: readonly SubsetItem[],
  target: number,
  limits: SubsetLimits,
): string[][] {
  const maxItems = Math.max(0, Math.floor(limits.maxItems));
  const maxResults = Math.max(0, Math.floor(limits.maxResults));
  if (!Number.isSafeInteger(target) || target <= 0 || maxResults === 0) return [];
  const pool = items
    .slice(0, maxItems)
    .filter((item) => Number.isSafeInteger(item.amount) && item.amount > 0);
  const n = pool.length;
  const maxSize = Math.min(Math.floor(limits.maxSize), n);
  if (maxSize < 2) return [];
  const amounts = pool.map((item) => item.amount);

  // smallest[i][r] / largest[i][r]: the sum of the r smallest / largest amounts at positions ≥ i
  // (Infinity / -Infinity when fewer than r are left), from the maxSize smallest and largest
  // amounts of each suffix, kept sorted while walking back: O(n × maxSize).
  const smallest: number[][] = new Array(n + 1);
  const largest: number[][] = new Array(n + 1);
  const low: number[] = []; // ascending, at most maxSize
  const high: number[] = []; // descending, at most maxSize
  for (let i = n; i >= 0; i--) {
    if (i < n) {
      insertBounded(low, amounts[i]!, maxSize, (x, y) => x < y);
      insertBounded(high, amounts[i]!, maxSize, (x, y) => x > y);
    }
    smallest[i] = prefixSums(low, maxSize, Number.POSITIVE_INFINITY);
    largest[i] = prefixSums(high, maxSize, Number.NEGATIVE_INFINITY);
  }

  const results: string[][] = [];
  const chosen: number[] = [];
  const search = (size: number, from: number, sum: number): void => {
    const left = size - chosen.length;
    if (left === 0) {
      if (sum === target) results.push(chosen.map((i) => pool[i]!.id));
      return;
    }
    for (let i = from; i <= n - left && results.length < maxResults; i++) {
      // Any `left` amounts from position i on sum to at least smallest[i][left] and at most
      // largest[i][left], and these bounds only tighten as i grows: once the target is out of
      // reach, it is out of reach for every later i too.
      if (sum + smallest[i]![left]! > target || sum + largest[i]![left]! < target) break;
      chosen.push(i);
      search(size, i + 1, sum + amounts[i]!);
      chosen.pop();
    }
  };
  for (let size = 2; size <= maxSize && results.length < maxResults; size++) search(size, 0, 0);
  return results;
}

/** Inserts `value` into `list` (sorted by `before`), keeping only the first `max`. */
function insertBounded(
  list: number[],
  value: number,
  max: number,
  before: (x: number, y: number) => boolean,
): void {
  let at = list.length;
  while (at > 0 && before(value, list[at - 1]!)) at--;
  if (at >= max) return;
  list.splice(at, 0, value);
  if (list.length > max) list.pop();
}

/** [0, a0, a0+a1, …] up to `count` terms, `missing` past the end of `sorted`. */
function prefixSums(sorted: readonly number[], count: number, missing: number): number[] {
  const sums = [0];
  for (let r = 1; r <= count; r++) {
    sums.push(r <= sorted.length ? sums[r - 1]! + sorted[r - 1]! : missing);
  }
  return sums;
}
