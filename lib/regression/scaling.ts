import { checkRows } from "../util/validate";
import { at } from "../util/array";
/**
 * Feature scaling (standardisation): each feature minus its mean, divided by its standard
 * deviation, so every feature has mean 0 and spread 1. Gradient descent then sees a round bowl
 * instead of a long narrow valley, and one learning rate suits every weight.
 *
 * @example
 * const scaler = fitStandardizer(X);
 * const Xs = scaler.transform(X);          // train on Xs ...
 * scaler.toOriginal(weights, bias);        // ... and read the weights in the original units
 * Introduced in [notebook 08](../../notebooks/08-linear-regression.ipynb).
 */

export interface Standardizer {
  mean: number[];
  /** Population standard deviation of each feature. */
  std: number[];
  transform(X: readonly (readonly number[])[]): number[][];
  /** Weights and bias for the original (unscaled) features giving the same predictions. */
  toOriginal(weights: readonly number[], bias: number): { weights: number[]; bias: number };
}

export function fitStandardizer(X: readonly (readonly number[])[]): Standardizer {
  checkRows("fitStandardizer: X", X);
  if (!Array.isArray(X) || X.length < 2) throw new RangeError("fitStandardizer: X must have at least two rows");
  const d = at(X, 0, "X").length;
  X.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`fitStandardizer: row ${i} has ${row.length} values; expected ${d}`);
  });
  const n = X.length;
  const mean = Array.from({ length: d }, (_, j) => X.reduce<number>((s, row: readonly number[]) => s + at(row, j, "X row"), 0) / n);
  const std = Array.from({ length: d }, (_, j) =>
    Math.sqrt(X.reduce<number>((s, row: readonly number[]) => s + (at(row, j, "X row") - at(mean, j, "mean")) ** 2, 0) / n),
  );
  std.forEach((s, j) => {
    if (!(s > 0)) throw new RangeError(`fitStandardizer: feature ${j} is constant (standard deviation 0) and cannot be scaled`);
  });
  return {
    mean,
    std,
    transform(rows) {
      return rows.map((row, i) => {
        if (row.length !== d) throw new RangeError(`transform: row ${i} has ${row.length} values; expected ${d}`);
        return row.map((x, j) => (x - at(mean, j, "mean")) / at(std, j, "std"));
      });
    },
    toOriginal(weights, bias) {
      if (weights.length !== d) throw new RangeError(`toOriginal: expected ${d} weights; got ${weights.length}`);
      // w·(x − μ)/σ + b = (w/σ)·x + (b − Σ w·μ/σ)
      const w = weights.map((wj, j) => wj / at(std, j, "std"));
      return { weights: w, bias: bias - w.reduce((s, wj, j) => s + wj * at(mean, j, "mean"), 0) };
    },
  };
}
