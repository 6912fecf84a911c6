/**
 * Trains the reply model: corpus rows → ReplyModel. Softmax regression fitted by plain SGD over a
 * seeded shuffle, so the same rows and options give the same model, bit for bit. Pure.
 */
import { seededRandom } from "../../kernel/random.js";
import { REPLY_LABELS, type ReplyLabel } from "../model.js";
import { bestTemperature, type ScoredRow } from "./calibrate.js";
import { prepareReply } from "./prepare-reply.js";
import {
  featureValues,
  groupWeight,
  type ReplyModel,
  replyModelFormat,
  softmax,
  type TrainOptions,
} from "./reply-model.js";
import { featuresOf } from "./tokenize.js";

export const defaultTrainOptions: TrainOptions = {
  featureWeights: { word: 1, bigram: 1, char: 0.4, cue: 1 },
  epochs: 40,
  learningRate: 2,
  l2: 0.0001,
  minDocFreq: 2,
  featuresMax: 8000,
  seed: 20261118,
  weightScale: 1000,
  calibrationFolds: 4,
};

/** `group`: rows that share it (variants of one phrase) stay in one calibration fold. */
export type TrainingRow = { text: string; label: ReplyLabel; group?: string };
export const trainingRowsMax = 50_000;

/** The features the model reads: see prepare-reply.ts. */
export function modelFeatures(text: string): string[] {
  return featuresOf(prepareReply(text).own.text);
}

type Fit = { w: Float64Array; b: Float64Array };

function fitSoftmax(docs: number[][], y: number[], vocab: readonly string[], o: TrainOptions): Fit {
  const k = REPLY_LABELS.length;
  const groups = vocab.map((f) => groupWeight(f, o.featureWeights));
  const w = new Float64Array(vocab.length * k);
  const b = new Float64Array(k);
  const random = seededRandom(o.seed);
  const order = docs.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const d of order) {
      const doc = docs[d] as number[];
      const norm = featureValues(groups, doc);
      const scores = Array.from(b);
      for (const f of doc) {
        const x = norm * (groups[f] as number);
        for (let c = 0; c < k; c++)
          scores[c] = (scores[c] as number) + x * (w[f * k + c] as number);
      }
      const p = softmax(scores);
      const rate = o.learningRate / (1 + step++ / docs.length);
      for (let c = 0; c < k; c++) {
        const g = (p[c] as number) - (y[d] === c ? 1 : 0);
        b[c] = (b[c] as number) - rate * g;
        for (const f of doc) {
          const at = f * k + c;
          const x = norm * (groups[f] as number);
          w[at] = (w[at] as number) - rate * (g * x + o.l2 * (w[at] as number));
        }
      }
    }
  }
  return { w, b };
}

function vocabulary(features: string[][], minDocFreq: number): string[] {
  const df = new Map<string, number>();
  for (const doc of features) for (const f of doc) df.set(f, (df.get(f) ?? 0) + 1);
  return [...df.entries()]
    .filter(([, n]) => n >= minDocFreq)
    .map(([f]) => f)
    .sort();
}

function indexDocs(features: string[][], vocab: string[]): number[][] {
  const index = new Map(vocab.map((f, i) => [f, i]));
  return features.map((doc) => [...new Set(doc.flatMap((f) => index.get(f) ?? []))]);
}

/** The `max` features with the largest weight for any label (ties: vocabulary order), sorted. */
function strongest(vocab: string[], w: Float64Array, max: number): string[] {
  const k = REPLY_LABELS.length;
  const strength = vocab.map((_, f) => {
    let s = 0;
    for (let c = 0; c < k; c++) s = Math.max(s, Math.abs(w[f * k + c] as number));
    return s;
  });
  return vocab
    .map((_, f) => f)
    .sort((a, b) => (strength[b] as number) - (strength[a] as number) || a - b)
    .slice(0, max)
    .map((f) => vocab[f] as string)
    .sort();
}

type Fitted = Fit & { vocab: string[]; groups: number[] };

/** Vocabulary, first fit, pruning to the strongest features, refit. */
function fitPruned(features: string[][], y: number[], options: TrainOptions): Fitted {
  const full = vocabulary(features, options.minDocFreq);
  const first = fitSoftmax(indexDocs(features, full), y, full, options);
  const kept =
    full.length > options.featuresMax ? strongest(full, first.w, options.featuresMax) : full;
  const final = kept === full ? first : fitSoftmax(indexDocs(features, kept), y, kept, options);
  return { ...final, vocab: kept, groups: kept.map((f) => groupWeight(f, options.featureWeights)) };
}

function scores(model: Fitted, doc: number[]): number[] {
  const k = REPLY_LABELS.length;
  const norm = featureValues(model.groups, doc);
  const out = Array.from(model.b);
  for (const f of doc) {
    const x = norm * (model.groups[f] as number);
    for (let c = 0; c < k; c++) out[c] = (out[c] as number) + x * (model.w[f * k + c] as number);
  }
  return out;
}

/** FNV-1a: a stable fold for a group id, the same on every machine. */
function foldOf(key: string, folds: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h % folds;
}

/**
 * Out-of-fold scores: each fold's rows scored by a model fitted without them (rows of one group
 * stay in one fold), so the temperature is fitted on text the model did not see.
 */
function outOfFold(
  rows: readonly TrainingRow[],
  features: string[][],
  y: number[],
  o: TrainOptions,
) {
  const fold = rows.map((r, i) => foldOf(r.group ?? String(i), o.calibrationFolds));
  const scored: ScoredRow[] = [];
  for (let k = 0; k < o.calibrationFolds; k++) {
    const inFold = (i: number) => fold[i] === k;
    const model = fitPruned(
      features.filter((_, i) => !inFold(i)),
      y.filter((_, i) => !inFold(i)),
      o,
    );
    const docs = indexDocs(
      features.filter((_, i) => inFold(i)),
      model.vocab,
    );
    const labels = y.filter((_, i) => inFold(i));
    for (const [i, doc] of docs.entries()) {
      scored.push({ scores: scores(model, doc), label: labels[i] as number });
    }
  }
  return scored;
}

export function trainClassifier(
  rows: readonly TrainingRow[],
  options: TrainOptions = defaultTrainOptions,
  corpusSha256: string | null = null,
): ReplyModel {
  if (rows.length === 0 || rows.length > trainingRowsMax) {
    throw new Error(`training needs 1..${trainingRowsMax} rows, got ${rows.length}`);
  }
  const features = rows.map((r) => modelFeatures(r.text));
  const y = rows.map((r) => REPLY_LABELS.indexOf(r.label));
  const final = fitPruned(features, y, options);
  const temperature =
    options.calibrationFolds > 1 ? bestTemperature(outOfFold(rows, features, y, options)) : 1;
  const q = (v: number) => Math.round(v * options.weightScale) || 0; // no -0 in the file
  return {
    format: replyModelFormat,
    labels: [...REPLY_LABELS],
    features: final.vocab,
    weights: Array.from(final.w, q),
    bias: Array.from(final.b, q),
    weightScale: options.weightScale,
    temperature,
    options,
    trainedOn: { rows: rows.length, corpusSha256 },
  };
}
