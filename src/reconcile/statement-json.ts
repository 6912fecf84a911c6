import type { ParsedStatementFile } from "./statement-model.js";

/** The `bank parse --json` contract: exactly these fields, in this order. */
export function statementJson(parsed: ParsedStatementFile): unknown {
  return {
    format: parsed.format,
    statements: parsed.statements.map((s) => ({
      account: s.account,
      currency: s.currency,
      openingBalance: s.openingBalance,
      closingBalance: s.closingBalance,
      lines: s.lines.map((l) => ({
        bookingDate: l.bookingDate,
        valueDate: l.valueDate,
        amount: l.amount,
        currency: l.currency,
        counterpartyName: l.counterpartyName,
        counterpartyAccount: l.counterpartyAccount,
        reference: l.reference,
        bankRef: l.bankRef,
      })),
    })),
  };
}
