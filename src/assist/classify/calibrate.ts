/**
 * Temperature scaling: the one number T that makes softmax(scores / T) fit held-out labels best
 * (least negative log-likelihood), searched on a fixed grid so the result is deterministic. The
 * model's argmax is unchanged; only how sure it says it is. Pure.
 */
import { softmax } from "./reply-model.js";

export type ScoredRow = { scores: number[]; label: number };

export const temperatureGrid: readonly number[] = Array.from(
  { length: 60 },
  (_, i) => (i + 1) / 20,
);

export function negativeLogLikelihood(rows: readonly ScoredRow[], temperature: number): number {
  let total = 0;
  for (const row of rows) {
    const p = softmax(row.scores.map((s) => s / temperature))[row.label] as number;
    total -= Math.log(Math.max(p, 1e-12));
  }
  return total / Math.max(1, rows.length);
}

/** The grid temperature with the least NLL; the smaller on ties. */
export function bestTemperature(rows: readonly ScoredRow[]): number {
  let best = { t: 1, nll: Number.POSITIVE_INFINITY };
  for (const t of temperatureGrid) {
    const nll = negativeLogLikelihood(rows, t);
    if (nll < best.nll) best = { t, nll };
  }
  return best.t;
}
