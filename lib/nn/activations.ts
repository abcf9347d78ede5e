/**
 * Activation functions and their derivatives, each written four ways: `f` in float64, the
 * hand-written derivative `df`, `fTf` with tfjs ops (tfjs autograd differentiates it; the
 * tests and notebook 10 compare `df` with it and with central differences) and `fTape` with the
 * tape engine's ops (its tape form: lib/nn/tape-form.ts runs a network on the tape through it).
 *
 * Conventions at kinks follow tfjs (and PyTorch): ReLU'(0) = 0, LeakyReLU'(0) = alpha.
 * Derivatives are written to stay accurate in saturation: σ'(x) is computed as σ(x)·σ(-x), not
 * σ(x)(1 - σ(x)), because at x = 40 σ(x) rounds to exactly 1 and 1 - σ(x) to 0, while the true
 * slope is e^{-40} ≈ 4.2e-18.
 *
 * @example
 * sigmoid.f(0); // 0.5
 * sigmoid.df(0); // 0.25
 * leakyRelu(0.01).df(-3); // 0.01
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import { tf } from "../tf";
import { normalCdf, normalPdf } from "../util/special";
import { Tensor } from "../tape/tensor";
import * as ops from "../tape/ops/activations";
import { show } from "../util/validate";

export interface ActivationFn {
  /** Short name, e.g. "sigmoid", "leakyRelu(0.01)". */
  readonly name: string;
  /** The function, in float64. */
  f(x: number): number;
  /** Its hand-written derivative. */
  df(x: number): number;
  /** The same function with tfjs ops, for tfjs autograd. */
  fTf(x: tf.Tensor): tf.Tensor;
  /** The same function with the tape engine's ops (absent: the tape cannot run a layer using it). */
  fTape?(x: Tensor): Tensor;
}

/**
 * σ(x) = 1 / (1 + e^{-x}), written so that e^{...} never overflows: for x < 0 the equivalent
 * e^x / (1 + e^x) is used.
 */
function sigmoidValue(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** σ(x) = 1/(1 + e^{-x}); σ'(x) = σ(x)(1 - σ(x)) = σ(x)·σ(-x). */
export const sigmoid: ActivationFn = {
  name: "sigmoid",
  f: sigmoidValue,
  // σ(1 - σ) with 1 - σ(x) = σ(-x): the same identity, without the cancellation at saturation.
  df: (x) => sigmoidValue(x) * sigmoidValue(-x),
  fTf: (x) => tf.sigmoid(x),
  fTape: ops.sigmoid,
};

/** tanh(x); tanh'(x) = 1 - tanh²(x) = 1/cosh²(x). */
export const tanh: ActivationFn = {
  name: "tanh",
  f: Math.tanh,
  // 1 - tanh² rewritten as 4e^{-2|x|} / (1 + e^{-2|x|})² (= sech²x): no 1 - 1 cancellation
  // when tanh(x) rounds to ±1, and no overflow of cosh for large |x|.
  df: (x) => {
    const e = Math.exp(-2 * Math.abs(x));
    return (4 * e) / ((1 + e) * (1 + e));
  },
  fTf: (x) => tf.tanh(x),
  fTape: ops.tanh,
};

/** ReLU(x) = max(0, x); ReLU'(x) = 1 for x > 0, else 0 (0 at the kink, as in tfjs). */
export const relu: ActivationFn = {
  name: "relu",
  f: (x) => (x > 0 ? x : 0),
  df: (x) => (x > 0 ? 1 : 0),
  fTf: (x) => tf.relu(x),
  fTape: ops.relu,
};

/**
 * LeakyReLU(x) = x for x > 0, else alpha·x (the course's default alpha is 0.01; tfjs's own
 * default is 0.2, so alpha is always passed explicitly). Derivative: 1 for x > 0, else alpha.
 */
export function leakyRelu(alpha = 0.01): ActivationFn {
  if (typeof alpha !== "number") throw new TypeError(`leakyRelu: alpha must be a number in [0, 1); got ${show(alpha)}`);
  if (!(Number.isFinite(alpha) && alpha >= 0 && alpha < 1)) {
    throw new RangeError(`leakyRelu: alpha must be a number in [0, 1); got ${alpha}`);
  }
  return guarded({
    name: `leakyRelu(${alpha})`,
    f: (x) => (x > 0 ? x : alpha * x),
    df: (x) => (x > 0 ? 1 : alpha),
    fTf: (x) => tf.leakyRelu(x, alpha),
    fTape: (x) => ops.leakyRelu(x, alpha),
  });
}

/** softplus(x) = ln(1 + e^x), a smooth ReLU; softplus'(x) = σ(x). */
export const softplus: ActivationFn = {
  name: "softplus",
  // max(x, 0) + ln(1 + e^{-|x|}): equal to ln(1 + e^x), and e^{-|x|} <= 1 never overflows.
  f: (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  df: sigmoidValue,
  fTf: (x) => tf.softplus(x),
  fTape: ops.softplus,
};

/**
 * GELU(x) = x·Φ(x) with Φ the standard normal CDF (the exact form, not the tanh approximation);
 * product rule: GELU'(x) = Φ(x) + x·φ(x).
 */
export const gelu: ActivationFn = {
  name: "gelu",
  f: (x) => x * normalCdf(x),
  df: (x) => normalCdf(x) + x * normalPdf(x),
  // Φ(x) = (1 + erf(x/√2)) / 2; tfjs has erf (with its gradient) but no gelu op.
  fTf: (x) => x.mul(tf.erf(x.div(Math.SQRT2)).add(1)).mul(0.5),
  fTape: ops.gelu,
};

/** The identity: a layer without nonlinearity (derivative 1 everywhere). */
export const identity: ActivationFn = {
  name: "identity",
  f: (x) => x,
  df: () => 1,
  fTf: (x) => x.clone(),
  fTape: (x) => x,
};

/** The activations the course uses, by name. */
/**
 * The checks a direct call needs (a notebook calls sigmoid.f(2)): f and df take a number (NaN and
 * ±Infinity pass through, as in Math.exp), fTf a tf.Tensor; the message names the activation and x.
 */
function guarded(a: ActivationFn): ActivationFn {
  const { f, df, fTf } = a;
  const number = (part: string, x: unknown) => {
    if (typeof x !== "number") throw new TypeError(`${a.name}.${part}: x must be a number; got ${show(x)}`);
  };
  a.f = (x) => (number("f", x), f(x));
  a.df = (x) => (number("df", x), df(x));
  a.fTf = (x) => {
    if (!(x instanceof tf.Tensor)) throw new TypeError(`${a.name}.fTf: x must be a tf.Tensor; got ${show(x)}`);
    return fTf(x);
  };
  const { fTape } = a;
  if (fTape)
    a.fTape = (x) => {
      if (!(x instanceof Tensor) && !(typeof x === "number" && Number.isFinite(x)))
        throw new TypeError(`${a.name}.fTape: x must be a Tensor (or a finite number); got ${show(x)}`);
      return fTape(x);
    };
  return a;
}
for (const a of [sigmoid, tanh, relu, softplus, gelu, identity]) guarded(a);

export const ACTIVATIONS: Readonly<Record<string, ActivationFn>> = Object.freeze({
  sigmoid,
  tanh,
  relu,
  leakyRelu: leakyRelu(0.01),
  softplus,
  gelu,
  identity,
});
