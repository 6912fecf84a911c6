/**
 * Bytes of a CSV file → text → header and rows with the physical line each row starts on.
 * Pure: no file system. Problems with the file as a whole (undecodable bytes, no header, broken
 * quoting, too many rows) throw a CashloopError naming the file and, where known, the line.
 */
import { parse } from "csv-parse/sync";
import { CashloopError } from "../kernel/errors.js";

/** A file with more data rows than this is rejected, never truncated. */
export const csvRowsMax = 1_000_000;

export type CsvEncoding = "utf8" | "latin1";
export type CsvDelimiter = "," | ";";

export type CsvRow = {
  /** The 1-based physical line of the file on which the record starts. */
  line: number;
  /** Trimmed values keyed by the normalised (trimmed, lower-case) header name. */
  values: Record<string, string>;
  /** Non-blank values that sit in no named column (past the header's end or under a blank name). */
  valuesWithoutHeader: string[];
};

export type CsvRecords = {
  /** Normalised header names (trimmed, lower-case), in file order; may hold duplicates or "". */
  header: string[];
  /** The physical line of the header row (1 unless blank lines come first). */
  headerLine: number;
  rows: CsvRow[];
};

/**
 * Decodes a CSV file. UTF-8 (a byte order mark is dropped) must be valid: the first bad byte is
 * reported with its offset and line. "latin1" is Windows-1252, as browsers and Excel mean it.
 */
export function decodeCsvBytes(bytes: Uint8Array, file: string, encoding: CsvEncoding): string {
  if (encoding === "latin1") {
    if (hasPrefix(bytes, [0xef, 0xbb, 0xbf])) {
      throw new CashloopError(
        "file_encoding_mismatch",
        `${file}: starts with a UTF-8 byte order mark but --encoding latin1 was given; drop --encoding`,
        { file },
      );
    }
    return decodeWindows1252(bytes);
  }
  if (hasPrefix(bytes, [0xff, 0xfe]) || hasPrefix(bytes, [0xfe, 0xff])) {
    throw new CashloopError(
      "file_encoding_invalid",
      `${file}: is UTF-16; save it as UTF-8 (or CSV UTF-8 in Excel) and import again`,
      { file, offset: 0, line: 1 },
    );
  }
  const offset = firstInvalidUtf8Offset(bytes);
  if (offset >= 0) {
    const line = 1 + countNewlines(bytes, offset);
    const byte = bytes[offset]?.toString(16).toUpperCase().padStart(2, "0");
    throw new CashloopError(
      "file_encoding_invalid",
      `${file}:${line}: not valid UTF-8 (byte 0x${byte} at offset ${offset}); save the file as UTF-8, or pass --encoding latin1 if it is Latin-1 / Windows-1252`,
      { file, line, offset },
    );
  }
  return new TextDecoder("utf-8").decode(bytes); // drops a leading BOM
}

/**
 * Bytes 0x80–0x9F of Windows-1252 (€, curly quotes, dashes…). Some Node versions decode "latin1"
 * as ISO-8859-1 there (control characters), so they are mapped here; 0x81, 0x8D, 0x8F, 0x90 and
 * 0x9D are unassigned and stay as they are, as WHATWG specifies.
 */
const windows1252High =
  "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f" +
  "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

export function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder("latin1")
    .decode(bytes)
    .replace(/[\u0080-\u009f]/g, (c) => windows1252High[c.charCodeAt(0) - 0x80] ?? c);
}

function hasPrefix(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) count++;
  return count;
}

/** The offset where the first ill-formed UTF-8 sequence starts (RFC 3629), or -1. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let trailing: number;
    if (lead >= 0xc2 && lead <= 0xdf) trailing = 1;
    else if (lead >= 0xe0 && lead <= 0xef) trailing = 2;
    else if (lead >= 0xf0 && lead <= 0xf4) trailing = 3;
    else return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= trailing; k++) {
      const b = bytes[i + k];
      if (b === undefined || b < (k === 1 ? low : 0x80) || b > (k === 1 ? high : 0xbf)) return i;
    }
    i += trailing + 1;
  }
  return -1;
}

/**
 * The delimiter of a file: the one of "," and ";" seen more often outside quotes on the header
 * line (ties and a one-column header mean ",").
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  let started = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (ch === ",") commas++;
    else if (ch === ";") semicolons++;
    else if (ch === "\n") {
      if (started) break;
      continue; // blank lines before the header
    }
    if (ch.trim() !== "") started = true;
  }
  return semicolons > commas ? ";" : ",";
}

type RawRecord = { record: string[]; raw: string };

/**
 * Reads CSV text: the first non-blank record is the header; blank lines and rows whose values
 * are all blank are skipped; every value is trimmed. Line endings may be \n, \r\n or \r.
 */
export function readCsvRecords(
  text: string,
  file: string,
  limits: { rowsMax: number } = { rowsMax: csvRowsMax },
): CsvRecords {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const records = parseRaw(normalised, file, limits.rowsMax);
  let line = 1;
  let header: string[] | undefined;
  let headerLine = 0;
  const rows: CsvRow[] = [];
  for (const { record, raw } of records) {
    const start = line + leadingNewlines(raw);
    line += countChar(raw, "\n");
    const trimmed = record.map((v) => v.trim());
    if (trimmed.every((v) => v === "")) continue;
    if (header === undefined) {
      header = trimmed.map((name) => name.toLowerCase());
      headerLine = start;
      continue;
    }
    rows.push(toRow(header, trimmed, start));
  }
  if (header === undefined) {
    throw new CashloopError(
      "csv_header_missing",
      `${file}: the file is empty; its first line must name the columns`,
      { file, line: 1 },
    );
  }
  return { header, headerLine, rows };
}

function toRow(header: readonly string[], values: readonly string[], line: number): CsvRow {
  const row: CsvRow = { line, values: {}, valuesWithoutHeader: [] };
  const width = Math.max(header.length, values.length);
  for (let i = 0; i < width; i++) {
    const name = header[i];
    const value = values[i] ?? "";
    if (name === undefined || name === "") {
      if (value !== "") row.valuesWithoutHeader.push(value);
    } else if (!Object.hasOwn(row.values, name)) {
      row.values[name] = value; // a duplicated column name keeps its first value
    }
  }
  return row;
}

function parseRaw(text: string, file: string, rowsMax: number): RawRecord[] {
  let records: RawRecord[];
  try {
    records = parse(text, {
      delimiter: detectDelimiter(text),
      record_delimiter: "\n",
      raw: true,
      skip_empty_lines: true,
      relax_column_count: true,
      relax_quotes: true,
      to: rowsMax + 2, // the header, the allowed rows, and one more to notice the excess
    }) as unknown as RawRecord[];
  } catch (error) {
    throw csvSyntaxError(error, text, file);
  }
  if (records.length > rowsMax + 1) {
    throw new CashloopError(
      "csv_too_many_rows",
      `${file}: has more than ${rowsMax.toLocaleString("en-US")} rows; split it into smaller files`,
      { file, rowsMax },
    );
  }
  return records;
}

function csvSyntaxError(error: unknown, text: string, file: string): unknown {
  if (!(error instanceof Error) || !("code" in error)) return error;
  const e = error as Error & { code: string; lines?: number; bytes_records?: number };
  let line = e.lines ?? 0;
  let reason = e.message;
  if (e.code === "CSV_QUOTE_NOT_CLOSED" && e.bytes_records !== undefined) {
    const encoded = new TextEncoder().encode(text).subarray(0, e.bytes_records);
    const before = new TextDecoder().decode(encoded);
    const rest = text.slice(before.length);
    line = 1 + countChar(before, "\n") + leadingNewlines(rest);
    reason = 'a quoted value that starts on this line is never closed (a missing ")';
  }
  return new CashloopError("csv_malformed", `${file}:${line}: ${reason}`, {
    file,
    line,
    reason,
  });
}

function countChar(s: string, ch: string): number {
  let count = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) count++;
  return count;
}

/** Line breaks before the first non-blank line of raw (skipped blank lines, in raw's prefix). */
function leadingNewlines(raw: string): number {
  const match = /^(?:[ \t]*\n)*/.exec(raw);
  return countChar(match?.[0] ?? "", "\n");
}
