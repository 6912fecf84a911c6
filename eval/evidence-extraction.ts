/**
 * Field accuracy of the rule-based evidence extractor on the labelled set in
 * data/evidence/evidence.jsonl (one `{id, text, expected}` per line). `npm run eval` prints it.
 */
import { readFileSync } from "node:fs";
import { extractPaymentEvidence } from "../src/assist/extract/payment-evidence.js";
import type { EvidenceExtraction } from "../src/assist/model.js";
import { parseDecimal, toCommonScale } from "../src/kernel/decimal.js";

export const evidenceFields = ["amount", "currency", "date", "reference", "payer", "bank"] as const;
export type EvidenceField = (typeof evidenceFields)[number];

export type EvidenceCase = {
  id: string;
  text: string;
  expected: Record<EvidenceField, string | null>;
};

export type FieldAccuracy = {
  field: EvidenceField;
  correct: number;
  total: number;
  accuracy: number;
};

export type EvidenceEval = {
  fields: FieldAccuracy[];
  overall: { correct: number; total: number; accuracy: number };
  misses: { id: string; field: EvidenceField; expected: string | null; actual: string | null }[];
};

/** A labelled set this large is a mistake, not a data set. */
export const evidenceCasesMax = 10_000;

const defaultPath = new URL("../data/evidence/evidence.jsonl", import.meta.url);

function parseCase(line: string, lineNumber: number): EvidenceCase {
  const row = JSON.parse(line) as Partial<EvidenceCase>;
  const expected = row.expected as Record<string, unknown> | undefined;
  const valid =
    typeof row.id === "string" &&
    typeof row.text === "string" &&
    expected !== undefined &&
    evidenceFields.every((f) => expected[f] === null || typeof expected[f] === "string");
  if (!valid) throw new Error(`evidence.jsonl line ${lineNumber}: expected {id, text, expected}`);
  return row as EvidenceCase;
}

export function loadEvidenceCases(path: string | URL = defaultPath): EvidenceCase[] {
  const lines = readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  if (lines.length > evidenceCasesMax) {
    throw new Error(`evidence set has ${lines.length} cases; at most ${evidenceCasesMax}`);
  }
  return lines.map((line, i) => parseCase(line, i + 1));
}

function sameDecimal(a: string, b: string): boolean {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  if (!x || !y) return false;
  const { units } = toCommonScale([x, y]);
  return units[0] === units[1];
}

function normaliseText(s: string): string {
  return s
    .normalize("NFC")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/[\s.,;:]+$/, "")
    .trim();
}

/** Amounts compare as numbers ("500" = "500.00"); names and references ignore case and spacing. */
export function fieldMatches(
  field: EvidenceField,
  expected: string | null,
  actual: string | null,
): boolean {
  if (expected === null || actual === null) return expected === actual;
  if (field === "amount") return sameDecimal(expected, actual);
  if (field === "currency" || field === "date") return expected === actual;
  return normaliseText(expected) === normaliseText(actual);
}

function ratio(correct: number, total: number): number {
  return total === 0 ? 0 : Math.round((correct / total) * 1000) / 1000;
}

export function evaluateEvidenceExtraction(
  cases: readonly EvidenceCase[] = loadEvidenceCases(),
): EvidenceEval {
  const correct = new Map<EvidenceField, number>(evidenceFields.map((f) => [f, 0]));
  const misses: EvidenceEval["misses"] = [];
  for (const c of cases) {
    const extraction: EvidenceExtraction = extractPaymentEvidence(c.text);
    for (const field of evidenceFields) {
      const actual = extraction[field].value;
      if (fieldMatches(field, c.expected[field], actual)) {
        correct.set(field, (correct.get(field) ?? 0) + 1);
      } else {
        misses.push({ id: c.id, field, expected: c.expected[field], actual });
      }
    }
  }
  const fields = evidenceFields.map((field) => {
    const n = correct.get(field) ?? 0;
    return { field, correct: n, total: cases.length, accuracy: ratio(n, cases.length) };
  });
  const correctAll = fields.reduce((s, f) => s + f.correct, 0);
  const totalAll = cases.length * evidenceFields.length;
  return {
    fields,
    overall: { correct: correctAll, total: totalAll, accuracy: ratio(correctAll, totalAll) },
    misses,
  };
}

/** Prints the per-field table (and the misses) and returns the numbers. */
export function printEvidenceEval(write: (text: string) => void = (t) => process.stdout.write(t)) {
  const result = evaluateEvidenceExtraction();
  const rows = result.fields.map(
    (f) =>
      `  ${f.field.padEnd(10)} ${String(f.correct).padStart(4)}/${f.total}  ${f.accuracy.toFixed(3)}`,
  );
  const { correct, total, accuracy } = result.overall;
  write(
    [
      "evidence extraction (builtin rules, data/evidence/evidence.jsonl)",
      ...rows,
      `  ${"overall".padEnd(10)} ${String(correct).padStart(4)}/${total}  ${accuracy.toFixed(3)}`,
      ...result.misses.map(
        (m) =>
          `  miss ${m.id} ${m.field}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`,
      ),
      "",
    ].join("\n"),
  );
  return result;
}
