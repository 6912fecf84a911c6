/**
 * Which column of a CSV export holds what, guessed from its header words (English, Spanish,
 * German, Dutch, French), and a direction column recognised by its values being debit or credit
 * words. Pure.
 */
import { sampleRows } from "./csv-infer-format.js";
import { CREDIT_WORDS, type CsvProfile, DEBIT_WORDS } from "./csv-profile.js";
import type { CsvTable } from "./csv-table.js";

export type Role = keyof CsvProfile["columns"];

/** Header words per field, compared after normaliseHeader (lower case, no accents). */
// biome-ignore format: word lists
const HEADER_WORDS: Partial<Record<Role, string[]>> = {
  bookingDate: ["date", "booking date", "transaction date", "posted date", "posting date", "post date",
    "trans date", "entry date", "created", "buchungstag", "buchungsdatum", "datum", "fecha",
    "fecha operacion", "fecha de operacion", "fecha contable", "date operation", "date d'operation",
    "date de l'operation", "date comptable", "date de comptabilisation", "boekdatum", "transactiedatum"],
  valueDate: ["value date", "valuta", "valutadatum", "wertstellung", "fecha valor", "f. valor",
    "date de valeur", "date valeur", "rentedatum"],
  amount: ["amount", "betrag", "importe", "monto", "cantidad", "montant", "bedrag", "umsatz",
    "net amount", "transaction amount", "amount in account currency"],
  debit: ["debit", "debit amount", "debits", "withdrawal", "withdrawals", "withdrawal amount",
    "paid out", "money out", "soll", "ausgang", "belastung", "cargo", "cargos", "debe", "debito",
    "af", "debet"],
  credit: ["credit", "credit amount", "credits", "deposit", "deposits", "paid in", "money in",
    "haben", "eingang", "gutschrift", "abono", "abonos", "haber", "credito", "bij"],
  balance: ["balance", "running balance", "runningbalance", "saldo", "kontostand", "solde",
    "saldo na trn", "saldo na mutatie"],
  currency: ["currency", "ccy", "ccy.", "curr", "currency code", "wahrung", "waehrung", "moneda",
    "divisa", "devise", "monnaie", "monn.", "munt"],
  counterpartyName: ["payee", "name", "counterparty", "counterparty name", "counter party",
    "beneficiary", "merchant", "merchant name", "partner name", "payer", "payer name", "recipient",
    "beguenstigter/zahlungspflichtiger", "auftraggeber/empfanger", "empfanger", "zahlungsempfanger",
    "auftraggeber", "name zahlungsbeteiligter", "beneficiario", "ordenante", "beneficiaire", "tiers",
    "naam", "naam tegenpartij", "tegenpartij", "naam / omschrijving"],
  counterpartyAccount: ["iban", "counterparty iban", "counterparty account", "partner iban",
    "kontonummer/iban", "iban zahlungsbeteiligter", "tegenrekening", "tegenrekening iban/bban",
    "payee account"],
  reference: ["reference", "payment reference", "description", "memo", "details", "purpose",
    "narrative", "remittance information", "verwendungszweck", "buchungstext", "concepto",
    "descripcion", "referencia", "libelle", "libelle operation", "communication", "communications",
    "omschrijving", "mededelingen", "beschreibung", "transaction details", "particulars"],
  endToEndId: ["end-to-end id", "end to end id", "end-to-end reference", "kundenreferenz (end-to-end)"],
  bankRef: ["transaction id", "transaction reference", "reference id", "id", "fitid",
    "transaktions-id", "n° de transaction", "no de transaction", "bank reference"],
};

export function rolesOf(names: string[]): Partial<Record<Role, number[]>> {
  const roles: Partial<Record<Role, number[]>> = {};
  names.forEach((raw, index) => {
    const name = raw.replace(/\s*\([^)]*\)$/, ""); // "amount (eur)" → "amount"
    const role = (Object.keys(HEADER_WORDS) as Role[]).find(
      (r) => HEADER_WORDS[r]?.includes(name) || HEADER_WORDS[r]?.includes(raw),
    );
    if (!role || (role !== "reference" && roles[role])) return;
    roles[role] = [...(roles[role] ?? []), index];
  });
  return roles;
}

/** A column whose every value is a debit or credit word (Mint "Transaction Type", ING "Af Bij"). */
export function directionColumn(
  table: CsvTable,
  roles: Partial<Record<Role, number[]>>,
): number | undefined {
  const taken = new Set(Object.values(roles).flat());
  const words = new Set([...DEBIT_WORDS, ...CREDIT_WORDS]);
  const width = table.header?.length ?? 0;
  for (let i = 0; i < width; i++) {
    const vs = table.rows.slice(0, sampleRows).map((r) => (r.cells[i] ?? "").toLowerCase());
    if (!taken.has(i) && vs.length > 0 && vs.every((v) => words.has(v))) return i;
  }
  return undefined;
}
