import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type SubsetItem, type SubsetLimits, subsetsSumming } from "./subset-sum.js";

const items = (...amounts: number[]): SubsetItem[] =>
  amounts.map((amount, i) => ({ id: `i${i}`, amount }));

const roomy: SubsetLimits = { maxItems: 40, maxSize: 5, maxResults: 100 };

/** Every qualifying combination, by enumerating all subsets, in the promised order. */
function bruteForce(list: readonly SubsetItem[], target: number, limits: SubsetLimits): string[][] {
  const pool = list.slice(0, Math.max(0, limits.maxItems));
  const found: number[][] = [];
  for (let mask = 1; mask < 1 << pool.length; mask++) {
    const picked = pool.map((_, i) => i).filter((i) => mask & (1 << i));
    if (picked.length < 2 || picked.length > limits.maxSize) continue;
    if (picked.some((i) => !(pool[i]!.amount > 0))) continue;
    if (picked.reduce((sum, i) => sum + pool[i]!.amount, 0) !== target) continue;
    found.push(picked);
  }
  found.sort((a, b) => {
    if (a.length !== b.length) return a.length - b.length;
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
    return 0;
  });
  return found.slice(0, Math.max(0, limits.maxResults)).map((c) => c.map((i) => pool[i]!.id));
}

describe("subsetsSumming", () => {
  it("finds the two invoices a payment covers", () => {
    expect(subsetsSumming(items(10_000, 25_050, 7_500, 4_000), 32_550, roomy)).toEqual([
      ["i1", "i2"],
    ]);
  });

  it("lists smaller combinations first, then by the items' positions", () => {
    // 100 = 60+40 = 70+30 = 60+20+20 = 30+50+20 (with either 20)
    expect(subsetsSumming(items(60, 40, 70, 30, 50, 20, 20), 100, roomy)).toEqual([
      ["i0", "i1"],
      ["i2", "i3"],
      ["i0", "i5", "i6"],
      ["i3", "i4", "i5"],
      ["i3", "i4", "i6"],
    ]);
  });

  it("does not count one item alone as a combination", () => {
    expect(subsetsSumming(items(500, 200, 300), 500, roomy)).toEqual([["i1", "i2"]]);
  });

  it("respects maxSize, maxItems and maxResults", () => {
    const list = items(1, 1, 1, 1, 1);
    expect(subsetsSumming(list, 3, { ...roomy, maxSize: 2 })).toEqual([]);
    expect(subsetsSumming(list, 3, { ...roomy, maxSize: 3 })).toHaveLength(10);
    expect(subsetsSumming(list, 3, { ...roomy, maxItems: 3 })).toEqual([["i0", "i1", "i2"]]);
    expect(subsetsSumming(list, 2, { ...roomy, maxResults: 2 })).toEqual([
      ["i0", "i1"],
      ["i0", "i2"],
    ]);
  });

  it("returns nothing for a target no combination reaches", () => {
    expect(subsetsSumming(items(100, 200, 300), 50, roomy)).toEqual([]);
    expect(subsetsSumming(items(100, 200, 300), 700, roomy)).toEqual([]);
    expect(subsetsSumming(items(100, 200, 300), 0, roomy)).toEqual([]);
    expect(subsetsSumming([], 100, roomy)).toEqual([]);
  });

  it("leaves out items that cannot be part of a payment", () => {
    const list = items(100, 0, -50, 150, 1.5, 50);
    expect(subsetsSumming(list, 150, roomy)).toEqual([["i0", "i5"]]);
    expect(subsetsSumming(list, 100, roomy)).toEqual([]);
  });

  it("matches brute force on small inputs", () => {
    const amount = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.constantFrom(0, -5));
    fc.assert(
      fc.property(
        fc.array(amount, { maxLength: 11 }),
        fc.integer({ min: -5, max: 80 }),
        fc.record({
          maxItems: fc.integer({ min: 0, max: 12 }),
          maxSize: fc.integer({ min: 0, max: 6 }),
          maxResults: fc.integer({ min: 0, max: 8 }),
        }),
        (amounts, target, limits) => {
          const list = items(...amounts);
          expect(subsetsSumming(list, target, limits)).toEqual(bruteForce(list, target, limits));
        },
      ),
      { numRuns: 400 },
    );
  });

  it("stays fast with 40 items when nothing matches", () => {
    // Even amounts and an odd target: nothing ever matches, so only pruning bounds the search.
    const list = items(...Array.from({ length: 40 }, (_, i) => 2 * (i + 1)));
    const start = process.hrtime.bigint();
    expect(subsetsSumming(list, 201, { maxItems: 40, maxSize: 5, maxResults: 10 })).toEqual([]);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(ms).toBeLessThan(2_000);
  });

  it("prunes by sums, so even every size of 40 items stays fast", () => {
    const list = items(...Array.from({ length: 40 }, () => 100));
    const all = { maxItems: 40, maxSize: 40, maxResults: 5 };
    const start = process.hrtime.bigint();
    expect(subsetsSumming(list, 250, all)).toEqual([]);
    expect(subsetsSumming(list, 4_000, all)).toEqual([list.map((item) => item.id)]);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(ms).toBeLessThan(2_000);
  });

  it("stops at maxResults with 40 equal items", () => {
    const list = items(...Array.from({ length: 40 }, () => 100));
    const found = subsetsSumming(list, 300, { maxItems: 40, maxSize: 6, maxResults: 3 });
    expect(found).toEqual([
      ["i0", "i1", "i2"],
      ["i0", "i1", "i3"],
      ["i0", "i1", "i4"],
    ]);
  });
});
