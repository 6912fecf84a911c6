import { describe, expect, it } from "vitest";
import type { FactSheet } from "../model.js";
import { checkTone } from "./fact-check.js";
import { sampleFacts } from "./sample-facts.js";

const email = (body: string, more: Partial<FactSheet> = {}) =>
  checkTone({ subject: "Invoice INV-2026-000123", body }, sampleFacts(more));

describe("checkTone", () => {
  it("accepts a plain, polite reminder", () => {
    expect(email("Hello,\n\nA reminder about invoice INV-2026-000123.\n\nThanks")).toEqual({
      ok: true,
      problems: [],
    });
  });

  const legal: [string, string][] = [
    ["We may take legal action.", "legal action"],
    ["We will pass this to a collections agency.", "collections agency"],
    ["Our lawyer will be in touch.", "lawyer"],
    ["Procederemos con una demanda.", "demanda"],
    ["Nuestro abogado le contactará.", "abogado"],
    ["Podría haber un embargo.", "embargo"],
    ["Iniciaremos la cobranza judicial.", "cobranza judicial"],
    ["Tomaremos ACCIONES LEGALES.", "acciones legales"],
  ];
  it.each(legal)("legal wording is a problem unless allowed: %s", (text, phrase) => {
    expect(email(text).problems).toContain(`legal wording not allowed: "${phrase}"`);
    const allowed = email(text, { legalLanguageAllowed: true }).problems;
    expect(allowed.filter((p) => p.startsWith("legal"))).toEqual([]);
  });

  it("rejects threats even when legal wording is allowed", () => {
    const result = email("Pay now or else.", { legalLanguageAllowed: true });
    expect(result.problems).toEqual(['threat: "or else"']);
  });

  it("does not mistake words that contain a legal word ('courtesy')", () => {
    expect(email("This is a courtesy reminder.").ok).toBe(true);
  });

  it("limits WhatsApp to 320 characters and wants an email subject", () => {
    const chat = sampleFacts({ channel: "whatsapp" });
    expect(checkTone({ subject: null, body: "a".repeat(320) }, chat).ok).toBe(true);
    expect(checkTone({ subject: null, body: "a".repeat(321) }, chat).problems).toEqual([
      "WhatsApp message is 321 characters (limit 320)",
    ]);
    expect(checkTone({ subject: null, body: "Hello." }, sampleFacts()).problems).toEqual([
      "email has no subject",
    ]);
  });

  it("flags shouting but not acronyms, invoice numbers or names in capitals", () => {
    expect(email("Please pay NOW, this is URGENT.").problems).toEqual(['shouting: "URGENT"']);
    expect(email("Pay by IBAN to ACME LTDA.", { organisationName: "ACME LTDA" }).ok).toBe(true);
    expect(email("Pay now!!").problems).toEqual([
      "shouting: repeated exclamation or question marks",
    ]);
  });

  const placeholders: [string, string][] = [
    ["Dear [name], please pay.", 'placeholder left: a bracketed placeholder ("[name]")'],
    ["Hello {contact}, please pay.", 'placeholder left: a curly brace ("{")'],
    ["Hello undefined, please pay.", 'placeholder left: the word undefined ("undefined")'],
    ["Pay here: null", 'placeholder left: the word null ("null")'],
    ["You owe $NaN.", 'placeholder left: NaN ("NaN")'],
    ["Dear , please pay.", 'placeholder left: a greeting with an empty name ("Dear ,")'],
    ["Hola , le escribimos.", 'placeholder left: a greeting with an empty name ("Hola ,")'],
    [
      "The invoice is due on .",
      'placeholder left: a space before punctuation (an empty value?) (" .")',
    ],
  ];
  it.each(placeholders)("flags leftover placeholders: %s", (text, problem) => {
    expect(email(text).problems).toContain(problem);
  });
});
