/**
 * One CAMT entry (Ntry) → statement lines. An entry is one booking; a batched entry (several
 * TxDtls, or Btch/NbOfTxs > 1) is split into one line per transaction when every transaction
 * states its amount in the entry's currency, and those amounts must add up to the booking.
 * Without such amounts the booking stays one line. Pure.
 */
import type { CalendarDate } from "../../kernel/dates.js";
import { type CurrencyCode, currencyExponent } from "../../kernel/money.js";
import type { StatementLine } from "../statement-model.js";
import {
  type Amount,
  type At,
  child,
  children,
  currencyOf,
  descend,
  descendAll,
  fail,
  readAmount,
  readDateChoice,
  readSign,
  required,
  textOf,
} from "./camt-xml.js";

type TxFacts = {
  name: string | null;
  account: string | null;
  reference: string | null;
  bankRef: string | null;
};

type LineBase = Pick<StatementLine, "bookingDate" | "valueDate" | "currency">;

/** −0 would differ from 0 under Object.is; a zero debit is just 0. */
function signed(sign: 1 | -1, minor: number): number {
  return sign * minor + 0;
}

function accountId(acct: At | undefined): string | null {
  return textOf(descend(acct, "Id", "IBAN")) ?? textOf(descend(acct, "Id", "Othr", "Id"));
}

/** A party's name; from v8 on the party is a choice of Pty or Agt (a bank as the party). */
function nameOf(party: At | undefined): string | null {
  return (
    textOf(descend(party, "Nm")) ??
    textOf(descend(party, "Pty", "Nm")) ??
    textOf(descend(party, "Agt", "FinInstnId", "Nm"))
  );
}

/** The other side of a transaction: who paid money in, or who was paid money out. */
function txFacts(tx: At, sign: 1 | -1): TxFacts {
  const parties = child(tx, "RltdPties");
  const role = sign > 0 ? "Dbtr" : "Cdtr";
  return {
    name: nameOf(descend(parties, role)) ?? nameOf(descend(parties, `Ultmt${role}`)),
    account: accountId(descend(parties, `${role}Acct`)),
    reference: referenceOf(tx),
    bankRef: textOf(descend(tx, "Refs", "AcctSvcrRef")),
  };
}

/** Structured creditor reference (RF… or a national one), else end-to-end id, else free text. */
function referenceOf(tx: At): string | null {
  const rmt = child(tx, "RmtInf");
  for (const ref of rmt ? descendAll(rmt, "Strd", "CdtrRefInf", "Ref") : []) {
    const text = textOf(ref);
    if (text) return text;
  }
  const endToEnd = textOf(descend(tx, "Refs", "EndToEndId"));
  if (endToEnd && endToEnd.toUpperCase() !== "NOTPROVIDED") return endToEnd;
  const free = (rmt ? children(rmt, "Ustrd") : []).map(textOf).filter((t) => t !== null);
  return free.length > 0 ? free.join(" ") : null;
}

/** The value every transaction agrees on; null when they differ (no guessing for the batch). */
function common(values: (string | null)[]): string | null {
  const [first = null, ...rest] = values;
  return rest.every((v) => v === first) ? first : null;
}

/** A transaction's amount in the entry currency: AmtDtls/TxAmt/Amt, else TxDtls/Amt. */
function txAmount(tx: At, currency: CurrencyCode): number | undefined {
  for (const amt of [descend(tx, "AmtDtls", "TxAmt", "Amt"), child(tx, "Amt")]) {
    if (amt && currencyOf(amt) === currency) return readAmount(amt).minor;
  }
  return undefined; // absent, or only in another currency (cross-currency detail)
}

function decimalText(minor: bigint, currency: CurrencyCode): string {
  const exponent = currencyExponent(currency);
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, "0");
  const cut = digits.length - exponent;
  const whole = exponent === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return `${minor < 0n ? "-" : ""}${whole} ${currency}`;
}

function batchSize(ntry: At): number {
  let largest = 0;
  for (const nb of descendAll(ntry, "NtryDtls", "Btch", "NbOfTxs")) {
    const text = textOf(nb) ?? "";
    if (!/^\d{1,15}$/.test(text)) throw fail(nb, `NbOfTxs "${text}" is not a whole number`);
    largest = Math.max(largest, Number(text));
  }
  return largest;
}

function splitBatch(
  ntry: At,
  txs: At[],
  entry: Amount & { sign: 1 | -1 },
  base: LineBase,
  entryRef: string | null,
): StatementLine[] | null {
  const amounts = txs.map((tx) => txAmount(tx, entry.currency));
  if (amounts.every((a) => a === undefined)) return null;
  const lines = txs.map((tx, i): StatementLine => {
    const minor = amounts[i];
    if (minor === undefined) {
      throw fail(tx, `TxDtls has no amount in ${entry.currency} while others in the batch do`);
    }
    const sign = readSign(tx, entry.sign);
    const facts = txFacts(tx, sign);
    return {
      ...base,
      amount: signed(sign, minor),
      counterpartyName: facts.name,
      counterpartyAccount: facts.account,
      reference: facts.reference,
      bankRef: facts.bankRef ?? entryRef, // the transaction's own id tells batch lines apart
    };
  });
  const total = lines.reduce((sum, line) => sum + BigInt(line.amount), 0n);
  const booked = BigInt(signed(entry.sign, entry.minor));
  if (total !== booked) {
    throw fail(
      ntry,
      `batched entry: the TxDtls amounts sum to ${decimalText(total, entry.currency)}` +
        ` but the entry Amt is ${decimalText(booked, entry.currency)}`,
    );
  }
  return lines;
}

/**
 * The lines of one entry. `fallbackDay` dates an entry with neither BookgDt nor ValDt (a
 * notification sent before booking): the day the statement or notification was created.
 */
export function entryLines(ntry: At, fallbackDay: () => CalendarDate | null): StatementLine[] {
  const amount = readAmount(required(ntry, "Amt"));
  const sign = readSign(ntry);
  const valueDate = readDateChoice(child(ntry, "ValDt"));
  const bookingDate = readDateChoice(child(ntry, "BookgDt")) ?? valueDate ?? fallbackDay();
  if (!bookingDate) throw fail(ntry, "BookgDt is missing and there is no date to fall back on");
  const entryRef = textOf(child(ntry, "AcctSvcrRef")) ?? textOf(child(ntry, "NtryRef"));
  const txs = descendAll(ntry, "NtryDtls", "TxDtls");
  const base: LineBase = { bookingDate, valueDate, currency: amount.currency };

  if (txs.length > 1 || batchSize(ntry) > 1) {
    const lines = splitBatch(ntry, txs, { ...amount, sign }, base, entryRef);
    if (lines) return lines;
  }
  const facts = txs.map((tx) => txFacts(tx, sign));
  return [
    {
      ...base,
      amount: signed(sign, amount.minor),
      counterpartyName: common(facts.map((f) => f.name)),
      counterpartyAccount: common(facts.map((f) => f.account)),
      reference: common(facts.map((f) => f.reference)),
      bankRef: entryRef ?? common(facts.map((f) => f.bankRef)),
    },
  ];
}
