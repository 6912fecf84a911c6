/**
 * Invoice references in a bank line's free remittance text, however the payer wrote them. Pure.
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
 * and RF creditor references (found by their check digits and skipped: iban-spans.ts,
 * creditor-reference.ts), purchase orders, customer and account numbers.
 */
import { findCreditorRefs } from "./creditor-reference.js";
import { findIbans } from "./iban-spans.js";
import { MAX_REFS, MAX_TEXT_CHARS } from "./reference-bounds.js";

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

const MIN_YEAR = 2000;
const MAX_YEAR = 2099;
/** More significant digits than this is an account or phone number, not a sequence number. */
const MAX_SEQ_DIGITS = 9;

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
