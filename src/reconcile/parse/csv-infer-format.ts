/**
 * The date format and decimal separator a CSV export writes, inferred from a sample of its
 * values. When the values fit two readings that give different dates or amounts (05/03 as May or
 * March) it throws and asks for a profile: a wrong guess would import wrong money. Pure.
 */
import { StatementParseError } from "../statement-model.js";
import { normaliseAmount } from "./csv-amount.js";
import { compileDateFormat, parseDateAs } from "./csv-date-format.js";
import type { CsvDelimiter, CsvTable } from "./csv-table.js";

/** Rows whose values are sampled to infer formats. */
export const sampleRows = 500;

/** Date formats tried when nothing else says which; order breaks no ties (ties throw). */
// biome-ignore format: a list
export const DATE_FORMATS = [
  "YYYY-MM-DD", "YYYY/MM/DD", "YYYYMMDD", "DD.MM.YYYY", "DD.MM.YY", "DD/MM/YYYY", "MM/DD/YYYY",
  "D/M/YY", "M/D/YY", "DD-MM-YYYY", "MM-DD-YYYY", "DD-MM-YY", "DD MMM YYYY", "DD-MMM-YYYY",
  "DD-MMM-YY", "DD.MMM.YYYY",
];

export function valuesOf(
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

export function parsedCount(values: string[], format: string): number {
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
