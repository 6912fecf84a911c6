/**
 * One BAI2 account: its 03 account identifier (account number, currency, the opening and closing
 * ledger balances among the summary amounts) and each 16 transaction detail → a statement line,
 * with the amounts as written for the control totals. Non-monetary details carry no line. Pure.
 */

import type { CalendarDate } from "../../kernel/dates.js";
import { creditorReference } from "../match/creditor-reference.js";
import type { Statement, StatementLine } from "../statement-model.js";
import {
  CLOSING_LEDGER,
  counterpartyFromText,
  detailDirection,
  OPENING_LEDGER,
} from "./bai2-codes.js";
import {
  amountOf,
  type Bai2Record,
  currencyOf,
  detailFields,
  type Field,
  fail,
  fields,
  readFundsType,
  toMinor,
} from "./bai2-fields.js";

const noBalances = { openingBalance: null, closingBalance: null }; // until 010 / 015 are read

export function readAccount(
  r: Bai2Record,
  groupCurrency: string,
): { total: bigint; statement: Statement } {
  const f = fields(r);
  const accountNumber = f[0]?.value ?? "";
  if (accountNumber === "") fail(r, "03 account identifier: account number is empty");
  const currency = currencyOf(r, f[1], groupCurrency);
  const statement: Statement = { account: accountNumber, currency, lines: [], ...noBalances };
  let total = 0n;
  // Summary groups: type code, amount, item count, funds type (+ the fields it adds).
  for (let i = 2; f.slice(i).some((x) => x.value !== ""); ) {
    const [type, amountField, count] = [f[i], f[i + 1], f[i + 2]];
    const code = type?.value ?? "";
    if (!/^(\d{3})?$/.test(code))
      fail(type ?? r, `03 account identifier: type code "${code}" is not 3 digits`);
    if (!/^\d*$/.test(count?.value ?? ""))
      fail(count ?? r, `03 account identifier: item count "${count?.value}" is not a whole number`);
    if (amountField?.value) {
      if (code === "") fail(amountField, "03 account identifier: an amount with no type code");
      total += amountOf(r, amountField, `03 account identifier: amount of type code ${code}`, true);
      if (code === OPENING_LEDGER) statement.openingBalance = toMinor(amountField);
      if (code === CLOSING_LEDGER) statement.closingBalance = toMinor(amountField);
    }
    i = readFundsType(r, f, i + 3).next;
  }
  return { total, statement };
}

/** One 16 record: its amount as written (for the control total) and its statement line. */
export function readDetail(
  r: Bai2Record,
  asOf: CalendarDate,
  currency: string,
): { amount: bigint; line: StatementLine | null } {
  const d = detailFields(r);
  const [type, amountField] = d.fixed;
  const direction = detailDirection(type?.value ?? "");
  if (direction === undefined)
    fail(
      type ?? r,
      `16 transaction detail: type code "${type?.value}" is not a credit (100-399, 920-959), debit (400-699, 960-999) or 890`,
    );
  if (direction === "non_monetary" && !amountField?.value) return { amount: 0n, line: null };
  const amount = amountOf(r, amountField, "16 transaction detail: amount", false);
  if (direction === "non_monetary") return { amount, line: null }; // informational: no money moved
  const minor = toMinor(amountField as Field);
  const text = (d.text ?? "").replace(/\s+/g, " ").trim();
  const customerRef = d.customerRef?.value ?? "";
  const party = counterpartyFromText(d.text ?? ""); // uncollapsed: 2+ spaces end a name
  const reference =
    creditorReference(`${customerRef} ${text}`) ??
    (customerRef !== "" && customerRef.toUpperCase() !== "NOTPROVIDED" ? customerRef : null) ??
    (text === "" ? null : text);
  return {
    amount,
    line: {
      bookingDate: d.valueDate ?? asOf,
      valueDate: d.valueDate,
      amount: direction === "debit" ? -minor : minor,
      currency,
      counterpartyName: party?.name ?? null,
      counterpartyAccount: party?.account ?? null,
      reference,
      bankRef: d.bankRef?.value || null,
    },
  };
}
