/**
 * The built-in, rule-based reading of payment evidence (a receipt's or bank confirmation's text,
 * from a PDF or OCR) into a claim: amount, currency, date, reference, payer and bank, each with a
 * confidence. English and Spanish; US, Mexican (SPEI), Spanish/EU (SEPA) and Colombian formats and
 * card slips. A claim never marks anything paid: a use case checks it. Pure.
 */
import type { EvidenceExtraction } from "../model.js";
import { extractAmount } from "./evidence-amount.js";
import { resolveCurrency } from "./evidence-currency.js";
import { extractDate, round2 } from "./evidence-dates.js";
import { extractBank, extractPayer } from "./evidence-parties.js";
import { extractReference } from "./evidence-reference.js";
import { evidenceLines, guessLanguage } from "./evidence-text.js";

export { evidenceLinesMax, evidenceTextCharsMax } from "./evidence-text.js";

/** Throws `evidence_too_long` past `evidenceTextCharsMax` characters or `evidenceLinesMax` lines. */
export function extractPaymentEvidence(text: string): EvidenceExtraction {
  const lines = evidenceLines(text);
  const language = guessLanguage(lines);
  const amount = extractAmount(lines, language);
  const currency = resolveCurrency(lines, amount?.marker ?? null, {
    dotGrouped: amount?.dotGrouped ?? false,
    language,
  });
  return {
    amount: amount ? { value: amount.value, confidence: round2(amount.confidence) } : none(),
    currency: { value: currency.value, confidence: round2(currency.confidence) },
    date: extractDate(lines),
    reference: extractReference(lines),
    payer: extractPayer(lines),
    bank: extractBank(lines),
  };
}

function none<T>(): { value: T | null; confidence: number } {
  return { value: null, confidence: 0 };
}
