/**
 * `npm run eval`: the built-in reply classifier on the held-out test split of
 * data/replies/replies.jsonl, through the same classifyReply path the product uses.
 */
import { builtinReplyModel } from "../src/assist/classify/builtin-reply-model.js";
import {
  evaluateReplies,
  formatReplyEvaluation,
  type ReplyEvaluation,
} from "../src/assist/classify/evaluate-replies.js";
import { readReplyCorpus } from "../src/assist/classify/reply-corpus.js";

export type LabelEvaluation = {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
};

export function evaluateReplyClassifier(): {
  accuracy: number;
  macroF1: number;
  perLabel: LabelEvaluation[];
  confusion: number[][];
  labels: string[];
} & Pick<ReplyEvaluation, "rows" | "handWritten" | "fields"> {
  const test = readReplyCorpus().rows.filter((r) => r.split === "test");
  return evaluateReplies(builtinReplyModel, test);
}

export function printReplyEval(): void {
  console.log(formatReplyEvaluation(evaluateReplyClassifier()));
}

if (import.meta.url === `file://${process.argv[1]}`) printReplyEval();
