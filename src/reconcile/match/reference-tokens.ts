/**
 * Invoice references in a bank line's free remittance text, however the payer wrote them, and
 * ISO 11649 structured creditor references ("RF…"). Pure.
 *
 * A reference is a number the text itself marks as an invoice number:
 * - a series code written onto the number: `INV-2026-000123`, `INV2026000123`, `CN-2026-000004`,
 *   `F123`, `F-000123`, `FAC-123` (any upper-case code when the number carries a year:
 *   `ACME-2026-000123`);
 * - an invoice word, with or without a number sign: `inv 123`, `Inv.123`, `invoice no. 123`,
 *   `factura 000123`, `Factura N° 123`, `fact. 123`, `Fra. 12/2026`, `Rechnung Nr. 123`,
 *   `facture 123`, `fattura 123`;
 * - a lone number sign: `#123`, `nr 123`, `n° 123`, `no. 123` — unless the word before it says
 *   it numbers something else (`order #123`, `Kunden-Nr. 123`, `account no. 123`).
 * After a reference, further numbers joined by `,` `;` `/` `+` `&` `-` `y` `e` `and` `und` `et`
 * are references too (`facturas 123, 124 y 125`, `inv 123/124`), with the first one's series
 * and year unless they carry their own.
 *
 * `series` is the code as written onto the number (`INV`, `CN`, `F`), upper-cased; a word or an
 * abbreviation set apart by a space or a dot (`inv 123`, `Inv.123`, `factura 123`) says only
 * "an invoice", so its series is null: the payer did not say which series. `year` is set when
 * the reference carries one (`2026-000123`, `2026/123`, `123/2026`, `2026000123`, `INV-26-000123`).
 *
 * Never references: bare numbers (amounts, dates, account and phone numbers), dates and amounts
 * even after an invoice word (`factura 12/11/2026`, `factura 12,50`, `invoice 150 EUR`), IBANs
 * and RF creditor references (found by their check digits and skipped), purchase orders,
 * customer and account numbers.
 */

export type InvoiceRef = {
  /** The reference as written in the text (for a list item, just that item's number). */
  raw: string;
  /** The series code written onto the number, upper case; null when the payer gave none. */
  series: string | null;
  /** The year the reference carries, when it carries one. */
  year: number | null;
  /** The sequence number, leading zeros dropped; always ≥ 1. */
  seq: number;
};

/** Only this much of a line is read: remittance fields are short, and the work stays bounded. */
export const MAX_TEXT_CHARS = 2_000;
/** At most this many references are returned for one text. */
export const MAX_REFS = 20;

const MIN_YEAR = 2000;
const MAX_YEAR = 2099;
/** More significant digits than this is an account or phone number, not a sequence number. */
const MAX_SEQ_DIGITS = 9;

// ---------------------------------------------------------------------------------------------
// mod-97 helpers shared by IBANs and RF creditor references (ISO 7064 MOD 97-10).

/** The remainder mod 97 of an alphanumeric string read with A=10 … Z=35; null if not alnum. */
function mod97(alnum: string): number | null {
  let rest = 0;
  for (const ch of alnum.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code >= 48 && code <= 57) {
      rest = (rest * 10 + (code - 48)) % 97;
    } else if (code >= 65 && code <= 90) {
      rest = (rest * 100 + (code - 55)) % 97;
    } else {
      return null;
    }
  }
  return rest;
}

/** Whether "XX00BODY" (country or "RF", two check digits, body) passes the mod-97 check. */
function checkDigitsValid(compact: string): boolean {
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1;
}

// ---------------------------------------------------------------------------------------------
// RF creditor references (ISO 11649).

const RF_MAX_BODY = 21;

/** A candidate written as chunks: where each chunk of alphanumerics ends in the text. */
type Chunked = {
  compact: string;
  /** Where each chunk ends in the text, and how much of `compact` the chunks up to it make. */
  ends: number[];
  sizes: number[];
  /** How many chunks come before the first letters-only chunk after digits-only ones. */
  wordAt: number;
};

/**
 * "RF18 5390 0754 7034 FACT 7" → RF references found in `text`, each with its span. Spaces may
 * split the body into chunks of up to 4; the longest reading that passes the check wins, and a
 * reading that stops before a letters-only chunk after digits-only ones ("FACT") is tried first,
 * so a following word is read in only when the reference is not valid without it.
 */
function findCreditorRefs(text: string): { value: string; start: number; end: number }[] {
  const found: { value: string; start: number; end: number }[] = [];
  const head = /(?<![A-Za-z0-9])RF(\d{2})/giy;
  for (let i = 0; i < text.length; i++) {
    head.lastIndex = i;
    const m = head.exec(text);
    if (!m) continue;
    const start = i;
    const afterHead = i + m[0].length;
    const chunks = readChunks(text, afterHead, RF_MAX_BODY);
    // Readings that stop before a following word first, longest first; then longer ones.
    const order: number[] = [];
    for (let n = chunks.wordAt; n >= 1; n--) order.push(n);
    for (let n = chunks.ends.length; n > chunks.wordAt; n--) order.push(n);
    let best: { value: string; end: number } | null = null;
    for (const n of order) {
      const end = chunks.ends[n - 1]!;
      const body = chunks.compact.slice(0, chunks.sizes[n - 1]);
      if (body.length < 1 || body.length > RF_MAX_BODY) continue;
      const value = `RF${m[1]}${body}`.toUpperCase();
      if (checkDigitsValid(value)) {
        best = { value, end };
        break;
      }
    }
    if (best) {
      found.push({ value: best.value, start, end: best.end });
      i = best.end - 1;
    }
  }
  return found;
}

/**
 * Reads alphanumeric chunks from `from`: a first run (any length, attached or after a space),
 * then space-separated chunks of 1–4, up to `maxChars` in all; notes where a letters-only chunk
 * first follows digits-only ones.
 */
function readChunks(text: string, from: number, maxChars: number): Chunked {
  const ends: number[] = [];
  const sizes: number[] = [];
  let compact = "";
  let pos = from;
  let allDigits = true;
  let first = true;
  let wordAt: number | null = null;
  while (pos < text.length) {
    let p = pos;
    if (text[p] === " ") p++;
    else if (!first) break;
    let q = p;
    while (q < text.length && /[A-Za-z0-9]/.test(text[q]!)) q++;
    const chunk = text.slice(p, q);
    if (chunk.length === 0) break;
    if (!first && chunk.length > 4) break;
    const chunkDigits = /^\d+$/.test(chunk);
    if (wordAt === null && !first && allDigits && /^[A-Za-z]+$/.test(chunk)) wordAt = ends.length;
    if (compact.length + chunk.length > maxChars) break;
    compact += chunk;
    allDigits = allDigits && chunkDigits;
    ends.push(q);
    sizes.push(compact.length);
    pos = q;
    first = false;
  }
  return { compact, ends, sizes, wordAt: wordAt ?? ends.length };
}

/**
 * The first ISO 11649 creditor reference in `text` whose check digits are right, compact and
 * upper case ("RF18 5390 0754 7034" → "RF18539007547034"); null when there is none.
 */
export function creditorReference(text: string): string | null {
  return findCreditorRefs(text.slice(0, MAX_TEXT_CHARS))[0]?.value ?? null;
}

/**
 * The ISO 11649 creditor reference for an alphanumeric body of 1–21 characters (spaces are
 * dropped, letters upper-cased): "539007547034" → "RF18539007547034".
 */
export function makeCreditorReference(body: string): string {
  const compact = body.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z0-9]{1,21}$/.test(compact)) {
    throw new RangeError(
      `a creditor reference body is 1 to ${RF_MAX_BODY} letters and digits, not "${body}"`,
    );
  }
  const rest = mod97(`${compact}RF00`)!;
  return `RF${String(98 - rest).padStart(2, "0")}${compact}`;
}

// ---------------------------------------------------------------------------------------------
// IBANs: found by country length and check digits, so their digits are never read as refs.

/** IBAN length per country (SWIFT IBAN registry). */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 " +
    "EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 " +
    "IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 " +
    "NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 " +
    "TR26 UA29 VA22 VG24 XK20"
  )
    .split(" ")
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

/** Spans of IBANs in `text` (spaces allowed anywhere between characters). */
function findIbans(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const head = /(?<![A-Za-z0-9])([A-Za-z]{2})\d{2}/y;
  for (let i = 0; i < text.length; i++) {
    head.lastIndex = i;
    const m = head.exec(text);
    if (!m) continue;
    const length = IBAN_LENGTHS.get(m[1]!.toUpperCase());
    if (length === undefined) continue;
    let compact = "";
    let pos = i;
    while (pos < text.length && compact.length < length) {
      const ch = text[pos]!;
      if (/[A-Za-z0-9]/.test(ch)) compact += ch;
      else if (ch !== " " || !/[A-Za-z0-9]/.test(text[pos + 1] ?? "")) break;
      pos++;
    }
    if (compact.length !== length || /[A-Za-z0-9]/.test(text[pos] ?? "")) continue;
    if (!checkDigitsValid(compact)) continue;
    found.push({ start: i, end: pos });
    i = pos - 1;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Invoice references.

/** Series codes recognised when written onto a number without a year (`F123`, `INV-123`). */
const KNOWN_CODES = new Set("INV INVC CN F FA FAC FACT FV FT FRA RE RG".split(" "));

/** Upper-case codes that number something other than an invoice, even with a year. */
const NOT_INVOICE_CODES = new Set(
  (
    "AB ACC ACCT ALB CASE CIF CLI CUST DE DEL DN EST ID IBAN KD KTO LS NIE NIF ORD ORDER PED PO " +
    "QT QUO REF RF RFC SEPA SO TAX TEL TKT VAT"
  ).split(" "),
);

/** Words after which a number sign (`#`, `nr`, `no.`, `n°`) numbers something else. */
const NOT_INVOICE_WORDS = new Set(
  (
    "account acct acc auftrag auftrags bestell bestellung case cif client cliente contract " +
    "contrato cuenta cust customer iban kd konto kto kunde kunden mandat mandate member nif " +
    "order pedido phone po policy poliza póliza ref reference referencia socio tel telefon " +
    "telefono teléfono ticket vertrag vat"
  ).split(" "),
);

/** Words after which a letter and digits are a tax id, not an invoice (`NIF F12345678`). */
const TAX_ID_WORDS = new Set("cif nif nie vat rfc ust uid tax taxid ustid".split(" "));

/** Invoice words, longest first so a longer word is never read as its prefix. */
const KEYWORDS = (
  "rechnungsnummer rechnungs-nr rechnungsnr rechnungen rechnung rechn rg-nr rgnr rg re-nr " +
  "invoices invoice invc inv facturas factura factures facture fact fac fras fra " +
  "fatture fattura faturas fatura"
)
  .split(" ")
  .map((k) => k.replace("-", "\\.?-?"));

const KEYWORD_RE = new RegExp(`(?<![\\p{L}\\p{N}])(?:${KEYWORDS.join("|")})(?![\\p{L}])`, "giu");
/** A lone number sign: not glued to a word before it (`Kunden-Nr`), and in front of digits. */
const NUMBER_SIGN_RE = /(?<![\p{L}\p{N}.-])(?:nr\.?|nro\.?|n\.?[°º]\.?|no[.:]|núm\.?|num\.|#)/giu;
/** A code written onto its number: letters then nothing, "-" or "/" then a digit. */
const CODE_RE = /(?<![\p{L}\p{N}])(\p{L}{1,6})([-/]?)(?=\d)/gu;
/** Between an invoice word and its number: spaces, dots, colons, dashes and number signs. */
const GAP_RE =
  /(?:[\s.:#-]|(?:nos?|nr|nro|núm|num|número|numero|nummer|number|n\.?[°º])(?![\p{L}]))*/iuy;
/** Between two numbers of a list. */
const JOIN_RE = /(?:\s*[,;/+&]\s*|\s*-\s*|\s+(?:y|e|and|und|et|u\.|&|\+)\s+)(?:#\s*)?(?=\d)/iuy;
const DATE_RE = /(?:\d{1,2}([./-])\d{1,2}\1\d{2,4}|\d{4}-\d{1,2}-\d{1,2})(?!\d)/y;
const CURRENCY_AFTER_RE =
  /\s*(?:€|\$|£|¥|eur|euros?|usd|mxn|gbp|jpy|chf|cad|aud|pesos?|d[oó]lares|dollars?)(?![\p{L}])/iuy;
const DIGITS_RE = /\d+/y;

type Group = { year: number | null; seq: number; end: number };

function isYear(digits: string): boolean {
  if (digits.length !== 4) return false;
  const year = Number(digits);
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

function seqOf(digits: string): number | null {
  const significant = digits.replace(/^0+/, "");
  if (significant.length === 0 || significant.length > MAX_SEQ_DIGITS) return null;
  return Number(significant);
}

function stickyMatch(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Digits at `at`, unless they are part of an amount, a formatted number or a word. */
function readDigits(text: string, at: number): string | null {
  const m = stickyMatch(DIGITS_RE, text, at);
  if (!m) return null;
  const end = at + m[0].length;
  const next = text[end] ?? "";
  if (/\p{L}/u.test(next)) return null;
  // "12,50" and "1.234" are amounts; "123,124" is a list, read by the caller.
  if (next === "." && /\d/.test(text[end + 1] ?? "")) return null;
  if (next === "," && /^\d{1,2}(?!\d)/.test(text.slice(end + 1, end + 4))) return null;
  if (stickyMatch(CURRENCY_AFTER_RE, text, end)) return null;
  return m[0];
}

/**
 * One invoice number at `at`: `123`, `000123`, `2026-000123`, `2026/123`, `123/2026`,
 * `2026 000123` (after an invoice word), `2026000123`, and in a code `26-000123`. Null when
 * what is there is a date, an amount, or not a sequence number.
 */
function readGroup(text: string, at: number, inCode: boolean, spacedYear: boolean): Group | null {
  if (stickyMatch(DATE_RE, text, at)) return null;
  const a = readDigits(text, at);
  if (a === null || a.length > 13) return null;
  const afterA = at + a.length;
  const sep = text[afterA] ?? "";
  if (sep === "-" || sep === "/" || (sep === " " && spacedYear && isYear(a))) {
    const b = /\d/.test(text[afterA + 1] ?? "") ? readDigits(text, afterA + 1) : null;
    if (b !== null) {
      const end = afterA + 1 + b.length;
      if (isYear(a) && b.length <= 12) {
        const seq = seqOf(b);
        if (seq !== null) return { year: Number(a), seq, end };
      } else if (sep !== " " && isYear(b)) {
        const seq = seqOf(a);
        if (seq !== null) return { year: Number(b), seq, end };
      } else if (inCode && sep === "-" && a.length === 2 && b.length >= 3) {
        const seq = seqOf(b);
        if (seq !== null) return { year: MIN_YEAR + Number(a), seq, end };
      }
    }
  }
  const rest = a.slice(4);
  if (
    a.length >= 7 &&
    isYear(a.slice(0, 4)) &&
    (rest.startsWith("0") || rest.length >= 6) &&
    seqOf(rest) !== null
  ) {
    return { year: Number(a.slice(0, 4)), seq: seqOf(rest)!, end: afterA };
  }
  const seq = seqOf(a);
  return seq === null ? null : { year: null, seq, end: afterA };
}

type Candidate = { start: number; end: number; priority: number; refs: InvoiceRef[] };

/** The reference starting at `start` whose number starts at `numStart`, and any list after it. */
function readReference(
  text: string,
  source: string,
  start: number,
  numStart: number,
  series: string | null,
  inCode: boolean,
  needsYear: boolean,
  priority: number,
): Candidate | null {
  const first = readGroup(text, numStart, inCode, !inCode);
  if (first === null) return null;
  if (needsYear && (first.year === null || first.end - numStart < 7)) return null;
  const refs: InvoiceRef[] = [
    { raw: source.slice(start, first.end), series, year: first.year, seq: first.seq },
  ];
  let end = first.end;
  while (refs.length < MAX_REFS) {
    const join = stickyMatch(JOIN_RE, text, end);
    if (!join) break;
    const at = end + join[0].length;
    const next = readGroup(text, at, inCode, false);
    if (next === null) break;
    refs.push({
      raw: source.slice(at, next.end),
      series,
      year: next.year ?? first.year,
      seq: next.seq,
    });
    end = next.end;
  }
  return { start, end, priority, refs };
}

function codeCandidates(text: string, source: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(CODE_RE)) {
    const letters = m[1]!;
    const upper = letters.toUpperCase();
    const known = KNOWN_CODES.has(upper);
    if (!known && (letters !== upper || NOT_INVOICE_CODES.has(upper) || !/^[A-Z]+$/.test(upper))) {
      continue;
    }
    if (TAX_ID_WORDS.has(wordBefore(text, m.index))) continue;
    const numStart = m.index + m[0].length;
    const candidate = readReference(text, source, m.index, numStart, upper, true, !known, 0);
    if (candidate) out.push(candidate);
  }
  return out;
}

function keywordCandidates(text: string, source: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(KEYWORD_RE)) {
    const afterWord = m.index + m[0].length;
    const gap = stickyMatch(GAP_RE, text, afterWord);
    const numStart = afterWord + (gap?.[0].length ?? 0);
    if (numStart - afterWord > 20 || !/\d/.test(text[numStart] ?? "")) continue;
    const candidate = readReference(text, source, m.index, numStart, null, false, false, 1);
    if (candidate) out.push(candidate);
  }
  return out;
}

/** The word just before `at`, lower case ("Order #12" → "order"), or "". */
function wordBefore(text: string, at: number): string {
  const m = /(\p{L}+)[\s.:-]*$/u.exec(text.slice(Math.max(0, at - 40), at));
  return m ? m[1]!.toLowerCase() : "";
}

function numberSignCandidates(text: string, source: string): Candidate[] {
  const out: Candidate[] = [];
  for (const m of text.matchAll(NUMBER_SIGN_RE)) {
    if (NOT_INVOICE_WORDS.has(wordBefore(text, m.index))) continue;
    const afterSign = m.index + m[0].length;
    const gap = stickyMatch(/[\s:#]{0,3}/y, text, afterSign);
    const numStart = afterSign + (gap?.[0].length ?? 0);
    if (!/\d/.test(text[numStart] ?? "")) continue;
    const candidate = readReference(text, source, m.index, numStart, null, false, false, 2);
    if (candidate) out.push(candidate);
  }
  return out;
}

/** Replaces each span with spaces, keeping every other character where it was. */
function blank(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = text;
  for (const { start, end } of spans) {
    out = out.slice(0, start) + " ".repeat(end - start) + out.slice(end);
  }
  return out;
}

/**
 * Every invoice reference in `text`, in the order written, each (series, year, seq) once; at
 * most {@link MAX_REFS}, from the first {@link MAX_TEXT_CHARS} characters.
 */
export function invoiceReferences(text: string): InvoiceRef[] {
  const source = text.slice(0, MAX_TEXT_CHARS);
  const masked = blank(source, [...findIbans(source), ...findCreditorRefs(source)]);
  const candidates = [
    ...codeCandidates(masked, source),
    ...keywordCandidates(masked, source),
    ...numberSignCandidates(masked, source),
  ].sort((x, y) => x.start - y.start || x.priority - y.priority || y.end - x.end);

  const refs: InvoiceRef[] = [];
  const seen = new Set<string>();
  let covered = 0;
  for (const candidate of candidates) {
    if (candidate.start < covered) continue;
    covered = candidate.end;
    for (const ref of candidate.refs) {
      const key = `${ref.series ?? ""}|${ref.year ?? ""}|${ref.seq}`;
      if (seen.has(key)) continue;
      seen.add(key);
      refs.push(ref);
      if (refs.length === MAX_REFS) return refs;
    }
  }
  return refs;
}
