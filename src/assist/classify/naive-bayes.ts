/**
 * A multinomial naive Bayes baseline over the same features, kept to compare against the
 * softmax model in build-model.ts (the committed model is the softmax one). Pure.
 */
import { REPLY_LABELS, type ReplyLabel } from "../model.js";
import { modelFeatures, type TrainingRow } from "./train-classifier.js";

export type NaiveBayes = { predict(text: string): ReplyLabel };

export function trainNaiveBayes(rows: readonly TrainingRow[], alpha = 0.1): NaiveBayes {
  const counts = REPLY_LABELS.map(() => new Map<string, number>());
  const totals = REPLY_LABELS.map(() => 0);
  const docs = REPLY_LABELS.map(() => 0);
  const vocab = new Set<string>();
  for (const row of rows) {
    const c = REPLY_LABELS.indexOf(row.label);
    docs[c] = (docs[c] as number) + 1;
    for (const f of modelFeatures(row.text)) {
      const map = counts[c] as Map<string, number>;
      map.set(f, (map.get(f) ?? 0) + 1);
      totals[c] = (totals[c] as number) + 1;
      vocab.add(f);
    }
  }
  const logPrior = docs.map((n) => Math.log((n + 1) / (rows.length + REPLY_LABELS.length)));
  return {
    predict(text) {
      const features = modelFeatures(text).filter((f) => vocab.has(f));
      const scores = REPLY_LABELS.map((_, c) => {
        const denominator = (totals[c] as number) + alpha * vocab.size;
        let s = logPrior[c] as number;
        for (const f of features)
          s += Math.log((((counts[c] as Map<string, number>).get(f) ?? 0) + alpha) / denominator);
        return s;
      });
      return REPLY_LABELS[scores.indexOf(Math.max(...scores))] as ReplyLabel;
    },
  };
}
