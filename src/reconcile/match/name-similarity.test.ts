import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nameSimilarity, normaliseName } from "./name-similarity.js";

const customers = [
  "Comercial Azteca S.A. de C.V.",
  "Harbor Construction LLC",
  "Harbor Home Health LLC",
  "Müller Bau GmbH",
  "Estudio Peñablanca SL",
  "Sakura Trading KK",
  "Acme Inc",
  "Zenith SA",
];

describe("normaliseName", () => {
  it.each([
    ["Comercial Azteca S.A. de C.V.", "comercial azteca"],
    ["COMERCIAL AZTECA SA DE CV", "comercial azteca"],
    ["Harbor Construction, L.L.C.", "harbor construction"],
    ["Müller Bau GmbH", "muller bau"],
    ["Müller Bau GmbH & Co. KG", "muller bau"],
    ["Straßenbau Groß AG", "strassenbau gross"],
    ["Estudio Peñablanca S.L.U.", "estudio penablanca"],
    ["Façade Studio SARL", "facade studio"],
    ["Sakura Trading K.K.", "sakura trading"],
    ["The Harbor Company", "harbor"],
    ["Pérez y Cía. Ltda.", "perez"],
    ["Servicios Norte S. de R.L. de C.V.", "servicios norte"],
    ["Acme Holdings Pty Ltd", "acme holdings"],
    ["Van Dijk B.V.", "van dijk"],
    ["Hans Meier e.K.", "hans meier"],
    ["Nordic Design ApS", "nordic design"],
    ["Widgets Corp.", "widgets"],
    ["Widgets Corporation", "widgets"],
    ["Widgets Incorporated", "widgets"],
    ["Widgets Co. Ltd.", "widgets"],
    ["Smith & Jones LLP", "smith and jones"],
    ["  lots   of\tspace  ", "lots of space"],
  ])("%s → %s", (name, expected) => {
    expect(normaliseName(name)).toBe(expected);
  });

  it("keeps a name that is only a legal form rather than leaving nothing", () => {
    expect(normaliseName("Company Ltd")).toBe("company");
    expect(normaliseName("The")).toBe("the");
  });

  it("removes legal forms only at the end", () => {
    expect(normaliseName("SA Power Networks")).toBe("sa power networks");
    expect(normaliseName("Inc Magazine Ltd")).toBe("inc magazine");
  });

  it("is idempotent, so an index can store normalised names and compare them again", () => {
    const word = fc.constantFrom("Müller", "S.A.", "de", "C.V.", "the", "The", "co", "Ltd", "&");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(word).map((w) => w.join(" ")),
          fc.string(),
        ),
        (name) => {
          const once = normaliseName(name);
          expect(normaliseName(once)).toBe(once);
        },
      ),
    );
  });
});

describe("nameSimilarity", () => {
  it.each([
    ["COMERCIAL AZTECA SA DE CV", "Comercial Azteca S.A. de C.V.", 0.85],
    ["MULLER BAU", "Müller Bau GmbH", 0.85],
    ["ESTUDIO PENABLANCA", "Estudio Peñablanca SL", 0.85],
    ["SAKURA TRADING K.K.", "Sakura Trading KK", 0.85],
    ["MUELLER BAU", "Müller Bau GmbH", 0.75],
    ["HARBR CONSTRUCTION", "Harbor Construction LLC", 0.85],
    ["AZTECA COMERCIAL", "Comercial Azteca S.A. de C.V.", 0.85],
    ["HARBOR CONSTR LLC", "Harbor Construction LLC", 0.6],
    ["HARBOR CONSTRUCTION SERVICES", "Harbor Construction LLC", 0.75],
  ])("%s ~ %s ≥ %s", (a, b, min) => {
    expect(nameSimilarity(a, b)).toBeGreaterThanOrEqual(min);
  });

  it.each([
    ["Harbor Construction LLC", "Harbor Home Health LLC"],
    ["Acme Inc", "Zenith SA"],
    ["Comercial Azteca S.A. de C.V.", "Sakura Trading KK"],
    ["Müller Bau GmbH", "Estudio Peñablanca SL"],
  ])("%s ≁ %s", (a, b) => {
    expect(nameSimilarity(a, b)).toBeLessThanOrEqual(0.4);
  });

  it("tells two customers sharing a first word apart from an abbreviation of one of them", () => {
    const abbreviation = nameSimilarity("HARBOR CONSTR LLC", "Harbor Construction LLC");
    const other = nameSimilarity("Harbor Construction LLC", "Harbor Home Health LLC");
    expect(abbreviation - other).toBeGreaterThanOrEqual(0.3);
  });

  it("picks the right customer for each bank name", () => {
    const bankNames: [string, string][] = [
      ["COMERCIAL AZTECA SA DE", "Comercial Azteca S.A. de C.V."],
      ["HARBOR CONSTRUCTIO", "Harbor Construction LLC"],
      ["HARBOR HOME HLTH", "Harbor Home Health LLC"],
      ["MULLER BAU GMBH", "Müller Bau GmbH"],
      ["ESTUDIO PENABLANCA", "Estudio Peñablanca SL"],
      ["SAKURA TRADING", "Sakura Trading KK"],
    ];
    for (const [bankName, expected] of bankNames) {
      const best = [...customers].sort(
        (x, y) => nameSimilarity(bankName, y) - nameSimilarity(bankName, x),
      )[0];
      expect(best, bankName).toBe(expected);
    }
  });

  it("is 0 against an empty name and 1 for two empty names", () => {
    expect(nameSimilarity("Acme Inc", "")).toBe(0);
    expect(nameSimilarity("", "")).toBe(1);
  });

  const names = fc.oneof(
    fc.constantFrom(...customers, "HARBOR CONSTR", "MULLER", "AZTECA SA", "Harbr"),
    fc.string({ maxLength: 40 }),
  );

  it("is symmetric", () => {
    fc.assert(
      fc.property(names, names, (a, b) => {
        expect(nameSimilarity(a, b)).toBe(nameSimilarity(b, a));
      }),
    );
  });

  it("is 1 for the same name and stays within 0..1", () => {
    fc.assert(
      fc.property(names, names, (a, b) => {
        expect(nameSimilarity(a, a)).toBe(1);
        const score = nameSimilarity(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("is 1 for names that differ only in case, accents, punctuation and legal form", () => {
    const forms = ["", " LLC", " L.L.C.", ", Inc.", " S.A. de C.V.", " SA DE CV", " GmbH", " K.K."];
    fc.assert(
      fc.property(
        fc.constantFrom("Comercial Azteca", "Harbor Construction", "Müller Bau", "Peñablanca"),
        fc.constantFrom(...forms),
        fc.constantFrom(...forms),
        (name, bankForm, legalForm) => {
          const bankName = `${name}${bankForm}`
            .toUpperCase()
            .normalize("NFD")
            .replace(/\p{M}/gu, "");
          expect(nameSimilarity(bankName, `${name}${legalForm}`)).toBe(1);
        },
      ),
    );
  });

  it("scores a long garbage name quickly", () => {
    const garbage = "x".repeat(50_000) + " y".repeat(10_000);
    expect(nameSimilarity(garbage, garbage.slice(1))).toBeGreaterThanOrEqual(0);
  });
});
