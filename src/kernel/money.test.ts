import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CURRENCY_EXPONENTS } from "./currencies.js";
import {
  add,
  allocate,
  allocateEvenly,
  applyRate,
  asCurrencyCode,
  compare,
  currencyExponent,
  divideRounded,
  equals,
  isCurrencyCode,
  isZero,
  type Money,
  money,
  multiplyByFraction,
  multiplyByQuantity,
  negate,
  type RoundingMode,
  subtract,
  sum,
  zero,
} from "./money.js";

const codes = Object.keys(CURRENCY_EXPONENTS);
const max = Number.MAX_SAFE_INTEGER;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? "no code";
  }
  return undefined;
}

const usd = (n: number) => money(n, "USD");
const amounts = (ms: Money[]) => ms.map((m) => m.amountMinor);

describe("currency table (ISO 4217 list one)", () => {
  it("holds every active code once, with exponent 0, 2, 3 or 4", () => {
    expect(codes.length).toBeGreaterThanOrEqual(155);
    expect(codes.length).toBeLessThanOrEqual(180);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(CURRENCY_EXPONENTS[code]);
    }
  });
  const byExponent: Record<number, string[]> = {
    0: ["JPY", "KRW", "CLP", "VND", "ISK", "UGX", "XAF", "XOF", "XPF", "PYG", "RWF", "KMF"],
    2: ["USD", "EUR", "MXN", "GBP", "ZWG", "SLE", "VED", "XCG"],
    3: ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"],
    4: ["CLF", "UYW"],
  };
  byExponent[0]?.push("GNF", "DJF", "BIF", "VUV", "UYI");
  const expectedExponents = Object.entries(byExponent).flatMap(([exponent, list]) =>
    list.map((code): [string, number] => [code, Number(exponent)]),
  );
  it.each(expectedExponents)("%s has exponent %i", (code, exponent) => {
    expect(currencyExponent(asCurrencyCode(code))).toBe(exponent);
  });
  it.each(["HRK", "SLL", "ZWL", "ANG", "CUC", "XAU", "XXX", "usd", "US", ""])(
    "%j is not active",
    (c) => {
      expect(isCurrencyCode(c)).toBe(false);
      expect(codeOf(() => asCurrencyCode(c))).toBe("currency_unknown");
    },
  );
  it("names the unknown value in the message", () => {
    expect(() => asCurrencyCode("ZZZ")).toThrow(/ZZZ/);
  });
});

describe("money and arithmetic", () => {
  it.each([2 ** 53, -(2 ** 53), 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects %d", (n) => {
    expect(codeOf(() => money(n, "USD"))).toBe("amount_not_safe_integer");
  });
  it("accepts the safe integer bounds and turns -0 into 0", () => {
    expect(money(max, "USD").amountMinor).toBe(max);
    expect(money(-max, "USD").amountMinor).toBe(-max);
    expect(Object.is(money(-0, "USD").amountMinor, 0)).toBe(true);
    expect(Object.is(negate(zero("USD")).amountMinor, 0)).toBe(true);
  });
  it("adds, subtracts, negates, sums and compares in one currency", () => {
    expect(add(usd(150), usd(-50))).toEqual(usd(100));
    expect(subtract(usd(150), usd(200))).toEqual(usd(-50));
    expect(negate(usd(7))).toEqual(usd(-7));
    expect(sum("USD", [usd(1), usd(2), usd(3)])).toEqual(usd(6));
    expect(sum("JPY", [])).toEqual(money(0, "JPY"));
    expect(isZero(zero("KWD"))).toBe(true);
    expect([compare(usd(1), usd(2)), compare(usd(2), usd(2)), compare(usd(3), usd(2))]).toEqual([
      -1, 0, 1,
    ]);
    expect(equals(usd(5), usd(5))).toBe(true);
  });
  it("sums past the safe range in between as long as the total is safe", () => {
    expect(sum("USD", [usd(max), usd(max), usd(-max)])).toEqual(usd(max));
  });
  it.each([
    ["add", () => add(usd(max), usd(1))],
    ["subtract", () => subtract(usd(-max), usd(1))],
    ["sum", () => sum("USD", [usd(max), usd(1)])],
    ["applyRate", () => applyRate(usd(max), 20_000)],
  ])("%s throws on overflow", (_name, fn) => {
    expect(codeOf(fn)).toBe("amount_overflow");
  });
  it("throws currency_mismatch naming both codes, for every combining operation", () => {
    const pair = fc
      .tuple(fc.constantFrom(...codes), fc.constantFrom(...codes))
      .filter(([a, b]) => a !== b);
    fc.assert(
      fc.property(pair, fc.integer({ min: -1e9, max: 1e9 }), ([a, b], n) => {
        const x = money(n, a);
        const y = money(n, b);
        for (const fn of [
          () => add(x, y),
          () => subtract(x, y),
          () => compare(x, y),
          () => equals(x, y),
          () => sum(a, [x, y]),
        ]) {
          expect(codeOf(fn)).toBe("currency_mismatch");
          expect(fn).toThrow(new RegExp(`${a}.*${b}`));
        }
      }),
    );
  });
});

describe("divideRounded", () => {
  const modes: RoundingMode[] = [
    "half_up",
    "half_even",
    "half_down",
    "up",
    "down",
    "ceiling",
    "floor",
  ];
  // value (numerator / 10) → results in the order of `modes`
  it.each([
    [25, [3, 2, 2, 3, 2, 3, 2]],
    [-25, [-3, -2, -2, -3, -2, -2, -3]],
    [15, [2, 2, 1, 2, 1, 2, 1]],
    [-15, [-2, -2, -1, -2, -1, -1, -2]],
    [24, [2, 2, 2, 3, 2, 3, 2]],
    [-24, [-2, -2, -2, -3, -2, -2, -3]],
    [26, [3, 3, 3, 3, 2, 3, 2]],
    [-26, [-3, -3, -3, -3, -2, -2, -3]],
    [5, [1, 0, 0, 1, 0, 1, 0]],
    [-5, [-1, 0, 0, -1, 0, 0, -1]],
    [20, [2, 2, 2, 2, 2, 2, 2]],
    [0, [0, 0, 0, 0, 0, 0, 0]],
  ])("%i / 10", (tenths, expected) => {
    const results = modes.map((mode) => Number(divideRounded(BigInt(tenths), 10n, mode)));
    expect(results).toEqual(expected);
    const flipped = modes.map((mode) => Number(divideRounded(BigInt(-tenths), -10n, mode)));
    expect(flipped).toEqual(expected);
  });
  it("rejects a zero denominator and an unknown mode", () => {
    expect(() => divideRounded(1n, 0n, "half_up")).toThrow(RangeError);
    expect(() => divideRounded(1n, 2n, "nearest" as RoundingMode)).toThrow(RangeError);
  });
  it("lands within one of the exact quotient, between floor and ceiling", () => {
    const big = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
    const nonZero = big.filter((d) => d !== 0n);
    fc.assert(
      fc.property(big, nonZero, fc.constantFrom(...modes), (n, d, mode) => {
        const q = divideRounded(n, d, mode);
        const error = q * d - n;
        expect(error < 0n ? -error : error).toBeLessThan(d < 0n ? -d : d);
        const floor = divideRounded(n, d, "floor");
        expect(q === floor || q === floor + 1n).toBe(true);
      }),
    );
  });
});

describe("multiplyByQuantity, applyRate, multiplyByFraction", () => {
  it.each([
    [1000, "0.333", "half_up", 333],
    [1001, "0.333", "half_up", 333], // 333.333
    [1, "0.333", "half_up", 0],
    [100, "1.005", "half_up", 101], // exact 100.5; as floats 100 * 1.005 = 100.49999…
    [3, "0.5", "half_up", 2],
    [3, "0.5", "half_even", 2],
    [5, "0.5", "half_even", 2],
    [-3, "0.5", "half_up", -2],
    [1500, "1.5", "half_up", 2250],
    [1500, "-2", "half_up", -3000],
    [1500, "+2", "half_up", 3000],
    [1500, ".5", "half_up", 750],
    [1500, 3, "half_up", 4500],
    [999, "0.0001", "ceiling", 1],
  ] as const)("%i × %j (%s) = %i", (amount, quantity, mode, expected) => {
    expect(multiplyByQuantity(usd(amount), quantity, mode)).toEqual(usd(expected));
  });
  it.each(["1e3", "1,5", "", "1.", "abc", " 1", 1.5, Number.NaN])("rejects quantity %j", (q) => {
    expect(codeOf(() => multiplyByQuantity(usd(100), q))).toBe("quantity_invalid");
  });
  it.each([
    [10_000, 1600, "half_up", 1600],
    [3125, 1600, "half_up", 500],
    [3131, 1600, "half_up", 501], // 500.96
    [-3131, 1600, "half_up", -501],
    [1, 5000, "half_up", 1],
    [1, 5000, "half_even", 0],
    [3, 5000, "half_even", 2],
    [1, 5000, "down", 0],
    [999, 0, "half_up", 0],
  ] as const)("applyRate(%i, %i bps, %s) = %i", (amount, bps, mode, expected) => {
    expect(applyRate(money(amount, "MXN"), bps, mode)).toEqual(money(expected, "MXN"));
  });
  it("rejects fractional basis points", () => {
    expect(codeOf(() => applyRate(usd(100), 16.5))).toBe("rate_invalid");
  });
  it.each([
    [3000, 10, 31, 968], // 967.74
    [3100, 15, 31, 1500],
    [3000, 31, 31, 3000],
    [3000, 0, 31, 0],
    [-3000, 10, 31, -968],
  ])("%i × %i/%i = %i", (amount, numerator, denominator, expected) => {
    expect(multiplyByFraction(usd(amount), numerator, denominator)).toEqual(usd(expected));
  });
  it.each([
    [1, 0],
    [1, -31],
    [1.5, 31],
    [1, 30.5],
  ])("rejects the fraction %d/%d", (numerator, denominator) => {
    expect(codeOf(() => multiplyByFraction(usd(1), numerator, denominator))).toBe(
      "fraction_invalid",
    );
  });
});

describe("allocate", () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [5, [1, 1], [3, 2]],
    [1, [1, 1, 1], [1, 0, 0]],
    [2, [1, 1, 1], [1, 1, 0]],
    [10, [0, 1], [0, 10]],
    [1001, [3, 7], [300, 701]], // 300.3 and 700.7: the larger remainder gets the unit
    [100, [0.1, 0.2, 0.7], [10, 20, 70]],
    [100, [1, 0, 0], [100, 0, 0]],
    [0, [1, 2], [0, 0]],
    [7, [2, 1, 1, 2], [3, 1, 1, 2]], // ties go to the earlier index
    [max, [1, 1], [Math.ceil(max / 2), Math.floor(max / 2)]],
  ])("%i by %j → %j", (total, weights, expected) => {
    expect(amounts(allocate(usd(total), weights))).toEqual(expected);
  });
  it.each([[[]], [[0, 0]], [[-1, 2]], [[Number.NaN, 1]], [[Number.POSITIVE_INFINITY, 1]]])(
    "rejects the weights %j",
    (weights) => {
      expect(codeOf(() => allocate(usd(100), weights))).toBe("allocation_weights_invalid");
    },
  );
  it("splits evenly, larger parts first", () => {
    expect(amounts(allocateEvenly(money(100, "JPY"), 3))).toEqual([34, 33, 33]);
    expect(amounts(allocateEvenly(money(-1, "KWD"), 2))).toEqual([-1, 0]);
    expect(codeOf(() => allocateEvenly(usd(1), 0))).toBe("allocation_weights_invalid");
    expect(codeOf(() => allocateEvenly(usd(1), 1.5))).toBe("allocation_weights_invalid");
  });
  it("always sums to the total, each part within one minor unit of its exact share", () => {
    const weights = fc
      .array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 })
      .filter((ws) => ws.some((w) => w > 0));
    fc.assert(
      fc.property(
        fc.integer({ min: -max, max }),
        weights,
        fc.constantFrom(...codes),
        (total, ws, currency) => {
          const parts = allocate(money(total, currency), ws);
          expect(parts).toHaveLength(ws.length);
          expect(sum(currency, parts)).toEqual(money(total, currency));
          const weightSum = BigInt(ws.reduce((s, w) => s + w, 0));
          parts.forEach((part, i) => {
            expect(part.currency).toBe(currency);
            // |part − total·w/W| < 1  ⇔  |part·W − total·w| < W
            const error = BigInt(part.amountMinor) * weightSum - BigInt(total) * BigInt(ws[i] ?? 0);
            expect(error < 0n ? -error : error).toBeLessThan(weightSum);
            expect(part.amountMinor * Math.sign(total)).toBeGreaterThanOrEqual(0);
          });
        },
      ),
    );
  });
});
