import { describe, expect, it } from "vitest";
import { extractDate, findDates } from "./evidence-dates.js";
import { evidenceLines, fold } from "./evidence-text.js";

describe("findDates", () => {
  it.each([
    // [text, language, date]
    ["2026-12-03", "en", "2026-12-03"],
    ["2026/12/03 14:22", "es", "2026-12-03"],
    ["Dec 3, 2026", "en", "2026-12-03"],
    ["December 3rd 2026", "en", "2026-12-03"],
    ["3 Dec 2026", "en", "2026-12-03"],
    ["3 de diciembre de 2026", "es", "2026-12-03"],
    ["Miércoles, 9 de diciembre del 2026", "es", "2026-12-09"],
    ["03-DIC-2026", "es", "2026-12-03"],
    ["06/dic/2026 18:05", "es", "2026-12-06"],
    ["11 ene. 2027", "es", "2027-01-11"],
    ["diciembre 3, 2026", "es", "2026-12-03"],
    ["03/12/2026", "es", "2026-12-03"], // day first in Spanish
    ["03/12/2026", "en", "2026-03-12"], // month first in English
    ["12/28/2026", "es", "2026-12-28"], // day first impossible: 28 is no month
    ["28/12/2026", "en", "2026-12-28"], // month first impossible
    ["10.12.2026", "en", "2026-12-10"], // dots: day first
    ["05-12-26", "es", "2026-12-05"],
  ] as const)("%s (%s) → %s", (text, language, expected) => {
    expect(findDates(fold(text), language).map((h) => h.date)).toEqual([expected]);
  });

  it.each(["31/02/2026", "13/13/2026", "INV-2026-000123", "2026-00-10", "Exp 12/28", "1,234.56"])(
    "finds no date in %s",
    (text) => {
      expect(findDates(fold(text), "en")).toEqual([]);
    },
  );

  it("marks day/month readings that could go either way", () => {
    expect(findDates("03/04/2027", "en")[0]?.ambiguous).toBe(true);
    expect(findDates("13/04/2027", "en")[0]?.ambiguous).toBe(false);
    expect(findDates("04/04/2027", "en")[0]?.ambiguous).toBe(false);
  });
});

describe("extractDate", () => {
  it.each([
    [
      "value date over operation date",
      "Fecha operación: 02/12/2026  Fecha valor: 03/12/2026",
      "2026-12-03",
    ],
    ["due dates are not payment dates", "Due date: 12/31/2026\nPaid on: 12/20/2026", "2026-12-20"],
    [
      "issue date is skipped",
      "FECHA DE EMISIÓN: 30/01/2027\nFECHA VALOR: 29/01/2027",
      "2027-01-29",
    ],
    ["label on the line before", "Fecha valor\n12 DIC 2026", "2026-12-12"],
    ["OCR digits", "FECHA: 24/Ol/2O27 importe", "2027-01-24"],
  ])("%s", (_, text, expected) => {
    expect(extractDate(evidenceLines(text)).value).toBe(expected);
  });

  it("labelled dates are more certain than unlabelled and ambiguous ones", () => {
    const labelled = extractDate(evidenceLines("Payment date: Dec 22, 2026"));
    const bare = extractDate(evidenceLines("Thank you\n12/21/2026"));
    const ambiguous = extractDate(evidenceLines("Thank you\n03/04/2027"));
    expect(labelled.confidence).toBeGreaterThan(bare.confidence);
    expect(bare.confidence).toBeGreaterThan(ambiguous.confidence);
  });

  it("no date: null with confidence 0", () => {
    expect(extractDate(evidenceLines("Amount: $5.00"))).toEqual({ value: null, confidence: 0 });
  });
});
