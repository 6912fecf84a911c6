import { describe, expect, it } from "vitest";
import { seededRandom } from "../../kernel/random.js";
import { MAX_AMOUNTS, someSubsetSums } from "./any-subset-sum.js";

/** Every combination of 2..maxSize positions, tried one by one. */
function bruteForce(amounts: number[], target: number, maxSize: number): boolean {
  const n = amounts.length;
  const walk = (from: number, size: number, sum: number): boolean => {
    if (size >= 2 && sum === target) return true;
    if (size === maxSize) return false;
    for (let i = from; i < n; i++) if (walk(i + 1, size + 1, sum + amounts[i]!)) return true;
    return false;
  };
  return walk(0, 0, 0);
}

describe("someSubsetSums", () => {
  it("finds two, three or four amounts that make the payment, wherever they are in the list", () => {
    const many = Array.from({ length: 60 }, (_, i) => 100_000 + i * 7);
    // The last two: beyond the 16 a bounded search would look at.
    expect(someSubsetSums([...many, 40_594, 67_656], 108_250, 4, 16)).toBe(true);
    expect(someSubsetSums([...many, 1_000, 2_000, 3_000], 6_000, 4, 16)).toBe(true);
    expect(someSubsetSums([...many, 1_000, 2_000, 3_000, 4_000], 10_000, 4, 16)).toBe(true);
    expect(someSubsetSums([...many, 1_000, 2_000, 3_000, 4_000], 10_000, 3, 16)).toBe(false);
  });

  it("uses each invoice once: one amount twice is not a pair unless two invoices have it", () => {
    expect(someSubsetSums([5_000, 7_000], 10_000, 4, 16)).toBe(false);
    expect(someSubsetSums([5_000, 7_000, 5_000], 10_000, 4, 16)).toBe(true);
    expect(someSubsetSums([2_500, 2_500, 2_500], 10_000, 4, 16)).toBe(false);
    expect(someSubsetSums([2_500, 2_500, 2_500, 2_500], 10_000, 4, 16)).toBe(true);
  });

  it("agrees with trying every combination, on 2,000 random cases", () => {
    const random = seededRandom(7);
    for (let c = 0; c < 2_000; c++) {
      const n = 2 + random.int(9);
      const amounts = Array.from({ length: n }, () => 1 + random.int(30));
      const target = 2 + random.int(80);
      const maxSize = 2 + random.int(3);
      expect(
        someSubsetSums(amounts, target, maxSize, 40),
        JSON.stringify({ amounts, target, maxSize }),
      ).toBe(bruteForce(amounts, target, maxSize));
    }
  });

  it("cannot rule a combination out with too many invoices, or sizes past four beyond the bounded search", () => {
    const big = Array.from({ length: MAX_AMOUNTS + 1 }, (_, i) => 1_000_000 + i);
    expect(someSubsetSums(big, 7, 4, 16)).toBe(true);
    const twenty = Array.from({ length: 20 }, (_, i) => 1_000_000 + i);
    expect(someSubsetSums(twenty, 7, 5, 16)).toBe(true);
    expect(someSubsetSums(twenty, 7, 4, 16)).toBe(false);
  });

  it("has no combinations for a target that is not a positive amount", () => {
    expect(someSubsetSums([1, 2, 3], 0, 4, 16)).toBe(false);
    expect(someSubsetSums([1, 2, 3], -3, 4, 16)).toBe(false);
  });
});
