/**
 * A CSV file → its grid: lines before the header skipped, the delimiter guessed when not given,
 * the header and each non-blank record with the physical line it starts on, every record as wide
 * as the first. Malformed CSV (a wrong field count, a quote never closed) is refused naming the
 * line. Also the helpers the detector sniffs with: header normalising, line splitting. Pure.
 */
import { parse } from "csv-parse/sync";
import { csvRowsMax } from "../../sources/csv-file.js";
import { StatementParseError } from "../statement-model.js";

export type CsvDelimiter = "," | ";" | "\t";
export type CsvTable = {
  /** Header cells as written (trimmed); null for a headerless file. */
  header: string[] | null;
  /** The physical line of the header, or of the first row when there is none. */
  headerLine: number;
  delimiter: CsvDelimiter;
  /** Non-blank records after the header, each with the physical line it starts on. */
  rows: { line: number; cells: string[] }[];
};
/** How a file is laid out once known: its delimiter, lines before the header, a header or not. */
export type CsvShape = { delimiter: CsvDelimiter; skipRows: number; hasHeader: boolean };

/** Header names compare ignoring case, accents and runs of spaces. */
export function normaliseHeader(name: string): string {
  return name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** Cells of one line, honouring quotes (for sniffing; the parser proper is csv-parse). */
export function splitCsvLine(line: string, delimiter: CsvDelimiter): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === delimiter && !quoted) {
      cells.push(cell.trim());
      cell = "";
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * The delimiter that splits the first lines into the same number of cells (more cells win); on a
 * tie ";" beats tab beats ",", since commas turn up inside values (decimal commas) far more often.
 */
export function guessDelimiter(lines: readonly string[]): CsvDelimiter {
  const sample = lines.filter((l) => l.trim() !== "").slice(0, 10);
  let best: CsvDelimiter = ",";
  let bestScore = 0;
  for (const d of [";", "\t", ","] as const) {
    const counts = sample.map((l) => splitCsvLine(l, d).length);
    const cells = counts[0] ?? 1;
    const score = cells < 2 ? 0 : (counts.every((n) => n === cells) ? 1_000 : 0) + cells;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** BOM dropped, every line ending made "\n" (bare CR files from old Macs included). */
export function normaliseCsvText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** The grid of a CSV file: `skipRows` lines dropped, every record as wide as the first. */
export function readCsvTable(
  text: string,
  file: string,
  shape: { delimiter: CsvDelimiter | "auto"; skipRows: number; hasHeader: boolean },
): CsvTable {
  let body = normaliseCsvText(text);
  for (let skipped = 0; skipped < shape.skipRows; skipped++) {
    const end = body.indexOf("\n");
    if (end < 0) {
      throw new StatementParseError(
        file,
        String(skipped + 1),
        `the profile skips ${shape.skipRows} lines before the header, but the file ends on line ${skipped + 1}`,
      );
    }
    body = body.slice(end + 1);
  }
  const delimiter =
    shape.delimiter === "auto" ? guessDelimiter(body.split("\n", 50)) : shape.delimiter;
  const records = parseRecords(body, file, { ...shape, delimiter });
  const table: CsvTable = { header: null, headerLine: 0, delimiter, rows: [] };
  let line = shape.skipRows + 1;
  for (const { record, raw } of records) {
    const start = line + (/^(?:[ \t]*\n)*/.exec(raw)?.[0].split("\n").length ?? 1) - 1;
    line += raw.split("\n").length - 1;
    const cells = record.map((v) => v.trim());
    if (cells.every((v) => v === "")) continue;
    if (table.headerLine === 0) table.headerLine = start;
    if (shape.hasHeader && table.header === null) table.header = cells;
    else table.rows.push({ line: start, cells });
  }
  if (table.headerLine === 0) {
    throw new StatementParseError(
      file,
      String(shape.skipRows + 1),
      "the file has no rows: it is empty or was cut off",
    );
  }
  if (table.rows.length > csvRowsMax) {
    throw new StatementParseError(
      file,
      String(line),
      `more than ${csvRowsMax} rows; split the file`,
    );
  }
  return table;
}

type RawRecord = { record: string[]; raw: string };

function parseRecords(body: string, file: string, shape: CsvShape): RawRecord[] {
  const { delimiter, skipRows: offset } = shape;
  try {
    return parse(body, {
      delimiter,
      record_delimiter: "\n",
      raw: true,
      skip_empty_lines: true,
      relax_column_count: false,
      relax_quotes: true,
      to: csvRowsMax + 2, // the header, the allowed rows, and one more to notice the excess
    }) as unknown as RawRecord[];
  } catch (error) {
    const e = error as { code?: string; lines?: number; message?: string; bytes_records?: number };
    if (e.code === "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH") {
      const [, want, got] = /expect (\d+), got (\d+)/.exec(e.message ?? "") ?? [];
      throw new StatementParseError(
        file,
        String(offset + (e.lines ?? 0)),
        `this row has ${got} fields but the ${shape.hasHeader ? "header" : "first row"} has ${want}: a missing or extra "${delimiter === "\t" ? "tab" : delimiter}", or an unquoted value containing one`,
      );
    }
    if (e.code === "CSV_QUOTE_NOT_CLOSED") {
      const before = new TextDecoder().decode(
        new TextEncoder().encode(body).subarray(0, e.bytes_records ?? 0),
      );
      const rest = body.slice(before.length);
      const line = offset + before.split("\n").length + (/^\n*/.exec(rest)?.[0].length ?? 0);
      throw new StatementParseError(
        file,
        String(line),
        'a quoted value that starts on this line is never closed (a missing ", or the file was cut off)',
      );
    }
    if (e.code?.startsWith("CSV_")) {
      throw new StatementParseError(
        file,
        String(offset + (e.lines ?? 0)),
        `not readable as CSV: ${e.message}`,
      );
    }
    throw error;
  }
}
