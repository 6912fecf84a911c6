import { describe, expect, it } from "vitest";
import { asCurrencyCode } from "../kernel/money.js";
import type { SourceKind } from "./model.js";
import { parseSourceFile } from "./parse-source-file.js";

const defaults = { currency: asCurrencyCode("USD") };

function parseText<K extends SourceKind>(kind: K, text: string) {
  const bytes = new TextEncoder().encode(text);
  return parseSourceFile(kind, bytes, { file: `${kind}.csv`, encoding: "utf8", defaults });
}

describe("parseSourceFile: one good row of every kind gives the exact record", () => {
  it("customers", () => {
    const text =
      "external_id,legal_name,tax_id,address_line1,address_line2,city,region,postal_code,country,currency,language,time_zone,payment_terms,segment,preferred_channels,payer_profile\n" +
      "C-1,Panadería Ñandú,PAN850101AB1,Av. Reforma 1,,Ciudad de México,CDMX,06600,mx,mxn,es-MX,America/Mexico_City,Net 30,small_business,email|whatsapp,punctual\n";
    expect(parseText("customers", text)).toEqual({
      rows: [
        {
          line: 2,
          record: {
            externalId: "C-1",
            legalName: "Panadería Ñandú",
            taxId: "PAN850101AB1",
            billingAddress: {
              line1: "Av. Reforma 1",
              line2: null,
              city: "Ciudad de México",
              region: "CDMX",
              postalCode: "06600",
              country: "MX",
            },
            currency: "MXN",
            language: "es-MX",
            timeZone: "America/Mexico_City",
            paymentTerms: { kind: "net", days: 30 },
            segment: "small_business",
            preferredChannels: ["email", "whatsapp"],
            payerProfile: "punctual",
          },
        },
      ],
      issues: [],
    });
  });

  it("contacts", () => {
    const text =
      "external_id,customer_external_id,name,role,email,phone,whatsapp_opt_in\n" +
      "P-1,C-1,Ana Ruíz,,ana@example.com,+52 55 1234 5678,yes\n";
    expect(parseText("contacts", text).rows).toEqual([
      {
        line: 2,
        record: {
          externalId: "P-1",
          customerExternalId: "C-1",
          name: "Ana Ruíz",
          role: "billing",
          email: "ana@example.com",
          phone: "+525512345678",
          whatsappOptIn: true,
        },
      },
    ]);
  });

  it("products", () => {
    const text = "code,name,unit,unit_price,currency,tax_code\nSKU-1,Consulting,,150.5,,STD\n";
    expect(parseText("products", text)).toEqual({
      rows: [
        {
          line: 2,
          record: {
            code: "SKU-1",
            name: "Consulting",
            unit: "unit",
            unitPriceMinor: 15050,
            currency: "USD",
            taxCode: "STD",
          },
        },
      ],
      issues: [],
    });
  });

  it("tax-rates", () => {
    const text = "code,name,rate,inclusive\nTX,Texas sales tax,8.25,TRUE\n";
    expect(parseText("tax-rates", text).rows).toEqual([
      {
        line: 2,
        record: {
          code: "TX",
          name: "Texas sales tax",
          rateBps: 825,
          inclusive: true,
          exempt: false,
          zeroRated: false,
        },
      },
    ]);
  });

  it("contracts, two lines grouped into one contract", () => {
    const text =
      "external_id,customer_external_id,schedule,start_on,end_on,timing,currency,product_code,quantity,unit_price,description\n" +
      "K-1,C-1,Monthly:Day-15,2026-01-15,2026-12-31,arrears,JPY,SUPPORT,,,\n" +
      "K-1,C-1,monthly:day-15,2026-01-15,2026-12-31,arrears,JPY,HOURS,7.50,1200,Extra hours\n";
    expect(parseText("contracts", text)).toEqual({
      rows: [
        {
          line: 2,
          record: {
            externalId: "K-1",
            customerExternalId: "C-1",
            schedule: "monthly:day-15",
            startOn: "2026-01-15",
            endOn: "2026-12-31",
            timing: "arrears",
            currency: "JPY",
            lines: [
              { productCode: "SUPPORT", quantity: "1", unitPriceMinor: null, description: null },
              {
                productCode: "HOURS",
                quantity: "7.5",
                unitPriceMinor: 1200,
                description: "Extra hours",
              },
            ],
            usage: null,
          },
        },
      ],
      issues: [],
    });
  });

  it("events, a plain date meaning 12:00 UTC and an offset time", () => {
    const text =
      "external_id,kind,customer_external_id,contract_external_id,occurred_at,product_code,quantity,unit_price,description,notes,currency\n" +
      "E-1,job_completed,C-1,,2026-03-10,REPAIR,2,99.90,Boiler repair,Tech: Ana,\n" +
      "E-2,usage_reported,C-2,K-1,2026-03-31T23:59:00-06:00,API,1000,,,,\n";
    expect(parseText("events", text)).toEqual({
      rows: [
        {
          line: 2,
          record: {
            externalId: "E-1",
            kind: "job_completed",
            customerExternalId: "C-1",
            contractExternalId: null,
            occurredAt: "2026-03-10T12:00:00.000Z",
            notes: "Tech: Ana",
            lines: [
              {
                productCode: "REPAIR",
                quantity: "2",
                unitPriceMinor: 9990,
                description: "Boiler repair",
              },
            ],
          },
        },
        {
          line: 3,
          record: {
            externalId: "E-2",
            kind: "usage_reported",
            customerExternalId: "C-2",
            contractExternalId: "K-1",
            occurredAt: "2026-04-01T05:59:00.000Z",
            notes: null,
            lines: [
              { productCode: "API", quantity: "1000", unitPriceMinor: null, description: null },
            ],
          },
        },
      ],
      issues: [],
    });
  });
});
