/**
 * Activation functions as tensor ops, entry by entry: relu, leakyRelu, sigmoid, tanh, softplus,
 * gelu, and softmax / logSoftmax over the last axis. Also the derivative pieces their gradient
 * rules are made of (step, leakyStep, sech2, normalCdf, normalPdf): ops themselves, with rules of
 * their own, so a gradient can be differentiated again. Gradient rules: gradients/activations.ts.
 *
 * The float64 formulas match lib/nn's activations, including the saturation-safe forms
 * (σ(x) never computes e^{large}; sech² never computes 1 - tanh²).
 *
 * @example
 * relu(tensor([-1, 2])).toArray(); // [0, 2]
 * softmax(tensor([[0, 0]])).toArray(); // [[0.5, 0.5]]
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import { record } from "../tape";
import { f64, at } from "../../util/array";
import { Tensor, shapeText } from "../tensor";
import { normalCdf as phiCdf, normalPdf as phiPdf } from "../../util/special";
import { asTensor, mul } from "./arithmetic";
import { show } from "../../util/validate";

function sigmoidValue(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** max(0, x). */
export function relu(x: Tensor): Tensor {
  const t = asTensor("relu", "x", x);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) out[k] = f64(t.data, k) > 0 ? f64(t.data, k) : 0;
  return record("relu", [t], new Tensor(t.shape, out));
}

/** 1 where x > 0, else 0: ReLU's slope (0 at the kink, as tfjs). Its own derivative is 0. */
export function step(x: Tensor): Tensor {
  const t = asTensor("step", "x", x);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) out[k] = f64(t.data, k) > 0 ? 1 : 0;
  return record("step", [t], new Tensor(t.shape, out));
}

function checkAlpha(op: string, alpha: number): void {
  if (typeof alpha !== "number") throw new TypeError(`${op}: alpha must be a number in [0, 1); got ${show(alpha)}`);
  if (!(Number.isFinite(alpha) && alpha >= 0 && alpha < 1)) throw new RangeError(`${op}: alpha must be a number in [0, 1); got ${alpha}`);
}

/** x for x > 0, else alpha·x (alpha is required: tfjs's default 0.2 and the course's 0.01 differ). */
export function leakyRelu(x: Tensor, alpha: number): Tensor {
  const t = asTensor("leakyRelu", "x", x);
  checkAlpha("leakyRelu", alpha);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) {
    const v = f64(t.data, k);
    out[k] = v > 0 ? v : alpha * v;
  }
  return record("leakyRelu", [t], new Tensor(t.shape, out), { alpha });
}

/** 1 where x > 0, else alpha: leaky ReLU's slope. */
export function leakyStep(x: Tensor, alpha: number): Tensor {
  const t = asTensor("leakyStep", "x", x);
  checkAlpha("leakyStep", alpha);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) out[k] = f64(t.data, k) > 0 ? 1 : alpha;
  return record("leakyStep", [t], new Tensor(t.shape, out), { alpha });
}

/** σ(x) = 1 / (1 + e^{-x}). */
export function sigmoid(x: Tensor): Tensor {
  const t = asTensor("sigmoid", "x", x);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) out[k] = sigmoidValue(f64(t.data, k));
  return record("sigmoid", [t], new Tensor(t.shape, out));
}

/** tanh(x). */
export function tanh(x: Tensor): Tensor {
  const t = asTensor("tanh", "x", x);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) out[k] = Math.tanh(f64(t.data, k));
  return record("tanh", [t], new Tensor(t.shape, out));
}

/** sech²(x) = 1 - tanh²(x), tanh's slope, computed as 4e^{-2|x|}/(1 + e^{-2|x|})² (no cancellation). */
export function sech2(x: Tensor): Tensor {
  const t = asTensor("sech2", "x", x);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) {
    const e = Math.exp(-2 * Math.abs(f64(t.data, k)));
    out[k] = (4 * e) / ((1 + e) * (1 + e));
  }
  return record("sech2", [t], new Tensor(t.shape, out));
}

/** softplus(x) = ln(1 + eˣ), as max(x, 0) + ln(1 + e^{-|x|}). */
export function softplus(x: Tensor): Tensor {
  const t = asTensor("softplus", "x", x);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) {
    const v = f64(t.data, k);
    out[k] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  }
  return record("softplus", [t], new Tensor(t.shape, out));
}

/** Φ(x), the standard normal CDF. */
export function normalCdf(x: Tensor): Tensor {
  const t = asTensor("normalCdf", "x", x);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) out[k] = phiCdf(f64(t.data, k));
  return record("normalCdf", [t], new Tensor(t.shape, out));
}

/** φ(x), the standard normal density. */
export function normalPdf(x: Tensor): Tensor {
  const t = asTensor("normalPdf", "x", x);
  const out = new Float64Array(t.size);
  for (let k = 0; k < out.length; k++) out[k] = phiPdf(f64(t.data, k));
  return record("normalPdf", [t], new Tensor(t.shape, out));
}

/** GELU(x) = x·Φ(x) (the exact form), composed of ops. */
export function gelu(x: Tensor): Tensor {
  return mul(x, normalCdf(x));
}

/** Rows × last-axis length of a tensor whose last axis is being normalised. */
function rowsOf(op: string, t: Tensor): [number, number] {
  if (t.rank < 1) throw new RangeError(`${op}: x must have at least one axis; got shape ${shapeText(t.shape)}`);
  const cols = at(t.shape, t.rank - 1, "shape");
  return [t.size / cols, cols];
}

/** The max of each row (for the max-subtraction that keeps e^{...} from overflowing). */
function rowMax(d: Float64Array, i: number, cols: number): number {
  let m = -Infinity;
  for (let j = 0; j < cols; j++) m = Math.max(m, f64(d, i * cols + j));
  return m;
}

/** softmax over the last axis: e^{x_j} / Σ_k e^{x_k}, computed after subtracting the row max. */
export function softmax(x: Tensor): Tensor {
  const t = asTensor("softmax", "x", x);
  const [rows, cols] = rowsOf("softmax", t);
  const out = new Float64Array(t.size);
  for (let i = 0; i < rows; i++) {
    const m = rowMax(t.data, i, cols);
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(f64(t.data, i * cols + j) - m);
      out[i * cols + j] = e;
      s += e;
    }
    for (let j = 0; j < cols; j++) out[i * cols + j] = f64(out, i * cols + j) / s;
  }
  return record("softmax", [t], new Tensor(t.shape, out));
}

/** log softmax over the last axis: x_j − m − ln Σ_k e^{x_k − m} (m the row max), never ln 0. */
export function logSoftmax(x: Tensor): Tensor {
  const t = asTensor("logSoftmax", "x", x);
  const [rows, cols] = rowsOf("logSoftmax", t);
  const out = new Float64Array(t.size);
  for (let i = 0; i < rows; i++) {
    const m = rowMax(t.data, i, cols);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(f64(t.data, i * cols + j) - m);
    const logZ = m + Math.log(s);
    for (let j = 0; j < cols; j++) out[i * cols + j] = f64(t.data, i * cols + j) - logZ;
  }
  return record("logSoftmax", [t], new Tensor(t.shape, out));
}
