/**
 * The trained reply model as committed in reply-model.json: a softmax (multinomial logistic)
 * regression over the features of tokenize.ts, weights stored as integers (÷ weightScale).
 * A document's features are binary, scaled by their group's weight (character n-grams count for
 * less than words, so a few shared letters cannot outvote a word), then L2-normalised. Pure.
 */
import { REPLY_LABELS, type ReplyLabel } from "../model.js";

export const replyModelFormat = "cashloop-reply-model/1";

/** Feature groups by prefix: w: word, b: bigram, c: character n-gram, k: cue group. */
export type FeatureGroupWeights = { word: number; bigram: number; char: number; cue: number };

export type TrainOptions = {
  featureWeights: FeatureGroupWeights;
  epochs: number;
  learningRate: number;
  /** L2 penalty per update, applied to the weights a document touches. */
  l2: number;
  /** A feature must appear in at least this many training replies. */
  minDocFreq: number;
  /** After a first fit, only the features with the largest weights are kept and refitted. */
  featuresMax: number;
  seed: number;
  weightScale: number;
  /** Folds of the train split used to fit the temperature; 1 = no calibration (T = 1). */
  calibrationFolds: number;
};

export type ReplyModel = {
  format: typeof replyModelFormat;
  labels: ReplyLabel[];
  features: string[];
  /** features.length × labels.length, row-major, integers. */
  weights: number[];
  bias: number[];
  weightScale: number;
  /** Scores are divided by it before the softmax, so probabilities match held-out accuracy. */
  temperature: number;
  options: TrainOptions;
  trainedOn: { rows: number; corpusSha256: string | null };
};

function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`reply model invalid: ${message}`);
}

/** Checks the shape of a parsed model file; returns it typed. */
export function checkReplyModel(value: unknown): ReplyModel {
  const m = value as ReplyModel;
  assert(typeof m === "object" && m !== null, "not an object");
  assert(m.format === replyModelFormat, `format must be ${replyModelFormat}`);
  assert(
    Array.isArray(m.labels) && m.labels.every((l) => REPLY_LABELS.includes(l)),
    "unknown labels",
  );
  assert(Array.isArray(m.features), "features missing");
  assert(m.weights?.length === m.features.length * m.labels.length, "weights do not fit");
  assert(m.bias?.length === m.labels.length, "bias does not fit");
  assert(m.weights.every(Number.isSafeInteger) && m.bias.every(Number.isSafeInteger), "weights");
  assert(Number.isSafeInteger(m.weightScale) && m.weightScale > 0, "weightScale");
  assert(typeof m.temperature === "number" && m.temperature > 0, "temperature");
  return m;
}

export function groupWeight(feature: string, weights: FeatureGroupWeights): number {
  switch (feature.slice(0, 2)) {
    case "c:":
      return weights.char;
    case "b:":
      return weights.bigram;
    case "k:":
      return weights.cue;
    default:
      return weights.word;
  }
}

/** A document's value for each present feature: group weight over the vector's L2 norm. */
export function featureValues(groupWeights: readonly number[], present: readonly number[]): number {
  let sumSquares = 0;
  for (const f of present) sumSquares += (groupWeights[f] as number) ** 2;
  return sumSquares > 0 ? 1 / Math.sqrt(sumSquares) : 0;
}

type Lookup = { index: Map<string, number>; groupWeights: number[] };
const lookups = new WeakMap<ReplyModel, Lookup>();

function lookup(model: ReplyModel): Lookup {
  let found = lookups.get(model);
  if (!found) {
    found = {
      index: new Map(model.features.map((f, i) => [f, i])),
      groupWeights: model.features.map((f) => groupWeight(f, model.options.featureWeights)),
    };
    lookups.set(model, found);
  }
  return found;
}

/** Indexes of the model's features among `features`, without repeats. */
export function knownFeatures(model: ReplyModel, features: readonly string[]): number[] {
  const { index } = lookup(model);
  const out = new Set<number>();
  for (const f of features) {
    const i = index.get(f);
    if (i !== undefined) out.add(i);
  }
  return [...out];
}

export function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Label probabilities for a document's features, in model.labels order. */
export function predictProbabilities(model: ReplyModel, features: readonly string[]): number[] {
  const k = model.labels.length;
  const { groupWeights } = lookup(model);
  const known = knownFeatures(model, features);
  const norm = featureValues(groupWeights, known) / model.weightScale;
  const scores = model.bias.map((b) => b / model.weightScale);
  for (const f of known) {
    const x = norm * (groupWeights[f] as number);
    for (let j = 0; j < k; j++)
      scores[j] = (scores[j] as number) + x * (model.weights[f * k + j] as number);
  }
  return softmax(scores.map((s) => s / model.temperature));
}

/**
 * How much a span's features favour `label` over the average label: the sum over its known
 * features of w[label] − mean(w). Used to choose the evidence clause.
 */
export function support(model: ReplyModel, features: readonly string[], label: ReplyLabel): number {
  const k = model.labels.length;
  const j = model.labels.indexOf(label);
  const { groupWeights } = lookup(model);
  let total = 0;
  for (const f of knownFeatures(model, features)) {
    let mean = 0;
    for (let i = 0; i < k; i++) mean += model.weights[f * k + i] as number;
    total += (groupWeights[f] as number) * ((model.weights[f * k + j] as number) - mean / k);
  }
  return total / model.weightScale;
}
