/**
 * Which profile reads a CSV bank export: a known bank layout recognised by its header line, else
 * a generic guess from header words (English, Spanish, German, Dutch, French) with the date format
 * and decimal separator inferred from the values, else a headerless guess from the values alone.
 * When a guess would be a coin toss (05/03 as May or March, no currency anywhere) it throws and
 * asks for a profile instead: a wrong guess would import wrong money. Pure.
 */
import { isCurrencyCode } from "../../kernel/money.js";
import { StatementParseError } from "../statement-model.js";
import {
  CREDIT_WORDS,
  CSV_LAYOUTS,
  type CsvLayout,
  type CsvProfile,
  type CsvProfileInput,
  compileDateFormat,
  DEBIT_WORDS,
  normaliseAmount,
  parseCsvProfile,
  parseDateAs,
} from "./csv-profile.js";
import {
  type CsvDelimiter,
  type CsvTable,
  guessDelimiter,
  normaliseCsvText,
  normaliseHeader,
  readCsvTable,
  splitCsvLine,
} from "./csv-statement.js";

/** Lines searched for a header (bank exports put account details above it). */
const headerSearchLines = 40;
/** Rows whose values are sampled to infer formats. */
const sampleRows = 500;

/** Date formats tried when nothing else says which; order breaks no ties (ties throw). */
// biome-ignore format: a list
export const DATE_FORMATS = [
  "YYYY-MM-DD", "YYYY/MM/DD", "YYYYMMDD", "DD.MM.YYYY", "DD.MM.YY", "DD/MM/YYYY", "MM/DD/YYYY",
  "D/M/YY", "M/D/YY", "DD-MM-YYYY", "MM-DD-YYYY", "DD-MM-YY", "DD MMM YYYY", "DD-MMM-YYYY",
  "DD-MMM-YY", "DD.MMM.YYYY",
];

type Role = keyof CsvProfile["columns"];

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

/** A cheap check for the format detector: several lines split the same way on , ; or tab. */
export function looksLikeCsv(text: string): boolean {
  const head = normaliseCsvText(text.slice(0, 16_384));
  if (/^\s*(<|\{|\[|OFXHEADER|:20:|01,)/i.test(head)) return false; // XML, JSON, OFX, SWIFT, BAI2
  const lines = head
    .split("\n")
    .filter((l) => l.trim() !== "")
    .slice(0, 12);
  if (lines.length === 0) return false;
  return ([",", ";", "\t"] as const).some((d) => {
    const counts = lines.map((l) => splitCsvLine(l, d).length - 1).filter((n) => n > 0);
    const mode = Math.max(0, ...counts.map((n) => counts.filter((k) => k === n).length));
    return mode >= Math.min(2, lines.length) && mode * 2 >= lines.length;
  });
}

/**
 * The profile that reads `text`. `options.currency` is used only when the file names none (no
 * currency column, no "(EUR)" in a header, no € or £ in the amounts).
 */
export function detectCsvProfile(
  text: string,
  file: string,
  options: { currency?: string } = {},
): CsvProfile {
  const lines = normaliseCsvText(text).split("\n");
  const candidates = lines.slice(0, headerSearchLines).flatMap((line, index) =>
    line.trim() === ""
      ? []
      : ([",", ";", "\t"] as const).map((delimiter) => {
          const cells = splitCsvLine(line, delimiter);
          return { index, delimiter, cells, names: cells.map(normaliseHeader) };
        }),
  );
  // Lines before the header that hold something must be skipped; blank ones are skipped anyway.
  const skipRowsFor = (index: number) =>
    lines.slice(0, index).some((l) => l.trim() !== "") ? index : 0;

  for (const c of candidates) {
    const layout = CSV_LAYOUTS.filter((l) =>
      l.signature.every((s) => c.names.includes(normaliseHeader(s))),
    ).sort((a, b) => b.signature.length - a.signature.length)[0];
    if (!layout) continue;
    const shape = { delimiter: c.delimiter, skipRows: skipRowsFor(c.index), hasHeader: true };
    return fromLayout(layout, readCsvTable(text, file, shape), shape, file, options);
  }
  for (const c of candidates) {
    const roles = rolesOf(c.names);
    const hasAmount =
      roles.amount !== undefined || (roles.debit !== undefined && roles.credit !== undefined);
    const dated = roles.bookingDate !== undefined || roles.valueDate !== undefined;
    if (!dated || !hasAmount) continue;
    const shape = { delimiter: c.delimiter, skipRows: skipRowsFor(c.index), hasHeader: true };
    const table = readCsvTable(text, file, shape);
    return fromHeaderWords(
      rolesOf((table.header ?? []).map(normaliseHeader)),
      table,
      shape,
      file,
      options,
    );
  }
  const first = lines.findIndex((l) => l.trim() !== "");
  const shape = {
    delimiter: guessDelimiter(lines.slice(first, first + 50)),
    skipRows: 0,
    hasHeader: false,
  };
  const table = first >= 0 ? readCsvTable(text, file, shape) : undefined;
  const guessed = table ? fromValuesOnly(table, shape, file, options) : undefined;
  if (guessed) return guessed;
  throw new StatementParseError(
    file,
    String(first + 1),
    "cannot tell which columns hold the date and the amount (no known bank layout, no header words such as Date/Amount, Datum/Betrag, Fecha/Importe, Date/Montant, Datum/Bedrag); give a CSV profile naming the columns, the date format and the decimal separator",
  );
}

type Shape = { delimiter: CsvDelimiter; skipRows: number; hasHeader: boolean };
type Columns = CsvProfileInput["columns"];

function fromLayout(
  layout: CsvLayout,
  table: CsvTable,
  shape: Shape,
  file: string,
  options: { currency?: string },
): CsvProfile {
  const present = new Map((table.header ?? []).map((h) => [normaliseHeader(h), h]));
  const pick = (ref: string | number) =>
    typeof ref === "number" ? ref : present.get(normaliseHeader(ref));
  const columns: Record<string, unknown> = {};
  for (const [role, ref] of Object.entries(layout.profile.columns)) {
    const refs = (Array.isArray(ref) ? ref : [ref]).map(pick).filter((r) => r !== undefined);
    if (refs.length > 0) columns[role] = Array.isArray(ref) ? refs : refs[0];
  }
  const keepColumn = layout.profile.keepRowsWhere && pick(layout.profile.keepRowsWhere.column);
  const { keepRowsWhere, ...rest } = layout.profile;
  const dates = valuesOf(table, columns.bookingDate as Columns["bookingDate"]);
  const dateFormat = [...layout.dateFormats].sort(
    (a, b) => parsedCount(dates, b) - parsedCount(dates, a),
  )[0];
  return parseCsvProfile({
    ...rest,
    name: layout.name,
    ...shape,
    columns,
    ...(keepRowsWhere && keepColumn !== undefined
      ? { keepRowsWhere: { ...keepRowsWhere, column: keepColumn } }
      : {}),
    dateFormat,
    ...currencyOf(rest.currency, columns, table, shape, file, options, `a ${layout.name} export`),
  });
}

function fromHeaderWords(
  roles: Partial<Record<Role, number[]>>,
  table: CsvTable,
  shape: Shape,
  file: string,
  options: { currency?: string },
): CsvProfile {
  const header = table.header ?? [];
  const name = (i: number | undefined) => (i === undefined ? undefined : header[i]);
  const columns: Record<string, unknown> = {};
  for (const [role, indexes] of Object.entries(roles)) {
    const names = indexes.map(name);
    columns[role] = role === "reference" ? names : names[0];
  }
  if (columns.bookingDate === undefined) columns.bookingDate = columns.valueDate;
  const amountColumns = ["amount", "debit", "credit", "balance"].map(
    (r) => columns[r] as string | undefined,
  );
  const amounts = amountColumns.flatMap((c) => valuesOf(table, c));
  const signed = valuesOf(table, columns.amount as string | undefined);
  const direction =
    columns.amount !== undefined && !signed.some((a) => /^\s*-|-\s*$|^\(/.test(a))
      ? directionColumn(table, roles)
      : undefined;
  if (direction !== undefined) columns.direction = header[direction];
  const headerCurrency = header.map((h) => currencyInHeader(h)).find((c) => c !== undefined);
  const decimalSeparator = inferDecimal(amounts, shape.delimiter, file, table.headerLine);
  const dates = valuesOf(table, columns.bookingDate as string);
  const where = { file, line: table.headerLine, column: `column "${columns.bookingDate}"` };
  return parseCsvProfile({
    ...shape,
    columns,
    dateFormat: inferDateFormat(dates, where, decimalSeparator),
    decimalSeparator,
    ...currencyOf(
      headerCurrency ?? symbolCurrency(amounts),
      columns,
      table,
      shape,
      file,
      options,
      "this export",
    ),
  });
}

/** No header: the date column is the one whose values all read as dates, and so on. */
function fromValuesOnly(
  table: CsvTable,
  shape: Shape,
  file: string,
  options: { currency?: string },
): CsvProfile | undefined {
  const width = table.rows[0]?.cells.length ?? 0;
  const column = (i: number) =>
    table.rows
      .slice(0, sampleRows)
      .map((r) => r.cells[i] ?? "")
      .filter((v) => v !== "");
  const all = Array.from({ length: width }, (_, i) => column(i));
  const date = all.findIndex(
    (vs) => vs.length > 0 && DATE_FORMATS.some((f) => parsedCount(vs, f) === vs.length),
  );
  const numeric = (vs: string[]) =>
    vs.length > 0 &&
    vs.every(
      (v) =>
        normaliseAmount(v, { decimalSeparator: "." }) !== undefined ||
        normaliseAmount(v, { decimalSeparator: "," }) !== undefined,
    );
  const amount = all.findIndex(
    (vs, i) => i !== date && numeric(vs) && vs.some((v) => /[.,]\d{1,2}$/.test(v)),
  );
  if (date < 0 || amount < 0) return undefined;
  const words = new Set([...DEBIT_WORDS, ...CREDIT_WORDS]);
  const direction = all.findIndex(
    (vs, i) => i !== amount && vs.length > 0 && vs.every((v) => words.has(v.toLowerCase())),
  );
  const text = all.findIndex(
    (vs, i) => ![date, amount, direction].includes(i) && vs.length > 0 && !numeric(vs),
  );
  const columns = {
    bookingDate: date,
    amount,
    ...(text >= 0 ? { reference: text } : {}),
    ...(direction >= 0 ? { direction } : {}),
  };
  const amounts = all[amount] ?? [];
  const decimalSeparator = inferDecimal(amounts, shape.delimiter, file, table.headerLine);
  const where = { file, line: table.headerLine, column: `column ${date} (counting from 0)` };
  return parseCsvProfile({
    ...shape,
    columns,
    dateFormat: inferDateFormat(all[date] ?? [], where, decimalSeparator),
    decimalSeparator,
    ...currencyOf(symbolCurrency(amounts), columns, table, shape, file, options, "this export"),
  });
}

function rolesOf(names: string[]): Partial<Record<Role, number[]>> {
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
function directionColumn(
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

function valuesOf(
  table: CsvTable,
  ref: string | number | (string | number)[] | undefined,
): string[] {
  const refs = ref === undefined ? [] : Array.isArray(ref) ? ref : [ref];
  const indexes = refs.map((r) => (typeof r === "number" ? r : (table.header ?? []).indexOf(r)));
  return table.rows
    .slice(0, sampleRows)
    .flatMap((row) => indexes.map((i) => row.cells[i] ?? ""))
    .filter((v) => v !== "");
}

function parsedCount(values: string[], format: string): number {
  const compiled = compileDateFormat(format);
  return compiled ? values.filter((v) => parseDateAs(v, compiled) !== undefined).length : 0;
}

/** The format reading most values; two formats reading them as different days is a stop. */
export function inferDateFormat(
  values: string[],
  where: { file: string; line: number; column: string },
  decimalSeparator: "." | ",",
): string {
  const counts = DATE_FORMATS.map((f) => parsedCount(values, f));
  const best = Math.max(...counts);
  const stop = (problem: string) =>
    new StatementParseError(
      where.file,
      String(where.line),
      `${where.column}: ${problem}; give a CSV profile with "dateFormat"`,
    );
  if (best === 0 || best * 2 < values.length) {
    throw stop(`cannot tell the date format from values such as "${values[0] ?? ""}"`);
  }
  let fitting = DATE_FORMATS.filter((_, i) => counts[i] === best);
  const read = (f: string) => {
    const compiled = compileDateFormat(f);
    return values.map((v) => (compiled ? parseDateAs(v, compiled) : undefined));
  };
  const differs = () =>
    fitting.find((f) => read(f).some((d, i) => d !== read(fitting[0] ?? "")[i]));
  // Month-first dates are American, and American exports write decimal points, never commas.
  if (differs() !== undefined && decimalSeparator === ",")
    fitting = fitting.filter((f) => f.startsWith("D"));
  const other = differs();
  const first = fitting[0] ?? "";
  if (other !== undefined) {
    const example = values.find((_, i) => read(other)[i] !== read(first)[i]);
    throw stop(`dates such as "${example}" read both as ${first} and as ${other}`);
  }
  return first;
}

/** "." or ","; only 3-digit groups ("1,234") leave it open, and then a ";" file means ",". */
export function inferDecimal(
  values: string[],
  delimiter: CsvDelimiter,
  file: string,
  line: number,
): "." | "," {
  const fits = (d: "." | ",") =>
    values.filter((v) => normaliseAmount(v, { decimalSeparator: d }) !== undefined).length;
  const dot = fits(".");
  const comma = fits(",");
  if (values.length > 0 && dot === 0 && comma === 0) {
    throw new StatementParseError(
      file,
      String(line),
      `cannot read amounts such as "${values[0]}"; give a CSV profile with "decimalSeparator"`,
    );
  }
  if (dot !== comma) return dot > comma ? "." : ",";
  return delimiter === ";" ? "," : ".";
}

function currencyInHeader(header: string): string | undefined {
  const inside = /\(([^)]*)\)\s*$/.exec(header)?.[1]?.trim().toUpperCase();
  if (inside && isCurrencyCode(inside)) return inside;
  return symbolCurrency([inside ?? ""]);
}

/** € and £ name their currency; $ does not (USD, CAD, AUD…). */
function symbolCurrency(values: string[]): string | undefined {
  if (values.some((v) => v.includes("€"))) return "EUR";
  if (values.some((v) => v.includes("£"))) return "GBP";
  return undefined;
}

function currencyOf(
  known: string | undefined,
  columns: Record<string, unknown>,
  table: CsvTable,
  shape: Shape,
  file: string,
  options: { currency?: string },
  what: string,
): { currency?: string } {
  const column = columns.currency as string | number | undefined;
  const codes = valuesOf(table, column).filter((v) => isCurrencyCode(v.toUpperCase()));
  if (column !== undefined && codes.length === 0 && table.rows.length > 0) delete columns.currency;
  const currency = known ?? options.currency?.toUpperCase();
  if (currency !== undefined || columns.currency !== undefined) return currency ? { currency } : {};
  throw new StatementParseError(
    file,
    String(table.headerLine || shape.skipRows + 1),
    `${what} names no currency (no currency column, no "(EUR)" in a header, no € or £); give the currency or a CSV profile with "currency"`,
  );
}
