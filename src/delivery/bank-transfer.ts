/**
 * How to pay an invoice by bank transfer: the seller's account as snapshotted at issue, the amount
 * still owed, and the invoice number as the reference, so the payment finds its invoice. Pure.
 */
import type { SellerSnapshot } from "../billing/model.js";
import type { CurrencyCode } from "../kernel/money.js";
import type { BankTransferInstructions } from "./model.js";

export function bankTransferInstructions(input: {
  number: string;
  balanceMinor: number;
  currency: CurrencyCode;
  bankDetails: SellerSnapshot["bankDetails"];
}): BankTransferInstructions | null {
  const bank = input.bankDetails;
  if (!bank) return null; // nothing to transfer to: say nothing rather than invent an account
  return {
    accountName: bank.accountName,
    iban: bank.iban,
    bic: bank.bic,
    accountNumber: bank.accountNumber,
    routingNumber: bank.routingNumber,
    bankName: bank.bankName,
    reference: input.number,
    amountMinor: input.balanceMinor,
    currency: input.currency,
  };
}
