/**
 * Masks what a remote model never needs from a customer's text: IBANs, and any run of 8 or more
 * digits (bank and card account numbers, CLABEs, tax ids) — except invoice-number-like tokens
 * (a letter prefix and a separator: "INV-2026-000123"), dates ("2026-03-31"), amounts (followed
 * by decimals or next to a currency), payment references ("Ref: 20260331123"), and phone numbers
 * ("+52 55 1234 5678", "tel. 5512345678"), which the tasks read. A number next to a word like
 * "account", "IBAN", "CLABE", "tax id" or "RFC" is masked even so. Pure: no I/O.
 */
import { CURRENCY_EXPONENTS } from "../../kernel/currencies.js";

export const IBAN_MASK = "[redacted-iban]";
export const NUMBER_MASK = "[redacted-number]";
export const digitsMaskedMin = 8;

/** Two letters, two check digits, then 11–30 upper-case letters and digits, grouped or not. */
const IBAN = /\b[A-Za-z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
/** Digits, single spaces or dashes between them allowed: "1234 5678 9012", "20-12345678-9". */
const DIGIT_RUN = /\d(?:[ -]?\d)+/g;

const SENSITIVE_BEFORE =
  /(?<![\w-])(?:account|acct|a\/c|cuenta|iban|clabe|swift|bic|routing|sort code|card|tarjeta|tax|vat|rfc|nit|cuit|rut|ruc|ssn|cpf|cnpj)\b[^\n\d]{0,16}$/i;
const REFERENCE_BEFORE =
  /(?:ref|reference|referencia|folio|invoice|factura)\b\.?\s*(?:no\.?|n[º°o]\.?|#)?\s*[:#]?\s*$/i;
const PHONE_BEFORE =
  /(?:tel|phone|tel[ée]fono|cel|celular|m[óo]vil|mobile|whatsapp)\b\.?\s*[:#]?\s*$/i;
const INVOICE_PREFIX_BEFORE = /\b[A-Za-z]{1,6}[-/]$/;
const SYMBOL_BEFORE = /[$€£¥]\s?$/;
const CODE_BEFORE = /\b([A-Z]{3})\s?$/;
const DECIMALS_AFTER = /^[.,]\d{1,3}\b/;
const SYMBOL_AFTER = /^\s?[$€£¥]/;
const CODE_AFTER = /^\s?([A-Z]{3})\b/;
const DATE = /^(?:\d{4}-\d{2}-\d{2}|\d{2}-\d{2}-\d{4})$/;

function isCurrencyCode(code: string | undefined): boolean {
  return code !== undefined && Object.hasOwn(CURRENCY_EXPONENTS, code);
}

/** An amount: a currency symbol or ISO 4217 code next to it, or decimals after it. */
function looksLikeAmount(before: string, after: string): boolean {
  return (
    SYMBOL_BEFORE.test(before) ||
    SYMBOL_AFTER.test(after) ||
    DECIMALS_AFTER.test(after) ||
    isCurrencyCode(CODE_BEFORE.exec(before)?.[1]) ||
    isCurrencyCode(CODE_AFTER.exec(after)?.[1])
  );
}

function digitCount(s: string): number {
  return s.replace(/\D/g, "").length;
}

/** Whether a digit run found at `start` in `text` is something a task needs and may be sent. */
function isKept(text: string, run: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  const after = text.slice(start + run.length, start + run.length + 8);
  // "INV-2026-000123" is an invoice number; "DE123456789", glued to letters, is a tax id.
  if (INVOICE_PREFIX_BEFORE.test(before)) return true;
  if (/[A-Za-z]$/.test(before) || SENSITIVE_BEFORE.test(before)) return false;
  if (DATE.test(run)) return true;
  if (before.endsWith("+") || before.endsWith("+ ")) return true;
  return (
    REFERENCE_BEFORE.test(before) || PHONE_BEFORE.test(before) || looksLikeAmount(before, after)
  );
}

export type Redaction = { text: string; masked: number };

/** The customer's text with IBANs and long account-like digit runs replaced by placeholders. */
export function redactCustomerText(text: string): Redaction {
  let masked = 0;
  const withoutIbans = text.replace(IBAN, (match) => {
    if (digitCount(match) < digitsMaskedMin) return match;
    masked += 1;
    return IBAN_MASK;
  });
  const result = withoutIbans.replace(DIGIT_RUN, (run, offset: number, whole: string) => {
    if (digitCount(run) < digitsMaskedMin || isKept(whole, run, offset)) return run;
    masked += 1;
    return NUMBER_MASK;
  });
  return { text: result, masked };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Text a model quoted from the redacted reply → the same words in the original reply, with the
 * masked numbers put back; undefined when the quote is not in the reply.
 */
export function unmaskQuote(original: string, quote: string): string | undefined {
  if (!quote.includes(IBAN_MASK) && !quote.includes(NUMBER_MASK)) {
    return original.includes(quote) ? quote : undefined;
  }
  const pattern = quote
    .split(/(\[redacted-iban\]|\[redacted-number\])/)
    .map((part) =>
      part === IBAN_MASK
        ? "[A-Za-z]{2}\\d{2}[A-Z0-9 ]+?"
        : part === NUMBER_MASK
          ? "\\d[\\d -]*?\\d"
          : escapeRegExp(part),
    )
    .join("");
  return new RegExp(pattern).exec(original)?.[0];
}
