import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EvidenceExtraction } from "../model.js";
import {
  evidenceLinesMax,
  evidenceTextCharsMax,
  extractPaymentEvidence,
} from "./payment-evidence.js";

type Values = { [K in keyof EvidenceExtraction]: string | null };

function values(text: string): Values {
  const x = extractPaymentEvidence(text);
  return {
    amount: x.amount.value,
    currency: x.currency.value,
    date: x.date.value,
    reference: x.reference.value,
    payer: x.payer.value,
    bank: x.bank.value,
  };
}

describe("extractPaymentEvidence: one row per format", () => {
  it.each<[string, string, Values]>([
    [
      "US Zelle",
      "Zelle® payment sent\nAmount: $1,250.00\nDate: Dec 3, 2026\nMemo: INV-2026-000123\nFrom: John Smith - Checking ****4821\nConfirmation #: 8XK2P9QW\nChase",
      {
        amount: "1250.00",
        currency: "USD",
        date: "2026-12-03",
        reference: "INV-2026-000123",
        payer: "John Smith",
        bank: "Chase",
      },
    ],
    [
      "US ACH",
      "ACH Payment Confirmation\nOriginator: Lakeside Dental Group\nOriginating bank: Wells Fargo Bank, N.A.\nPayment amount: $3,400.00\nEffective date: 2026-12-04\nTrace number: 091000019876543",
      {
        amount: "3400.00",
        currency: "USD",
        date: "2026-12-04",
        reference: "091000019876543",
        payer: "Lakeside Dental Group",
        bank: "Wells Fargo",
      },
    ],
    [
      "MX SPEI",
      "Comprobante SPEI\nMonto: $12,345.67 MXN\nComisión: $0.00\nSaldo disponible: $45,001.10\nFecha de operación: 03/12/2026 14:22:05\nClave de rastreo: MBAN01002612030045678\nConcepto / Referencia: Pago factura 123\nOrdenante: MARIA LOPEZ HERNANDEZ\nBanco emisor: BBVA MEXICO\nBanco receptor: BANORTE",
      {
        amount: "12345.67",
        currency: "MXN",
        date: "2026-12-03",
        reference: "123",
        payer: "MARIA LOPEZ HERNANDEZ",
        bank: "BBVA",
      },
    ],
    [
      "MX SPEI, no reference but the tracking key",
      "Transferencia SPEI enviada\nMonto: $560.00\nFecha: 15/12/2026\nOrdenante: Luis Fernando Díaz\nClave de rastreo: BCOP2026121500001",
      {
        amount: "560.00",
        currency: "MXN",
        date: "2026-12-15",
        reference: "BCOP2026121500001",
        payer: "Luis Fernando Díaz",
        bank: null,
      },
    ],
    [
      "ES SEPA",
      "CaixaBank\nImporte: 1.234,56 €\nFecha operación: 02/12/2026  Fecha valor: 03/12/2026\nOrdenante: Talleres Ruiz S.L.\nIBAN ordenante: ES91 2100 0418 4502 0005 1332\nConcepto: Servicios informáticos noviembre",
      {
        amount: "1234.56",
        currency: "EUR",
        date: "2026-12-03",
        reference: "Servicios informáticos noviembre",
        payer: "Talleres Ruiz S.L.",
        bank: "CaixaBank",
      },
    ],
    [
      "ES SEPA, bank from the payer's IBAN only",
      "Transferencia emitida\nImporte: 560,00 EUR\nFecha valor: 04/12/2026\nCuenta de cargo: ES12 0081 0200 1100 0123 4567",
      {
        amount: "560.00",
        currency: "EUR",
        date: "2026-12-04",
        reference: null,
        payer: null,
        bank: "Sabadell",
      },
    ],
    [
      "CO transfer",
      "Bancolombia\nValor: $1.234.567\nFecha: 3 dic 2026\nDescripción: Factura FV-2026-118\nCosto de la transacción: $7.140",
      {
        amount: "1234567",
        currency: "COP",
        date: "2026-12-03",
        reference: "FV-2026-118",
        payer: null,
        bank: "Bancolombia",
      },
    ],
    [
      "card slip",
      "JOE'S COFFEE\n12/06/2026 09:14 AM\nVISA ************4417\nSUBTOTAL  $42.00\nTAX  $3.57\nTIP  $8.00\nTOTAL  $53.57\nAPPROVED  AUTH 004512",
      {
        amount: "53.57",
        currency: "USD",
        date: "2026-12-06",
        reference: "004512",
        payer: null,
        bank: null,
      },
    ],
    [
      "OCR noise, all caps, broken lines",
      "TRANSFERENCIA\nIMPORTE\nl 98O,OO EUR\nFECHA VALOR\nl2/l2/2O26\nORDENANTE\nASESORÍA NÚÑEZ\nCONCEPTO\nMANTENIMIENTO DIC",
      {
        amount: "1980.00",
        currency: "EUR",
        date: "2026-12-12",
        reference: "MANTENIMIENTO DIC",
        payer: "ASESORÍA NÚÑEZ",
        bank: null,
      },
    ],
    [
      "nothing to read",
      "Thank you!\nWe will contact you soon.",
      { amount: null, currency: null, date: null, reference: null, payer: null, bank: null },
    ],
  ])("%s", (_, text, expected) => {
    expect(values(text)).toEqual(expected);
  });
});

describe("confidence", () => {
  it("absent fields are null with confidence 0", () => {
    const x = extractPaymentEvidence("Thank you!");
    for (const field of Object.values(x)) expect(field).toEqual({ value: null, confidence: 0 });
  });

  it("every confidence is within 0..1", () => {
    const x = extractPaymentEvidence(
      "Monto: $1.00\nFecha: 01/01/2027\nOrdenante: Ana\nBanco: BBVA\nConcepto: F-1",
    );
    for (const field of Object.values(x)) {
      expect(field.confidence).toBeGreaterThan(0);
      expect(field.confidence).toBeLessThanOrEqual(1);
    }
  });

  it("a bare $ is less certain than a written code", () => {
    const bare = extractPaymentEvidence("Amount: $500.00").currency;
    const coded = extractPaymentEvidence("Amount: $500.00 USD").currency;
    expect(bare.value).toBe("USD");
    expect(coded.confidence).toBeGreaterThan(bare.confidence);
  });

  it("a labelled amount is more certain than an unlabelled one, and OCR repair costs", () => {
    const labelled = extractPaymentEvidence("Amount: $500.00").amount.confidence;
    const bare = extractPaymentEvidence("Receipt\n$500.00").amount.confidence;
    const repaired = extractPaymentEvidence("Amount: $5OO.OO").amount;
    expect(labelled).toBeGreaterThan(bare);
    expect(repaired.value).toBe("500.00");
    expect(repaired.confidence).toBeLessThan(labelled);
  });
});

describe("amounts in every locale style read back exactly", () => {
  const group = (digits: string, sep: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  it.each([
    ["en", (w: string, f: string) => `Amount: $${group(w, ",")}.${f} USD`],
    ["es", (w: string, f: string) => `Importe: ${group(w, ".")},${f} €`],
    ["fr spacing", (w: string, f: string) => `Importe: ${group(w, " ")},${f} EUR`],
  ] as const)("%s", (_, format) => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 999_999_999n }),
        fc.bigInt({ min: 1n, max: 99n }),
        (w, c) => {
          const fraction = String(c).padStart(2, "0");
          const x = extractPaymentEvidence(format(String(w), fraction));
          expect(x.amount.value).toBe(`${w}.${fraction}`);
        },
      ),
    );
  });
});

describe("any text", () => {
  it("gives well-formed guesses and never throws under the limits", () => {
    const receiptish = fc.array(
      fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.constantFrom(
          "Monto: $",
          "Importe: ",
          "Fecha: ",
          "Ordenante: ",
          "€",
          "1.234,56",
          "O3/l2/2O26",
        ),
      ),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(receiptish, (parts) => {
        const x = extractPaymentEvidence(parts.join(" \n"));
        for (const field of Object.values(x)) {
          expect(field.confidence).toBeGreaterThanOrEqual(0);
          expect(field.confidence).toBeLessThanOrEqual(1);
          if (field.value === null) expect(field.confidence).toBe(0);
        }
        if (x.amount.value !== null) expect(x.amount.value).toMatch(/^\d+(\.\d+)?$/);
        if (x.date.value !== null) expect(x.date.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
    );
  });
});

describe("limits", () => {
  it("refuses text past the character or line limit instead of reading part of it", () => {
    expect(() => extractPaymentEvidence("x".repeat(evidenceTextCharsMax + 1))).toThrow(
      expect.objectContaining({ code: "evidence_too_long" }),
    );
    expect(() => extractPaymentEvidence("\n".repeat(evidenceLinesMax))).toThrow(
      expect.objectContaining({ code: "evidence_too_long" }),
    );
  });
});
