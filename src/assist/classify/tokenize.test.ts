import { describe, expect, it } from "vitest";
import { featuresOf, foldSameLength, foldText, tokenize } from "./tokenize.js";

describe("tokenize", () => {
  it.each([
    ["Ya pagué la factura FAC-1187", ["ya", "pague", "la", "factura", "_code_"]],
    ["Pago el 15/12, $1,250.00", ["pago", "el", "_date_", "_amount_"]],
    ["el 3 de diciembre de 2026", ["el", "_date_"]],
    ["Dec 3rd", ["_date_"]],
    ["on the 15th", ["on", "the", "_day_"]],
    ["in 5 days", ["in", "_num_", "days"]],
    ["Call 555-210-8890 or ana.ruiz@x.example", ["call", "_phone_", "or", "_email_"]],
    ["+52 81 8765 4321", ["_phone_"]],
    ["pay at https://pay.acme.example/i/4", ["pay", "at", "_url_"]],
    ["INV-2026-000012 and 2026-000315", ["_code_", "and", "_code_"]],
    ["1.250,00 € o $2.350.000", ["_amount_", "o", "_amount_"]],
    ["¿Me pasáis el IBAN?", ["?", "me", "pasais", "el", "iban", "?"]],
    ["I can’t, we’ll, it's, don't", ["i", "can", "not", "we", "will", "it", "do", "not"]],
    ["pagado 👍", ["pagado", "👍"]],
    ["MAÑANA sin falta", ["manana", "sin", "falta"]],
  ])("%s", (text, tokens) => {
    expect(tokenize(text)).toEqual(tokens);
  });
});

describe("featuresOf", () => {
  const features = featuresOf("Ya pagué 👍");

  it("has word unigrams, bigrams and character 3-5-grams inside word boundaries", () => {
    expect(features).toEqual(
      expect.arrayContaining(["w:ya", "w:pague", "w:👍", "b:ya pague", "b:pague 👍"]),
    );
    expect(features).toEqual(
      expect.arrayContaining(["c:<pa", "c:pag", "c:gue>", "c:<pagu", "c:ague>"]),
    );
    const grams = features.filter((f) => f.startsWith("c:")).map((f) => f.length - 2);
    expect(Math.min(...grams)).toBe(3);
    expect(Math.max(...grams)).toBe(5);
  });

  it("adds cue groups: different words for the same intent share a feature", () => {
    expect(featuresOf("we wired it yesterday")).toEqual(
      expect.arrayContaining(["k:paidverb", "k:past"]),
    );
    expect(featuresOf("ya consigné")).toEqual(expect.arrayContaining(["k:paidverb", "k:past"]));
    expect(featuresOf("darme de baja")).toContain("k:stop");
  });

  it("lists each feature once, in first-seen order", () => {
    const repeated = featuresOf("ok ok ok");
    expect(new Set(repeated).size).toBe(repeated.length);
    expect(repeated[0]).toBe("k:thanks");
  });

  it("reads typos and missing accents close to the right word", () => {
    const shared = (a: string, b: string) => {
      const fb = new Set(featuresOf(b));
      return featuresOf(a).filter((f) => f.startsWith("c:") && fb.has(f)).length;
    };
    expect(shared("pagué", "pague")).toBeGreaterThan(shared("pagué", "cobro"));
  });
});

describe("folding", () => {
  it.each([
    ["Mañana, José", "manana, jose"],
    ["ÁÉÍÓÚ ü", "aeiou u"],
  ])("%s folds to %s", (text, folded) => {
    expect(foldText(text)).toBe(folded);
    expect(foldSameLength(text)).toBe(folded);
  });

  it("keeps offsets: one code unit in, one out", () => {
    const text = "Pagó 👍 el miércoles";
    expect(foldSameLength(text)).toHaveLength(text.length);
    expect(foldSameLength(text).indexOf("miercoles")).toBe(text.indexOf("miércoles"));
  });
});
