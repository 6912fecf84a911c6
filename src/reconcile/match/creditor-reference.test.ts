import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { creditorReference, makeCreditorReference } from "./creditor-reference.js";
import { invoiceReferences } from "./reference-tokens.js";

describe("creditorReference and makeCreditorReference", () => {
  it("finds an RF reference with spaces and returns it compact", () => {
    expect(creditorReference("pago RF18 5390 0754 7034 gracias")).toBe("RF18539007547034");
    expect(creditorReference("rf18539007547034")).toBe("RF18539007547034");
  });

  it("does not read the next word or number into the reference", () => {
    expect(creditorReference("RF18 5390 0754 7034 FACT 12")).toBe("RF18539007547034");
    expect(creditorReference("RF18 5390 0754 7034, 150,00 EUR")).toBe("RF18539007547034");
  });

  it("rejects a reference whose check digits are wrong", () => {
    expect(creditorReference("RF18 5390 0754 7035")).toBeNull();
    expect(creditorReference("RF19 5390 0754 7034")).toBeNull();
    expect(creditorReference("factura 123")).toBeNull();
  });

  it("builds the reference a bank would check", () => {
    expect(makeCreditorReference("539007547034")).toBe("RF18539007547034");
    expect(makeCreditorReference("inv 2026 000123")).toBe(makeCreditorReference("INV2026000123"));
  });

  it("builds references that are found again, and are not invoice references", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z0-9]{1,21}$/), (body) => {
        const rf = makeCreditorReference(body);
        expect(rf).toMatch(/^RF\d{2}[A-Z0-9]+$/);
        expect(creditorReference(`paid ${rf} thanks`)).toBe(rf);
        expect(invoiceReferences(`paid ${rf} thanks`)).toEqual([]);
      }),
    );
  });

  it("finds a numeric reference again when printed in groups of four", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,21}$/), (body) => {
        const rf = makeCreditorReference(body);
        const printed = rf.replace(/(.{4})(?!$)/g, "$1 ");
        expect(creditorReference(`${printed} PAGO 12`)).toBe(rf);
      }),
    );
  });

  it("reads a letter group into the reference when only then the check passes", () => {
    expect(creditorReference("RF25 0000 A")).toBe("RF250000A");
  });

  it("refuses a body that cannot be one", () => {
    expect(() => makeCreditorReference("")).toThrow(RangeError);
    expect(() => makeCreditorReference("INV-2026-000123")).toThrow(RangeError);
    expect(() => makeCreditorReference("1234567890123456789012")).toThrow(RangeError);
  });
});
