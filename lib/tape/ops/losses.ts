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
import { Tensor, shapeText } from "../tensor";
import { asTensor, checkSameShape } from "./arithmetic";

function pair(op: string, yHat: Tensor, y: Tensor, names: [string, string]): [Tensor, Tensor] {
  const a = asTensor(op, names[0], yHat);
  const b = asTensor(op, names[1], y);
  checkSameShape(op, a, b, names);
  return [a, b];
}

function checkLabels(op: string, y: Tensor): void {
  const bad = y.data.findIndex((v) => !(v >= 0 && v <= 1));
  if (bad >= 0) throw new RangeError(`${op}: targets must be in [0, 1]; y has ${y.data[bad]} at index ${bad}`);
}

/** Mean squared error over every entry. */
export function mse(yHat: Tensor, y: Tensor): Tensor {
  const [p, t] = pair("mse", yHat, y, ["yHat", "y"]);
  let s = 0;
  for (let k = 0; k < p.size; k++) s += ((p.data[k] as number) - (t.data[k] as number)) ** 2;
  return record("mse", [p, t], new Tensor([], Float64Array.of(s / p.size)));
}

/** Binary cross-entropy on probabilities p (refuses p = 0 or 1: ln 0). */
export function binaryCrossEntropy(p: Tensor, y: Tensor): Tensor {
  const [q, t] = pair("binaryCrossEntropy", p, y, ["p", "y"]);
  checkLabels("binaryCrossEntropy", t);
  const bad = q.data.findIndex((v) => !(v > 0 && v < 1));
  if (bad >= 0) {
    throw new RangeError(
      `binaryCrossEntropy: predictions must be strictly between 0 and 1; p has ${q.data[bad]} at index ${bad} ` +
        "(a saturated sigmoid). Use binaryCrossEntropyWithLogits on the pre-sigmoid outputs instead.",
    );
  }
  let s = 0;
  for (let k = 0; k < q.size; k++) {
    const v = q.data[k] as number;
    const l = t.data[k] as number;
    s -= l * Math.log(v) + (1 - l) * Math.log1p(-v);
  }
  return record("binaryCrossEntropy", [q, t], new Tensor([], Float64Array.of(s / q.size)));
}

/** Binary cross-entropy on logits z (p = σ(z)), overflow-free. */
export function binaryCrossEntropyWithLogits(z: Tensor, y: Tensor): Tensor {
  const [l, t] = pair("binaryCrossEntropyWithLogits", z, y, ["z", "y"]);
  checkLabels("binaryCrossEntropyWithLogits", t);
  let s = 0;
  for (let k = 0; k < l.size; k++) {
    const v = l.data[k] as number;
    s += Math.max(v, 0) - v * (t.data[k] as number) + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return record("binaryCrossEntropyWithLogits", [l, t], new Tensor([], Float64Array.of(s / l.size)));
}

/** Softmax cross-entropy of logits z [rows, classes] against class probabilities y, averaged over rows. */
export function softmaxCrossEntropy(z: Tensor, y: Tensor): Tensor {
  const [l, t] = pair("softmaxCrossEntropy", z, y, ["z", "y"]);
  checkLabels("softmaxCrossEntropy", t);
  if (l.rank < 1) throw new RangeError(`softmaxCrossEntropy: z must have a class axis; got shape ${shapeText(l.shape)}`);
  const cols = l.shape[l.rank - 1] as number;
  const rows = l.size / cols;
  let s = 0;
  for (let i = 0; i < rows; i++) {
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, l.data[i * cols + j] as number);
    let e = 0;
    for (let j = 0; j < cols; j++) e += Math.exp((l.data[i * cols + j] as number) - m);
    const logZ = m + Math.log(e);
    // −Σ_j y_j (z_j − log Z)
    for (let j = 0; j < cols; j++) s -= (t.data[i * cols + j] as number) * ((l.data[i * cols + j] as number) - logZ);
  }
  return record("softmaxCrossEntropy", [l, t], new Tensor([], Float64Array.of(s / rows)));
}
