import { describe, expect, it } from "vitest";
import { asCurrencyCode } from "../kernel/money.js";
import { usageTiersMax } from "./model.js";
import { parseSourceFile } from "./parse-source-file.js";
import { contractLineFromRow } from "./rows-contracts.js";

const defaults = { currency: asCurrencyCode("USD") };

const contract = {
  external_id: "K-1",
  customer_external_id: "C-1",
  schedule: "monthly",
  start_on: "2026-03-01",
  product_code: "BASE",
};

function convert(over: Record<string, string>) {
  return contractLineFromRow({ ...contract, ...over }, 4, "k.csv", defaults);
}

/** The issues of one converted row as "column: reason". */
function problems(over: Record<string, string>): string[] {
  return convert(over).issues.map((i) => `${i.column}: ${i.reason}`);
}

function parseText(text: string) {
  const bytes = new TextEncoder().encode(text);
  return parseSourceFile("contracts", bytes, { file: "contracts.csv", encoding: "utf8", defaults });
}

describe("contracts.csv usage columns", () => {
  it("all empty gives no usage pricing", () => {
    expect(convert({}).record?.head.usage).toBeNull();
    expect(convert({ usage_tiers: " ", usage_mode: "" }).record?.head.usage).toBeNull();
  });

  it("reads tiers, included quantity, mode and threshold in canonical form", () => {
    const result = convert({
      usage_product_code: "API-1K",
      usage_included: "1000.0",
      usage_tiers: "1000:0.50 | 5000.00:0.4|*:0.3",
      usage_mode: "Volume",
      usage_threshold: "20000.50",
    });
    expect(result.issues).toEqual([]);
    expect(result.record?.head.usage).toEqual({
      productCode: "API-1K",
      includedQuantity: "1000",
      tiers: [
        { upToQuantity: "1000", unitPriceMinor: 50 },
        { upToQuantity: "5000", unitPriceMinor: 40 },
        { upToQuantity: null, unitPriceMinor: 30 },
      ],
      mode: "volume",
      thresholdQuantity: "20000.5",
    });
  });

  it("defaults: nothing included, graduated, no threshold; a single * tier is a flat overage", () => {
    expect(convert({ usage_product_code: "GB", usage_tiers: "*:0.25" }).record?.head.usage).toEqual(
      {
        productCode: "GB",
        includedQuantity: "0",
        tiers: [{ upToQuantity: null, unitPriceMinor: 25 }],
        mode: "graduated",
        thresholdQuantity: null,
      },
    );
  });

  it("accepts a bound at or below the included quantity (those units are all free)", () => {
    const result = convert({
      usage_product_code: "GB",
      usage_included: "5000",
      usage_tiers: "1000:0.50|5000:0.40|*:0.30",
    });
    expect(result.issues).toEqual([]);
    expect(result.record?.head.usage?.tiers).toHaveLength(3);
  });

  it("prices tiers in the contract currency", () => {
    const jpy = convert({ currency: "JPY", usage_product_code: "GB", usage_tiers: "*:3" });
    expect(jpy.record?.head.usage?.tiers).toEqual([{ upToQuantity: null, unitPriceMinor: 3 }]);
  });

  it.each([
    [
      "bounds not ascending",
      { usage_tiers: "1000:0.5|1000:0.4|999.9:0.35|*:0.3" },
      [
        "usage_tiers: tier 2: bounds must increase: 1000 is not above 1000",
        "usage_tiers: tier 3: bounds must increase: 999.9 is not above 1000",
      ],
    ],
    [
      "last tier bounded",
      { usage_tiers: "1000:0.5|5000:0.4" },
      ['usage_tiers: tier 2: the last tier must be *, like …|*:0.30: "5000:0.4"'],
    ],
    [
      "* before the last tier",
      { usage_tiers: "*:0.5|*:0.4" },
      ["usage_tiers: tier 1: only the last tier may be * (no upper bound)"],
    ],
    [
      "negative price",
      { usage_tiers: "1000:0.5|*:-0.25" },
      ['usage_tiers: tier 2: price must not be negative: "-0.25"'],
    ],
    [
      "price not an amount, price missing",
      { usage_tiers: "1000:abc|*:" },
      [
        'usage_tiers: tier 1: price must be a number with "." as the decimal point, like 150.00: "abc"',
        'usage_tiers: tier 2: write BOUND:PRICE, like 1000:0.50 or *:0.30: "*:"',
      ],
    ],
    [
      "price too precise for the currency",
      { currency: "JPY", usage_tiers: "*:0.5" },
      ['usage_tiers: tier 1: JPY amounts have 0 decimal places at most: "0.5"'],
    ],
    [
      "bad bounds",
      { usage_tiers: "1e3:0.5|0:0.4|-5:0.3|*:0.2" },
      [
        'usage_tiers: tier 1: bound must be a decimal quantity or *: "1e3"',
        'usage_tiers: tier 2: bound must be above 0: "0"',
        'usage_tiers: tier 3: bound must be above 0: "-5"',
      ],
    ],
    [
      "not BOUND:PRICE",
      { usage_tiers: "1000|2000:0.4:1||*:0.3" },
      [
        'usage_tiers: tier 1: write BOUND:PRICE, like 1000:0.50 or *:0.30: "1000"',
        'usage_tiers: tier 2: write BOUND:PRICE, like 1000:0.50 or *:0.30: "2000:0.4:1"',
        'usage_tiers: tier 3: write BOUND:PRICE, like 1000:0.50 or *:0.30: ""',
      ],
    ],
    [
      "bad included quantity",
      { usage_included: "1,000" },
      ['usage_included: usage_included must be a decimal number like 1000 or 7.5: "1,000"'],
    ],
    [
      "negative included quantity",
      { usage_included: "-1" },
      ['usage_included: usage_included must not be negative: "-1"'],
    ],
    [
      "unknown mode",
      { usage_mode: "tiered" },
      ['usage_mode: must be one of graduated, volume: "tiered"'],
    ],
    [
      "threshold 0",
      { usage_threshold: "0.00" },
      ['usage_threshold: usage_threshold must be greater than 0: "0.00"'],
    ],
    [
      "threshold negative",
      { usage_threshold: "-10" },
      ['usage_threshold: usage_threshold must not be negative: "-10"'],
    ],
    [
      "threshold not a decimal",
      { usage_threshold: "lots" },
      ['usage_threshold: usage_threshold must be a decimal number like 1000 or 7.5: "lots"'],
    ],
  ])("%s", (_name, over, expected) => {
    expect(problems({ usage_product_code: "API-1K", usage_tiers: "*:0.3", ...over })).toEqual(
      expected,
    );
  });

  it("needs both the product and the tiers once any usage column is given", () => {
    expect(problems({ usage_tiers: "*:0.25" })).toEqual([
      "usage_product_code: is required for usage pricing (usage_tiers given)",
    ]);
    expect(problems({ usage_product_code: "GB" })).toEqual([
      "usage_tiers: is required for usage pricing (usage_product_code given); write tiers like 1000:0.50|*:0.30",
    ]);
    expect(problems({ usage_threshold: "100", usage_mode: "volume" })).toEqual([
      "usage_product_code: is required for usage pricing (usage_mode, usage_threshold given)",
      "usage_tiers: is required for usage pricing (usage_mode, usage_threshold given); write tiers like 1000:0.50|*:0.30",
    ]);
  });

  it("refuses more than the most tiers", () => {
    const tiers = [...Array.from({ length: usageTiersMax }, (_, i) => `${i + 1}:0.01`), "*:0.01"];
    expect(problems({ usage_product_code: "GB", usage_tiers: tiers.join("|") })).toEqual([
      `usage_tiers: has ${usageTiersMax + 1} tiers, more than ${usageTiersMax}`,
    ]);
  });

  it("reports only the currency when it is unknown", () => {
    expect(problems({ currency: "USX", usage_product_code: "GB", usage_tiers: "*:0.25" })).toEqual([
      'currency: unknown currency "USX"; use an ISO 4217 code like USD or MXN',
    ]);
  });
});

describe("contracts.csv usage columns across a contract's rows", () => {
  const header =
    "external_id,customer_external_id,schedule,start_on,product_code,usage_product_code,usage_included,usage_tiers,usage_mode,usage_threshold\n";

  it("one contract when the rows mean the same usage pricing", () => {
    const { rows, issues } = parseText(
      `${header}K-1,C-1,monthly,2026-03-01,BASE,API-1K,1000,1000:0.50|*:0.30,volume,\n` +
        "K-1,C-1,monthly,2026-03-01,SUPPORT,API-1K,1000.0,1000:0.5|*:0.3,VOLUME,\n" +
        "K-2,C-1,monthly,2026-03-01,BASE,API-1K,0,*:0.25,graduated,\n" +
        "K-2,C-1,monthly,2026-03-01,SUPPORT,API-1K,,*:0.25,,\n",
    );
    expect(issues).toEqual([]);
    expect(rows.map((r) => [r.record.externalId, r.record.lines.length])).toEqual([
      ["K-1", 2],
      ["K-2", 2],
    ]);
    expect(rows[0]?.record.usage).toMatchObject({ includedQuantity: "1000", mode: "volume" });
    expect(Object.keys(rows[0]?.record ?? {}).sort()).toEqual([
      "currency",
      "customerExternalId",
      "endOn",
      "externalId",
      "lines",
      "schedule",
      "startOn",
      "timing",
      "usage",
    ]);
  });

  it("names each usage column that differs, in canonical form", () => {
    const { rows, issues } = parseText(
      `${header}K-1,C-1,monthly,2026-03-01,BASE,API-1K,1000,1000:0.50|*:0.30,,\n` +
        "K-1,C-1,monthly,2026-03-01,SUPPORT,API-1K,1000,1000:0.50|*:0.25,,500\n" +
        "K-2,C-1,monthly,2026-03-01,BASE,API-1K,,*:0.25,,\n" +
        "K-2,C-1,monthly,2026-03-01,SUPPORT,,,,,\n",
    );
    expect(rows).toEqual([]);
    expect(issues.map((i) => `${i.line}: ${i.column}: ${i.reason}`)).toEqual([
      '3: usage_tiers: differs from line 2 of the same contract "K-1" ("1000:0.50|*:0.30" there, "1000:0.50|*:0.25" here); repeat the same value on every line',
      '3: usage_threshold: differs from line 2 of the same contract "K-1" (empty there, "500" here); repeat the same value on every line',
      '5: usage_product_code: differs from line 4 of the same contract "K-2" ("API-1K" there, empty here); repeat the same value on every line',
      '5: usage_tiers: differs from line 4 of the same contract "K-2" ("*:0.25" there, empty here); repeat the same value on every line',
    ]);
  });
});
