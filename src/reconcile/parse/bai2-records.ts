/**
 * BAI2 text → records. Records are comma-separated and end with "/"; several may share a
 * physical line, and a 16 record's text may wrap onto lines of its own. Each 88 continuation is
 * folded into the record it continues. An unknown record code is refused, naming its line. Pure.
 */
import { RECORD, RECORD_CODES } from "./bai2-codes.js";
import { type Bai2Record, detailFields, fail, Problem, type RawRecord } from "./bai2-fields.js";

/** A file with more records than this is refused, not read in part. */
export const bai2RecordsMax = 2_000_000;

/** "/", whitespace, then a record code: another record on the same physical line. */
const recordBoundary = /\/\s+(?=(?:01|02|03|16|49|88|98|99),)/;

/**
 * A 16 record's text (and an 88 continuing it) may hold "/" and "," and may wrap onto lines that
 * do not start with a record code: it ends at the end of its line when the next line starts a
 * record, or at "/" followed by another record on the same line. Other records end at "/".
 */
export function splitRecords(text: string): RawRecord[] {
  const out: RawRecord[] = [];
  let open: RawRecord | undefined; // a text record that may go on on the next line
  let base = ""; // the code of the last record that was not an 88
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  for (const [i, physical] of lines.entries()) {
    let rest = physical.trim();
    const line = i + 1;
    if (rest === "") continue;
    if (open && !/^\d\d,/.test(rest)) {
      const end = recordBoundary.exec(rest);
      open.body += ` ${rest.slice(0, end?.index)}`;
      rest = end ? rest.slice(end.index + end[0].length) : "";
    }
    if (rest !== "") open = undefined;
    while (rest !== "") {
      const code = /^(\d\d),/.exec(rest)?.[1];
      if (code === undefined) fail({ line }, `expected a record code at "${rest.slice(0, 20)}"`);
      if (!RECORD_CODES.has(code)) fail({ line }, `unknown record code "${code}"`);
      if (out.length >= bai2RecordsMax) fail({ line }, `more than ${bai2RecordsMax} records`);
      if (code !== RECORD.continuation) base = code;
      const end = base === RECORD.detail ? recordBoundary.exec(rest) : /\//.exec(rest);
      const record = { code, line, body: rest.slice(3, end?.index) };
      out.push(record);
      rest = end ? rest.slice(end.index + end[0].length).trim() : "";
      if (!end && base === RECORD.detail) open = record;
    }
  }
  for (const r of out) r.body = r.body.trimEnd().replace(/\/$/, ""); // a text record's own "/"
  return out;
}

/**
 * Folds each 88 into the record it continues. An 88 carries the next fields, so it is joined
 * with ","; once a 16 record's text has started, an 88 goes on with that text (joined with a
 * space: the bank wrapped a long text).
 */
export function joinContinuations(raw: RawRecord[]): Bai2Record[] {
  const out: Bai2Record[] = [];
  for (const r of raw) {
    const last = out.at(-1);
    if (r.code !== RECORD.continuation) {
      out.push({ ...r, segments: [{ at: 0, line: r.line }], records: 1 });
      continue;
    }
    if (!last) fail(r, "88 continuation record with no record before it");
    const separator = last.code === RECORD.detail && textStarted(last) ? " " : ",";
    last.segments.push({ at: last.body.length + separator.length, line: r.line });
    last.body += separator + r.body;
    last.records++;
  }
  return out;
}

/** Whether a 16 record has reached its text field (a record cut short may not parse yet). */
function textStarted(r: Bai2Record): boolean {
  try {
    return detailFields(r).text !== null;
  } catch (e) {
    if (e instanceof Problem) return false; // the joined record is read, and checked, later
    throw e;
  }
}
