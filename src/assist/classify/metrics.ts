/** Accuracy, per-label precision/recall/F1, macro-F1 and the confusion matrix. Pure. */

export type LabelScore = {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
};

export type ClassifierScores = {
  accuracy: number;
  macroF1: number;
  perLabel: LabelScore[];
  /** confusion[gold][predicted], in `labels` order. */
  confusion: number[][];
  labels: string[];
};

export function scoreClassifier(
  labels: readonly string[],
  gold: readonly string[],
  predicted: readonly string[],
): ClassifierScores {
  if (gold.length !== predicted.length) throw new Error("gold and predicted differ in length");
  const at = (label: string) => {
    const i = labels.indexOf(label);
    if (i < 0) throw new Error(`unknown label ${label}`);
    return i;
  };
  const confusion = labels.map(() => labels.map(() => 0));
  gold.forEach((g, i) => {
    const row = confusion[at(g)] as number[];
    const p = at(predicted[i] as string);
    row[p] = (row[p] as number) + 1;
  });
  const perLabel = labels.map((label, i) => {
    const tp = confusion[i]?.[i] ?? 0;
    const support = (confusion[i] as number[]).reduce((a, b) => a + b, 0);
    const predictedCount = confusion.reduce((sum, row) => sum + (row[i] as number), 0);
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support };
  });
  const correct = labels.reduce((sum, _, i) => sum + (confusion[i]?.[i] ?? 0), 0);
  const present = perLabel.filter((l) => l.support > 0);
  return {
    accuracy: gold.length === 0 ? 0 : correct / gold.length,
    macroF1: present.reduce((sum, l) => sum + l.f1, 0) / Math.max(1, present.length),
    perLabel,
    confusion,
    labels: [...labels],
  };
}
