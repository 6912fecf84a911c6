/**
 * What a remote model must answer, per task: zod schemas (the check) and the JSON schemas derived
 * from them (the request: OpenAI `response_format.json_schema`, Anthropic tool `input_schema`).
 * The JSON schemas keep to the subset both vendors' strict modes accept: every object closed
 * (`additionalProperties: false`) with every property required (optional ones are nullable), and
 * no length or range keywords — those are checked here after the answer arrives.
 *
 * Extra properties are rejected, not stripped: an answer that carries `markPaid` or `status` is
 * not the answer that was asked for, so none of it is trusted. Pure: no I/O.
 */
import { z } from "zod";
import { isCalendarDate } from "../../kernel/dates.js";
import { isCurrencyCode } from "../../kernel/money.js";
import type {
  Classification,
  DraftText,
  EvidenceExtraction,
  FieldGuess,
  ReplyLabel,
} from "../model.js";
import { REPLY_LABELS } from "../model.js";
import { IBAN_MASK, NUMBER_MASK, unmaskQuote } from "./redact.js";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be YYYY-MM-DD");

export const draftTextSchema = z.strictObject({
  subject: z.string().nullable(),
  body: z.string().trim().min(1, "must not be empty"),
});

export const classificationSchema = z.strictObject({
  label: z.enum(REPLY_LABELS),
  confidence: z.number(),
  evidence: z.string(),
  promisedOn: isoDate.nullish(),
  returnsOn: isoDate.nullish(),
  newContact: z
    .strictObject({
      name: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
    })
    .nullish(),
});

const fieldGuess = z.strictObject({ value: z.string().nullable(), confidence: z.number() });

export const evidenceExtractionSchema = z.strictObject({
  amount: fieldGuess,
  currency: fieldGuess,
  date: fieldGuess,
  reference: fieldGuess,
  payer: fieldGuess,
  bank: fieldGuess,
});

type JsonObject = { [key: string]: unknown };

/** Keywords neither vendor's strict mode takes; zod checks them on the answer instead. */
const UNSUPPORTED = [
  "$schema",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
];

function closeSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeSchema);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (!UNSUPPORTED.includes(key)) out[key] = closeSchema(value);
  }
  if (out.type === "object" && out.properties && typeof out.properties === "object") {
    out.required = Object.keys(out.properties);
    out.additionalProperties = false;
  }
  return out;
}

/** zod → a closed JSON schema object for structured output (`z.toJSONSchema`, then tightened). */
export function strictJsonSchema(schema: z.ZodType): JsonObject & { type: "object" } {
  const closed = closeSchema(z.toJSONSchema(schema, { target: "draft-2020-12" })) as JsonObject;
  if (closed.type !== "object") throw new TypeError("a structured output schema is an object");
  return closed as JsonObject & { type: "object" };
}

export const DRAFT_JSON_SCHEMA = strictJsonSchema(draftTextSchema);
export const CLASSIFICATION_JSON_SCHEMA = strictJsonSchema(classificationSchema);
export const EVIDENCE_JSON_SCHEMA = strictJsonSchema(evidenceExtractionSchema);

export function toDraftText(parsed: z.infer<typeof draftTextSchema>): DraftText {
  const subject = parsed.subject?.trim();
  return { subject: subject ? subject : null, body: parsed.body.trim() };
}

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, n));
}

function words(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The sentence of `text` sharing the most words with `quote` (at least half of them), or "". */
export function bestMatchingSentence(text: string, quote: string): string {
  const wanted = new Set(words(quote));
  if (wanted.size === 0) return "";
  let best = "";
  let bestScore = 0.5;
  for (const sentence of text.match(/[^.!?\n]+[.!?]?/g) ?? []) {
    const shared = new Set(words(sentence).filter((w) => wanted.has(w))).size;
    const score = shared / wanted.size;
    if (score >= bestScore && sentence.trim().length > 0) {
      best = sentence.trim();
      bestScore = score + Number.EPSILON;
    }
  }
  return best;
}

export const unsupportedConfidenceMax = 0.3;

function calendarDateOrNull(value: string | null | undefined) {
  return value && isCalendarDate(value) ? value : null;
}

function contactOrNull(
  contact: z.infer<typeof classificationSchema>["newContact"],
): Classification["newContact"] {
  if (!contact) return null;
  const clean = (v: string | null) => (v?.trim() ? v.trim() : null);
  const out = {
    name: clean(contact.name),
    email: clean(contact.email),
    phone: clean(contact.phone),
  };
  return out.name || out.email || out.phone ? out : null;
}

/**
 * A remote model's classification, made safe: confidence in 0..1; evidence must be the
 * customer's own words (a substring of the reply) or confidence is capped at 0.3 and the
 * evidence replaced by the closest sentence; dates kept only for the label they belong to.
 * Built field by field: nothing the model added travels on.
 */
export function checkClassification(
  parsed: z.infer<typeof classificationSchema>,
  reply: string,
): Classification {
  const label: ReplyLabel = parsed.label;
  let confidence = clamp01(parsed.confidence);
  const quote = parsed.evidence.trim();
  let evidence = quote ? unmaskQuote(reply, quote) : undefined;
  if (evidence === undefined) {
    confidence = Math.min(confidence, unsupportedConfidenceMax);
    evidence = bestMatchingSentence(reply, quote);
  }
  return {
    label,
    confidence,
    evidence,
    promisedOn: label === "promise_to_pay" ? calendarDateOrNull(parsed.promisedOn) : null,
    returnsOn: label === "out_of_office" ? calendarDateOrNull(parsed.returnsOn) : null,
    newContact: label === "wrong_contact" ? contactOrNull(parsed.newContact) : null,
  };
}

const noGuess = <T>(): FieldGuess<T> => ({ value: null, confidence: 0 });

function guess<T extends string>(
  field: { value: string | null; confidence: number },
  accept: (value: string) => value is T,
): FieldGuess<T> {
  const value = field.value?.trim();
  if (!value || value.includes(NUMBER_MASK) || value.includes(IBAN_MASK) || !accept(value)) {
    return noGuess();
  }
  return { value, confidence: clamp01(field.confidence) };
}

const anyText = (value: string): value is string => true;
const decimalText = (value: string): value is string => /^-?\d+(?:\.\d+)?$/.test(value);

/** A remote model's extraction, made safe: each guess well-formed or null with confidence 0. */
export function checkEvidenceExtraction(
  parsed: z.infer<typeof evidenceExtractionSchema>,
): EvidenceExtraction {
  return {
    amount: guess(parsed.amount, decimalText),
    currency: guess(
      { ...parsed.currency, value: parsed.currency.value?.trim().toUpperCase() ?? null },
      (v): v is string => isCurrencyCode(v),
    ),
    date: guess(parsed.date, isCalendarDate),
    reference: guess(parsed.reference, anyText),
    payer: guess(parsed.payer, anyText),
    bank: guess(parsed.bank, anyText),
  };
}
