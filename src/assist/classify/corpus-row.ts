/**
 * One labelled reply of the classifier's corpus (data/replies/replies.jsonl), and its parser.
 * Pure: the file is read by reply-corpus.ts.
 */
import { type CalendarDate, isCalendarDate } from "../../kernel/dates.js";
import { type Language, REPLY_LABELS, type ReplyLabel } from "../model.js";

export type NewContact = { name: string | null; email: string | null; phone: string | null };

export type CorpusRow = {
  id: string;
  text: string;
  label: ReplyLabel;
  language: Language;
  promisedOn?: CalendarDate;
  returnsOn?: CalendarDate;
  newContact?: NewContact;
  split: "train" | "test";
  /** "hand": written as a whole message; "generated": a phrase template in a generated frame. */
  origin: "hand" | "generated";
  /** The day the reply arrived: relative dates ("el viernes") are read against it. */
  receivedOn: CalendarDate;
  /** Rows of one group (a hand-written message, or the variants of one phrase) share a split. */
  group: string;
};

export const corpusRowsMax = 20_000;

function fail(line: number, reason: string): never {
  throw new Error(`replies.jsonl line ${line}: ${reason}`);
}

function optionalDate(value: unknown, line: number, field: string): CalendarDate | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) fail(line, `${field} is not a YYYY-MM-DD date`);
  return value;
}

function nullableString(value: unknown, line: number, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string" || value === "") fail(line, `${field} must be a string or null`);
  return value;
}

function parseRow(value: unknown, line: number): CorpusRow {
  if (typeof value !== "object" || value === null) fail(line, "not an object");
  const o = value as Record<string, unknown>;
  if (typeof o.id !== "string" || !/^r\d{4,}$/.test(o.id)) fail(line, "id must look like r0001");
  if (typeof o.text !== "string" || o.text.trim() === "") fail(line, "text is empty");
  if (!REPLY_LABELS.includes(o.label as ReplyLabel)) fail(line, `unknown label ${o.label}`);
  if (o.language !== "en" && o.language !== "es") fail(line, "language must be en or es");
  if (o.split !== "train" && o.split !== "test") fail(line, "split must be train or test");
  if (o.origin !== "hand" && o.origin !== "generated")
    fail(line, "origin must be hand or generated");
  const receivedOn = optionalDate(o.receivedOn, line, "receivedOn");
  if (!receivedOn) fail(line, "receivedOn is missing");
  if (typeof o.group !== "string" || o.group === "") fail(line, "group is missing");
  const row: CorpusRow = {
    id: o.id,
    text: o.text,
    label: o.label as ReplyLabel,
    language: o.language,
    split: o.split,
    origin: o.origin,
    receivedOn,
    group: o.group,
  };
  const promisedOn = optionalDate(o.promisedOn, line, "promisedOn");
  if (promisedOn) row.promisedOn = promisedOn;
  const returnsOn = optionalDate(o.returnsOn, line, "returnsOn");
  if (returnsOn) row.returnsOn = returnsOn;
  if (o.newContact !== undefined) {
    const c = o.newContact as Record<string, unknown>;
    row.newContact = {
      name: nullableString(c.name, line, "newContact.name"),
      email: nullableString(c.email, line, "newContact.email"),
      phone: nullableString(c.phone, line, "newContact.phone"),
    };
  }
  return row;
}

/** Every line must parse; ids must be unique. Throws with the line number of the first bad row. */
export function parseCorpus(jsonl: string): CorpusRow[] {
  const rows: CorpusRow[] = [];
  const ids = new Set<string>();
  const lines = jsonl.split("\n");
  for (const [index, text] of lines.entries()) {
    if (text.trim() === "") continue;
    if (rows.length >= corpusRowsMax) fail(index + 1, `more than ${corpusRowsMax} rows`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      fail(index + 1, "not valid JSON");
    }
    const row = parseRow(value, index + 1);
    if (ids.has(row.id)) fail(index + 1, `duplicate id ${row.id}`);
    ids.add(row.id);
    rows.push(row);
  }
  return rows;
}

/** The near-duplicate key: lowercased, digits dropped, whitespace collapsed. */
export function duplicateKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, "").replace(/\s+/g, " ").trim();
}
