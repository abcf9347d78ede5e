/**
 * Losses as single ops (fused, as a framework's kernels are): each returns a scalar, the mean over
 * the batch, with the same float64 formulas as lib/nn's losses. Arguments come in gradlab's order,
 * prediction first (`mse(yHat, y)`); tf.losses takes the labels first.
 *
 * - `mse(yHat, y)`: mean of (yHat − y)² over every entry.
 * - `binaryCrossEntropy(p, y)`: −mean(y ln p + (1 − y) ln(1 − p)); p strictly inside (0, 1).
 * - `binaryCrossEntropyWithLogits(z, y)`: the same on logits, mean(max(z, 0) − z·y + ln(1 + e^{−|z|})).
 * - `softmaxCrossEntropy(z, y)`: rows of logits z and of class probabilities y (one-hot labels):
 *   −Σ_j y_j ln softmax(z)_j, averaged over the rows (not over rows × classes).
 *
 * Gradient rules: gradients/losses.ts.
 *
 * @example
 * mse(tensor([[1], [2]]), tensor([[0], [0]])).item(); // (1 + 4) / 2 = 2.5
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import { record } from "../tape";
import { f64, at } from "../../util/array";
import { Tensor, shapeText } from "../tensor";
import { asTensor, checkSameShape } from "./arithmetic";

function pair(op: string, yHat: Tensor, y: Tensor, names: [string, string]): [Tensor, Tensor] {
  const a = asTensor(op, names[0], yHat);
  const b = asTensor(op, names[1], y);
  checkSameShape(op, a, b, names);
  return [a, b];
}

/** Refuses targets outside [0, 1] (lib/nn's losses check their Matrix targets with it too). */
export function checkLabels(op: string, y: { readonly data: Float64Array }): void {
  const bad = y.data.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) throw new RangeError(`${op}: targets must be in [0, 1]; y has ${y.data[bad]} at index ${bad}`);
}

/**
 * Refuses binary cross-entropy predictions at or outside 0 and 1 (ln 0), naming them `argument`
 * as the caller's signature does; `why` says how such a value comes about.
 */
export function checkProbabilities(argument: string, q: { readonly data: Float64Array }, why: string): void {
  const bad = q.data.findIndex((v) => !(v > 0 && v < 1));
  if (bad >= 0) {
    throw new RangeError(
      `binaryCrossEntropy: predictions must be strictly between 0 and 1; ${argument} has ${q.data[bad]} at index ${bad} ` +
        `(${why}). Use binaryCrossEntropyWithLogits on the pre-sigmoid outputs instead.`,
    );
  }
}

// The math of each loss, on the flat data, once: these ops and lib/nn's Matrix losses both use it.

/** mean((p − t)²) over every entry. */
export function mseOf(p: Float64Array, t: Float64Array): number {
  let s = 0;
  for (let k = 0; k < p.length; k++) s += (f64(p, k) - f64(t, k)) ** 2;
  return s / p.length;
}

/** −mean(t ln q + (1 − t) ln(1 − q)) for probabilities q. */
export function binaryCrossEntropyOf(q: Float64Array, t: Float64Array): number {
  let s = 0;
  for (let k = 0; k < q.length; k++) {
    const v = f64(q, k);
    const l = f64(t, k);
    s -= l * Math.log(v) + (1 - l) * Math.log1p(-v);
  }
  return s / q.length;
}

/** mean(max(z, 0) − z·t + ln(1 + e^{−|z|})), the overflow-free form on logits z. */
export function binaryCrossEntropyWithLogitsOf(z: Float64Array, t: Float64Array): number {
  let s = 0;
  for (let k = 0; k < z.length; k++) {
    const v = f64(z, k);
    s += Math.max(v, 0) - v * f64(t, k) + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return s / z.length;
}

/** ln Σ_j e^{z_ij} for row i of a row-major [rows, cols] array, with the row max taken out first so e^{...} never overflows. */
export function rowLogSumExp(z: Float64Array, cols: number, i: number): number {
  let m = -Infinity;
  for (let j = 0; j < cols; j++) m = Math.max(m, f64(z, i * cols + j));
  let e = 0;
  for (let j = 0; j < cols; j++) e += Math.exp(f64(z, i * cols + j) - m);
  return m + Math.log(e);
}

/** mean over rows of −Σ_j t_j (z_j − ln Σ e^z), for row-major logits z and targets t with `cols` classes. */
export function softmaxCrossEntropyOf(z: Float64Array, t: Float64Array, cols: number): number {
  const rows = z.length / cols;
  let s = 0;
  for (let i = 0; i < rows; i++) {
    const logZ = rowLogSumExp(z, cols, i);
    // −Σ_j y_j (z_j − log Z)
    for (let j = 0; j < cols; j++) s -= f64(t, i * cols + j) * (f64(z, i * cols + j) - logZ);
  }
  return s / rows;
}

/** Mean squared error over every entry. */
export function mse(yHat: Tensor, y: Tensor): Tensor {
  const [p, t] = pair("mse", yHat, y, ["yHat", "y"]);
  return record("mse", [p, t], new Tensor([], Float64Array.of(mseOf(p.data, t.data))));
}

/** Binary cross-entropy on probabilities p (refuses p = 0 or 1: ln 0). */
export function binaryCrossEntropy(p: Tensor, y: Tensor): Tensor {
  const [q, t] = pair("binaryCrossEntropy", p, y, ["p", "y"]);
  checkLabels("binaryCrossEntropy", t);
  checkProbabilities("p", q, "a saturated sigmoid");
  return record("binaryCrossEntropy", [q, t], new Tensor([], Float64Array.of(binaryCrossEntropyOf(q.data, t.data))));
}

/** Binary cross-entropy on logits z (p = σ(z)), overflow-free. */
export function binaryCrossEntropyWithLogits(z: Tensor, y: Tensor): Tensor {
  const [l, t] = pair("binaryCrossEntropyWithLogits", z, y, ["z", "y"]);
  checkLabels("binaryCrossEntropyWithLogits", t);
  return record("binaryCrossEntropyWithLogits", [l, t], new Tensor([], Float64Array.of(binaryCrossEntropyWithLogitsOf(l.data, t.data))));
}

/** Softmax cross-entropy of logits z [rows, classes] against class probabilities y, averaged over rows. */
export function softmaxCrossEntropy(z: Tensor, y: Tensor): Tensor {
  const [l, t] = pair("softmaxCrossEntropy", z, y, ["z", "y"]);
  checkLabels("softmaxCrossEntropy", t);
  if (l.rank < 1) throw new RangeError(`softmaxCrossEntropy: z must have a class axis; got shape ${shapeText(l.shape)}`);
  const cols = at(l.shape, l.rank - 1, "shape");
  return record("softmaxCrossEntropy", [l, t], new Tensor([], Float64Array.of(softmaxCrossEntropyOf(l.data, t.data, cols))));
}
