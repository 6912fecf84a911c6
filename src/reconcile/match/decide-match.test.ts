import { describe, expect, it } from "vitest";
import type { CalendarDate } from "../../kernel/dates.js";
import { decideMatch, type Knowledge } from "./decide-match.js";
import { buildInvoiceIndex } from "./invoice-index.js";
import { DEFAULT_MATCH_POLICY, type MatchLine, type OpenInvoice } from "./match-model.js";

const inv = (seq: number, customer: string, balance: number, currency = "USD"): OpenInvoice => ({
  id: `inv_${seq}`,
  number: `INV-2026-${String(seq).padStart(6, "0")}`,
  series: "INV",
  year: 2026,
  seq,
  customerId: `cus_${customer}`,
  customerName: customer,
  currency,
  balance,
  dueDate: "2026-12-01" as CalendarDate,
});

const INVOICES = [
  inv(101, "Harbor Construction LLC", 120_000),
  inv(102, "Harbor Construction LLC", 80_000),
  inv(103, "Harbor Construction LLC", 45_000),
  inv(201, "Comercial Azteca S.A. de C.V.", 99_000),
  inv(301, "Sakura Trading KK", 50_000),
  inv(302, "Beacon Fitness Inc", 50_000),
];

const line = (over: Partial<MatchLine>): MatchLine => ({
  id: "stl_1",
  bookingDate: "2026-11-20" as CalendarDate,
  amount: 120_000,
  currency: "USD",
  counterpartyName: null,
  counterpartyAccount: null,
  reference: null,
  ...over,
});

const nothingKnown: Knowledge = { accounts: new Map(), rejected: new Map() };
const decide = (l: MatchLine, knowledge = nothingKnown, policy = DEFAULT_MATCH_POLICY) =>
  decideMatch(l, buildInvoiceIndex(INVOICES.map((i) => ({ ...i }))), knowledge, policy);

describe("decideMatch", () => {
  it("applies an exact reference with the exact amount, in any usual form", () => {
    for (const reference of ["INV-2026-000101", "inv 101", "factura 000101", "F101", "#101"]) {
      const d = decide(line({ reference }));
      expect(d, reference).toMatchObject({
        status: "applied",
        reasonCode: "reference_and_amount",
        allocations: [{ invoiceId: "inv_101", amount: 120_000 }],
      });
      expect(d.candidates[0]?.features).toEqual(
        expect.arrayContaining(["reference", "amount_exact"]),
      );
    }
  });

  it("only suggests what it would apply when the organisation turns automatic application off", () => {
    const d = decide(line({ reference: "INV-2026-000101" }), nothingKnown, {
      ...DEFAULT_MATCH_POLICY,
      autoApply: false,
    });
    expect(d.status).toBe("suggested");
  });

  it("applies one payment that names several invoices of one customer and pays their sum", () => {
    const d = decide(line({ amount: 200_000, reference: "INV-2026-000101 + INV-2026-000102" }));
    expect(d.status).toBe("applied");
    expect(d.allocations.map((a) => a.invoiceId).sort()).toEqual(["inv_101", "inv_102"]);
  });

  it("suggests, never applies, a combined payment found by adding up a known payer's invoices", () => {
    const knowledge: Knowledge = {
      accounts: new Map([["US12BANK0001", ["cus_Harbor Construction LLC"]]]),
      rejected: new Map(),
    };
    const d = decide(line({ amount: 125_000, counterpartyAccount: "US12 BANK 0001" }), knowledge);
    expect(d).toMatchObject({ status: "suggested", reasonCode: "combined_payment" });
    expect(d.allocations.map((a) => a.invoiceId).sort()).toEqual(["inv_102", "inv_103"]);
  });

  it("applies a known payer account with a unique exact amount", () => {
    const knowledge: Knowledge = {
      accounts: new Map([["US12BANK0001", ["cus_Harbor Construction LLC"]]]),
      rejected: new Map(),
    };
    expect(
      decide(line({ amount: 80_000, counterpartyAccount: "US12BANK0001" }), knowledge),
    ).toMatchObject({
      status: "applied",
      reasonCode: "known_account_amount",
      allocations: [{ invoiceId: "inv_102", amount: 80_000 }],
    });
  });

  it("sends part payments, fee-deducted payouts, overpayments and another currency to review, with the reason", () => {
    expect(decide(line({ reference: "INV-2026-000101", amount: 60_000 })).reasonCode).toBe(
      "partial",
    );
    expect(decide(line({ reference: "INV-2026-000101", amount: 116_490 })).reasonCode).toBe(
      "fee_short",
    );
    expect(decide(line({ reference: "INV-2026-000101", amount: 130_000 })).reasonCode).toBe(
      "over_balance",
    );
    expect(decide(line({ reference: "INV-2026-000101", currency: "EUR" }))).toMatchObject({
      status: "review",
      reasonCode: "other_currency",
    });
  });

  it("puts two plausible invoices with the same amount in review, ranked, instead of choosing", () => {
    const d = decide(line({ amount: 50_000, counterpartyName: "Someone" }));
    expect(d).toMatchObject({ status: "review", reasonCode: "several_candidates" });
    expect(d.candidates.map((c) => c.invoiceId).sort()).toEqual(["inv_301", "inv_302"]);
  });

  it("suggests by the payer's name and the amount, with the name's similarity in the features", () => {
    const d = decide(line({ amount: 50_000, counterpartyName: "SAKURA TRADING" }));
    expect(d).toMatchObject({
      status: "suggested",
      reasonCode: "name_and_amount",
      allocations: [{ invoiceId: "inv_301" }],
    });
    expect(d.candidates[0]?.nameSimilarity).toBeGreaterThan(0.75);
  });

  it("leaves money going out and lines that match nothing alone", () => {
    expect(decide(line({ amount: -5_000 })).status).toBe("unmatched");
    expect(decide(line({ amount: 12_345, counterpartyName: "Bank interest" }))).toMatchObject({
      status: "unmatched",
      reasonCode: "unknown_payer",
    });
  });

  it("never proposes a pair a person rejected", () => {
    const rejected: Knowledge = {
      accounts: new Map(),
      rejected: new Map([["stl_1", new Set(["inv_101"])]]),
    };
    const d = decide(line({ reference: "INV-2026-000101" }), rejected);
    expect(d.status).not.toBe("applied");
    expect(d.candidates.map((c) => c.invoiceId)).not.toContain("inv_101");
  });

  it("does not take a bare number, a date or an account for an invoice reference", () => {
    expect(decide(line({ reference: "pago 101 el 12/11/2026 cuenta 0049 1234" })).status).not.toBe(
      "applied",
    );
  });
});

describe("decideMatch: a customer with several invoices of the same amount", () => {
  it("puts them in review, oldest first, and never applies or guesses", () => {
    const monthly = [
      { ...inv(401, "Willow Creek Pediatrics", 30_000), dueDate: "2026-10-01" as CalendarDate },
      { ...inv(402, "Willow Creek Pediatrics", 30_000), dueDate: "2026-09-01" as CalendarDate },
    ];
    const d = decideMatch(
      line({ amount: 30_000, counterpartyName: "WILLOW CREEK PEDIATRICS" }),
      buildInvoiceIndex(monthly),
      nothingKnown,
      DEFAULT_MATCH_POLICY,
    );
    expect(d).toMatchObject({
      status: "review",
      reasonCode: "several_of_customer",
      allocations: [],
    });
    expect(d.reason).toContain("INV-2026-000402");
  });
});

describe("decideMatch: a known payer's amount that a combination also explains", () => {
  it("goes to review instead of being applied to the one invoice with that amount", () => {
    const three = [
      inv(501, "Delta Clinic", 243_563),
      inv(502, "Delta Clinic", 81_188),
      inv(503, "Delta Clinic", 162_375),
    ];
    const knowledge: Knowledge = {
      accounts: new Map([["US55BANK0009", ["cus_Delta Clinic"]]]),
      rejected: new Map(),
    };
    const d = decideMatch(
      line({ amount: 243_563, counterpartyAccount: "US55BANK0009" }),
      buildInvoiceIndex(three),
      knowledge,
      DEFAULT_MATCH_POLICY,
    );
    expect(d).toMatchObject({ status: "review", reasonCode: "amount_or_combination" });
  });

  it("looks at every open invoice of the customer, not the first few (the 1,000,000-invoice bench found this)", () => {
    // Fifty open invoices; the two that add up to the payment are the last ones.
    const fifty = Array.from({ length: 48 }, (_, i) => inv(600 + i, "Echo Dental", 500_000 + i));
    fifty.push(inv(700, "Echo Dental", 108_250), inv(701, "Echo Dental", 40_594));
    fifty.push(inv(702, "Echo Dental", 67_656));
    const knowledge: Knowledge = {
      accounts: new Map([["US55BANK0010", ["cus_Echo Dental"]]]),
      rejected: new Map(),
    };
    const paying = (amount: number) =>
      decideMatch(
        line({ amount, counterpartyAccount: "US55BANK0010" }),
        buildInvoiceIndex(fifty.map((i) => ({ ...i }))),
        knowledge,
        DEFAULT_MATCH_POLICY,
      );
    expect(paying(108_250)).toMatchObject({
      status: "review",
      reasonCode: "amount_or_combination",
    });
    // An amount nothing else adds up to is still applied from the known account.
    expect(paying(500_007)).toMatchObject({
      status: "applied",
      reasonCode: "known_account_amount",
      allocations: [{ invoiceId: "inv_607", amount: 500_007 }],
    });
  });
});
