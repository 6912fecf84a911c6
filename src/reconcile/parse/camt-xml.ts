/**
 * Reading a parsed CAMT document: elements are found by local name (every ISO 20022 element sits
 * in the one message namespace), each carries its element path so any problem is reported at
 * "Document/BkToCstmrStmt/Stmt[2]/Ntry[5]/Amt". Amounts, signs and dates are read strictly here,
 * once, for the statement and the entry code. Pure.
 */
import type { XmlElement } from "../../billing/xml-parse.js";
import { type CalendarDate, parseCalendarDate } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import {
  type CurrencyCode,
  currencyExponent,
  isCurrencyCode,
  parseDecimalToMinor,
} from "../../kernel/money.js";
import { StatementParseError } from "../statement-model.js";

/** An element with the file it came from and its path, so errors can name both. */
export type At = { readonly el: XmlElement; readonly path: string; readonly file: string };

export function fail(at: At, problem: string): StatementParseError {
  return new StatementParseError(at.file, at.path, problem);
}

export function child(at: At, name: string): At | undefined {
  const el = at.el.children.find((c) => c.name === name);
  return el ? { el, path: `${at.path}/${name}`, file: at.file } : undefined;
}

/** Every child named `name`, with a 1-based index in its path (Ntry[3]). */
export function children(at: At, name: string): At[] {
  return at.el.children
    .filter((c) => c.name === name)
    .map((el, i) => ({ el, path: `${at.path}/${name}[${i + 1}]`, file: at.file }));
}

export function descend(at: At | undefined, ...names: string[]): At | undefined {
  let here = at;
  for (const name of names) here = here ? child(here, name) : undefined;
  return here;
}

/** Every element at `names` below `at`, through repeated elements at each step. */
export function descendAll(at: At, ...names: string[]): At[] {
  let level = [at];
  for (const name of names) level = level.flatMap((here) => children(here, name));
  return level;
}

/** Trimmed text with runs of whitespace collapsed; null when absent or blank. */
export function textOf(at: At | undefined): string | null {
  const text = at?.el.text.replace(/\s+/g, " ").trim() ?? "";
  return text === "" ? null : text;
}

export function required(at: At, name: string): At {
  const found = child(at, name);
  if (!found) throw fail(at, `${name} is missing`);
  return found;
}

/** The Ccy attribute of an amount element, checked against ISO 4217. */
export function currencyOf(amt: At): CurrencyCode {
  const ccy = amt.el.attrs.get("Ccy")?.trim() ?? "";
  if (ccy === "") throw fail(amt, `${amt.el.name}: the Ccy attribute is missing`);
  if (!isCurrencyCode(ccy)) throw fail(amt, `${amt.el.name}: unknown currency Ccy="${ccy}"`);
  return ccy;
}

export type Amount = { minor: number; currency: CurrencyCode };

/** An unsigned ISO 20022 amount ("18.150", Ccy="EUR") → minor units; the sign is CdtDbtInd's. */
export function readAmount(amt: At): Amount {
  const currency = currencyOf(amt);
  const text = amt.el.text.trim();
  let minor: number;
  try {
    minor = parseDecimalToMinor(text, currencyExponent(currency));
  } catch (e) {
    if (e instanceof CashloopError) throw fail(amt, `${amt.el.name}: ${e.message}`);
    throw e;
  }
  if (text.startsWith("-")) {
    throw fail(amt, `${amt.el.name} "${text}" is negative; the direction belongs in CdtDbtInd`);
  }
  return { minor, currency };
}

/** CdtDbtInd of `at`: CRDT → +1, DBIT → −1. Missing when `fallback` is given → the fallback. */
export function readSign(at: At, fallback?: 1 | -1): 1 | -1 {
  const ind = child(at, "CdtDbtInd");
  if (!ind) {
    if (fallback !== undefined) return fallback;
    throw fail(at, "CdtDbtInd is missing");
  }
  const code = textOf(ind);
  if (code === "CRDT") return 1;
  if (code === "DBIT") return -1;
  throw fail(ind, `CdtDbtInd "${code ?? ""}" is neither CRDT nor DBIT`);
}

const isoDate = /^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$/;
const isoDateTime = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}/;

/** The day of a date or date-time text; a DtTm's date part is the bank's own local day. */
export function readDay(at: At, pattern: "date" | "dateTime"): CalendarDate {
  const text = textOf(at) ?? "";
  const day = (pattern === "date" ? isoDate : isoDateTime).exec(text)?.[1];
  try {
    if (day) return parseCalendarDate(day);
  } catch {
    // an impossible day such as 2024-02-30: reported below
  }
  const want = pattern === "date" ? "YYYY-MM-DD" : "YYYY-MM-DDThh:mm:ss";
  throw fail(at, `${at.el.name} "${text}" is not a valid date (${want})`);
}

/** A DateAndDateTimeChoice (BookgDt, ValDt, Bal/Dt): its Dt or the date part of its DtTm. */
export function readDateChoice(at: At | undefined): CalendarDate | null {
  if (!at) return null;
  const dt = child(at, "Dt");
  if (dt) return readDay(dt, "date");
  const dtTm = child(at, "DtTm");
  if (dtTm) return readDay(dtTm, "dateTime");
  throw fail(at, `${at.el.name} has neither Dt nor DtTm`);
}
