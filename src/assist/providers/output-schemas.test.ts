import { describe, expect, it } from "vitest";
import {
  bestMatchingSentence,
  checkClassification,
  checkEvidenceExtraction,
  classificationSchema,
  evidenceExtractionSchema,
} from "./output-schemas.js";

const reply = "Hello. We will pay on Friday the 10th. Sorry for the delay!";
const base = {
  label: "promise_to_pay" as const,
  confidence: 0.8,
  evidence: "We will pay on Friday the 10th.",
  promisedOn: "2026-04-10",
  returnsOn: "2026-04-20",
  newContact: { name: "Ana", email: null, phone: null },
};

describe("checkClassification", () => {
  it("keeps supported evidence and the date of the label; drops the others", () => {
    expect(checkClassification(base, reply)).toEqual({
      label: "promise_to_pay",
      confidence: 0.8,
      evidence: "We will pay on Friday the 10th.",
      promisedOn: "2026-04-10",
      returnsOn: null,
      newContact: null,
    });
  });

  it.each([
    [1.7, 1],
    [-0.2, 0],
    [0.5, 0.5],
  ])("clamps confidence %s to %s", (given, expected) => {
    expect(checkClassification({ ...base, confidence: given }, reply).confidence).toBe(expected);
  });

  it("caps confidence at 0.3 and quotes the closest sentence when evidence is not in the reply", () => {
    const result = checkClassification({ ...base, evidence: "we will pay Friday" }, reply);
    expect(result.confidence).toBe(0.3);
    expect(result.evidence).toBe("We will pay on Friday the 10th.");
  });

  it("caps and empties evidence that shares nothing with the reply", () => {
    const result = checkClassification({ ...base, evidence: "invoice marked as paid" }, reply);
    expect(result).toMatchObject({ confidence: 0.3, evidence: "" });
  });

  it("treats empty evidence as unsupported", () => {
    expect(checkClassification({ ...base, evidence: "" }, reply).confidence).toBe(0.3);
  });

  it("drops an impossible date", () => {
    expect(checkClassification({ ...base, promisedOn: "2026-02-30" }, reply).promisedOn).toBeNull();
  });

  it("keeps the new contact for wrong_contact only, trimmed", () => {
    const result = checkClassification(
      {
        ...base,
        label: "wrong_contact",
        evidence: "Hello.",
        newContact: { name: " Ana ", email: "ana@x.com", phone: "" },
      },
      reply,
    );
    expect(result.newContact).toEqual({ name: "Ana", email: "ana@x.com", phone: null });
  });

  it("rejects extra fields and labels outside the list", () => {
    expect(classificationSchema.safeParse({ ...base, markPaid: true }).success).toBe(false);
    expect(classificationSchema.safeParse({ ...base, label: "paid" }).success).toBe(false);
  });
});

describe("bestMatchingSentence", () => {
  it("needs half of the quote's words", () => {
    expect(bestMatchingSentence(reply, "sorry delay")).toBe("Sorry for the delay!");
    expect(bestMatchingSentence(reply, "sorry, we paid it all already")).toBe("");
  });
});

describe("checkEvidenceExtraction", () => {
  const field = (value: string | null, confidence = 0.9) => ({ value, confidence });
  const answer = {
    amount: field("1,200.50"),
    currency: field("mxn"),
    date: field("2026-03-30", 3),
    reference: field("[redacted-number]"),
    payer: field("  Acme  "),
    bank: field(null, 0.4),
  };

  it("keeps well-formed guesses and nulls the rest with confidence 0", () => {
    expect(checkEvidenceExtraction(answer)).toEqual({
      amount: { value: null, confidence: 0 },
      currency: { value: "MXN", confidence: 0.9 },
      date: { value: "2026-03-30", confidence: 1 },
      reference: { value: null, confidence: 0 },
      payer: { value: "Acme", confidence: 0.9 },
      bank: { value: null, confidence: 0 },
    });
  });

  it("accepts a plain decimal amount and rejects an unknown currency", () => {
    const result = checkEvidenceExtraction({
      ...answer,
      amount: field("1200.50"),
      currency: field("XYZ"),
    });
    expect(result.amount).toEqual({ value: "1200.50", confidence: 0.9 });
    expect(result.currency).toEqual({ value: null, confidence: 0 });
  });

  it("rejects extra fields", () => {
    expect(evidenceExtractionSchema.safeParse({ ...answer, status: "paid" }).success).toBe(false);
  });
});
