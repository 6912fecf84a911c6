/**
 * One import file's bytes → its input records and every problem found in it. Pure: no file
 * system, no database (references to other records are checked by the import use case).
 */
import { CashloopError, type RowIssue } from "../kernel/errors.js";
import type { CurrencyCode } from "../kernel/money.js";
import {
  type CsvEncoding,
  type CsvRecords,
  type CsvRow,
  decodeCsvBytes,
  readCsvRecords,
} from "./csv-file.js";
import type { SourceInputs, SourceKind, SourceRow } from "./model.js";
import { type RowConverter, show } from "./row-fields.js";
import {
  type ColumnSet,
  contactFromRow,
  contractLineFromRow,
  customerFromRow,
  eventLineFromRow,
  groupContracts,
  groupEvents,
  type LineRow,
  productFromRow,
  SOURCE_COLUMNS,
  SOURCE_KEY_COLUMNS,
  taxRateFromRow,
} from "./row-schemas.js";

export type ParseSourceOptions = {
  file: string;
  encoding: CsvEncoding;
  defaults: { currency: CurrencyCode };
};

export type ParsedSource<K extends SourceKind> = { rows: SourceRow<K>[]; issues: RowIssue[] };

/**
 * Decodes, reads and checks a whole file. `rows` holds the records that converted cleanly (a
 * contract or event with any bad row is left out); apply them only when `issues` is empty.
 * Throws CashloopError only when the file cannot be read at all: bytes that are not valid in
 * `encoding`, no header, or more than csvRowsMax rows.
 */
export function parseSourceFile<K extends SourceKind>(
  kind: K,
  bytes: Uint8Array,
  options: ParseSourceOptions,
): ParsedSource<K> {
  const { file } = options;
  const csv = readOrIssue(decodeCsvBytes(bytes, file, options.encoding), file);
  if ("issues" in csv) return { rows: [], issues: csv.issues };
  const headerIssues = checkHeader(csv, SOURCE_COLUMNS[kind], file);
  if (headerIssues.length > 0) return { rows: [], issues: headerIssues };
  const stray = strayValueIssues(csv.rows, file);
  const parsed = convertRows(kind, csv.rows, options);
  const issues = [...stray, ...parsed.issues].sort((a, b) => a.line - b.line);
  return { rows: parsed.rows as SourceRow<K>[], issues };
}

function readOrIssue(text: string, file: string): CsvRecords | { issues: RowIssue[] } {
  try {
    return readCsvRecords(text, file);
  } catch (error) {
    if (!(error instanceof CashloopError) || error.code !== "csv_malformed") throw error;
    const line = error.details.line ?? 0;
    const reason = String(error.details.reason ?? error.message);
    return { issues: [{ file, line, column: "(file)", reason }] };
  }
}

/** Unknown, repeated and missing columns. Any of them stops the row checks. */
export function checkHeader(csv: CsvRecords, columns: ColumnSet, file: string): RowIssue[] {
  const known = [...columns.required, ...columns.optional];
  const issues: RowIssue[] = [];
  const at = (column: string, reason: string) =>
    issues.push({ file, line: csv.headerLine, column, reason });
  const seen = new Set<string>();
  for (const name of csv.header) {
    if (name === "") continue;
    if (seen.has(name)) at(name, "column appears more than once in the header");
    seen.add(name);
    if (!known.includes(name)) {
      const hint = closest(name, known);
      at(
        name,
        `unknown column ${show(name)}${hint ? `; did you mean ${show(hint)}?` : ""} (columns: ${known.join(", ")})`,
      );
    }
  }
  const missing = columns.required.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    const s = missing.length === 1 ? "" : "s";
    at(missing.join(", "), `missing required column${s}: ${missing.join(", ")}`);
  }
  return issues;
}

/** The known name within edit distance 2 of a typo, if there is one. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function strayValueIssues(rows: readonly CsvRow[], file: string): RowIssue[] {
  return rows
    .filter((row) => row.valuesWithoutHeader.length > 0)
    .map((row) => ({
      file,
      line: row.line,
      column: "(row)",
      reason: `has values in no named column (${row.valuesWithoutHeader.map(show).join(", ")}); add a header or remove them`,
    }));
}

function convertRows(
  kind: SourceKind,
  rows: readonly CsvRow[],
  options: ParseSourceOptions,
): ParsedSource<SourceKind> {
  switch (kind) {
    case "customers":
      return convertKeyed(kind, rows, customerFromRow, (r) => r.externalId, options);
    case "contacts":
      return convertKeyed(kind, rows, contactFromRow, (r) => r.externalId, options);
    case "products":
      return convertKeyed(kind, rows, productFromRow, (r) => r.code, options);
    case "tax-rates":
      return convertKeyed(kind, rows, taxRateFromRow, (r) => r.code, options);
    case "contracts": {
      const lines = convertLines(rows, contractLineFromRow, options);
      const grouped = groupContracts(lines.rows, options.file, lines.failedIds);
      return { rows: grouped.rows, issues: [...lines.issues, ...grouped.issues] };
    }
    case "events": {
      const lines = convertLines(rows, eventLineFromRow, options);
      const grouped = groupEvents(lines.rows, options.file, lines.failedIds);
      return { rows: grouped.rows, issues: [...lines.issues, ...grouped.issues] };
    }
  }
}

/** One record per row; a key seen on an earlier row is reported on the later one. */
function convertKeyed<K extends "customers" | "contacts" | "products" | "tax-rates">(
  kind: K,
  rows: readonly CsvRow[],
  convert: RowConverter<SourceInputs[K]>,
  keyOf: (record: SourceInputs[K]) => string,
  options: ParseSourceOptions,
): ParsedSource<K> {
  const keyColumn = SOURCE_KEY_COLUMNS[kind];
  const firstLineByKey = new Map<string, number>();
  const result: ParsedSource<K> = { rows: [], issues: [] };
  for (const row of rows) {
    const converted = convert(row.values, row.line, options.file, options.defaults);
    result.issues.push(...converted.issues);
    const key = converted.record ? keyOf(converted.record) : (row.values[keyColumn] ?? "");
    const firstLine = key === "" ? undefined : firstLineByKey.get(key);
    if (firstLine !== undefined) {
      result.issues.push({
        file: options.file,
        line: row.line,
        column: keyColumn,
        reason: `duplicate ${keyColumn} ${show(key)}; line ${firstLine} has it already`,
      });
      continue;
    }
    if (key !== "") firstLineByKey.set(key, row.line);
    if (converted.record) result.rows.push({ line: row.line, record: converted.record });
  }
  return result;
}

/** Converts contract or event rows; remembers the ids of records with a bad row. */
function convertLines<H extends { externalId: string }>(
  rows: readonly CsvRow[],
  convert: RowConverter<LineRow<H>>,
  options: ParseSourceOptions,
): { rows: { line: number; record: LineRow<H> }[]; issues: RowIssue[]; failedIds: Set<string> } {
  const result = { rows: [] as { line: number; record: LineRow<H> }[], issues: [] as RowIssue[] };
  const failedIds = new Set<string>();
  for (const row of rows) {
    const converted = convert(row.values, row.line, options.file, options.defaults);
    if (converted.record) {
      result.rows.push({ line: row.line, record: converted.record });
    } else {
      result.issues.push(...converted.issues);
      failedIds.add(row.values.external_id ?? "");
    }
  }
  return { ...result, failedIds };
}
