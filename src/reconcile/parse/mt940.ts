/**
 * SWIFT MT940 (customer statement) and MT942 (interim transaction report) → statements. A file
 * holds one or more messages, with or without `{1:…}{2:…}{4:` blocks, ended by `-` or `-}`, or
 * just consecutive :20: … :62F: groups. Lines are read as fields (`:61:`) plus continuation lines;
 * bank header lines between messages are skipped. Pure: bytes in, statements out.
 */
import { type CalendarDate, dateFromParts, daysBetween, daysInMonth } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import {
  type CurrencyCode,
  currencyExponent,
  isCurrencyCode,
  parseDecimalToMinor,
} from "../../kernel/money.js";
import {
  type ParsedStatementFile,
  type Statement,
  type StatementLine,
  StatementParseError,
} from "../statement-model.js";
import { decodeStatementBytes } from "./decode-text.js";
import { collapse, describeLine } from "./mt940-86.js";

/** The most text lines one file may have; a longer file is refused, not cut. */
export const mt940LinesMax = 2_000_000;

type Field = { tag: string; line: number; lines: string[] };
type Event =
  | { kind: "field"; field: Field }
  | { kind: "start"; line: number; messageType: string | null }
  | { kind: "end"; line: number };

type LineDraft = Omit<StatementLine, "counterpartyName" | "counterpartyAccount" | "reference"> & {
  customerRef: string;
  supplementary: string;
  info: string[] | null;
};

/** One statement while it is read; `interim` (MT942) statements need no closing balance. */
class Draft {
  any = false;
  firstLine = 0;
  lastLine = 0;
  account: string | null = null;
  currency: CurrencyCode | null = null;
  opening: number | null = null;
  closing: number | null = null;
  closedAt: number | null = null;
  lines: LineDraft[] = [];
  lineOpen = false;
  constructor(public interim: boolean) {}
}

/** MT940/942 field tags; other `:nn:` lines (a wrapped "12:26:37") continue the field before. */
const knownTags = new Set(
  "13 13D 20 21 25 25P 28 28C 34F 60 60F 60M 61 62 62F 62M 64 65 86 90C 90D NS".split(" "),
);
const tagPattern = /^:(\d{2}[A-Z]?|NS):/;

/** Cheap sniff for a format detector: a SWIFT 940/942 header, or :20: plus a statement field. */
export function looksLikeMt940(text: string): boolean {
  const head = text.slice(0, 16_384);
  if (/\{2:[IO]94[02]/.test(head)) return true;
  return /^:20:/m.test(head) && /^:(25|28C?|34F|60[FM]|61):/m.test(head);
}

/** Whole file or nothing: any bad field throws StatementParseError naming its line. */
export function parseMt940(bytes: Uint8Array, file: string): ParsedStatementFile {
  const { text } = decodeStatementBytes(bytes);
  const events = tokenize(text, file);
  if (!events.some((e) => e.kind === "field")) {
    throw new StatementParseError(file, "1", "no MT940 field (:20:, :25:, :60F:, :61:, …) found");
  }
  return assemble(events, file);
}

function fail(file: string, line: number, problem: string): StatementParseError {
  return new StatementParseError(file, String(line), problem);
}

/** Control characters (mBank's SOH/ETX frame) go; tabs stay as text. */
function clean(row: string): string {
  let out = "";
  for (const ch of row) if (ch >= " " || ch === "\t") out += ch;
  return out;
}

function tokenize(text: string, file: string): Event[] {
  const rows = text.split(/\r\n|\r|\n/);
  if (rows.length > mt940LinesMax) {
    throw fail(file, mt940LinesMax + 1, `more than ${mt940LinesMax} lines in one file`);
  }
  const events: Event[] = [];
  let field: Field | null = null;
  const close = () => {
    if (field) events.push({ kind: "field", field });
    field = null;
  };
  for (let i = 0; i < rows.length; i++) {
    const lineNo = i + 1;
    let row = clean(rows[i] ?? "");
    if (row.startsWith("{")) {
      if (row.startsWith("{1:")) {
        close();
        const messageType = /\{2:[IO](\d{3})/.exec(row)?.[1] ?? null;
        events.push({ kind: "start", line: lineNo, messageType });
      }
      row = row.replace(/^(\{\d:[^{}]*\})*(\{4:)?/, "");
      if (row.trim() === "") continue;
    }
    if (/^-\s*(\}.*|XXX)?\s*$/.test(row)) {
      close();
      events.push({ kind: "end", line: lineNo });
      continue;
    }
    // Sparkassen wrap a tag itself: ":" alone, then "86:…" on the next line.
    const next = clean(rows[i + 1] ?? "");
    if (row === ":" && knownTags.has(/^(\d{2}[A-Z]?|NS):/.exec(next)?.[1] ?? "")) {
      row = `:${next}`;
      i++;
    }
    const tag = tagPattern.exec(row);
    if (tag?.[1] && knownTags.has(tag[1])) {
      close();
      field = { tag: tag[1], line: lineNo, lines: [row.slice(tag[0].length)] };
    } else if (field) {
      (field as Field).lines.push(row);
    } // else a bank header between messages ("ABNANL2A", "940 00", ":940:"): skipped
  }
  close();
  return events;
}

function assemble(events: Event[], file: string): ParsedStatementFile {
  const reader = new StatementReader(file);
  for (const event of events) {
    if (event.kind === "start") {
      reader.header942 ||= event.messageType === "942";
      reader.finish(event.messageType === "942");
    } else if (event.kind === "end") reader.finish(reader.draft.interim);
    else reader.read(event.field);
  }
  reader.finish(false);
  const interimOnly = reader.header942 || (reader.sawFloorLimit && !reader.sawBalance);
  return { format: interimOnly ? "mt942" : "mt940", statements: reader.done.map(toStatement) };
}

/** Fields in file order → statements, checking the order a statement's fields come in. */
class StatementReader {
  done: Draft[] = [];
  draft = new Draft(false);
  header942 = false;
  sawBalance = false;
  sawFloorLimit = false;
  constructor(readonly file: string) {}

  finish(nextInterim: boolean): void {
    const { draft } = this;
    const carriesMoney = draft.opening !== null || draft.lines.length > 0;
    if (!draft.interim && draft.closing === null && carriesMoney) {
      const problem = `:62F: closing balance missing after the statement from line ${draft.firstLine}`;
      throw fail(this.file, draft.lastLine, `${problem} (truncated file?)`);
    }
    if (draft.any) this.done.push(draft);
    this.draft = new Draft(nextInterim);
  }

  read(field: Field): void {
    const { tag, line: at } = field;
    const opensStatement = ["25", "25P", "28", "28C", "34F", "60", "60F", "60M"].includes(tag);
    if (tag === "20" || (opensStatement && this.draft.closedAt !== null)) {
      this.finish(this.draft.interim);
    }
    const { draft, file } = this;
    if (!draft.any) draft.firstLine = at;
    draft.any = true;
    draft.lastLine = at + field.lines.findLastIndex((row, i) => i === 0 || row.trim() !== "");
    const wasLineOpen = draft.lineOpen;
    draft.lineOpen = tag === "61" || ((tag === "86" || tag === "NS") && wasLineOpen);
    const value = (field.lines[0] ?? "").trim();
    if (tag === "25" || tag === "25P") {
      if (draft.account !== null) {
        throw fail(file, at, `:${tag}: second account in one statement (:20: missing?)`);
      }
      const account = readAccount(value);
      draft.account = account.account;
      if (account.currency) this.setCurrency(account.currency, at, `:${tag}:`);
    } else if (tag === "34F") {
      const limit = /^([A-Z]{3})([CD]?)(.*)$/.exec(value);
      const currency = readCurrency(limit?.[1] ?? value.slice(0, 3), ":34F: currency", at, file);
      readAmount(limit?.[3] ?? "", currency, ":34F: floor limit amount", at, file);
      this.setCurrency(currency, at, ":34F:");
      draft.interim = true;
      this.sawFloorLimit = true;
    } else if (tag.startsWith("60") || tag.startsWith("62")) {
      this.readBalanceField(field);
    } else if (tag === "61") {
      if (draft.closedAt !== null) {
        throw fail(
          file,
          at,
          `:61: statement line after the closing balance on line ${draft.closedAt}`,
        );
      }
      draft.lines.push(readStatementLine(field, draft.currency, file));
    } else if (tag === "86" && wasLineOpen) {
      const last = draft.lines.at(-1);
      if (last) last.info = [...(last.info ?? []), ...field.lines]; // Rabobank repeats :86:
    } // :13D: :21: :28C: :64: :65: :90D: :90C: :NS: and statement-level :86: are not kept
  }

  private readBalanceField(field: Field): void {
    const { draft } = this;
    const balance = readBalance(field, this.file);
    this.setCurrency(balance.currency, field.line, `:${field.tag}:`);
    this.sawBalance = true;
    if (field.tag.startsWith("62")) {
      draft.closing = balance.amount;
      draft.closedAt = field.line;
    } else if (draft.opening !== null) {
      throw fail(this.file, field.line, `:${field.tag}: second opening balance before a :62F:`);
    } else {
      draft.opening = balance.amount;
    }
  }

  private setCurrency(currency: CurrencyCode, at: number, what: string): void {
    const known = this.draft.currency;
    if (known !== null && known !== currency) {
      throw fail(this.file, at, `${what} currency ${currency} is not the statement's ${known}`);
    }
    this.draft.currency = currency;
  }
}

function toStatement(draft: Draft): Statement {
  return {
    account: draft.account,
    currency: draft.currency,
    openingBalance: draft.opening,
    closingBalance: draft.closing,
    lines: draft.lines.map(({ customerRef, supplementary, info, ...line }) => ({
      ...line,
      ...describeLine(info, { customerRef, supplementary }, 4),
    })),
  };
}

/** "51210600/9223382012EUR", "UBRTHUHB/1234…/HUF": some banks append the currency. */
function readAccount(value: string): { account: string | null; currency: CurrencyCode | null } {
  const suffixed = /^(.*[\d/])\/?([A-Z]{3})$/.exec(value);
  if (suffixed?.[1] && suffixed[2] && isCurrencyCode(suffixed[2])) {
    return { account: suffixed[1].replace(/\/$/, ""), currency: suffixed[2] };
  }
  return { account: value === "" ? null : value, currency: null };
}

function readCurrency(text: string, what: string, at: number, file: string): CurrencyCode {
  if (!isCurrencyCode(text)) {
    throw fail(file, at, `${what} "${text}" is not an ISO 4217 currency code`);
  }
  return text;
}

/** SWIFT amounts: digits with a decimal comma ("1234,5", "500," and "500" all occur). */
function readAmount(text: string, currency: CurrencyCode, what: string, at: number, file: string) {
  if (!/^\d+(,\d*)?$/.test(text)) {
    throw fail(file, at, `${what} "${text}" is not an amount (digits with a decimal comma)`);
  }
  const decimal = text.replace(",", ".").replace(/\.$/, "");
  try {
    return parseDecimalToMinor(decimal, currencyExponent(currency));
  } catch (e) {
    if (e instanceof CashloopError) throw fail(file, at, `${what} "${text}": ${e.message}`);
    throw e;
  }
}

/** :60F:/:60M:/:62F:/:62M: — mark, YYMMDD, currency, amount: "C200101EUR444,29". */
function readBalance(field: Field, file: string): { amount: number; currency: CurrencyCode } {
  const name = `:${field.tag}:`;
  const at = field.line;
  const value = (field.lines[0] ?? "").trim();
  const extra = field.lines.slice(1).join(" ").trim();
  if (extra) throw fail(file, at + 1, `${name} unexpected text "${extra}" after the balance`);
  const mark = value.slice(0, 1);
  if (mark !== "C" && mark !== "D") {
    throw fail(file, at, `${name} debit/credit mark "${mark}" is not C or D`);
  }
  readYymmdd(value.slice(1, 7), `${name} date`, at, file);
  const currency = readCurrency(value.slice(7, 10), `${name} currency`, at, file);
  const amount = readAmount(value.slice(10), currency, `${name} amount`, at, file);
  return { amount: (mark === "D" ? -amount : amount) + 0, currency };
}

/** A day, except that German banks date interest on "30 February" (30/360): the month's end. */
function dayOf(year: number, month: number, day: number): CalendarDate | null {
  const clamped = month === 2 && (day === 29 || day === 30) ? daysInMonth(year, 2) : day;
  try {
    return dateFromParts(year, month, Math.min(day, clamped));
  } catch (e) {
    if (e instanceof CashloopError) return null;
    throw e;
  }
}

function readYymmdd(text: string, what: string, at: number, file: string): CalendarDate {
  const yy = Number(text.slice(0, 2));
  const date = /^\d{6}$/.test(text)
    ? dayOf(yy < 80 ? 2000 + yy : 1900 + yy, Number(text.slice(2, 4)), Number(text.slice(4, 6)))
    : null;
  if (!date) throw fail(file, at, `${what} "${text}" is not a valid YYMMDD date`);
  return date;
}

/** The entry date is MMDD only: its year is the one that puts it nearest the value date. */
function readEntryDate(mmdd: string, valueDate: CalendarDate, at: number, file: string) {
  const year = Number(valueDate.slice(0, 4));
  const distance = (d: CalendarDate) => Math.abs(daysBetween(valueDate, d));
  const [best] = [year - 1, year, year + 1]
    .map((y) => dayOf(y, Number(mmdd.slice(0, 2)), Number(mmdd.slice(2, 4))))
    .filter((d) => d !== null)
    .sort((a, b) => distance(a) - distance(b));
  if (!best) throw fail(file, at, `:61: entry date "${mmdd}" is not a valid MMDD date`);
  return best;
}

/**
 * :61: — value date YYMMDD, [entry date MMDD], mark (C, D, RC, RD), [funds code], amount,
 * type (N/F/S + 3), customer reference[//bank reference], then supplementary details.
 */
function readStatementLine(field: Field, currency: CurrencyCode | null, file: string): LineDraft {
  const at = field.line;
  const rest = [...field.lines];
  let s = rest.shift() ?? "";
  const valueDate = readYymmdd(s.slice(0, 6), ":61: value date", at, file);
  s = s.slice(6);
  let bookingDate = valueDate;
  if (/^\d{4}/.test(s)) {
    bookingDate = readEntryDate(s.slice(0, 4), valueDate, at, file);
    s = s.slice(4);
  }
  const mark = /^(RC|RD|C|D)/.exec(s)?.[1];
  if (!mark) throw fail(file, at, `:61: debit/credit mark "${s.slice(0, 2)}" is not C/D/RC/RD`);
  s = s.slice(mark.length);
  if (/^[A-Z](?=[\d,]|$)/.test(s)) s = s.slice(1); // funds code: the currency's third letter
  if (s.trim() === "" && rest.length > 0) s = rest.shift() ?? ""; // Sparkassen wrap after the mark
  if (!currency) {
    throw fail(file, at, ":61: amount has no currency (no :60F: balance or :34F: limit before it)");
  }
  const amountText = /^[^A-Z]*/.exec(s)?.[0] ?? "";
  const magnitude = readAmount(amountText.trim(), currency, ":61: amount", at, file);
  s = s.slice(amountText.length);
  const type = /^[A-Z][A-Z0-9 ]{3}/.exec(s)?.[0];
  if (!type) throw fail(file, at, `:61: transaction type "${s.slice(0, 4)}" is not N, F or S + 3`);
  s = s.slice(type.length);
  const cut = s.indexOf("//");
  let customerRef = (cut >= 0 ? s.slice(0, cut) : s).trim();
  const bankRef = cut >= 0 ? s.slice(cut + 2).trim() : "";
  let supplementary = rest.join(" ").trim();
  // Rabobank's old layout puts the counterparty name after the 16-character reference.
  const split = /^(\S+)\s{2,}(.+)$/.exec(customerRef);
  if (split?.[1] && split[2]) {
    customerRef = split[1];
    supplementary = [split[2], supplementary].filter(Boolean).join(" ");
  }
  const credit = mark === "C" || mark === "RD"; // RC reverses a credit: money goes out
  return {
    bookingDate,
    valueDate,
    amount: (credit ? magnitude : -magnitude) + 0,
    currency,
    bankRef: /^NONREF$/i.test(bankRef) ? null : collapse(bankRef),
    customerRef,
    supplementary,
    info: null,
  };
}
