/**
 * Loss functions: one number saying how wrong the predictions `yHat` are for targets `y`, and
 * its gradient dL/dyHat, where backpropagation starts. Each loss is the mean over every entry
 * (samples × outputs), so the gradient carries a 1/N.
 *
 * - `mse`: mean of (yHat - y)², gradient 2(yHat - y)/N.
 * - `binaryCrossEntropy`: on probabilities p in (0, 1); gradient (p - y) / (p(1 - p)) / N. It
 *   refuses p = 0 or 1 exactly (log 0), which happens once a sigmoid saturates in float64.
 * - `binaryCrossEntropyWithLogits`: the same loss on the pre-sigmoid value z (p = σ(z)), written
 *   so that it never overflows; its gradient is simply (σ(z) - y)/N, finite however saturated.
 *   Use it for classifiers: the last layer stays linear and σ is applied only to report p.
 *
 * @example
 * mse.value(Matrix.column([1, 2]), Matrix.column([0, 0])); // (1 + 4) / 2 = 2.5
 * mse.grad(Matrix.column([1, 2]), Matrix.column([0, 0])); // [[1], [2]]
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import { tf } from "../tf";
import { Matrix, shapeText } from "../util/matrix";
import { sigmoid } from "./activations";
import type { Tensor } from "../tape/tensor";
import * as ops from "../tape/ops/losses";
import { show } from "../util/validate";
import { f64 } from "../util/array";
import { checkLabels, rowLogSumExp } from "../tape/ops/losses";

export interface Loss {
  readonly name: string;
  /** The loss L(yHat, y), a mean over all entries. */
  value(yHat: Matrix, y: Matrix): number;
  /** dL/dyHat, same shape as yHat. */
  grad(yHat: Matrix, y: Matrix): Matrix;
  /** The same loss with tfjs ops (a scalar tensor), for tfjs autograd. */
  fTf(yHat: tf.Tensor, y: tf.Tensor): tf.Scalar;
  /** The same loss with the tape engine's ops (absent: the tape cannot train with it). */
  fTape?(yHat: Tensor, y: Tensor): Tensor;
}

function checkPair(name: string, yHat: Matrix, y: Matrix): void {
  if (!(yHat instanceof Matrix) || !(y instanceof Matrix)) throw new TypeError(`${name}: yHat and y must be Matrix objects`);
  if (yHat.rows !== y.rows || yHat.cols !== y.cols) {
    throw new RangeError(`${name}: yHat has shape ${shapeText(yHat)} but y has shape ${shapeText(y)}; they must be equal`);
  }
}

/** Mean squared error. */
export const mse: Loss = {
  name: "mse",
  value(yHat, y) {
    checkPair("mse", yHat, y);
    return ops.mseOf(yHat.data, y.data);
  },
  grad(yHat, y) {
    checkPair("mse", yHat, y);
    // d/dŷ of (1/N) Σ (ŷ - y)² is (2/N)(ŷ - y), entry by entry.
    return yHat.zip(y, (p, t) => (2 * (p - t)) / yHat.size);
  },
  fTf: (yHat, y) => tf.losses.meanSquaredError(y, yHat) as tf.Scalar,
  fTape: ops.mse,
};

/** Binary cross-entropy on probabilities: -mean(y ln p + (1 - y) ln(1 - p)). */
export const binaryCrossEntropy: Loss = {
  name: "binaryCrossEntropy",
  value(p, y) {
    checkProbabilities(p, y);
    return ops.binaryCrossEntropyOf(p.data, y.data);
  },
  grad(p, y) {
    checkProbabilities(p, y);
    // d/dp of -(y ln p + (1-y) ln(1-p)) = -y/p + (1-y)/(1-p) = (p - y) / (p(1 - p)).
    return p.zip(y, (q, t) => (q - t) / (q * (1 - q)) / p.size);
  },
  fTf: (p, y) =>
    y
      .mul(p.log())
      .add(tf.scalar(1).sub(y).mul(tf.scalar(1).sub(p).log()))
      .mean()
      .neg() as tf.Scalar,
  fTape: ops.binaryCrossEntropy,
};

function checkProbabilities(p: Matrix, y: Matrix): void {
  checkPair("binaryCrossEntropy", p, y);
  checkLabels("binaryCrossEntropy", y);
  ops.checkProbabilities("yHat", p, "a saturated sigmoid: ln 0 is -Infinity");
}

/**
 * Binary cross-entropy on logits z (p = σ(z)): mean(max(z, 0) - z·y + ln(1 + e^{-|z|})), the
 * overflow-free form of -(y ln σ(z) + (1 - y) ln(1 - σ(z))) used by tfjs's sigmoidCrossEntropy.
 */
export const binaryCrossEntropyWithLogits: Loss = {
  name: "binaryCrossEntropyWithLogits",
  value(z, y) {
    checkPair("binaryCrossEntropyWithLogits", z, y);
    checkLabels("binaryCrossEntropyWithLogits", y);
    return ops.binaryCrossEntropyWithLogitsOf(z.data, y.data);
  },
  grad(z, y) {
    checkPair("binaryCrossEntropyWithLogits", z, y);
    checkLabels("binaryCrossEntropyWithLogits", y);
    // Chain rule through p = σ(z): (p - y)/(p(1-p)) · σ'(z), and σ'(z) = p(1-p) cancels.
    return z.zip(y, (v, t) => (sigmoid.f(v) - t) / z.size);
  },
  fTf: (z, y) => tf.losses.sigmoidCrossEntropy(y, z) as tf.Scalar,
  fTape: ops.binaryCrossEntropyWithLogits,
};

/**
 * Softmax cross-entropy on logits, for k classes: each row of z holds k logits and the same row of
 * y the class probabilities (one-hot labels). L = mean over rows of −Σ_j y_j ln softmax(z)_j. The
 * one loss here averaged over rows rather than over every entry (as tf.losses.softmaxCrossEntropy).
 * Gradient: (softmax(z)·Σ_j y_j − y) / rows, which is softmax(z) − y per row for one-hot labels.
 * @example softmaxCrossEntropy.value(Matrix.from([[0, 0]]), Matrix.from([[1, 0]])) // ln 2
 */
export const softmaxCrossEntropy: Loss = {
  name: "softmaxCrossEntropy",
  value(z, y) {
    checkPair("softmaxCrossEntropy", z, y);
    checkLabels("softmaxCrossEntropy", y);
    return ops.softmaxCrossEntropyOf(z.data, y.data, z.cols);
  },
  grad(z, y) {
    checkPair("softmaxCrossEntropy", z, y);
    checkLabels("softmaxCrossEntropy", y);
    const out = new Matrix(z.rows, z.cols);
    for (let i = 0; i < z.rows; i++) {
      const logZ = rowLogSumExp(z.data, z.cols, i);
      let mass = 0;
      // z and y have the same shape (checked above): every k below is in range of both
      for (let j = 0; j < z.cols; j++) mass += f64(y.data, i * z.cols + j);
      // ∂/∂z_j of −Σ_k y_k (z_k − ln Σ e^z) = softmax(z)_j·Σ_k y_k − y_j
      for (let j = 0; j < z.cols; j++) {
        const k = i * z.cols + j;
        out.data[k] = (Math.exp(f64(z.data, k) - logZ) * mass - f64(y.data, k)) / z.rows;
      }
    }
    return out;
  },
  fTf: (z, y) => tf.losses.softmaxCrossEntropy(y, z) as tf.Scalar,
  fTape: ops.softmaxCrossEntropy,
};

/** The check a direct call of a loss's fTf needs: yHat and y must be tf.Tensors (value and grad check their Matrices). */
for (const loss of [mse, binaryCrossEntropy, binaryCrossEntropyWithLogits, softmaxCrossEntropy]) {
  const { fTf } = loss;
  loss.fTf = (yHat, y) => {
    for (const [name, t] of [
      ["yHat", yHat],
      ["y", y],
    ] as const)
      if (!(t instanceof tf.Tensor)) throw new TypeError(`${loss.name}.fTf: ${name} must be a tf.Tensor; got ${show(t)}`);
    return fTf(yHat, y);
  };
}
