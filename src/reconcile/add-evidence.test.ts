import { describe, expect, it } from "vitest";
import type { EvidenceExtraction } from "../assist/model.js";
import type { CalendarDate } from "../kernel/dates.js";
import { claimFields, namedInvoice } from "./add-evidence.js";
import type { OpenInvoice } from "./match/match-model.js";
import { invoiceReferences } from "./match/reference-tokens.js";

const guess = <T>(value: T | null, confidence = 0.9) => ({ value, confidence });

const extraction = (over: Partial<EvidenceExtraction>): EvidenceExtraction => ({
  amount: guess("1234.50"),
  currency: guess("EUR"),
  date: guess("2026-11-18" as CalendarDate),
  reference: guess("INV-2026-000123"),
  payer: guess("Comercial Azteca"),
  bank: guess("BBVA"),
  ...over,
});

describe("claimFields", () => {
  it("parses the decimal string in the receipt's currency with the kernel", () => {
    expect(claimFields(extraction({}), "USD")).toEqual({
      amount: 123_450,
      currency: "EUR",
      claimedOn: "2026-11-18",
      reference: "INV-2026-000123",
      payer: "Comercial Azteca",
      bank: "BBVA",
    });
    expect(
      claimFields(extraction({ amount: guess("15000"), currency: guess("jpy") }), "USD"),
    ).toMatchObject({
      amount: 15_000,
      currency: "JPY",
    });
  });

  it("takes the organisation's currency when the receipt names none (or none that exists)", () => {
    expect(claimFields(extraction({ currency: guess(null, 0) }), "MXN")).toMatchObject({
      amount: 123_450,
      currency: "MXN",
    });
    expect(claimFields(extraction({ currency: guess("XYZ") }), "MXN").currency).toBe("MXN");
  });

  it("leaves out an amount it cannot parse exactly, or that is not positive, rather than guess", () => {
    for (const value of ["12.345", "abc", "0.00", "-5.00", null]) {
      const fields = claimFields(
        extraction({ amount: guess(value), currency: guess(null, 0) }),
        "EUR",
      );
      expect(fields).toMatchObject({ amount: null, currency: null });
    }
  });
});

describe("namedInvoice", () => {
  const inv = (number: string, seq: number, year = 2026): OpenInvoice => ({
    id: `inv_${number}`,
    number,
    series: number.split("-")[0] ?? "",
    year,
    seq,
    customerId: "cus_1",
    customerName: "Comercial Azteca SA de CV",
    currency: "EUR",
    balance: 123_450,
    dueDate: null,
  });
  const open = [
    inv("INV-2026-000123", 123),
    inv("INV-2025-000123", 123, 2025),
    inv("INV-2026-000077", 77),
  ];
  const refs = (text: string) => invoiceReferences(text);

  it("links the one open invoice the reference names", () => {
    expect(namedInvoice(refs("INV-2026-000123"), [], open)?.number).toBe("INV-2026-000123");
    expect(namedInvoice(refs("factura 77"), [], open)?.number).toBe("INV-2026-000077");
  });

  it("links nothing when the reference could be several invoices, or none", () => {
    expect(namedInvoice(refs("factura 123"), [], open)).toBeNull();
    expect(namedInvoice(refs("INV-2026-000999"), refs("factura 77"), open)).toBeNull();
    expect(namedInvoice([], [], open)).toBeNull();
  });

  it("reads the whole text only when the reference field names no invoice", () => {
    expect(namedInvoice([], refs("Concepto: pago INV-2026-000077 noviembre"), open)?.number).toBe(
      "INV-2026-000077",
    );
  });
});
