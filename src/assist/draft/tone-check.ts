/**
 * The tone check: no threats ever; no legal wording unless the organisation's policy allows it
 * at this step; channel length limits (WhatsApp short); no shouting; no template artefacts left
 * behind ("[name]", "{", "undefined", "null", "NaN", "Dear ,"). Pure.
 */
import type { DraftText, FactSheet } from "../model.js";
import { emailBodyCharsMax, emailSubjectCharsMax, whatsappCharsMax } from "./wording.js";

export type ToneCheck = { ok: boolean; problems: string[] };

/** Pressure that is never acceptable, whatever the policy. Matched without accents. */
const THREATS = [
  "or else",
  "you will regret",
  "face the consequences",
  "serious consequences",
  "blacklist",
  "publicly",
  "we know where",
  "o si no",
  "atenerse a las consecuencias",
  "graves consecuencias",
  "se arrepentira",
  "lista negra",
  "exhibirlo",
  "exhibirte",
  "publicamente",
];

/** Legal or collections wording: only where the organisation's policy allows it. */
const LEGAL = [
  "legal action",
  "legal proceedings",
  "legal steps",
  "lawsuit",
  "sue you",
  "court",
  "attorney",
  "lawyer",
  "collections agency",
  "collection agency",
  "debt collector",
  "credit bureau",
  "formal notice",
  "garnish",
  "seize",
  "demanda",
  "demandar",
  "abogado",
  "abogados",
  "embargo",
  "embargar",
  "cobranza judicial",
  "accion legal",
  "acciones legales",
  "via judicial",
  "proceso judicial",
  "tribunal",
  "juzgado",
  "agencia de cobranza",
  "despacho de cobranza",
  "buro de credito",
  "aviso formal",
];

/** All-caps words that are not shouting. */
const ACRONYMS = new Set(["IBAN", "SWIFT", "CLABE", "SEPA", "SPEI", "ACH", "PDF", "RFC", "CFDI"]);

const PLACEHOLDERS: readonly (readonly [RegExp, string])[] = [
  [/\[[^\]\n]*\]/, "a bracketed placeholder"],
  [/[{}]/, "a curly brace"],
  [/\bundefined\b/i, "the word undefined"],
  [/\bnull\b/i, "the word null"],
  [/\bNaN\b/, "NaN"],
  [/\[object Object\]/, "[object Object]"],
  [/\b(?:Dear\s*|(?:Hi|Hello|Hola|Estimad[oa]s?)\s+)[,:]/, "a greeting with an empty name"],
  [/ [,.;:!?](?!\d)/, "a space before punctuation (an empty value?)"],
];

const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

function phraseFound(text: string, phrase: string): boolean {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}])${escaped}(?![\\p{L}])`, "u").test(text);
}

function lengthProblems(draft: DraftText, facts: FactSheet): string[] {
  const problems: string[] = [];
  if (facts.channel === "whatsapp") {
    if (draft.body.length > whatsappCharsMax) {
      problems.push(
        `WhatsApp message is ${draft.body.length} characters (limit ${whatsappCharsMax})`,
      );
    }
    return problems;
  }
  if (!draft.subject?.trim()) problems.push("email has no subject");
  else if (draft.subject.length > emailSubjectCharsMax) {
    problems.push(`subject is ${draft.subject.length} characters (limit ${emailSubjectCharsMax})`);
  }
  if (draft.body.length > emailBodyCharsMax) {
    problems.push(`email body is ${draft.body.length} characters (limit ${emailBodyCharsMax})`);
  }
  return problems;
}

function shouting(text: string, facts: FactSheet): string[] {
  let plain = text.replace(/(?:https?:\/\/|www\.)\S+/gi, " ");
  const exempt = [facts.organisationName, facts.customerName, facts.contactName ?? ""];
  for (const fact of [...exempt, ...facts.invoices.map((i) => i.number)]) {
    if (fact.trim() !== "") plain = plain.split(fact).join(" ");
  }
  const words = plain.match(/(?<![\p{L}\p{N}])\p{Lu}{4,}(?![\p{L}\p{N}])/gu) ?? [];
  const loud = [...new Set(words.filter((w) => !ACRONYMS.has(w)))];
  const problems = loud.map((w) => `shouting: "${w}"`);
  if (/[!?]{2,}/.test(plain)) problems.push("shouting: repeated exclamation or question marks");
  return problems;
}

/** Threats, legal wording where not allowed, length, shouting and leftover placeholders. */
export function checkTone(draft: DraftText, facts: FactSheet): ToneCheck {
  const text = `${draft.subject ?? ""}\n${draft.body}`;
  const folded = fold(text);
  const problems: string[] = [];
  for (const phrase of THREATS) {
    if (phraseFound(folded, phrase)) problems.push(`threat: "${phrase}"`);
  }
  if (!facts.legalLanguageAllowed) {
    for (const phrase of LEGAL) {
      if (phraseFound(folded, phrase)) problems.push(`legal wording not allowed: "${phrase}"`);
    }
  }
  problems.push(...lengthProblems(draft, facts), ...shouting(text, facts));
  for (const [pattern, what] of PLACEHOLDERS) {
    const found = pattern.exec(text);
    if (found) problems.push(`placeholder left: ${what} ("${found[0]}")`);
  }
  return { ok: problems.length === 0, problems };
}
