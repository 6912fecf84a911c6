import { describe, expect, it } from "vitest";
import { input, line, type Overrides } from "../../test/support/review-input.js";
import { REVIEW_CODES, type ReviewReason } from "./model.js";
import { DEFAULT_POLICY } from "./policy.js";
import { type ReviewLine, reviewReasons } from "./review-policy.js";

const codes = (over: Overrides = {}): string[] => reviewReasons(input(over)).map((r) => r.code);

/** The one reason with this code; its message must read as a sentence, not a template. */
function reasonOf(over: Overrides, code: string): ReviewReason {
  const found = reviewReasons(input(over)).filter((r) => r.code === code);
  expect(found).toHaveLength(1);
  const { message } = found[0]!;
  expect(message).toMatch(/^[a-z0-9"].* .*[a-z0-9)"]$/i);
  expect(message).not.toMatch(/undefined|NaN|null|\[object|\$\{/);
  return found[0]!;
}

describe("reviewReasons baseline", () => {
  it("gives no reason for a clean recurring draft", () => {
    expect(reviewReasons(input())).toEqual([]);
  });
});

describe("missing_field", () => {
  it.each<[string, Overrides, RegExp]>([
    ["legal_name", { customer: { legalName: "" } }, /legal name/],
    ["legal_name", { customer: { legalName: "   " } }, /legal name/],
    ["billing_address", { customer: { billingAddress: null } }, /billing address/],
    ["tax_id", { policy: { requireTaxId: true }, customer: { taxId: null } }, /tax id/],
    ["tax_id", { policy: { requireTaxId: true }, customer: { taxId: "" } }, /tax id/],
    ["billing_contact", { customer: { hasBillingContact: false } }, /billing contact/],
    ["currency", { customer: { currency: null } }, /currency/],
    ["currency", { draft: { currency: "" } }, /currency/],
    ["amount", { draft: { totalMinor: 0 } }, /total is €0\.00/],
    ["amount", { draft: { totalMinor: -500 } }, /total is -€5\.00/],
  ])("missing_field:%s when %j", (field, over, mentions) => {
    expect(codes(over)).toEqual([`missing_field:${field}`]);
    expect(reasonOf(over, `missing_field:${field}`).message).toMatch(mentions);
  });

  it.each<[string, Overrides]>([
    ["no tax id when the organisation does not require one", { customer: { taxId: null } }],
    ["a tax id when the organisation requires one", { policy: { requireTaxId: true } }],
    ["a total of one minor unit", { draft: { totalMinor: 1 } }],
  ])("not for %s", (_, over) => {
    expect(codes(over)).toEqual([]);
  });
});

describe("high_value", () => {
  it("flags a total one minor unit over the threshold, naming both amounts", () => {
    const over = { draft: { totalMinor: 500_001 } };
    expect(DEFAULT_POLICY.highValueMinor).toBe(500_000);
    expect(codes(over)).toEqual(["high_value"]);
    expect(reasonOf(over, "high_value").message).toMatch(/€5,000\.01.*€5,000\.00/);
  });

  it.each<[string, Overrides]>([
    ["exactly at the threshold", { draft: { totalMinor: 500_000 } }],
    ["exactly at a lowered threshold", { policy: { highValueMinor: 11_900 } }],
  ])("not %s", (_, over) => {
    expect(codes(over)).toEqual([]);
  });

  it("follows the policy's threshold", () => {
    expect(codes({ policy: { highValueMinor: 11_899 } })).toEqual(["high_value"]);
  });
});

describe("custom_pricing", () => {
  it.each<[string, ReviewLine[]]>([
    ["a charge", [line({ unitPriceMinor: 9_000, netMinor: 9_000, description: "Pro (deal)" })]],
    [
      "a proration",
      [
        line(),
        line({
          kind: "proration",
          unitPriceMinor: 9_000,
          netMinor: 4_500,
          description: "Pro (deal)",
        }),
      ],
    ],
  ])("flags %s line off the list price, naming it and both prices", (_, lines) => {
    const over = { draft: { lines, contractExpectedChargeMinor: lines[0]!.netMinor } };
    expect(codes(over)).toEqual(["custom_pricing"]);
    expect(reasonOf(over, "custom_pricing").message).toMatch(/"Pro \(deal\)".*€90\.00.*€100\.00/);
  });

  it.each<[string, ReviewLine]>([
    ["a free-form line (no list price)", line({ listPriceMinor: null, unitPriceMinor: 9_000 })],
    ["a credit line", line({ kind: "credit", unitPriceMinor: -2_000, netMinor: -2_000 })],
  ])("not for %s", (_, extra) => {
    const over = { draft: { lines: [line(), extra], contractExpectedChargeMinor: null } };
    expect(codes(over)).toEqual([]);
  });
});

describe("tax_sensitive", () => {
  it.each<[string, Partial<ReviewLine>, RegExp]>([
    ["exempt", { taxCategory: "E" }, /1 line\(s\) with exempt tax/],
    ["zero-rated", { taxCategory: "Z" }, /1 line\(s\) with zero-rated tax/],
    ["overridden", { taxOverridden: true }, /1 line\(s\) with overridden tax/],
  ])("flags a line with %s tax", (_, over, mentions) => {
    const lines = [line(over)];
    expect(codes({ draft: { lines } })).toEqual(["tax_sensitive"]);
    expect(reasonOf({ draft: { lines } }, "tax_sensitive").message).toMatch(mentions);
  });

  it("counts every sensitive line in one reason", () => {
    const lines = [line({ netMinor: 5_000 }), line({ taxCategory: "E", netMinor: 5_000 })];
    const extra = line({ kind: "usage", listPriceMinor: null, taxCategory: "Z", netMinor: 1 });
    const over = { draft: { lines: [...lines, extra] } };
    expect(reasonOf(over, "tax_sensitive").message).toBe("2 line(s) with exempt, zero-rated tax");
  });

  it("not for standard-rated lines that are not overridden", () => {
    expect(codes({ draft: { lines: [line({ taxCategory: "S", taxOverridden: false })] } })).toEqual(
      [],
    );
  });
});

describe("contract_mismatch", () => {
  const extraSeat = line({
    description: "Extra seat",
    unitPriceMinor: 2_000,
    listPriceMinor: 2_000,
    netMinor: 2_000,
  });

  it("flags charges that differ from the contract's price, naming both", () => {
    const over = { draft: { lines: [line(), extraSeat] } };
    expect(codes(over)).toEqual(["contract_mismatch"]);
    expect(reasonOf(over, "contract_mismatch").message).toMatch(
      /charges €120\.00 differ from the contract's €100\.00/,
    );
  });

  it("flags charges below the contract's price", () => {
    expect(codes({ draft: { contractExpectedChargeMinor: 10_001 } })).toEqual([
      "contract_mismatch",
    ]);
  });

  it.each<[string, Overrides["draft"]]>([
    ["charges equal to the contract's price", { contractExpectedChargeMinor: 12_000 }],
    [
      "a proration line",
      { lines: [line(), extraSeat, line({ kind: "proration", netMinor: 2_000 })] },
    ],
    [
      "a usage line",
      { lines: [line(), extraSeat, line({ kind: "usage", listPriceMinor: null, netMinor: 500 })] },
    ],
    [
      "no expected price (not recurring)",
      { lines: [line(), extraSeat], contractExpectedChargeMinor: null },
    ],
  ])("not with %s", (_, draft) => {
    expect(codes({ draft: { lines: [line(), extraSeat], ...draft } })).toEqual([]);
  });
});

describe("always_review", () => {
  it.each<[string, Overrides, RegExp]>([
    ["the customer", { customer: { alwaysReview: true } }, /customer never automatic/],
    ["the contract", { draft: { contractAlwaysReview: true } }, /contract never automatic/],
    [
      "both (one reason)",
      { customer: { alwaysReview: true }, draft: { contractAlwaysReview: true } },
      /customer never automatic/,
    ],
  ])("flags a draft when the owner marked %s", (_, over, mentions) => {
    expect(codes(over)).toEqual(["always_review"]);
    expect(reasonOf(over, "always_review").message).toMatch(mentions);
  });

  it("not when neither is marked", () => {
    expect(
      codes({ customer: { alwaysReview: false }, draft: { contractAlwaysReview: false } }),
    ).toEqual([]);
  });
});

describe("several reasons at once", () => {
  it("reports every reason that applies, each with a known code", () => {
    const reasons = reviewReasons(
      input({
        policy: { requireTaxId: true },
        customer: { billingAddress: null, taxId: null, alwaysReview: true },
        draft: {
          totalMinor: 600_000,
          lines: [line({ unitPriceMinor: 12_000, netMinor: 12_000, taxCategory: "E" })],
        },
        earlier: [],
      }),
    );
    expect(reasons.map((r) => r.code).sort()).toEqual(
      [
        "missing_field:billing_address",
        "missing_field:tax_id",
        "high_value",
        "first_invoice",
        "custom_pricing",
        "tax_sensitive",
        "contract_mismatch",
        "always_review",
      ].sort(),
    );
    for (const r of reasons) {
      expect(REVIEW_CODES).toContain(r.code.split(":")[0]);
      expect(r.message.length).toBeGreaterThan(10);
    }
  });
});
