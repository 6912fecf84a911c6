import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../kernel/dates.js";
import { parseDecimal, pow10 } from "../kernel/decimal.js";
import { AssertionError } from "../kernel/errors.js";
import { asCurrencyCode } from "../kernel/money.js";
import type { ContractUsage, UsageMode } from "../sources/model.js";
import { crossesThreshold, priceUsage, type UsageLine } from "./usage-pricing.js";

const period = { start: "2026-03-01" as CalendarDate, end: "2026-03-31" as CalendarDate };

/** 500 included; up to 1,000 at 0.50, up to 5,000 at 0.40, above at 0.30; threshold 10,000. */
function usage(mode: UsageMode, over: Partial<ContractUsage> = {}): ContractUsage {
  return {
    productCode: "API",
    includedQuantity: "500",
    tiers: [
      { upToQuantity: "1000", unitPriceMinor: 50 },
      { upToQuantity: "5000", unitPriceMinor: 40 },
      { upToQuantity: null, unitPriceMinor: 30 },
    ],
    mode,
    thresholdQuantity: "10000",
    ...over,
  };
}

function bill(
  u: ContractUsage,
  alreadyBilledQuantity: string,
  newQuantity: string,
  currency = "USD",
) {
  return priceUsage({
    usage: u,
    currency: asCurrencyCode(currency),
    alreadyBilledQuantity,
    newQuantity,
    productName: "API calls",
    unitCode: "C62",
    period,
  });
}

/** Lines as "quantity@unitPriceMinor", space-separated: "500@0 500@50". */
const brief = (lines: readonly UsageLine[]) =>
  lines.map((l) => `${l.quantity}@${l.unitPriceMinor}`).join(" ");

/** A decimal string at scale ≤ 2 → hundredths. */
function hundredths(text: string): bigint {
  const d = parseDecimal(text);
  if (!d || d.scale > 2) throw new Error(`unexpected quantity ${text}`);
  return d.units * pow10(2 - d.scale);
}

/** Quantity in hundredths per unit price (prices are distinct per tier in these tests). */
function quantityByPrice(lines: readonly UsageLine[]): Map<number, bigint> {
  const sums = new Map<number, bigint>();
  for (const l of lines) {
    sums.set(l.unitPriceMinor, (sums.get(l.unitPriceMinor) ?? 0n) + hundredths(l.quantity));
  }
  return sums;
}

/** Σ quantity × unit price, exactly, in hundredths of a minor unit (before any rounding). */
function exactAmount(lines: readonly UsageLine[]): bigint {
  return lines.reduce((s, l) => s + hundredths(l.quantity) * BigInt(l.unitPriceMinor), 0n);
}

describe("priceUsage, graduated", () => {
  it.each([
    ["all included", "0", "300", "300@0"],
    ["exactly the included quantity", "0", "500", "500@0"],
    ["exactly at a bound", "0", "1000", "500@0 500@50"],
    ["just past a bound", "0", "1000.5", "500@0 500@50 0.5@40"],
    ["spanning three tiers", "0", "7250", "500@0 500@50 4000@40 2250@30"],
    ["after a supplemental, past the included", "800", "300", "200@50 100@40"],
    ["after a supplemental, inside the included", "300", "1000", "200@0 500@50 300@40"],
    ["a thousandth in the last tier", "5000", "0.001", "0.001@30"],
    ["nothing new", "1200", "0", ""],
    ["nothing at all", "0", "0", ""],
  ])("%s: %s billed, %s new", (_name, already, added, expected) => {
    expect(brief(bill(usage("graduated"), already, added))).toBe(expected);
  });

  it("describes the included units and each tier slice", () => {
    expect(bill(usage("graduated"), "0", "7250").map((l) => l.description)).toEqual([
      "API calls, 2026-03-01 to 2026-03-31: 500 of 500 included",
      "API calls, 2026-03-01 to 2026-03-31: above 500 up to 1,000",
      "API calls, 2026-03-01 to 2026-03-31: above 1,000 up to 5,000",
      "API calls, 2026-03-01 to 2026-03-31: above 5,000",
    ]);
    const thousand = usage("graduated", { includedQuantity: "1000" });
    expect(bill(thousand, "0", "800")[0]?.description).toBe(
      "API calls, 2026-03-01 to 2026-03-31: 800 of 1,000 included",
    );
    expect(bill(thousand, "600", "300")[0]?.description).toBe(
      "API calls, 2026-03-01 to 2026-03-31: 300 of 1,000 included (600 billed before)",
    );
  });

  it("a flat overage: one unbounded tier above the included quantity", () => {
    const flat = usage("graduated", { tiers: [{ upToQuantity: null, unitPriceMinor: 25 }] });
    expect(brief(bill(flat, "0", "1234.5"))).toBe("500@0 734.5@25");
    const none = { ...flat, includedQuantity: "0" };
    expect(bill(none, "0", "3")).toEqual([
      { description: "API calls, 2026-03-01 to 2026-03-31", quantity: "3", unitPriceMinor: 25 },
    ]);
  });

  it("a tier bound at or below the included quantity prices nothing", () => {
    const generous = usage("graduated", { includedQuantity: "1000" });
    expect(brief(bill(generous, "0", "1200"))).toBe("1000@0 200@40");
  });

  it("a supplemental, then the period's end, bills the same quantities as one bill", () => {
    const u = usage("graduated");
    const supplemental = bill(u, "0", "1200");
    const periodEnd = bill(u, "1200", "6000");
    expect(brief(supplemental)).toBe("500@0 500@50 200@40");
    expect(brief(periodEnd)).toBe("3800@40 2200@30");
    expect(quantityByPrice([...supplemental, ...periodEnd])).toEqual(
      quantityByPrice(bill(u, "0", "7200")),
    );
  });
});

describe("priceUsage, volume", () => {
  it.each([
    ["all included", "0", "400", "400@0"],
    ["a total exactly at a bound takes the lower tier", "0", "1000", "500@0 500@50"],
    ["just past the bound", "0", "1000.001", "500@0 500.001@40"],
    ["at the next bound", "0", "5000", "500@0 4500@40"],
    ["into the last tier", "0", "5001", "500@0 4501@30"],
    ["after a supplemental, the same tier: no adjustment", "800", "100", "100@50"],
    ["after a supplemental inside the included", "300", "900", "200@0 700@40"],
    ["after a supplemental, a cheaper tier", "1200", "4000", "4000@30 700@-10"],
    ["nothing new", "1000", "0", ""],
  ])("%s: %s billed, %s new", (_name, already, added, expected) => {
    expect(brief(bill(usage("volume"), already, added))).toBe(expected);
  });

  it("re-prices the units a supplemental billed at an earlier tier, either way", () => {
    const [line, adjustment] = bill(usage("volume"), "1200", "4000");
    expect(line?.description).toBe(
      "API calls, 2026-03-01 to 2026-03-31: tier above 5,000 (5,200 used in total)",
    );
    expect(adjustment?.description).toBe(
      "API calls, 2026-03-01 to 2026-03-31: 700 billed earlier re-priced from 0.40 to 0.30 USD (5,200 used in total)",
    );
    const rising = usage("volume", {
      tiers: [
        { upToQuantity: "1000", unitPriceMinor: 100 },
        { upToQuantity: null, unitPriceMinor: 125 },
      ],
    });
    expect(brief(bill(rising, "800", "400", "KWD"))).toBe("400@125 300@25");
    expect(bill(rising, "800", "400", "KWD")[1]?.description).toContain(
      "re-priced from 0.100 to 0.125 KWD",
    );
  });

  it("a supplemental, then the period's end, bills the same amount as one bill", () => {
    const u = usage("volume");
    const steps = [...bill(u, "0", "1200"), ...bill(u, "1200", "6000")];
    expect(exactAmount(steps)).toBe(exactAmount(bill(u, "0", "7200")));
    expect(exactAmount(steps)).toBe(6700n * 30n * 100n);
  });
});

describe("priceUsage refuses broken usage pricing", () => {
  it.each([
    [
      "tiers not increasing",
      {
        tiers: [
          { upToQuantity: "10", unitPriceMinor: 1 },
          { upToQuantity: "10", unitPriceMinor: 1 },
          { upToQuantity: null, unitPriceMinor: 1 },
        ],
      },
    ],
    ["last tier bounded", { tiers: [{ upToQuantity: "10", unitPriceMinor: 1 }] }],
    ["no tiers", { tiers: [] }],
    ["negative price", { tiers: [{ upToQuantity: null, unitPriceMinor: -1 }] }],
    ["bad included quantity", { includedQuantity: "1e3" }],
  ])("%s", (_name, over) => {
    expect(() => bill(usage("graduated", over as Partial<ContractUsage>), "0", "1")).toThrow(
      AssertionError,
    );
  });

  it("negative quantities", () => {
    expect(() => bill(usage("graduated"), "0", "-1")).toThrow(AssertionError);
    expect(() => bill(usage("graduated"), "-1", "1")).toThrow(AssertionError);
  });
});

describe("crossesThreshold", () => {
  it.each([
    ["0", "9999", false],
    ["0", "10000", false],
    ["0", "10000.01", true],
    ["9000", "12000", true],
    ["10000", "12000", true],
    ["10000.5", "20000", false],
    ["12000", "12000", false],
  ])("%s → %s: %s", (before, after, expected) => {
    expect(crossesThreshold(usage("graduated"), before, after)).toBe(expected);
  });

  it("never without a threshold", () => {
    expect(crossesThreshold(usage("volume", { thresholdQuantity: null }), "0", "1e9")).toBe(false);
  });

  it("refuses usage that went down", () => {
    expect(() => crossesThreshold(usage("volume"), "10", "9")).toThrow(AssertionError);
  });
});

// ---- Properties ----

const text = (h: bigint) => `${h / 100n}.${(h % 100n).toString().padStart(2, "0")}`;

/** Usage pricing in hundredths: an included quantity, ascending bounds, distinct prices > 0. */
const usageArb = (mode: UsageMode) =>
  fc
    .record({
      included: fc.bigInt({ min: 0n, max: 300_000n }),
      bounds: fc.uniqueArray(fc.bigInt({ min: 1n, max: 1_000_000n }), { maxLength: 5 }),
    })
    .chain(({ included, bounds }) =>
      fc
        .uniqueArray(fc.integer({ min: 1, max: 100_000 }), {
          minLength: bounds.length + 1,
          maxLength: bounds.length + 1,
        })
        .map((prices): ContractUsage => {
          const sorted = [...bounds].sort((a, b) => (a < b ? -1 : 1));
          return {
            productCode: "API",
            includedQuantity: text(included),
            tiers: prices.map((unitPriceMinor, i) => {
              const bound = sorted[i];
              return { upToQuantity: bound === undefined ? null : text(bound), unitPriceMinor };
            }),
            mode,
            thresholdQuantity: null,
          };
        }),
    );

const incrementsArb = fc.array(fc.bigInt({ min: 0n, max: 400_000n }), {
  minLength: 1,
  maxLength: 8,
});

/** Bills the increments one after another, each on top of what the earlier ones billed. */
function billInSteps(u: ContractUsage, increments: readonly bigint[]): UsageLine[] {
  let billed = 0n;
  return increments.flatMap((increment) => {
    const lines = bill(u, text(billed), text(increment));
    billed += increment;
    return lines;
  });
}

describe("priceUsage properties", () => {
  it("graduated: any split of the period's usage bills the same quantity per tier as one bill", () => {
    fc.assert(
      fc.property(usageArb("graduated"), incrementsArb, (u, increments) => {
        const total = increments.reduce((s, i) => s + i, 0n);
        const steps = billInSteps(u, increments);
        const once = bill(u, "0", text(total));
        expect(steps.every((l) => hundredths(l.quantity) > 0n)).toBe(true);
        expect(quantityByPrice(steps)).toEqual(quantityByPrice(once));
        expect(once.reduce((s, l) => s + hundredths(l.quantity), 0n)).toBe(total);
      }),
      { numRuns: 300 },
    );
  });

  it("volume: any split of the period's usage bills the same exact amount as one bill", () => {
    fc.assert(
      fc.property(usageArb("volume"), incrementsArb, (u, increments) => {
        const total = increments.reduce((s, i) => s + i, 0n);
        const once = bill(u, "0", text(total));
        expect(exactAmount(billInSteps(u, increments))).toBe(exactAmount(once));
        expect(once.reduce((s, l) => s + hundredths(l.quantity), 0n)).toBe(total);
      }),
      { numRuns: 300 },
    );
  });
});
