import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatNumber } from "../../billing/policy.js";
import { MAX_REFS } from "./reference-bounds.js";
import { type InvoiceRef, invoiceReferences } from "./reference-tokens.js";

/** (series, year, seq) of each reference, which is what the matcher looks up. */
const keys = (text: string) =>
  invoiceReferences(text).map((r: InvoiceRef) => [r.series, r.year, r.seq]);

describe("invoiceReferences: one reference, however it is written", () => {
  it.each([
    ["INV-2026-000123", "INV", 2026, 123],
    ["INV2026000123", "INV", 2026, 123],
    ["CN-2026-000004", "CN", 2026, 4],
    ["inv-2026-000123", "INV", 2026, 123],
    ["INV-26-000123", "INV", 2026, 123],
    ["ACME-2026-000123", "ACME", 2026, 123],
    ["RE-2026-0042", "RE", 2026, 42],
    ["F123", "F", null, 123],
    ["F-000123", "F", null, 123],
    ["FAC-77", "FAC", null, 77],
    ["inv 2026/123", null, 2026, 123],
    ["INV 2026 000123", null, 2026, 123],
    ["inv 123", null, null, 123],
    ["Inv.123", null, null, 123],
    ["invoice no. 123", null, null, 123],
    ["Invoice #: 123", null, null, 123],
    ["inv#123", null, null, 123],
    ["invoice number 123", null, null, 123],
    ["factura 000123", null, null, 123],
    ["Factura N° 123", null, null, 123],
    ["Factura Nº 123", null, null, 123],
    ["factura núm. 123", null, null, 123],
    ["fact. 123", null, null, 123],
    ["Fra. 123/2026", null, 2026, 123],
    ["fact 2026000123", null, 2026, 123],
    ["#123", null, null, 123],
    ["Rechnung Nr. 123", null, null, 123],
    ["Rechnungs-Nr. 123", null, null, 123],
    ["RECHNUNGSNUMMER 123", null, null, 123],
    ["facture 123", null, null, 123],
    ["fattura 123", null, null, 123],
    ["nr 123", null, null, 123],
    ["n° 123", null, null, 123],
  ])("%s", (text, series, year, seq) => {
    expect(keys(text)).toEqual([[series, year, seq]]);
  });

  it("finds the reference inside a real bank line and keeps how it was written", () => {
    expect(invoiceReferences("TRANSFERENCIA SEPA PAGO FACTURA 123 COMERCIAL AZTECA")).toEqual([
      { raw: "FACTURA 123", series: null, year: null, seq: 123 },
    ]);
    expect(invoiceReferences("Zahlung Rechnung Nr. 000045 vom 03.11.2026, danke")).toEqual([
      { raw: "Rechnung Nr. 000045", series: null, year: null, seq: 45 },
    ]);
  });

  it("reads every number the billing policy formats", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("INV-{YYYY}-{SEQ:6}", "CN-{YYYY}-{SEQ:6}", "INV{YYYY}{SEQ:6}"),
        fc.integer({ min: 2000, max: 2099 }),
        fc.integer({ min: 1, max: 999_999 }),
        fc.constantFrom("", "pago ", "Payment for ", "ABONO TRF "),
        (format, year, seq, before) => {
          const number = formatNumber(format, year, seq);
          const series = format.startsWith("CN") ? "CN" : "INV";
          expect(invoiceReferences(`${before}${number} thanks`)).toEqual([
            { raw: number, series, year, seq },
          ]);
        },
      ),
    );
  });
});

describe("invoiceReferences: several in one text", () => {
  it.each([
    [
      "INV-2026-000123 + INV-2026-000124",
      [
        ["INV", 2026, 123],
        ["INV", 2026, 124],
      ],
    ],
    [
      "facturas 123, 124 y 125",
      [
        [null, null, 123],
        [null, null, 124],
        [null, null, 125],
      ],
    ],
    [
      "inv 123/124",
      [
        [null, null, 123],
        [null, null, 124],
      ],
    ],
    [
      "invoices 101 and 102",
      [
        [null, null, 101],
        [null, null, 102],
      ],
    ],
    [
      "Rechnungen 5 und 6",
      [
        [null, null, 5],
        [null, null, 6],
      ],
    ],
    [
      "factures 7 et 8",
      [
        [null, null, 7],
        [null, null, 8],
      ],
    ],
    [
      "facturas 123,124",
      [
        [null, null, 123],
        [null, null, 124],
      ],
    ],
    [
      "#55, #56",
      [
        [null, null, 55],
        [null, null, 56],
      ],
    ],
    [
      "fact.123/2026 y 124/2026",
      [
        [null, 2026, 123],
        [null, 2026, 124],
      ],
    ],
    [
      "F123 F124",
      [
        ["F", null, 123],
        ["F", null, 124],
      ],
    ],
  ])("%s", (text, expected) => {
    expect(keys(text)).toEqual(expected);
  });

  it("gives a list's later numbers the first one's series and year", () => {
    expect(invoiceReferences("INV-2026-000123/124")).toEqual([
      { raw: "INV-2026-000123", series: "INV", year: 2026, seq: 123 },
      { raw: "124", series: "INV", year: 2026, seq: 124 },
    ]);
  });

  it("returns each reference once, in the order written", () => {
    expect(keys("INV-2026-000124, INV-2026-000123 and again INV-2026-000124")).toEqual([
      ["INV", 2026, 124],
      ["INV", 2026, 123],
    ]);
  });
});

describe("invoiceReferences: what is not a reference", () => {
  it.each([
    ["amounts, dates, account numbers", "pago 1.234,56 el 12/11/2026 cuenta 0049 1234 5678"],
    ["a bare number", "123"],
    ["a phone number", "tel 612 345 678"],
    ["an IBAN", "ES91 2100 0418 4502 0005 1332"],
    ["a compact IBAN", "DE89370400440532013000"],
    ["an RF creditor reference", "RF18 5390 0754 7034"],
    ["a date after an invoice word", "factura 12/11/2026"],
    ["an ISO date after an invoice word", "invoice 2026-11-12"],
    ["an amount after an invoice word", "factura 12,50"],
    ["an amount with its currency", "invoice 150 EUR"],
    ["a formatted number", "facturas 1.234"],
    ["a customer number", "Kunden-Nr. 4567"],
    ["a customer number with a space", "Kunden Nr. 4567"],
    ["an account number", "ACCOUNT NO. 12345678"],
    ["an order number", "order #55"],
    ["a purchase order code", "PO-2026-000123"],
    ["a tax id", "NIF F12345678"],
    ["sequence zero", "inv 0"],
    ["a lower-case word glued to a year", "pago-2026-000123"],
    ["empty text", ""],
  ])("%s", (_what, text) => {
    expect(invoiceReferences(text)).toEqual([]);
  });

  it("does not read digits of an IBAN or RF reference next to a real reference", () => {
    expect(keys("ES91 2100 0418 4502 0005 1332 INV-2026-000009")).toEqual([["INV", 2026, 9]]);
    expect(keys("RF18539007547034 factura 5")).toEqual([[null, null, 5]]);
  });

  it("ends a list at an amount, a date or a customer number", () => {
    expect(keys("factura 33, 1.500,00 EUR")).toEqual([[null, null, 33]]);
    expect(keys("facturas 33, 12/11/2026")).toEqual([[null, null, 33]]);
    expect(keys("Cliente nr 88, factura 99")).toEqual([[null, null, 99]]);
  });

  it("never finds a reference in text with no invoice word, number sign or code", () => {
    const noise = fc.stringMatching(/^[a-eg-hj-mo-qs-z0-9 .,/:€$-]{0,60}$/);
    fc.assert(
      fc.property(noise, (text) => {
        expect(invoiceReferences(text)).toEqual([]);
      }),
    );
  });
});

describe("invoiceReferences: bounded work", () => {
  it(`returns at most ${MAX_REFS} references`, () => {
    const text = Array.from({ length: 60 }, (_, i) => `INV-2026-${String(i + 1).padStart(6, "0")}`);
    const refs = invoiceReferences(text.join(" "));
    expect(refs).toHaveLength(MAX_REFS);
    expect(refs.at(-1)?.seq).toBe(MAX_REFS);
  });

  it("reads only the start of a huge text", () => {
    const text = `factura 7 ${"x".repeat(100_000)} factura 8`;
    expect(keys(text)).toEqual([[null, null, 7]]);
  });
});
