/**
 * Text → features for the reply classifier. Lowercase and accent-folded ("Pagué" → "pague");
 * emails, links, dates, amounts, codes, phone numbers and other numbers become placeholders, so
 * the model learns "a date was given", never which date. Features: word unigrams ("w:pague"),
 * bigrams ("b:ya pague") and character 3–5-grams inside word boundaries ("c:<pag"), which carry
 * typos and missing accents ("pague", "pagué", "pagé") to shared grams. Pure.
 */

const combiningMarks = /[\u0300-\u036f]/g;

/** Lowercase with accents removed; "ñ" folds to "n". May change length (use foldSameLength). */
export function foldText(text: string): string {
  return text.normalize("NFKD").replace(combiningMarks, "").toLowerCase();
}

/** Like foldText, but one code unit in, one out, so offsets in the result match the input. */
export function foldSameLength(text: string): string {
  let out = "";
  for (const ch of text) {
    const folded = foldText(ch);
    out +=
      folded.length === ch.length ? folded : ch.length === 1 ? ch.toLowerCase().slice(0, 1) : ch;
  }
  return out;
}

const month =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|enero|ene|febrero|marzo|abr(?:il)?|mayo|junio|julio|ago(?:sto)?|se(?:p?t)?iembre|octubre|noviembre|dic(?:iembre)?";

const phoneLike = /(?:\+\d{1,3}[\s-]?)?(?:\(\d{2,4}\)\s?)?\d{2,4}(?:[\s.-]\d{2,4}){1,4}\b/g;

function phonePlaceholder(match: string): string {
  const digits = match.replace(/\D/g, "").length;
  return digits >= 8 && digits <= 15 ? " _phone_ " : match;
}

/** Ordered: each rule sees the text the earlier ones left. */
const placeholders: ReadonlyArray<readonly [RegExp, string | ((m: string) => string)]> = [
  [/\bhttps?:\/\/\S+|\bwww\.\S+/g, " _url_ "],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, " _email_ "],
  [
    /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}\/\d{1,2}\b/g,
    " _date_ ",
  ],
  [
    new RegExp(
      `\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+|de\\s+)?(?:${month})\\b\\.?(?:,?\\s+(?:de\\s+|del\\s+)?\\d{4})?`,
      "g",
    ),
    " _date_ ",
  ],
  [
    new RegExp(`\\b(?:${month})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b(?:,?\\s+\\d{4})?`, "g"),
    " _date_ ",
  ],
  [/\b\d{1,2}(?:st|nd|rd|th)\b/g, " _day_ "],
  [
    /[$€£]\s?\d[\d.,]*|\b\d[\d.,]*\s?(?:usd|eur|mxn|cop|gbp|pesos|euros|dollars|dolares|€)/g,
    " _amount_ ",
  ],
  [phoneLike, phonePlaceholder],
  [/\b[a-z]+-?\d[\w-]*|\b\d+(?:-\d+)+\b|#\s?\d+|\b\d{5,}\b/g, " _code_ "],
  [/\d+/g, " _num_ "],
];

const contractions: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:can['’]?t|cannot)\b/g, "can not"],
  [/\bwon['’]?t\b/g, "will not"],
  [/\b(do|does|did|is|are|was|were|has|have|had|should|would|could)n['’]?t\b/g, "$1 not"],
  [/['’]ll\b/g, " will"],
  [/['’]re\b/g, " are"],
  [/['’]ve\b/g, " have"],
  [/\bi['’]?m\b/g, "i am"],
  [/['’]d\b/g, " would"],
  [/['’]s\b/g, ""],
];

/** The folded text with placeholders in place of contacts, dates, amounts and numbers. */
export function normalizeText(text: string): string {
  let out = foldText(text);
  for (const [pattern, replacement] of contractions) out = out.replace(pattern, replacement);
  out = out.replace(/(\p{L})['’](\p{L})/gu, "$1$2");
  for (const [pattern, replacement] of placeholders) {
    out =
      typeof replacement === "string"
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement);
  }
  return out;
}

const tokenPattern = /_[a-z]+_|\p{L}+|\p{Extended_Pictographic}|[?¿!¡]/gu;

function tokensOf(normalized: string): string[] {
  return [...normalized.matchAll(tokenPattern)].map((m) =>
    m[0] === "¿" ? "?" : m[0] === "¡" ? "!" : m[0],
  );
}

/** Word tokens of the normalized text; "¿" reads as "?", "¡" as "!". */
export function tokenize(text: string): string[] {
  return tokensOf(normalizeText(text));
}

export const charGramMin = 3;
export const charGramMax = 5;

function charGrams(word: string, into: Set<string>): void {
  const padded = `<${word}>`;
  for (let n = charGramMin; n <= charGramMax; n++) {
    for (let i = 0; i + n <= padded.length; i++) into.add(`c:${padded.slice(i, i + n)}`);
  }
}

/**
 * Cue groups: words that mean the same thing for a reply's intent, so a phrasing the corpus never
 * showed still lands on a feature the model has weighed ("wired" and "consigne" both say a payment
 * was made). Matched on the normalized text; a cue adds the feature "k:<name>".
 */
const cues: ReadonlyArray<readonly [string, RegExp]> = [
  [
    "past",
    /\b(?:yesterday|ago|already|earlier|last (?:week|month|night|friday|monday|tuesday|wednesday|thursday)|this morning|ayer|anteayer|hace (?:unos|dos|tres|una|un)|pasad[oa]|ya|desde)\b/,
  ],
  [
    "paidverb",
    /\b(?:paid|payed|sent|wired|transferred|deposited|settled|cleared|processed|mailed|completed|covered|went out|took care|taken care|pague|pagamos|pagaron|pago|pagado|pagada|deposite|depositamos|deposito|transferi|transferimos|realice|realizamos|realizo|liquidamos|liquido|consigne|consignamos|abonamos|cubrimos|hice|hicimos|quedo)\b/,
  ],
  [
    "future",
    /\b(?:will|going to|gonna|tomorrow|tmrw|next|plan|planning|scheduled|promise|expect|manana|proxim[oa]|voy a|vamos a|sin falta|en cuanto|cuando (?:me|nos) paguen|me comprometo|nos comprometemos|\w+(?:are|ara|aremos|eremos|iremos|ere|era))\b/,
  ],
  [
    "ask",
    /\b(?:what|which|how|when|where|who|why|can you|could you|do you|does|is there|are there|que|cual|cuales|cuanto|cuanta|como|donde|cuando|quien|me puede|me pueden|me podria|me regala|me pasa|me pasan|nos pueden)\b/,
  ],
  ["negate", /\b(?:not|never|no|nunca|nadie|nobody|nothing|nada|ningun\w*)\b/],
  ["charge", /\b(?:charged?|charging|billed|bill|owe|cobr\w*|cargo|cargos|factur\w*)\b/],
  [
    "fields",
    /\b(?:rfc|nif|nit|vat|tax id|ein|razon social|legal name|company name|address|direccion|domicilio|codigo postal|postcode|zip|po|purchase order|orden de compra|oc|cfdi|regimen|reissue|refactur\w*|reexpedir|corregir|corrijan|correct|fix|update|change|cambiar|modificar|desglos\w*|split|separar)\b/,
  ],
  [
    "person",
    /\b(?:no longer|left|wrong (?:person|number|email|address|contact)|equivocad\w*|not the right|no soy|replacement|encargad[oa]|ya no trabajo|ya no labor\w*|dejo de|deje de laborar|new owners?|responsible)\b/,
  ],
  [
    "stop",
    /\b(?:stop|unsubscribe|unsub|opt out|remove|take me off|baja|dejen de|dejad de|no me (?:manden|escriban|envien)|no more|basta|quit|cease|saquen|quiten|elimin\w*|borr\w*)\b/,
  ],
  [
    "away",
    /\b(?:out of (?:the )?office|vacation|holiday|leave|pto|auto ?reply|automatic reply|away|vacaciones|permiso|incapacidad|ausente|fuera de (?:la )?oficina|respuesta automatica|mensaje automatico)\b/,
  ],
  [
    "contest",
    /\b(?:disagree|not agree|de acuerdo|reject\w*|rechaz\w*|disput\w*|contest\w*|impugn\w*|reclam\w*|not acceptable|not justified|no procede|no corresponde|no aplica|mistake|error|never (?:received|ordered|signed|authorized|asked)|did not (?:order|receive|request)|cancell?ed|terminated|cancel\w*|devolv\w*|returned|damaged|defective|broken|danad[oa]|defectuos[oa]|incomplet[oa]|duplicad[oa]|duplicate|twice|doble|dos veces|withhold\w*|refuse|refund|reembolso|nota de credito|credit)\b/,
  ],
  [
    "social",
    /\b(?:congrat\w*|felicidades|felicit\w*|enhorabuena|happy|feliz|felices|merry|holidays|navidad|lunch|coffee|cafe|catch up|great to|gusto|abrazo|hiring|openings|vacantes|contratando|resume|apply|offer\w*|ofrecemos|promo\w*|oferta|discount code|newsletter|weekend|fin de semana|joke|chiste|poem|poema)\b/,
  ],
  [
    "thanks",
    /\b(?:thanks|thank|thx|appreciate|gracias|ok|okay|vale|perfecto|recibido|received|noted|enterad[oa]|anotado|got it)\b/,
  ],
];

function cueFeatures(normalized: string, into: Set<string>): void {
  for (const [name, pattern] of cues) if (pattern.test(normalized)) into.add(`k:${name}`);
}

/** The distinct features of a text, in first-seen order. */
export function featuresOf(text: string): string[] {
  const normalized = normalizeText(text);
  const tokens = tokensOf(normalized);
  const out = new Set<string>();
  cueFeatures(normalized, out);
  tokens.forEach((token, i) => {
    out.add(`w:${token}`);
    const next = tokens[i + 1];
    if (next !== undefined) out.add(`b:${token} ${next}`);
    if (/^\p{L}{2,}$/u.test(token)) charGrams(token, out);
  });
  return [...out];
}
