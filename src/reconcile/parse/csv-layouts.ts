/**
 * The built-in layouts of common banks' CSV exports, each recognised by the names in its header
 * line and turned into a profile by the detector (csv-detect.ts). Data only.
 */
import type { CsvProfileInput } from "./csv-profile.js";

/**
 * A bank's export, recognised by its header line. Names match ignoring case, accents and extra
 * spaces; a column named here but missing from the file is left out of the detected profile.
 */
export type CsvLayout = {
  name: string;
  /** Header names that must all be present. */
  signature: readonly string[];
  /** Date formats to try; the one that reads the most values wins. */
  dateFormats: readonly string[];
  profile: Omit<CsvProfileInput, "name" | "delimiter" | "skipRows" | "hasHeader" | "dateFormat">;
};

const eu = { decimalSeparator: ",", thousandsSeparator: "." } as const;
const us = { decimalSeparator: "." } as const;
const swiss = { decimalSeparator: ".", thousandsSeparator: "'" } as const;
const vwz = Array.from({ length: 14 }, (_, i) => `vwz${i + 1}`);

/** From the bank exports csv2ofx supports (github.com/reubano/csv2ofx), plus a few common ones. */
// biome-ignore format: a table, one bank per block
export const CSV_LAYOUTS: readonly CsvLayout[] = [
  { name: "Amazon order history", signature: ["order id", "order url", "items", "date", "total", "payments"],
    dateFormats: ["YYYY-MM-DD"],
    // Order totals are money out; pending and cancelled orders have no total.
    profile: { columns: { bookingDate: "date", amount: "total", reference: "items", bankRef: "order id" },
      currency: "USD", ...us, amountSign: "negated", skipRowsWithoutAmount: true } },
  { name: "Capital One", signature: ["transaction date", "posted date", "card no.", "description", "debit", "credit"],
    dateFormats: ["YYYY-MM-DD", "MM/DD/YYYY"],
    profile: { columns: { bookingDate: "posted date", valueDate: "transaction date", debit: "debit", credit: "credit",
      reference: "description" }, currency: "USD", ...us } },
  { name: "Credit Union", signature: ["check number", "date", "description", "amount", "category", "comments"],
    dateFormats: ["M/D/YY", "MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", counterpartyName: "description",
      reference: ["check number", "comments"] }, currency: "USD", ...us } },
  { name: "DBS", signature: ["transaction date", "reference", "debit amount", "credit amount", "transaction ref1"],
    dateFormats: ["DD MMM YYYY"],
    profile: { columns: { bookingDate: "transaction date", debit: "debit amount", credit: "credit amount",
      reference: ["transaction ref1", "transaction ref2", "transaction ref3"] }, currency: "SGD", ...us } },
  { name: "GLS Bank", signature: ["kontonummer", "buchungstag", "wertstellung", "auftraggeber/empfänger", "betrag"],
    dateFormats: ["DD.MM.YYYY", "DD.MM.YY"],
    profile: { columns: { bookingDate: "buchungstag", valueDate: "wertstellung", amount: "betrag", currency: "währung",
      counterpartyName: "auftraggeber/empfänger", reference: vwz, balance: "kontostand", account: "kontonummer" },
      currency: "EUR", ...eu } },
  { name: "ING España", signature: ["date", "class", "subcategory", "desc", "amount", "balance"],
    dateFormats: ["DD/MM/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", reference: "desc", balance: "balance" },
      currency: "EUR", ...us } },
  { name: "ING Nederland", signature: ["datum", "naam / omschrijving", "rekening", "tegenrekening", "af bij", "bedrag (eur)"],
    dateFormats: ["YYYYMMDD", "DD-MM-YYYY"],
    profile: { columns: { bookingDate: "datum", amount: "bedrag (eur)", direction: "af bij",
      counterpartyName: "naam / omschrijving", counterpartyAccount: "tegenrekening", reference: "mededelingen",
      balance: "saldo na mutatie", account: "rekening" }, currency: "EUR", ...eu } },
  { name: "Mint", signature: ["date", "description", "original description", "amount", "transaction type"],
    dateFormats: ["M/D/YY", "MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", direction: "transaction type",
      counterpartyName: "description", reference: ["original description", "notes"] }, currency: "USD", ...us } },
  { name: "N26", signature: ["booking date", "value date", "partner name", "partner iban", "amount (eur)"],
    dateFormats: ["YYYY-MM-DD"],
    profile: { columns: { bookingDate: "booking date", valueDate: "value date", amount: "amount (eur)",
      counterpartyName: "partner name", counterpartyAccount: "partner iban", reference: "payment reference" },
      currency: "EUR", ...us } },
  { name: "N26 (before 2023)", signature: ["date", "payee", "account number", "transaction type", "amount (eur)"],
    dateFormats: ["YYYY-MM-DD"],
    profile: { columns: { bookingDate: "date", amount: "amount (eur)", counterpartyName: "payee",
      counterpartyAccount: "account number", reference: "payment reference" }, currency: "EUR", ...us } },
  { name: "Outbank", signature: ["account", "date", "value date", "amount", "currency", "name", "number", "reason"],
    dateFormats: ["M/D/YY", "DD.MM.YY", "DD.MM.YYYY", "YYYY-MM-DD"],
    profile: { columns: { bookingDate: "date", valueDate: "value date", amount: "amount", currency: "currency",
      counterpartyName: "name", counterpartyAccount: "number", reference: "reason", endToEndId: "sepa reference",
      account: "account" }, ...eu } },
  // Payoneer's Source/Target are payer/payee whatever the direction, so no counterparty is taken.
  { name: "Payoneer", signature: ["transaction date", "transaction id", "credit amount", "debit amount", "currency"],
    dateFormats: ["MM/DD/YYYY"],
    profile: { columns: { bookingDate: "transaction date", debit: "debit amount", credit: "credit amount",
      currency: "currency", reference: "description", bankRef: "transaction id", balance: "running balance" },
      ...us, skipRowsWithoutAmount: true } },
  { name: "PC Financial Mastercard", signature: ["merchant name", "card used for transaction", "date", "time", "amount"],
    dateFormats: ["MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", counterpartyName: "merchant name" },
      currency: "CAD", ...us, amountSign: "negated" } }, // card purchases are listed positive
  { name: "Rabobank", signature: ["iban/bban", "munt", "volgnr", "datum", "bedrag", "saldo na trn"],
    dateFormats: ["YYYY-MM-DD"],
    profile: { columns: { bookingDate: "datum", valueDate: "rentedatum", amount: "bedrag", currency: "munt",
      counterpartyName: "naam tegenpartij", counterpartyAccount: "tegenrekening iban/bban",
      reference: ["omschrijving-1", "omschrijving-2", "omschrijving-3"], endToEndId: "end-to-end id",
      bankRef: "volgnr", balance: "saldo na trn", account: "iban/bban" }, currency: "EUR", ...eu } },
  { name: "Charles Schwab checking", signature: ["date", "status", "checknumber", "description", "withdrawal", "deposit"],
    dateFormats: ["MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", debit: "withdrawal", credit: "deposit", reference: "description",
      balance: "runningbalance" }, currency: "USD", ...us,
      keepRowsWhere: { column: "status", values: ["Posted"] } } }, // pending lines are not booked yet
  { name: "Sparkasse", signature: ["auftragskonto", "buchungstag", "valutadatum", "beguenstigter/zahlungspflichtiger"],
    dateFormats: ["DD.MM.YY", "DD.MM.YYYY"],
    profile: { columns: { bookingDate: "buchungstag", valueDate: "valutadatum", amount: "betrag", currency: "waehrung",
      counterpartyName: "beguenstigter/zahlungspflichtiger", counterpartyAccount: ["kontonummer/iban", "kontonummer"],
      reference: "verwendungszweck", endToEndId: "kundenreferenz (end-to-end)", account: "auftragskonto" },
      currency: "EUR", ...eu } },
  { name: "Starling", signature: ["date", "counter party", "reference", "amount (gbp)"],
    dateFormats: ["DD/MM/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount (gbp)", counterpartyName: "counter party",
      reference: "reference", balance: "balance (gbp)" }, currency: "GBP", ...us } },
  { name: "Stripe payments", signature: ["id", "description", "created", "amount", "amount_refunded", "currency"],
    dateFormats: ["YYYY-MM-DD"],
    profile: { columns: { bookingDate: "created", amount: "amount", currency: "currency",
      counterpartyName: ["customer_description", "card_name"], reference: "description", bankRef: "id" }, ...us } },
  { name: "SumUp", signature: ["datum der transaktion", "transaktions-id", "zahlungsbetrag ausgehend"],
    dateFormats: ["DD.MM.YY", "DD.MM.YYYY"],
    profile: { columns: { bookingDate: "datum der transaktion", debit: "zahlungsbetrag ausgehend",
      credit: "zahlungsbetrag eingehend", currency: "zahlungswährung", counterpartyName: "referenz",
      reference: "zahlungsreferenz", bankRef: "transaktions-id", balance: "verfügbares guthaben" }, ...us } },
  { name: "UBS (French)", signature: ["produit", "monn.", "date de valeur", "débit", "crédit"],
    dateFormats: ["DD.MM.YYYY"],
    profile: { columns: { bookingDate: ["date de comptabilisation", "date de valeur"], valueDate: "date de valeur",
      debit: "débit", credit: "crédit", currency: "monn.", reference: ["description 1", "description 2", "description 3"],
      bankRef: "n° de transaction", balance: "solde", account: "produit" }, ...swiss } },
  { name: "UBS", signature: ["ccy.", "value date", "description 1", "debit", "credit"],
    dateFormats: ["DD.MM.YYYY"],
    profile: { columns: { bookingDate: ["booking date", "value date"], valueDate: "value date", debit: "debit",
      credit: "credit", currency: "ccy.", reference: ["description 1", "description 2", "description 3"],
      bankRef: "transaction no.", balance: "balance", account: "product" }, ...swiss } },
  { name: "Xero journal report", signature: ["journalnumber", "journaldate", "accountname", "netamount", "description"],
    dateFormats: ["DD-MMM-YY", "DD MMM YYYY", "DD-MMM-YYYY"],
    profile: { columns: { bookingDate: "journaldate", amount: "netamount", reference: ["reference", "description"] },
      ...us } },
  { name: "C24", signature: ["transaktionstyp", "buchungsdatum", "betrag", "zahlungsempfänger", "kontoname"],
    dateFormats: ["DD.MM.YYYY"],
    profile: { columns: { bookingDate: "buchungsdatum", amount: "betrag", counterpartyName: "zahlungsempfänger",
      counterpartyAccount: "iban", reference: "verwendungszweck" }, currency: "EUR", ...eu } },
  { name: "csv2ofx default", signature: ["row", "num", "date", "reference", "description", "amount", "notes"],
    dateFormats: ["YYYY-MM-DD", "MM/DD/YYYY"],
    profile: { columns: { bookingDate: "date", amount: "amount", counterpartyName: "description",
      reference: ["num", "reference", "notes"], bankRef: "row" }, ...us } },
];
