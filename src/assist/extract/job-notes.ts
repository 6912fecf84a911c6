/**
 * A short, customer-friendly invoice line description from technician / job notes: the first
 * clause of the notes once internal markers (TODO, "internal:"), time logs ("3.5 h on site") and
 * ticket ids ("[TKT-4521]", "INC0012345") are gone; capitalised, no trailing punctuation, at most
 * `jobDescriptionCharsMax` characters, cut at a word. Pure.
 */
import { CashloopError } from "../../kernel/errors.js";

/** Longer notes are refused, not cut. */
export const jobNotesCharsMax = 20_000;
export const jobDescriptionCharsMax = 80;

const fallbackDescription = { en: "Technical services", es: "Servicios técnicos" } as const;

/** A line or clause that starts like this is for the team, not the customer. */
const internalMarker =
  /^\s*(?:[-*•>]\s*)?(?:\[(?:internal|interno|todo)\]|#internal\b|todo\b|fixme\b|tbd\b|internal\b|interno\b|nota interna\b|note to self\b|n\.?b\.?:|private\b|privado\b|pendiente:|do not bill\b|no facturar\b)/i;
/** The same markers in the middle of a clause: the rest of the clause goes. */
const internalTail =
  /\s*(?:\(|\[|\s-\s)?\s*(?:todo|fixme|internal|interno|nota interna|note to self)\b.*$/i;

const ticketIds: readonly RegExp[] = [
  /[[(]\s*(?:ticket|tkt|inc|req|chg|caso|case|ref)?\s*[#:]?\s*[A-Z]*-?\d+\s*[\])]/gi,
  /\b(?:ticket|tkt|caso|case|incidencia|incident)\s*(?:no\.?|n[º°]|#|:)?\s*[A-Z]*-?\d+\b/gi,
  /\b(?:INC|REQ|CHG|RITM|TKT|SR)\d{3,}\b/g,
  /\b[A-Z][A-Z0-9]{1,9}-\d+\b/g,
  /(?<!\w)#\d+\b/g,
];

const timeLogs: readonly RegExp[] = [
  /[[(]?\s*\d+(?:[.,]\d+)?\s*(?:h|hrs?|hours?|horas?|min|mins|minutes?|minutos?)\b\.?(?:\s*(?:on[- ]?site|onsite|remote|remoto|en sitio|in situ|travel|de viaje|desplazamiento|billable|facturables?))?\s*[\])]?/gi,
  /\b(?:on[- ]?site|onsite|remote|remoto|en sitio|travel|viaje|time|tiempo)\s*:?\s*\d+(?:[.,]\d+)?\s*(?:h|hrs?|hours?|horas?|min|mins)?\b/gi,
  /\b\d{1,2}:\d{2}\s*(?:-\s*\d{1,2}:\d{2})?\s*(?:h|hrs?|am|pm)?\b/gi,
];

const leadingLabel =
  /^(?:work (?:performed|done)|done|tech(?:nician)?|notes?|summary|resolution|trabajo realizado|realizado|resumen|notas?|soluci[oó]n)\s*:\s*/i;

const abbreviations: Record<"en" | "es", readonly [RegExp, string][]> = {
  en: [
    [/\bw\/o\b/gi, "without"],
    [/\bw\//gi, "with "],
  ],
  es: [
    [/\bs\/\s?/gi, "sin "],
    [/\bc\/\s?/gi, "con "],
  ],
};

const danglingWords =
  /\s+(?:and|or|the|a|an|of|to|for|with|in|on|at|y|o|e|de|del|la|el|los|las|con|en|para|a|al|por|sin)$/i;

function cleanClause(clause: string, language: "en" | "es"): string {
  let text = clause.replace(leadingLabel, "");
  if (internalMarker.test(text)) return "";
  text = text.replace(internalTail, "");
  for (const pattern of [...ticketIds, ...timeLogs]) text = text.replace(pattern, " \uE000 ");
  text = text
    .replace(/\s+(?:in|for|during|within|en|durante|por)\s+\uE000/gi, " ")
    .replace(/\uE000/g, " ");
  for (const [pattern, replacement] of abbreviations[language]) {
    text = text.replace(pattern, replacement);
  }
  return text
    .replace(/\(\s*[,;]?\s*\)|\[\s*\]/g, " ")
    .replace(/\s+([,.;:)\]])/g, "$1")
    .replace(/\s+/g, " ")
    .replace(/^[\s\-–—*•>:,.;]+|[\s\-–—:,.;!?…]+$/g, "")
    .trim();
}

function insideBrackets(text: string, at: number): boolean {
  const before = text.slice(0, at);
  return (before.match(/\(/g)?.length ?? 0) > (before.match(/\)/g)?.length ?? 0);
}

/** Too long: the part before a joining "and" / "y" / comma if that fits, else cut at a word. */
function shorten(text: string): string {
  if (text.length <= jobDescriptionCharsMax) return text;
  const joints = [...text.matchAll(/,\s|\s(?:and|y|e|then|luego)\s/gi)]
    .map((m) => m.index ?? 0)
    .filter((i) => i >= 20 && i <= jobDescriptionCharsMax && !insideBrackets(text, i));
  const joint = joints.at(-1);
  if (joint !== undefined) return text.slice(0, joint).replace(/[\s\-–—:,.;!?…]+$/, "");
  let cut = text.slice(0, jobDescriptionCharsMax + 1);
  const space = cut.lastIndexOf(" ");
  cut = space > 20 ? cut.slice(0, space) : cut.slice(0, jobDescriptionCharsMax);
  for (let i = 0; i < 5 && danglingWords.test(cut); i++) cut = cut.replace(danglingWords, "");
  if (insideBrackets(cut, cut.length)) cut = cut.slice(0, cut.lastIndexOf("(")).trimEnd();
  return cut.replace(/[\s\-–—:,.;!?…]+$/, "");
}

function capitalise(text: string): string {
  const first = /\p{L}/u.exec(text);
  if (!first) return text;
  const i = first.index;
  return text.slice(0, i) + text.charAt(i).toLocaleUpperCase() + text.slice(i + 1);
}

/**
 * "Replaced the failing switch in the server room; tested VLANs; 3.5 h on site" →
 * "Replaced the failing switch in the server room". Notes with nothing for the customer give a
 * generic line in `language`. Throws `job_notes_too_long` past `jobNotesCharsMax`.
 */
export function describeJobNotes(notes: string, language: "en" | "es"): string {
  if (notes.length > jobNotesCharsMax) {
    throw new CashloopError(
      "job_notes_too_long",
      `job notes have ${notes.length} characters; at most ${jobNotesCharsMax} are read`,
    );
  }
  const clauses = notes
    .normalize("NFC")
    .split(/\r\n|\r|\n|;|\s\|\s|(?<=[a-z0-9)\]])[.!?](?:\s+|$)|\s[-–—]\s/i)
    .filter((line) => !internalMarker.test(line));
  for (const clause of clauses) {
    const text = cleanClause(clause, language);
    if (/\p{L}{2}/u.test(text)) return shorten(capitalise(text));
  }
  return fallbackDescription[language];
}
