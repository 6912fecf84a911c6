/**
 * Rebuilds reply-model.json from the corpus's train split and prints the held-out metrics:
 *   node --import tsx src/assist/classify/build-model.ts
 * Deterministic: the same corpus gives the same file, byte for byte (a test checks this).
 * Also prints the naive Bayes baseline on the same split, for comparison.
 */
import { writeFileSync } from "node:fs";
import { REPLY_LABELS } from "../model.js";
import { evaluateReplies, formatReplyEvaluation } from "./evaluate-replies.js";
import { scoreClassifier } from "./metrics.js";
import { trainNaiveBayes } from "./naive-bayes.js";
import { readReplyCorpus } from "./reply-corpus.js";
import { trainClassifier } from "./train-classifier.js";

export const replyModelUrl = new URL("./reply-model.json", import.meta.url);

/** The model file's text: compact JSON, one line, newline-terminated. */
export function serializeReplyModel(model: object): string {
  return `${JSON.stringify(model)}\n`;
}

function main(): void {
  const { rows, sha256 } = readReplyCorpus();
  const train = rows.filter((r) => r.split === "train");
  const test = rows.filter((r) => r.split === "test");
  const model = trainClassifier(train, undefined, sha256);
  console.log(`temperature ${model.temperature} (fitted on out-of-fold train predictions)`);
  const file = serializeReplyModel(model);
  writeFileSync(replyModelUrl, file);
  console.log(
    `trained on ${train.length} replies: ${model.features.length} features, ${(file.length / 1024).toFixed(0)} KiB`,
  );
  console.log(formatReplyEvaluation(evaluateReplies(model, test)));
  const nb = trainNaiveBayes(train);
  const baseline = scoreClassifier(
    REPLY_LABELS,
    test.map((r) => r.label),
    test.map((r) => nb.predict(r.text)),
  );
  console.log(
    `\n  baseline, multinomial naive Bayes on the same features (argmax, no bar): accuracy ${(100 * baseline.accuracy).toFixed(1)}%, macro-F1 ${baseline.macroF1.toFixed(3)}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) main();
