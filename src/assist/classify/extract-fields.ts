/**
 * Rule-based fields of a classified reply: the date promised, the out-of-office return date and
 * the new contact (email, phone, name after "please contact" / "escriba a"). Read from the
 * customer's own text only (quotes and signatures already stripped). Pure; `today` is an input.
 */
import { type CalendarDate, compareDates } from "../../kernel/dates.js";
import type { Language } from "../model.js";
import type { NewContact } from "./corpus-row.js";
import { type DateMention, findDateMentions, guessLanguage } from "./date-mentions.js";
import { foldSameLength } from "./tokenize.js";

/** Mentions from today on; "today" itself only when nothing else is named ("can't today, Friday"). */
function futureMentions(text: string, today: CalendarDate, language: Language): DateMention[] {
  const ahead = findDateMentions(text, today, language).filter(
    (m) => compareDates(m.on, today) >= 0,
  );
  const named = ahead.filter((m) => !m.today);
  return named.length > 0 ? named : ahead;
}

/** The first date from today on in the evidence clause, else in the whole own text. */
export function extractPromisedOn(
  ownText: string,
  evidence: string,
  today: CalendarDate,
): CalendarDate | null {
  const language = guessLanguage(ownText);
  const inEvidence = futureMentions(evidence, today, language)[0];
  return inEvidence?.on ?? futureMentions(ownText, today, language)[0]?.on ?? null;
}

/** Words that name the return itself ("back on", "regreso el") beat those that bound an absence. */
const returnWords =
  /\b(?:back|return(?:ing|s)?|reopen(?:s|ing)?|reabr\w*|respond|(?<!auto[- ]|automatic )reply|regres\w*|vuelv\w*|volv\w*|vuelta|reincorpor\w*|reanud\w*|retom\w*|respond\w*|contest\w*|atend\w*)\b/;
const untilWords = /\b(?:until|till|through|thru|hasta|del\s+\d{1,2}\s+al)\b/;

/**
 * The first date after a return word in the same sentence ("back on", "regreso el",
 * "responderé"), else after "until"/"hasta"/"del 16 al"; none otherwise ("office hours are
 * Monday to Friday", "out sick today").
 */
export function extractReturnsOn(ownText: string, today: CalendarDate): CalendarDate | null {
  const mentions = findDateMentions(ownText, today, guessLanguage(ownText)).filter(
    (m) => compareDates(m.on, today) > 0,
  );
  const folded = foldSameLength(ownText);
  const lead = (m: DateMention) =>
    folded
      .slice(Math.max(0, m.start - 45), m.start)
      .split(/[.!?\n]/)
      .at(-1) ?? "";
  const after = (words: RegExp) => mentions.find((m) => words.test(lead(m)))?.on;
  return after(returnWords) ?? after(untilWords) ?? null;
}

const emailPattern = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const phonePattern =
  /(?<![\w#/-])(?:\+\d{1,3}[\s-]?)?(?:\(\d{2,4}\)\s?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}(?![\w/-])/g;
const notPhoneBefore =
  /\b(?:invoice|factura|inv|fac|ref|referencia|po|oc|order|pedido|nit|rfc|vat|tax|id|no\.?|number|numero|#)[\s:#.]*$/i;

function findPhone(text: string): string | null {
  for (const m of text.matchAll(phonePattern)) {
    const digits = m[0].replace(/\D/g, "").length;
    const before = text.slice(Math.max(0, m.index - 14), m.index);
    if (digits < 8 || digits > 15 || notPhoneBefore.test(before)) continue;
    if (/^\d{4}-\d{2,}$/.test(m[0])) continue; // "2026-000315" is an invoice number
    return m[0].trim();
  }
  return null;
}

const triggers =
  /\b(?:contact\w*|reach(?:\s+out)?(?:\s+to)?|write to|talk to|speak (?:to|with)|ask for|call|replacement is|replaced by|handled by|go(?:es)? to|send \w*(?:\s+\w+)?\s*to|direct\w*(?:\s+\w+)?\s+to|want|escrib\w*\s+a|contact\w*\s+(?:a|con)|comuni\w*\s+con|habl\w*\s+con|diri[jg]\w*\s+a|pregunt\w*\s+por|l[oa]s? ve|l[oa]s? llev\w*|l[oa]s? manej\w*|ahora es|is now|name is|se llama|nombre es|se encarga|encargad[oa] es|contacto (?:correcto )?es)\b/giu;
const honorific = /^(?:ms|mrs|mr|dr|sr|sra|srta|lic|ing|c\s?p|don|dona|doña)\.?\s+/iu;
const notNames = new Set(
  "I Please Thanks Hi Hello Dear Accounts Accounting Payable Finance Billing Team AP Invoices Invoice Contabilidad Tesorería Tesoreria Cobranza Facturación Facturacion Compras Proveedores Gracias Hola Por Favor Acme".split(
    " ",
  ),
);
const nameWord = /^\p{Lu}[\p{Ll}'’-]+/u;

/** 1–4 capitalised words, allowing "de", "del", "de la" inside: "Rosa Elena Vázquez". */
function readName(text: string): string | null {
  const words: string[] = [];
  let rest = text.replace(honorific, "");
  while (words.length < 4) {
    const connector = words.length > 0 ? /^(?:de la|de|del)\s+(?=\p{Lu})/u.exec(rest) : null;
    const probe = connector ? rest.slice(connector[0].length) : rest;
    const m = nameWord.exec(probe);
    if (!m || notNames.has(m[0])) break;
    words.push(...(connector ? [connector[0].trim()] : []), m[0]);
    rest = probe.slice(m[0].length).replace(/^ +/, "");
    if (!/^\p{Lu}|^(?:de la|de|del)\s+\p{Lu}/u.test(rest)) break;
  }
  return words.length > 0 ? words.join(" ") : null;
}

/** "Sra. Ana" → "Sra  Ana": same length, so a sentence split does not stop at the title's dot. */
function undotTitles(text: string): string {
  return text.replace(/\b(?:Ms|Mrs|Mr|Dr|Sr|Sra|Srta|Lic|Ing|C\.P)\./g, (m) =>
    m.replace(/\./g, " "),
  );
}

function findName(original: string): string | null {
  const text = undotTitles(original);
  for (const t of foldSameLength(text).matchAll(triggers)) {
    const sentence = text.slice(t.index + t[0].length).split(/[.!?\n;:(]|\s@/)[0] ?? "";
    const after = sentence.replace(/^[\s,]+/, "");
    const words = after.split(/\s+/);
    for (let i = 0; i < Math.min(words.length, 6); i++) {
      const candidate = words.slice(i).join(" ");
      if (!nameWord.test(candidate.replace(honorific, ""))) continue;
      const name = readName(candidate);
      if (name) return name;
    }
  }
  return null;
}

/** The new contact named in the reply, or null when it names none. */
export function extractNewContact(ownText: string): NewContact | null {
  const email = ownText.match(emailPattern)?.[0] ?? null;
  const phone = findPhone(ownText.replace(emailPattern, " "));
  const name = findName(ownText.replace(emailPattern, " "));
  return email || phone || name ? { name, email, phone } : null;
}
