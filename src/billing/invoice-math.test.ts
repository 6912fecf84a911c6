import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asCurrencyCode, type CurrencyCode } from "../kernel/money.js";
import { computeInvoice, type MathLineInput, type TaxRule } from "./invoice-math.js";

const rule = (code: string, rateBps: number, flags: Partial<TaxRule> = {}): TaxRule => ({
  code,
  rateBps,
  inclusive: false,
  exempt: false,
  zeroRated: false,
  ...flags,
});

const rules = [
  rule("S16", 1600),
  rule("S8", 800),
  rule("S165", 1650),
  rule("S25", 2500),
  rule("I16", 1600, { inclusive: true }),
  rule("I21", 2100, { inclusive: true }),
  rule("E", 0, { exempt: true }),
  rule("EI", 0, { exempt: true, inclusive: true }),
  rule("Z", 0, { zeroRated: true }),
];
const taxRates: ReadonlyMap<string, TaxRule> = new Map(rules.map((r) => [r.code, r]));
const usd = asCurrencyCode("USD");

function line(quantity: string, unitPriceMinor: number, taxCode: string, extra = {}) {
  return { description: `item ${taxCode}`, quantity, unitPriceMinor, taxCode, ...extra };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code ?? "no code";
  }
  return undefined;
}

type Row = [string, string, MathLineInput, [number, number, number, number, number]];

describe("computeInvoice: one line", () => {
  // [name, currency, line, [gross, discount, net, tax, total]]
  it.each<Row>([
    ["exclusive 16 %", "USD", line("3", 1000, "S16"), [3000, 0, 3000, 480, 3480]],
    ["quantity rounds down below .5", "USD", line("0.333", 100, "S16"), [33, 0, 33, 5, 38]],
    ["quantity tie rounds half-up", "USD", line("0.125", 100, "S16"), [13, 0, 13, 2, 15]],
    ["tax tie rounds half-up", "USD", line("1", 10, "S25"), [10, 0, 10, 3, 13]],
    ["tax just below the tie", "USD", line("1", 1003, "S165"), [1003, 0, 1003, 165, 1168]],
    [
      "discount rate",
      "USD",
      line("1", 10000, "S16", { discountBps: 1000 }),
      [10000, 1000, 9000, 1440, 10440],
    ],
    [
      "discount rate 100 %",
      "USD",
      line("2", 999, "S16", { discountBps: 10000 }),
      [1998, 1998, 0, 0, 0],
    ],
    [
      "discount rate rounds half-up",
      "USD",
      line("1", 5, "S16", { discountBps: 1000 }),
      [5, 1, 4, 1, 5],
    ],
    [
      "fixed discount",
      "USD",
      line("1", 1000, "S16", { discountMinor: 250 }),
      [1000, 250, 750, 120, 870],
    ],
    [
      "fixed discount capped at gross",
      "USD",
      line("1", 500, "S16", { discountMinor: 800 }),
      [500, 500, 0, 0, 0],
    ],
    ["inclusive 16 %", "USD", line("1", 11600, "I16"), [11600, 0, 10000, 1600, 11600]],
    ["inclusive rounds the net half-up", "USD", line("1", 100, "I16"), [100, 0, 86, 14, 100]],
    [
      "inclusive with discount",
      "USD",
      line("1", 12100, "I21", { discountMinor: 100 }),
      [12100, 100, 9917, 2083, 12000],
    ],
    ["exempt", "USD", line("2", 1500, "E"), [3000, 0, 3000, 0, 3000]],
    ["exempt inclusive", "USD", line("2", 1500, "EI"), [3000, 0, 3000, 0, 3000]],
    ["zero-rated", "USD", line("1", 1500, "Z"), [1500, 0, 1500, 0, 1500]],
    [
      "credit line (negative quantity)",
      "USD",
      line("-1", 1000, "S16"),
      [-1000, 0, -1000, -160, -1160],
    ],
    [
      "credit line with fixed discount",
      "USD",
      line("-1", 1000, "S16", { discountMinor: 100 }),
      [-1000, -100, -900, -144, -1044],
    ],
    ["zero quantity", "USD", line("0", 1000, "S16"), [0, 0, 0, 0, 0]],
    ["JPY (no decimals)", "JPY", line("1.5", 333, "S8"), [500, 0, 500, 40, 540]],
    ["KWD (3 decimals)", "KWD", line("2.5", 1234, "S165"), [3085, 0, 3085, 509, 3594]],
  ])("%s", (_name, currency, input, [gross, discount, net, tax, total]) => {
    const totals = computeInvoice({ currency: asCurrencyCode(currency), lines: [input], taxRates });
    const [computed] = totals.lines;
    expect(computed).toMatchObject({
      ...input,
      grossMinor: gross,
      discountAppliedMinor: discount,
      netMinor: net,
      taxMinor: tax,
      totalMinor: total,
    });
    expect(totals).toMatchObject({ subtotalMinor: net, taxMinor: tax, totalMinor: total });
  });

  it.each([
    ["S16", "S", 1600],
    ["I16", "S", 1600],
    ["E", "E", 0],
    ["EI", "E", 0],
    ["Z", "Z", 0],
  ])("tax code %s is category %s at %i bps", (code, category, rateBps) => {
    const [computed] = computeInvoice({
      currency: usd,
      lines: [line("1", 100, code)],
      taxRates,
    }).lines;
    expect(computed).toMatchObject({ taxCategory: category, taxRateBps: rateBps });
  });

  it("an invoice with no lines is zero", () => {
    expect(computeInvoice({ currency: usd, lines: [], taxRates })).toEqual({
      lines: [],
      subtotalMinor: 0,
      taxMinor: 0,
      totalMinor: 0,
      taxBreakdown: [],
    });
  });
});

describe("computeInvoice: totals and breakdown", () => {
  it("derives totals from rounded lines and groups by (code, rate), S then Z then E, rate desc", () => {
    const totals = computeInvoice({
      currency: usd,
      lines: [
        line("1", 1000, "E"),
        line("1", 1003, "S8"),
        line("1", 11600, "I16"),
        line("2", 3, "S16"),
        line("1", 700, "Z"),
        line("1", 3, "S16"),
      ],
      taxRates,
    });
    expect(totals.taxBreakdown).toEqual([
      { taxCode: "I16", taxCategory: "S", taxRateBps: 1600, taxableMinor: 10000, taxMinor: 1600 },
      { taxCode: "S16", taxCategory: "S", taxRateBps: 1600, taxableMinor: 9, taxMinor: 1 },
      { taxCode: "S8", taxCategory: "S", taxRateBps: 800, taxableMinor: 1003, taxMinor: 80 },
      { taxCode: "Z", taxCategory: "Z", taxRateBps: 0, taxableMinor: 700, taxMinor: 0 },
      { taxCode: "E", taxCategory: "E", taxRateBps: 0, taxableMinor: 1000, taxMinor: 0 },
    ]);
    expect(totals).toMatchObject({ subtotalMinor: 12712, taxMinor: 1681, totalMinor: 14393 });
  });

  it("breakdown tax is the sum of line taxes, not the rate applied to the base (BR-CO-14)", () => {
    // Three lines of 3 cents at 16 %: each line's tax rounds to 0; 16 % of the base 9 would be 1.
    const totals = computeInvoice({
      currency: usd,
      lines: [line("1", 3, "S16"), line("1", 3, "S16"), line("1", 3, "S16")],
      taxRates,
    });
    expect(totals.taxBreakdown).toEqual([
      { taxCode: "S16", taxCategory: "S", taxRateBps: 1600, taxableMinor: 9, taxMinor: 0 },
    ]);
    expect(totals.taxMinor).toBe(0);
  });
});

describe("computeInvoice: refusals", () => {
  it("an unknown tax code names the line", () => {
    const lines = [line("1", 100, "S16"), { ...line("1", 100, "VAT99"), description: "Hosting" }];
    let caught: unknown;
    try {
      computeInvoice({ currency: usd, lines, taxRates });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({
      code: "tax_code_unknown",
      details: { line: 2, field: "taxCode", value: "VAT99" },
    });
    expect(String(caught)).toContain('line 2 ("Hosting")');
  });

  it.each<[string, MathLineInput, string]>([
    [
      "both discounts",
      line("1", 100, "S16", { discountBps: 10, discountMinor: 1 }),
      "discount_invalid",
    ],
    ["discount rate over 100 %", line("1", 100, "S16", { discountBps: 10001 }), "discount_invalid"],
    ["negative discount rate", line("1", 100, "S16", { discountBps: -1 }), "discount_invalid"],
    ["fractional discount rate", line("1", 100, "S16", { discountBps: 1.5 }), "discount_invalid"],
    ["negative fixed discount", line("1", 100, "S16", { discountMinor: -1 }), "discount_invalid"],
    ["quantity with a comma", line("1,5", 100, "S16"), "quantity_invalid"],
    ["quantity with an exponent", line("1e3", 100, "S16"), "quantity_invalid"],
    ["fractional price", line("1", 1.5, "S16"), "amount_not_safe_integer"],
  ])("%s", (_name, input, code) => {
    expect(codeOf(() => computeInvoice({ currency: usd, lines: [input], taxRates }))).toBe(code);
  });

  it.each<[string, TaxRule]>([
    ["exempt and zero-rated", rule("X", 0, { exempt: true, zeroRated: true })],
    ["exempt with a rate", rule("X", 500, { exempt: true })],
    ["negative rate", rule("X", -100)],
    ["rate past 1000 %", rule("X", 100_001)],
  ])("a tax rule that is %s is refused", (_name, bad) => {
    const lines = [line("1", 100, "X")];
    const rates = new Map([["X", bad]]);
    expect(codeOf(() => computeInvoice({ currency: usd, lines, taxRates: rates }))).toBe(
      "tax_rule_invalid",
    );
  });

  it("an unknown currency is refused", () => {
    const lines = [line("1", 100, "S16")];
    const currency = "XXQ" as CurrencyCode;
    expect(codeOf(() => computeInvoice({ currency, lines, taxRates }))).toBe("currency_unknown");
  });
});

const quantityArb = fc
  .tuple(fc.integer({ min: -1_000, max: 1_000_000 }), fc.integer({ min: 0, max: 3 }))
  .map(([units, scale]) => {
    const digits = Math.abs(units)
      .toString()
      .padStart(scale + 1, "0");
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return units < 0 ? `-${text}` : text;
  });

const discountArb = fc.oneof(
  fc.constant({}),
  fc.integer({ min: 0, max: 10_000 }).map((discountBps) => ({ discountBps })),
  fc.integer({ min: 0, max: 2_000_000 }).map((discountMinor) => ({ discountMinor })),
);

const lineArb: fc.Arbitrary<MathLineInput> = fc
  .record({
    quantity: quantityArb,
    unitPriceMinor: fc.integer({ min: 0, max: 10_000_000 }),
    taxCode: fc.constantFrom(...rules.map((r) => r.code)),
    discount: discountArb,
  })
  .map(({ discount, ...rest }) => ({ description: "item", ...rest, ...discount }));

function sumOf(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}

describe("computeInvoice: properties", () => {
  it("totals are the sums of rounded lines; the breakdown sums to them", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("USD", "JPY", "KWD"),
        fc.array(lineArb, { maxLength: 30 }),
        (currency, lines) => {
          const totals = computeInvoice({ currency: asCurrencyCode(currency), lines, taxRates });
          const nets = sumOf(totals.lines.map((l) => l.netMinor));
          const taxes = sumOf(totals.lines.map((l) => l.taxMinor));
          expect(totals.subtotalMinor).toBe(nets);
          expect(totals.taxMinor).toBe(taxes);
          expect(totals.totalMinor).toBe(nets + taxes);
          expect(sumOf(totals.taxBreakdown.map((r) => r.taxMinor))).toBe(totals.taxMinor);
          expect(sumOf(totals.taxBreakdown.map((r) => r.taxableMinor))).toBe(totals.subtotalMinor);
        },
      ),
    );
  });

  it("each line is rounded once per step and within half a minor unit of exact", () => {
    fc.assert(
      fc.property(lineArb, (input) => {
        const [l] = computeInvoice({ currency: usd, lines: [input], taxRates }).lines;
        if (!l) throw new Error("one line in, one line out");
        const r = taxRates.get(l.taxCode)!;
        const amount = l.grossMinor - l.discountAppliedMinor;
        expect(Math.abs(l.discountAppliedMinor)).toBeLessThanOrEqual(Math.abs(l.grossMinor));
        expect(l.discountAppliedMinor * l.grossMinor).toBeGreaterThanOrEqual(0);
        expect(l.totalMinor).toBe(l.netMinor + l.taxMinor);
        const rate = BigInt(l.taxRateBps);
        if (r.exempt || r.zeroRated) {
          expect(l.taxMinor).toBe(0);
          expect(l.netMinor).toBe(amount);
        } else if (r.inclusive) {
          expect(l.netMinor + l.taxMinor).toBe(amount);
          const error = BigInt(l.netMinor) * (10_000n + rate) - BigInt(amount) * 10_000n;
          expect(2n * (error < 0n ? -error : error) <= 10_000n + rate).toBe(true);
        } else {
          expect(l.netMinor).toBe(amount);
          const error = BigInt(l.taxMinor) * 10_000n - BigInt(l.netMinor) * rate;
          expect(2n * (error < 0n ? -error : error) <= 10_000n).toBe(true);
        }
      }),
    );
  });
});
