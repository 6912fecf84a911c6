/**
 * Who paid and through which bank: the "Ordenante" / "From" / "Sender" field, and the payer's
 * bank from its field ("Banco emisor", "Entidad ordenante"), a known bank name in the text, or
 * the bank code of the payer's CLABE or Spanish IBAN. The receiving side (beneficiary, "To",
 * "Banco receptor") is never read as the payer. Pure.
 */
import type { FieldGuess } from "../model.js";
import { type EvidenceLine, findField, fold, phrasePattern } from "./evidence-text.js";

/** Canonical bank names and the folded spellings that mean them. */
const knownBanks: readonly (readonly [string, readonly string[]])[] = [
  ["Chase", ["chase", "jpmorgan chase", "jp morgan chase"]],
  ["Bank of America", ["bank of america", "bofa"]],
  ["Wells Fargo", ["wells fargo"]],
  ["Citibank", ["citibank", "citi", "citi mobile", "citi priority", "citigold"]],
  ["Capital One", ["capital one"]],
  ["U.S. Bank", ["u.s. bank", "us bank"]],
  ["PNC", ["pnc", "pnc bank"]],
  ["BBVA", ["bbva", "bbva mexico", "bbva bancomer", "bancomer", "bbva colombia"]],
  ["Banorte", ["banorte"]],
  ["Santander", ["santander", "banco santander"]],
  ["Citibanamex", ["citibanamex", "banamex"]],
  ["HSBC", ["hsbc"]],
  ["Scotiabank", ["scotiabank"]],
  ["Banco Azteca", ["banco azteca"]],
  ["BanCoppel", ["bancoppel"]],
  ["Inbursa", ["inbursa"]],
  ["Banregio", ["banregio"]],
  ["Bancolombia", ["bancolombia"]],
  ["Davivienda", ["davivienda"]],
  ["Banco de Bogotá", ["banco de bogota"]],
  ["Nequi", ["nequi"]],
  ["CaixaBank", ["caixabank", "la caixa"]],
  ["Sabadell", ["sabadell", "banco sabadell", "banc sabadell"]],
  ["Bankinter", ["bankinter"]],
  ["Unicaja", ["unicaja"]],
  ["Abanca", ["abanca"]],
  ["Ibercaja", ["ibercaja"]],
  ["Kutxabank", ["kutxabank"]],
  ["Openbank", ["openbank"]],
  ["ING", ["ing", "ing direct"]],
  ["N26", ["n26"]],
  ["Revolut", ["revolut"]],
  ["Wise", ["wise", "transferwise"]],
  ["PayPal", ["paypal"]],
  ["Mercado Pago", ["mercado pago", "mercadopago"]],
  ["Nu", ["nu", "nubank", "nu mexico", "nu colombia", "nu bank"]],
  ["STP", ["stp"]],
  ["Deutsche Bank", ["deutsche bank"]],
  ["Commerzbank", ["commerzbank"]],
  ["BNP Paribas", ["bnp paribas"]],
  ["Barclays", ["barclays"]],
  ["Afirme", ["afirme"]],
];

/** Aliases that are also ordinary words or too short to trust outside a bank field. */
const fieldOnlyAliases = new Set(["nu", "citi", "stp", "ing", "wise"]);

const bankPatterns = knownBanks.map(([name, aliases]) => {
  const trusted = aliases.filter((a) => !fieldOnlyAliases.has(a));
  return {
    name,
    anywhere: trusted.length > 0 ? phrasePattern(trusted) : null,
    inField: phrasePattern(aliases),
  };
});

/**
 * The known bank a piece of folded text names, earliest mention first. Short aliases ("ING",
 * "Wise", "Nu") count in a bank field, or outside one only as a line of their own.
 */
export function knownBankIn(folded: string, inField: boolean): string | null {
  const alone = folded.replace(/[^a-z0-9.& ]/g, "").trim();
  let best: { name: string; index: number } | null = null;
  for (const bank of bankPatterns) {
    const whole = bank.inField.exec(alone);
    const pattern = inField || whole?.[0] === alone ? bank.inField : bank.anywhere;
    const m = pattern?.exec(folded);
    if (m && (!best || m.index < best.index)) best = { name: bank.name, index: m.index };
  }
  return best?.name ?? null;
}

const receivingSide =
  /\b(receptor|receptora|destino|destinatario|beneficiari[oa]|beneficiary|recipient|receiving|payee|abonad[oa]|para|to|credit(ed)? to|cuenta destino)\b/;

// biome-ignore format: a word list
const bankLabels = [
  "banco emisor", "banco ordenante", "banco de origen", "banco origen", "entidad ordenante",
  "entidad emisora", "entidad de origen", "institucion emisora", "institucion ordenante",
  "sending bank", "originating bank", "from bank", "payer bank", "sender bank", "bank name",
  "debtor agent", "debtor bank", "ordering bank", "issuer", "issuing bank", "card issuer",
  "banco", "bank", "entidad",
];

/** CLABE bank codes (first three digits) of the banks above. */
// biome-ignore format: a table
const clabeBanks: Readonly<Record<string, string>> = {
  "002": "Citibanamex", "012": "BBVA", "014": "Santander", "021": "HSBC", "036": "Inbursa",
  "044": "Scotiabank", "058": "Banregio", "072": "Banorte", "127": "Banco Azteca",
  "137": "BanCoppel", "638": "Nu", "646": "STP", "722": "Mercado Pago",
};
/** Spanish IBAN entity codes (digits 5–8 of the IBAN). */
// biome-ignore format: a table
const spanishEntities: Readonly<Record<string, string>> = {
  "2100": "CaixaBank", "0081": "Sabadell", "0049": "Santander", "0182": "BBVA",
  "0128": "Bankinter", "1465": "ING", "2103": "Unicaja", "2080": "Abanca", "2085": "Ibercaja",
  "2095": "Kutxabank", "0073": "Openbank",
};

const payerSide = /\b(ordenante|origen|emisor|cargo|from|debtor|deudor|remitente|sender|payer)\b/;

function bankFromAccount(lines: readonly EvidenceLine[]): string | null {
  for (const line of lines) {
    if (!payerSide.test(line.folded) || receivingSide.test(line.folded)) continue;
    const clabe = /(?<!\d)(\d{3})\d{15}(?!\d)/.exec(line.text.replace(/(?<=\d) (?=\d)/g, ""));
    const clabeBank = clabe ? clabeBanks[clabe[1] ?? ""] : undefined;
    if (clabeBank) return clabeBank;
    const iban = /\bES\d{2}\s?(\d{4})/.exec(line.text);
    const ibanBank = iban ? spanishEntities[iban[1] ?? ""] : undefined;
    if (ibanBank) return ibanBank;
  }
  return null;
}

/** A bank named in a line, unless the words just before it say it is the receiving side. */
function knownBankMention(folded: string): string | null {
  const name = knownBankIn(folded, false);
  if (!name) return null;
  const aliases = bankPatterns.find((b) => b.name === name);
  const at = aliases ? Math.max(0, aliases.inField.exec(folded)?.index ?? 0) : 0;
  const colon = folded.lastIndexOf(":", at);
  const before = colon >= 0 ? folded.slice(0, colon) : folded.slice(Math.max(0, at - 30), at);
  return receivingSide.test(before) ? null : name;
}

export function extractBank(lines: readonly EvidenceLine[]): FieldGuess<string> {
  const hit = findField(lines, bankLabels, (value) => /\p{L}{2}/u.test(value));
  const hitLabel = hit ? (lines[hit.lineIndex]?.folded ?? "") : "";
  if (hit && !receivingSide.test(hitLabel.split(":")[0] ?? "")) {
    const known = knownBankIn(fold(hit.value), true);
    if (known) return { value: known, confidence: 0.9 };
    return { value: cleanName(hit.value), confidence: 0.7 };
  }
  for (const line of lines) {
    const known = knownBankMention(line.folded);
    if (known) return { value: known, confidence: 0.6 };
  }
  const fromAccount = bankFromAccount(lines);
  return fromAccount ? { value: fromAccount, confidence: 0.5 } : { value: null, confidence: 0 };
}

// biome-ignore format: a word list
const payerLabels = [
  "nombre del ordenante", "ordenante", "nombre ordenante", "titular cuenta origen",
  "titular de la cuenta de origen", "titular de la cuenta ordenante", "nombre del emisor",
  "remitente", "pagador", "payer", "payer name", "from", "de", "sender",
  "sender name", "sent by", "paid by", "enviado por", "pagado por", "originator",
  "originator name", "debtor", "debtor name", "deudor", "cliente ordenante", "nombre del pagador",
  "payment from", "payment sent by", "cardholder", "card holder", "cardholder name",
  "tarjetahabiente", "titular", "cliente", "nombre del cliente", "depositante", "check from",
  "cheque de",
];

const notAName =
  /\b(checking|savings|ahorros?|corriente|cuenta|account|acct|banking|clabe|iban|tarjeta|card|debit|credit|visa|mastercard|balance|saldo)\b/i;

/** A person's or company's name with account details and trailing codes cut off. */
function cleanName(value: string): string {
  return value
    .split(/\s[-–(|]\s?|\s\(|\s{2,}|\s(?:cuenta|account|acct|clabe|iban|rfc|nit)\b/i)[0]!
    .replace(/[*x•]{2,}\s?\d+.*$/i, "")
    .replace(/[\s:;,]+$/, "")
    .trim();
}

function acceptableName(value: string): boolean {
  const name = cleanName(value);
  return (
    /^\p{L}/u.test(name) &&
    /\p{L}{2}/u.test(name) &&
    !notAName.test(name) &&
    !/\d{3}/.test(name) &&
    knownBankIn(fold(name), true) === null
  );
}

const inlineFrom =
  /\b(?:from|de parte de|recibiste (?:un pago|una transferencia)? ?de|[Oo]rdenad[ao] por|[Ee]nviad[ao] por|[Rr]ealizad[ao] por|paid by|sent by)\s+([A-ZÁÉÍÓÚÑ][\p{L}'.&-]*(?:\s+[A-ZÁÉÍÓÚÑ&][\p{L}'.&-]*){0,5})/u;

export function extractPayer(lines: readonly EvidenceLine[]): FieldGuess<string> {
  const hit = findField(lines, payerLabels, acceptableName, { looseSeparator: true });
  if (hit) return { value: cleanName(hit.value), confidence: 0.85 };
  for (const line of lines) {
    const m = inlineFrom.exec(line.text);
    if (m?.[1] && acceptableName(m[1])) {
      return { value: cleanName(m[1]), confidence: 0.6 };
    }
  }
  return { value: null, confidence: 0 };
}
