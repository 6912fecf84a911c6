import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closeEinvoiceValidator,
  einvoiceToolsMissing,
  type UblValidation,
  validateUblBatch,
} from "../../test/support/einvoice-validate.js";
import type { CalendarDate } from "../kernel/dates.js";
import { asCurrencyCode } from "../kernel/money.js";
import type { DocumentLine, InvoiceDocument, Party } from "./document-model.js";
import { fromUblXml, readUbl } from "./ubl-read.js";
import { percentOfBps, toUblXml } from "./ubl-write.js";

const day = (s: string) => s as CalendarDate;
const EUR = asCurrencyCode("EUR");

const seller: Party = {
  legalName: "Talleres Ribera S.L.",
  taxId: "ESB12345674",
  address: {
    line1: "Calle Mayor 12",
    line2: null,
    city: "València",
    region: "Valencia",
    postalCode: "46001",
    country: "ES",
  },
  email: "facturas@ribera.example",
};
const buyer: Party = {
  legalName: "Boulangerie Dupont & Fils SARL",
  taxId: "FR40303265045",
  address: {
    line1: "12 rue de la Paix",
    line2: 'Bâtiment "B" <entrée>',
    city: "Lyon",
    region: null,
    postalCode: "69002",
    country: "FR",
  },
  email: null,
};

function line(
  p: Partial<DocumentLine> & Pick<DocumentLine, "position" | "netMinor">,
): DocumentLine {
  return {
    description: `Line ${p.position}`,
    quantity: "1",
    unitCode: "C62",
    unitPriceMinor: p.netMinor,
    discountMinor: 0,
    taxCode: "ES-IVA-21",
    taxCategory: "S",
    taxRateBps: 2100,
    exemptionReason: null,
    ...p,
  };
}

const exemptReason = "Exenta por el artículo 20.Uno.9º de la Ley 37/1992";

/** (a) 21 % and 10 % lines, an exempt line, a line discount and a prepaid amount. */
const invoice: InvoiceDocument = {
  kind: "invoice",
  number: "ES-2026-0042",
  issueOn: day("2026-03-31"),
  dueOn: day("2026-04-30"),
  currency: EUR,
  creditedInvoiceNumber: null,
  creditedInvoiceIssueOn: null,
  periodStart: day("2026-03-01"),
  periodEnd: day("2026-03-31"),
  buyerReference: "PO-4471",
  note: "Gracias & <saludos>",
  seller,
  buyer,
  lines: [
    line({
      position: 1,
      description: "Mantenimiento (horas)",
      quantity: "10",
      unitCode: "HUR",
      unitPriceMinor: 8500,
      netMinor: 85000,
    }),
    line({
      position: 2,
      description: "Piezas",
      quantity: "3",
      unitPriceMinor: 12050,
      discountMinor: 1150,
      netMinor: 35000,
      taxCode: "ES-IVA-10",
      taxRateBps: 1000,
    }),
    line({
      position: 3,
      description: "Formación",
      netMinor: 20000,
      taxCode: "ES-EXENTO",
      taxCategory: "E",
      taxRateBps: 0,
      exemptionReason: exemptReason,
    }),
  ],
  taxBreakdown: [
    {
      taxCategory: "S",
      taxRateBps: 2100,
      taxableMinor: 85000,
      taxMinor: 17850,
      exemptionReason: null,
    },
    {
      taxCategory: "S",
      taxRateBps: 1000,
      taxableMinor: 35000,
      taxMinor: 3500,
      exemptionReason: null,
    },
    {
      taxCategory: "E",
      taxRateBps: 0,
      taxableMinor: 20000,
      taxMinor: 0,
      exemptionReason: exemptReason,
    },
  ],
  subtotalMinor: 140000,
  taxMinor: 21350,
  totalMinor: 161350,
  prepaidMinor: 10000,
  payableMinor: 151350,
  payment: {
    reference: "ES-2026-0042",
    accountName: "Talleres Ribera S.L.",
    iban: "ES9121000418450200051332",
    bic: "CAIXESBBXXX",
    accountNumber: null,
    routingNumber: null,
    bankName: null,
    paymentLink: null,
  },
  locale: "es-ES",
};

/** (b) Credits one part of the invoice above. */
const creditNote: InvoiceDocument = {
  ...invoice,
  kind: "credit_note",
  number: "ES-2026-R-0007",
  dueOn: null,
  creditedInvoiceNumber: "ES-2026-0042",
  creditedInvoiceIssueOn: day("2026-03-31"),
  note: null,
  lines: [
    line({
      position: 1,
      description: "Piezas devueltas",
      unitPriceMinor: 12050,
      netMinor: 12050,
      taxRateBps: 1000,
    }),
  ],
  taxBreakdown: [
    {
      taxCategory: "S",
      taxRateBps: 1000,
      taxableMinor: 12050,
      taxMinor: 1205,
      exemptionReason: null,
    },
  ],
  subtotalMinor: 12050,
  taxMinor: 1205,
  totalMinor: 13255,
  prepaidMinor: 0,
  payableMinor: 13255,
  payment: { ...invoice.payment, reference: "ES-2026-R-0007" },
};

/** What a round trip cannot carry: the locale, cashloop's own tax codes, non-UBL payment fields. */
function carried(doc: InvoiceDocument): InvoiceDocument {
  const lines = doc.lines.map((l) => ({ ...l, taxCode: `VAT-${l.taxCategory}-${l.taxRateBps}` }));
  return { ...doc, lines, locale: "en" };
}

describe("toUblXml / fromUblXml", () => {
  it("writes the same bytes for the same document", () => {
    expect(toUblXml(invoice)).toBe(toUblXml(structuredClone(invoice)));
  });

  it("writes a Peppol BIS invoice with exact amounts, rates and escaped text", () => {
    const xml = toUblXml(invoice);
    expect(xml).toContain("<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>");
    expect(xml).toContain('<cbc:PayableAmount currencyID="EUR">1513.50</cbc:PayableAmount>');
    expect(xml).toContain('<cbc:EndpointID schemeID="9920">ESB12345674</cbc:EndpointID>');
    expect(xml).toContain("<cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>");
    expect(xml).toContain(`<cbc:TaxExemptionReason>${exemptReason}</cbc:TaxExemptionReason>`);
    expect(xml).toContain("<cbc:Note>Gracias &amp; &lt;saludos&gt;</cbc:Note>");
    expect(xml).toContain("Bâtiment &quot;B&quot; &lt;entrée&gt;");
  });

  it("writes a credit note that references the credited invoice", () => {
    const xml = toUblXml(creditNote);
    expect(xml).toMatch(
      /<CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"/,
    );
    expect(xml).toContain("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>");
    expect(xml).toMatch(/<cac:InvoiceDocumentReference>\s*<cbc:ID>ES-2026-0042<\/cbc:ID>/);
    expect(xml).toContain('<cbc:CreditedQuantity unitCode="C62">1</cbc:CreditedQuantity>');
  });

  it.each([
    ["invoice", invoice],
    ["credit note", creditNote],
  ])("reads its own %s back exactly", (_, doc) => {
    expect(fromUblXml(toUblXml(doc))).toEqual(carried(doc));
  });

  it("finds elements by namespace URI, whatever the prefixes", () => {
    const prefixed = toUblXml(invoice)
      .replaceAll("cbc:", "b:")
      .replaceAll("cac:", "a:")
      .replace("xmlns:cbc=", "xmlns:b=")
      .replace("xmlns:cac=", "xmlns:a=");
    expect(fromUblXml(prefixed)).toEqual(fromUblXml(toUblXml(invoice)));
  });

  it("prints rates exactly", () => {
    expect([2100, 1000, 550, 0, 1234, 5].map(percentOfBps)).toEqual([
      "21",
      "10",
      "5.5",
      "0",
      "12.34",
      "0.05",
    ]);
  });

  it("prints amounts with the currency's own decimals", () => {
    const kwd = { ...invoice, currency: asCurrencyCode("KWD"), payableMinor: 1234 };
    expect(toUblXml(kwd)).toContain(
      '<cbc:PayableAmount currencyID="KWD">1.234</cbc:PayableAmount>',
    );
  });

  it.each([
    ["xml_malformed", "<Invoice><a></Invoice>"],
    ["xml_malformed", '<!DOCTYPE x [<!ENTITY a "b">]><Invoice/>'],
    ["ubl_document_invalid", "<Invoice/>"],
    [
      "ubl_feature_unsupported",
      toUblXml(invoice).replace(
        "<cbc:PayableAmount",
        '<cbc:PayableRoundingAmount currencyID="EUR">0.01</cbc:PayableRoundingAmount><cbc:PayableAmount',
      ),
    ],
    [
      "ubl_feature_unsupported",
      toUblXml(invoice).replace("<cbc:ID>E</cbc:ID>", "<cbc:ID>K</cbc:ID>"),
    ],
  ])("refuses with %s", (code, xml) => {
    expect(() => readUbl(xml)).toThrow(expect.objectContaining({ code }));
  });
});

const missing = einvoiceToolsMissing();
if (missing) console.warn(`SKIPPED UBL validation: ${missing}`);

describe.skipIf(missing !== null)(
  `UBL validation${missing ? ` (skipped: ${missing})` : ""}`,
  () => {
    const broken = {
      subtotal: toUblXml({ ...invoice, subtotalMinor: invoice.subtotalMinor + 1 }),
      buyerName: toUblXml({ ...invoice, buyer: { ...buyer, legalName: "" } }),
      noEndpoint: toUblXml({ ...invoice, buyer: { ...buyer, taxId: null } }),
      schema: toUblXml(invoice).replace(/<cbc:IssueDate>[^<]*<\/cbc:IssueDate>/, ""),
      truncated: toUblXml(invoice).slice(0, 500),
    };
    let results: Record<string, UblValidation> = {};
    beforeAll(async () => {
      const docs = { invoice: toUblXml(invoice), creditNote: toUblXml(creditNote), ...broken };
      const out = await validateUblBatch(Object.values(docs));
      results = Object.fromEntries(Object.keys(docs).map((k, i) => [k, out[i] as UblValidation]));
    });
    afterAll(closeEinvoiceValidator);

    it.each(["invoice", "creditNote"])("(%s) passes the XSD, EN 16931 and Peppol rules", (name) => {
      const r = results[name];
      expect(r?.xsdErrors).toEqual([]);
      expect(r?.fatal.map((f) => `${f.id}: ${f.text}`)).toEqual([]);
    });

    it.each([
      ["subtotal", "BR-CO-10"],
      ["buyerName", "BR-07"],
      ["noEndpoint", "PEPPOL-EN16931-R010"],
    ])("(broken %s) fails rule %s", (name, ruleId) => {
      expect(results[name]?.fatal.map((f) => f.id)).toContain(ruleId);
    });

    it("(broken schema) reports the XSD error", () => {
      expect(results.schema?.xsdErrors.join("\n")).toMatch(/IssueDate/);
    });

    it("(truncated XML) fails both the XSD and the rules, never passes quietly", () => {
      expect(results.truncated?.xsdErrors).not.toEqual([]);
      expect(results.truncated?.fatal.map((f) => f.id)).toContain("VALIDATOR-ERROR");
    });
  },
);

it.runIf(process.env.CI === "true")("CI has the e-invoice validation tools", () => {
  expect(missing).toBeNull();
});
