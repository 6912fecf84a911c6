/**
 * Classifies a customer's reply with the built-in model: a label, a confidence (the softmax
 * probability), the clause of the customer's own words that most supports the label, and the
 * label's field (promisedOn, returnsOn, newContact) read by rules. Below `confidenceBar` the
 * label is `other`, with that low confidence and the best guess's evidence, so a person looks.
 * Quoted threads and signatures are not the customer's words and are ignored; instructions
 * addressed to a model are blanked and, when present, the label can only be paid_claim (which
 * opens a check, never marks anything paid) or other. Pure: `today` is an input.
 */
import type { CalendarDate } from "../../kernel/dates.js";
import type { Classification, ReplyLabel } from "../model.js";
import { extractNewContact, extractPromisedOn, extractReturnsOn } from "./extract-fields.js";
import { prepareReply } from "./prepare-reply.js";
import { predictProbabilities, type ReplyModel, support } from "./reply-model.js";
import { clauses, type OwnText, type Span } from "./strip-reply.js";
import { featuresOf } from "./tokenize.js";

export const confidenceBar = 0.55;
/** Labels a reply with injected instructions may still get. */
const labelsDespiteInjection: readonly ReplyLabel[] = ["paid_claim", "other"];

function round(p: number): number {
  return Math.round(p * 1000) / 1000;
}

/** The clause whose words most favour `label`; the earliest on ties. */
function evidenceSpan(
  model: ReplyModel,
  masked: string,
  own: OwnText,
  label: ReplyLabel,
): Span | null {
  let best: { span: Span; score: number } | null = null;
  for (const span of clauses(masked, own)) {
    const score = support(model, featuresOf(masked.slice(span.start, span.end)), label);
    if (!best || score > best.score) best = { span, score };
  }
  return best?.span ?? null;
}

function withField(c: Classification, own: OwnText, today: CalendarDate): Classification {
  switch (c.label) {
    case "promise_to_pay":
      return { ...c, promisedOn: extractPromisedOn(own.text, c.evidence, today) };
    case "out_of_office":
      return { ...c, returnsOn: extractReturnsOn(own.text, today) };
    case "wrong_contact":
      return { ...c, newContact: extractNewContact(own.text) };
    default:
      return c;
  }
}

export function classifyReply(
  model: ReplyModel,
  text: string,
  today: CalendarDate,
): Classification {
  const { masked, own, injections } = prepareReply(text);
  const probabilities = predictProbabilities(model, featuresOf(own.text));
  const best = probabilities.indexOf(Math.max(...probabilities));
  const guess = model.labels[best] as ReplyLabel;
  const span = evidenceSpan(model, masked, own, guess);
  const clause = span ? text.slice(span.start, span.end) : "";
  const first = injections[0];
  const injected = first ? text.slice(first.start, first.end).trim() : null;
  if (injected !== null && !labelsDespiteInjection.includes(guess)) {
    const other = probabilities[model.labels.indexOf("other")] ?? 0;
    return { label: "other", confidence: round(other), evidence: injected };
  }
  // An injection-only reply is `other`; its evidence is the injected text, not what is left.
  const evidence = injected !== null && guess === "other" ? injected : clause;
  const confidence = round(probabilities[best] ?? 0);
  if (confidence < confidenceBar) return { label: "other", confidence, evidence };
  return withField({ label: guess, confidence, evidence }, own, today);
}
