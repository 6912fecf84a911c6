/**
 * Which profile reads a CSV bank export: a known bank layout recognised by its header line, else
 * a generic guess from header words (English, Spanish, German, Dutch, French) with the date format
 * and decimal separator inferred from the values, else a headerless guess from the values alone.
 * When a guess would be a coin toss (05/03 as May or March, no currency anywhere) it throws and
 * asks for a profile instead: a wrong guess would import wrong money. Pure.
 */
import { StatementParseError } from "../statement-model.js";
import { normaliseAmount } from "./csv-amount.js";
import { directionColumn, type Role, rolesOf } from "./csv-column-roles.js";
import { currencyInHeader, currencyOf, symbolCurrency } from "./csv-infer-currency.js";
import {
  DATE_FORMATS,
  inferDateFormat,
  inferDecimal,
  parsedCount,
  sampleRows,
  valuesOf,
} from "./csv-infer-format.js";
import { CSV_LAYOUTS, type CsvLayout } from "./csv-layouts.js";
import {
  CREDIT_WORDS,
  type CsvProfile,
  type CsvProfileInput,
  DEBIT_WORDS,
  parseCsvProfile,
} from "./csv-profile.js";
import {
  type CsvShape,
  type CsvTable,
  guessDelimiter,
  normaliseCsvText,
  normaliseHeader,
  readCsvTable,
  splitCsvLine,
} from "./csv-table.js";

/** Lines searched for a header (bank exports put account details above it). */
const headerSearchLines = 40;

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

type Columns = CsvProfileInput["columns"];

function fromLayout(
  layout: CsvLayout,
  table: CsvTable,
  shape: CsvShape,
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
  shape: CsvShape,
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
  shape: CsvShape,
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
