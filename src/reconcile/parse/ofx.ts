/**
 * OFX / QFX statements, 1.x (SGML) and 2.x (XML) → statements: one per bank STMTRS and per
 * credit-card CCSTMTRS, in file order. Investment statements (INVSTMTRS) and transfer or
 * sign-up responses are not bank statements and are left out. A response in which the bank
 * reports an error (STATUS SEVERITY ERROR) instead of the statement is refused, not read as
 * "no statements". Errors name the line, and the element path and field in the problem. Pure.
 *
 * Field choices: bookingDate = DTPOSTED and valueDate = DTAVAIL (the date funds are available,
 * which is what a value date is; DTUSER is when the customer initiated the payment, so it is not
 * used), both as written, never shifted by the [zone]; reference = MEMO, else REFNUM, else a
 * CHECKNUM that is not all zeros; bankRef = FITID. OFX has no opening balance; the closing
 * balance is LEDGERBAL/BALAMT.
 */
import { type CalendarDate, dateFromParts } from "../../kernel/dates.js";
import { CashloopError } from "../../kernel/errors.js";
import { isCurrencyCode, parseLocalizedAmount } from "../../kernel/money.js";
import {
  type ParsedStatementFile,
  type Statement,
  type StatementLine,
  StatementParseError,
} from "../statement-model.js";
import { decodeStatementBytes } from "./decode-text.js";
import { type OfxElement, parseOfxTree } from "./ofx-sgml.js";

/** The most transactions one statement may hold; more fails rather than truncating. */
export const ofxStatementLinesMax = 1_000_000;

/** An element with its path (OFX/BANKMSGSRSV1/STMTTRNRS/STMTRS/…/STMTTRN[2]). */
type At = { readonly el: OfxElement; readonly path: string };

/** Which response aggregate holds which statement, and where its account is. */
const statementKinds: Record<string, { wrapper: string; statement: string; account: string }> = {
  BANKMSGSRSV1: { wrapper: "STMTTRNRS", statement: "STMTRS", account: "BANKACCTFROM" },
  CREDITCARDMSGSRSV1: { wrapper: "CCSTMTTRNRS", statement: "CCSTMTRS", account: "CCACCTFROM" },
};

/** Cheap check for the format detector: an OFX 1.x header, the 2.x PI, or an <OFX> root. */
export function looksLikeOfx(text: string): boolean {
  return /OFXHEADER\s*:|DATA\s*:\s*OFXSGML|<\?OFX[\s?]|<OFX\s*>/i.test(text.slice(0, 4096));
}

export function parseOfx(bytes: Uint8Array, file: string): ParsedStatementFile {
  const read = new OfxReader(file);
  const root: At = { el: parseOfxTree(decodeStatementBytes(bytes).text, file), path: "OFX" };
  const signonStatus = descend(root, "SIGNONMSGSRSV1", "SONRS", "STATUS");
  const signonError = signonStatus && bankError(signonStatus);
  if (signonStatus && signonError) throw read.fail(signonStatus, `sign-on refused: ${signonError}`);
  const statements: Statement[] = [];
  for (const messages of root.el.children.map((el) => at(root, el))) {
    const kind = statementKinds[messages.el.name];
    if (!kind) continue;
    for (const response of children(messages, kind.wrapper)) {
      const found = children(response, kind.statement);
      const status = child(response, "STATUS");
      const error = status && bankError(status);
      if (found.length === 0 && status && error) {
        throw read.fail(status, `no statement: ${error}`);
      }
      for (const statement of found) statements.push(read.statement(statement, kind.account));
    }
  }
  return { format: "ofx", statements };
}

class OfxReader {
  constructor(private readonly file: string) {}

  fail(where: At, problem: string): StatementParseError {
    return new StatementParseError(this.file, String(where.el.line), `${where.path}: ${problem}`);
  }

  statement(stmt: At, accountElement: string): Statement {
    const tranList = child(stmt, "BANKTRANLIST");
    const lines = tranList ? children(tranList, "STMTTRN") : [];
    if (lines.length > ofxStatementLinesMax) {
      throw this.fail(stmt, `more than ${ofxStatementLinesMax} transactions`);
    }
    const ledger = child(stmt, "LEDGERBAL");
    const balance = ledger && this.balanceAmount(ledger);
    const currency = this.currency(stmt, lines);
    if (currency === null && (lines.length > 0 || balance)) {
      const curdef = child(stmt, "CURDEF") ?? stmt;
      throw this.fail(curdef, "CURDEF is missing or empty and no transaction names its currency");
    }
    return {
      account: exact(descend(stmt, accountElement, "ACCTID")),
      currency,
      openingBalance: null,
      closingBalance: balance && currency ? this.amount(balance, currency) : null,
      lines: lines.map((line) => this.line(line, currency as string)),
    };
  }

  /**
   * CURDEF. When a bank leaves it empty, the currency that every transaction's CURRENCY/CURSYM
   * names (amounts in a CURRENCY aggregate are in that currency); else null.
   */
  private currency(stmt: At, lines: At[]): string | null {
    const curdef = child(stmt, "CURDEF");
    const code = curdef?.el.text.toUpperCase() ?? "";
    if (curdef && code !== "") {
      if (!isCurrencyCode(code)) throw this.fail(curdef, `"${code}" is not an ISO 4217 currency`);
      return code;
    }
    const named = new Set(
      lines.map((l) => descend(l, "CURRENCY", "CURSYM")?.el.text.toUpperCase()),
    );
    const [only] = named;
    return named.size === 1 && only && isCurrencyCode(only) ? only : null;
  }

  /**
   * LEDGERBAL/BALAMT. A LEDGERBAL whose amount and date are both empty is a placeholder some
   * banks write (no balance); an empty amount with a date is a broken balance and fails.
   */
  private balanceAmount(ledger: At): At | undefined {
    const amount = child(ledger, "BALAMT");
    const asOf = child(ledger, "DTASOF")?.el.text ?? "";
    if ((amount?.el.text ?? "") === "" && asOf === "") return undefined;
    if (!amount) throw this.fail(ledger, "BALAMT is missing");
    if (amount.el.text === "")
      throw this.fail(amount, `empty, though the balance is dated ${asOf}`);
    return amount;
  }

  private line(trn: At, currency: string): StatementLine {
    const checkNumber = text(child(trn, "CHECKNUM"));
    return {
      bookingDate: this.date(this.required(trn, "DTPOSTED")),
      valueDate: this.optionalDate(child(trn, "DTAVAIL") ?? child(trn, "VALUEDATE")),
      amount: this.amount(this.required(trn, "TRNAMT"), currency),
      // Money in a CURRENCY / ORIGCURRENCY aggregate is kept in the statement currency.
      currency,
      counterpartyName: text(child(trn, "NAME")) ?? text(descend(trn, "PAYEE", "NAME")),
      counterpartyAccount:
        exact(descend(trn, "BANKACCTTO", "ACCTID")) ?? exact(descend(trn, "CCACCTTO", "ACCTID")),
      reference:
        text(child(trn, "MEMO")) ??
        text(child(trn, "REFNUM")) ??
        (checkNumber && /^0+$/.test(checkNumber) ? null : checkNumber),
      bankRef: exact(child(trn, "FITID")),
    };
  }

  private required(parent: At, name: string): At {
    const found = child(parent, name);
    if (!found) throw this.fail(parent, `${name} is missing`);
    if (found.el.text === "") throw this.fail(found, "empty");
    return found;
  }

  /** TRNAMT / BALAMT: "-6.60", "+115.83", "-1006,60" (OFX allows a comma), "1.006,60". */
  private amount(where: At, currency: string): number {
    const raw = where.el.text;
    if (/^[+-]?null$/i.test(raw)) return 0; // some banks send "null" on info-only lines (ofxparse)
    const decimalSeparator = raw.lastIndexOf(",") > raw.lastIndexOf(".") ? "," : ".";
    try {
      return parseLocalizedAmount(raw, currency, { decimalSeparator }).amountMinor;
    } catch (error) {
      if (!(error instanceof CashloopError)) throw error;
      throw this.fail(where, `${JSON.stringify(raw)} is not an amount in ${currency}`);
    }
  }

  /** YYYYMMDD[HHMMSS[.XXX]][ [±H[.MM]:TZ]]: the date part as written; the zone is ignored. */
  private date(where: At): CalendarDate {
    const raw = where.el.text;
    const m = /^(\d{4})(\d{2})(\d{2})(?:\d{2}){0,3}(?:[.:]\d{1,6})?\s*(?:\[[^\]]*\])?$/.exec(raw);
    if (!m) throw this.fail(where, `${JSON.stringify(raw)} is not an OFX date (YYYYMMDD…)`);
    try {
      return dateFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
    } catch {
      throw this.fail(where, `${JSON.stringify(raw)} is not a real date`);
    }
  }

  /** An optional date; empty or all zeros (some banks' "no date") is null. */
  private optionalDate(where: At | undefined): CalendarDate | null {
    if (!where || /^0*$/.test(where.el.text)) return null;
    return this.date(where);
  }
}

/** The STATUS aggregate's error, as text, when its SEVERITY is ERROR; else null. */
function bankError(status: At): string | null {
  if (text(child(status, "SEVERITY"))?.toUpperCase() !== "ERROR") return null;
  const message = text(child(status, "MESSAGE"));
  return `the bank reports error ${text(child(status, "CODE")) ?? "?"}${message ? ` (${message})` : ""}`;
}

function at(parent: At, el: OfxElement): At {
  return { el, path: `${parent.path}/${el.name}` };
}

function child(parent: At, name: string): At | undefined {
  const el = parent.el.children.find((c) => c.name === name);
  return el ? at(parent, el) : undefined;
}

/** Every child named `name`; its path carries a 1-based index when there are several. */
function children(parent: At, name: string): At[] {
  const found = parent.el.children.filter((c) => c.name === name);
  if (found.length < 2) return found.map((el) => at(parent, el));
  return found.map((el, i) => ({ el, path: `${parent.path}/${name}[${i + 1}]` }));
}

function descend(from: At, ...names: string[]): At | undefined {
  let here: At | undefined = from;
  for (const name of names) here = here && child(here, name);
  return here;
}

/** Text with runs of whitespace collapsed (names, memos); null when absent or blank. */
function text(where: At | undefined): string | null {
  const value = where?.el.text.replace(/\s+/g, " ").trim() ?? "";
  return value === "" ? null : value;
}

/** Identifiers (account numbers, FITID) exactly as written, trimmed; null when blank. */
function exact(where: At | undefined): string | null {
  const value = where?.el.text ?? "";
  return value === "" ? null : value;
}
