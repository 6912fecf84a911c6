/**
 * Scores the classifier on corpus rows (the test split, usually): label metrics through the full
 * classifyReply path (confidence bar and injection rule included), and how often the extracted
 * promisedOn / returnsOn / newContact equal the corpus annotation. Pure.
 */
import { REPLY_LABELS } from "../model.js";
import { classifyReply } from "./classify-reply.js";
import type { CorpusRow } from "./corpus-row.js";
import { type ClassifierScores, scoreClassifier } from "./metrics.js";
import type { ReplyModel } from "./reply-model.js";

export type FieldScore = { field: string; correct: number; total: number };
export type ReplyEvaluation = ClassifierScores & {
  rows: number;
  handWritten: { rows: number; accuracy: number; macroF1: number };
  fields: FieldScore[];
};

function fieldScore(field: string, pairs: Array<[unknown, unknown]>): FieldScore {
  const same = pairs.filter(
    ([got, want]) => JSON.stringify(got ?? null) === JSON.stringify(want ?? null),
  );
  return { field, correct: same.length, total: pairs.length };
}

export function evaluateReplies(model: ReplyModel, rows: readonly CorpusRow[]): ReplyEvaluation {
  const results = rows.map((row) => classifyReply(model, row.text, row.receivedOn));
  const scores = scoreClassifier(
    REPLY_LABELS,
    rows.map((r) => r.label),
    results.map((r) => r.label),
  );
  const hand = rows.flatMap((r, i) => (r.origin === "hand" ? [[r.label, results[i]?.label]] : []));
  const handScores = scoreClassifier(
    REPLY_LABELS,
    hand.map(([gold]) => gold as string),
    hand.map(([, got]) => got as string),
  );
  /** Fields are scored where both the corpus and the classifier say the label. */
  const pairs = (label: string, read: (i: number) => [unknown, unknown]) =>
    rows.flatMap((r, i) => (r.label === label && results[i]?.label === label ? [read(i)] : []));
  return {
    ...scores,
    rows: rows.length,
    handWritten: { rows: hand.length, accuracy: handScores.accuracy, macroF1: handScores.macroF1 },
    fields: [
      fieldScore(
        "promisedOn",
        pairs("promise_to_pay", (i) => [results[i]?.promisedOn, rows[i]?.promisedOn]),
      ),
      fieldScore(
        "returnsOn",
        pairs("out_of_office", (i) => [results[i]?.returnsOn, rows[i]?.returnsOn]),
      ),
      fieldScore(
        "newContact",
        pairs("wrong_contact", (i) => [results[i]?.newContact, rows[i]?.newContact]),
      ),
    ],
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** A readable report: accuracy, macro-F1, per-label table, confusion matrix, field accuracy. */
export function formatReplyEvaluation(e: ReplyEvaluation): string {
  const lines = [
    `reply classifier, held-out test split: ${e.rows} replies`,
    `  accuracy ${pct(e.accuracy)}   macro-F1 ${e.macroF1.toFixed(3)}`,
    `  hand-written test replies only (${e.handWritten.rows}): accuracy ${pct(e.handWritten.accuracy)}, macro-F1 ${e.handWritten.macroF1.toFixed(3)}`,
    "",
    `  ${"label".padEnd(20)} precision  recall     f1  support`,
    ...e.perLabel.map(
      (l) =>
        `  ${l.label.padEnd(20)} ${l.precision.toFixed(3).padStart(9)} ${l.recall.toFixed(3).padStart(7)} ${l.f1.toFixed(3).padStart(6)} ${String(l.support).padStart(8)}`,
    ),
    "",
    "  confusion (rows: true label, columns: predicted)",
    `  ${"".padEnd(20)}${e.labels.map((l) => l.slice(0, 6).padStart(7)).join("")}`,
    ...e.confusion.map(
      (row, i) =>
        `  ${(e.labels[i] ?? "").padEnd(20)}${row.map((n) => String(n).padStart(7)).join("")}`,
    ),
    "",
    ...e.fields.map((f) => `  ${f.field} matches the annotation: ${f.correct}/${f.total}`),
  ];
  return lines.join("\n");
}
