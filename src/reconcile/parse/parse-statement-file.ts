/**
 * Any statement file → statements: the format named, or recognised from the bytes (a zip or
 * CAMT XML, OFX, SWIFT MT940/942, BAI2, else CSV with a saved or detected mapping). Pure.
 */
import { CashloopError } from "../../kernel/errors.js";
import {
  type ParsedStatementFile,
  STATEMENT_FORMATS,
  type StatementFormat,
} from "../statement-model.js";
import { looksLikeBai2, parseBai2 } from "./bai2.js";
import { looksLikeCamt, parseCamt } from "./camt.js";
import { detectCsvProfile } from "./csv-detect.js";
import type { CsvProfile } from "./csv-profile.js";
import { parseCsvStatement } from "./csv-statement.js";
import { decodeStatementBytes } from "./decode-text.js";
import { looksLikeMt940, parseMt940 } from "./mt940.js";
import { looksLikeOfx, parseOfx } from "./ofx.js";

type Family = "camt" | "ofx" | "mt940" | "bai2" | "csv";

const FAMILY: Record<StatementFormat, Family> = {
  "camt.053": "camt",
  "camt.054": "camt",
  ofx: "ofx",
  mt940: "mt940",
  mt942: "mt940",
  bai2: "bai2",
  csv: "csv",
};

export function parseStatementFile(
  bytes: Uint8Array,
  file: string,
  options: { format?: string; csvProfile?: CsvProfile; currency?: string } = {},
): ParsedStatementFile {
  const family = options.format ? familyOf(options.format) : detect(bytes);
  switch (family) {
    case "camt":
      return parseCamt(bytes, file);
    case "ofx":
      return parseOfx(bytes, file);
    case "mt940":
      return parseMt940(bytes, file);
    case "bai2":
      return parseBai2(bytes, file);
    case "csv": {
      const profile =
        options.csvProfile ??
        detectCsvProfile(
          decodeStatementBytes(bytes).text,
          file,
          options.currency ? { currency: options.currency } : {},
        );
      return parseCsvStatement(bytes, file, profile);
    }
  }
}

function familyOf(format: string): Family {
  const known = [...STATEMENT_FORMATS, "camt"] as string[];
  if (!known.includes(format)) {
    throw new CashloopError(
      "format_unknown",
      `--format: "${format}" is not one of ${STATEMENT_FORMATS.join(", ")}`,
      { field: "format" },
    );
  }
  return format === "camt" ? "camt" : FAMILY[format as StatementFormat];
}

function detect(bytes: Uint8Array): Family {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return "camt";
  const { text } = decodeStatementBytes(bytes.subarray(0, 64 * 1024));
  if (looksLikeCamt(text)) return "camt";
  if (looksLikeOfx(text)) return "ofx";
  if (looksLikeMt940(text)) return "mt940";
  if (looksLikeBai2(text)) return "bai2";
  return "csv";
}
