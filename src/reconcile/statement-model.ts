/**
 * Bank statements as every importer hands them over: pure data, amounts signed in minor units
 * (credits positive, debits negative), dates as calendar dates. The JSON of `bank parse` is this
 * shape with exactly these fields (a stable contract).
 */
import type { CalendarDate } from "../kernel/dates.js";
import { CashloopError } from "../kernel/errors.js";

export const STATEMENT_FORMATS = [
  "csv",
  "ofx",
  "camt.053",
  "camt.054",
  "mt940",
  "mt942",
  "bai2",
] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

export type StatementLine = {
  bookingDate: CalendarDate;
  valueDate: CalendarDate | null;
  /** Signed, in minor units of `currency`: money in is positive. */
  amount: number;
  currency: string;
  counterpartyName: string | null;
  /** IBAN where given, else the account number as written. */
  counterpartyAccount: string | null;
  /**
   * What the payer wrote: a structured creditor reference (RF…) when there is one, else the
   * end-to-end id when it is not "NOTPROVIDED", else the unstructured remittance text.
   */
  reference: string | null;
  /** The bank's own id for the transaction (entry reference, FITID, bank reference). */
  bankRef: string | null;
};

export type Statement = {
  /** IBAN or account number. */
  account: string | null;
  currency: string | null;
  openingBalance: number | null;
  closingBalance: number | null;
  lines: StatementLine[];
};

export type ParsedStatementFile = { format: StatementFormat; statements: Statement[] };

/**
 * A file that cannot be read as a statement: names the file and where (line, or XML element
 * path) and what is wrong. Nothing is imported from such a file.
 */
export class StatementParseError extends CashloopError {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super("statement_invalid", `${file}:${where}: ${problem}`, { file });
  }
}
