import { readFileSync, statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPLY_LABELS } from "../model.js";
import { replyModelUrl, serializeReplyModel } from "./build-model.js";
import { builtinReplyModel } from "./builtin-reply-model.js";
import { bestTemperature, negativeLogLikelihood } from "./calibrate.js";
import { evaluateReplies, formatReplyEvaluation } from "./evaluate-replies.js";
import { scoreClassifier } from "./metrics.js";
import { readReplyCorpus } from "./reply-corpus.js";
import { trainClassifier } from "./train-classifier.js";

const corpus = readReplyCorpus();
const train = corpus.rows.filter((r) => r.split === "train");
const test = corpus.rows.filter((r) => r.split === "test");

describe("the committed reply model", () => {
  it("is what build-model.ts makes from the corpus, byte for byte", () => {
    const rebuilt = serializeReplyModel(trainClassifier(train, undefined, corpus.sha256));
    expect(rebuilt === readFileSync(replyModelUrl, "utf8")).toBe(true);
  }, 120_000);

  it("was trained on the current corpus's train split and is small", () => {
    expect(builtinReplyModel.trainedOn).toEqual({
      rows: train.length,
      corpusSha256: corpus.sha256,
    });
    expect(builtinReplyModel.labels).toEqual([...REPLY_LABELS]);
    expect(statSync(replyModelUrl).size).toBeLessThan(2 * 1024 * 1024);
  });

  it("scores macro-F1 ≥ 0.90 on the held-out test split (the must-show bar)", () => {
    const evaluation = evaluateReplies(builtinReplyModel, test);
    console.log(formatReplyEvaluation(evaluation));
    expect(evaluation.rows).toBe(test.length);
    expect(evaluation.macroF1).toBeGreaterThanOrEqual(0.9);
    for (const label of evaluation.perLabel) expect(label.f1).toBeGreaterThan(0.75);
    for (const field of evaluation.fields) expect(field.correct / field.total).toBeGreaterThan(0.9);
  });
});

describe("scoreClassifier", () => {
  it("computes accuracy, per-label precision/recall/F1, macro-F1 and the confusion matrix", () => {
    const s = scoreClassifier(["a", "b"], ["a", "a", "b", "b"], ["a", "b", "b", "b"]);
    expect(s.accuracy).toBe(0.75);
    expect(s.confusion).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(s.perLabel[0]).toMatchObject({ label: "a", precision: 1, recall: 0.5, support: 2 });
    expect(s.perLabel[1]).toMatchObject({ label: "b", precision: 2 / 3, recall: 1, support: 2 });
    expect(s.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2, 10);
  });

  it("rejects a label it does not know", () => {
    expect(() => scoreClassifier(["a"], ["a"], ["z"])).toThrow(/unknown label/);
  });
});

describe("temperature calibration", () => {
  it("sharpens an under-confident model and softens an over-confident one", () => {
    const under = [
      { scores: [1, 0], label: 0 },
      { scores: [0, 1], label: 1 },
    ];
    expect(bestTemperature(under)).toBeLessThan(1);
    const over = [
      { scores: [8, 0], label: 0 },
      { scores: [8, 0], label: 1 },
      { scores: [0, 8], label: 1 },
    ];
    expect(bestTemperature(over)).toBeGreaterThan(1);
    expect(negativeLogLikelihood(over, bestTemperature(over))).toBeLessThan(
      negativeLogLikelihood(over, 1),
    );
  });
});
