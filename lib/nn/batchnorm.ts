/**
 * Batch normalisation (Ioffe & Szegedy, 2015) over the samples of a batch, one feature (column)
 * at a time:
 *
 *   μ = mean of the column,  σ² = mean of (x - μ)²  (the biased variance, as tfjs and PyTorch use),
 *   x̂ = (x - μ) / √(σ² + ε),  y = γ·x̂ + β
 *
 * with trainable scale γ (starts at 1) and shift β (starts at 0). Whatever the scale of its
 * input, the output has mean β and standard deviation about γ, so a deep stack cannot drift into
 * saturated or exploding ranges, and the backward pass divides by the same √(σ² + ε): the
 * gradient scale is reset at every layer (notebook 11).
 *
 * In evaluation mode (`forward(x, { training: false })`) it uses running averages of μ and σ²
 * collected during training (momentum 0.1; the running variance uses the unbiased estimate,
 * as PyTorch does).
 *
 * @example
 * const bn = new BatchNorm({ features: 3, name: "bn1" });
 * bn.forward(X); // each column now has mean 0 and variance ≈ 1
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import { tf } from "../tf";
import { f64 } from "../util/array";
import { param, type Param } from "../util/params";
import { Matrix, checkShape } from "../util/matrix";
import { cached, checkUpstream, tensorFor, type ForwardOptions, type Layer, type ParamTensors } from "./layer";
import { addInto } from "./dense";
import { checkInteger, checkObject, checkStep, checkString, show } from "../util/validate";

export interface BatchNormOptions {
  features: number;
  name: string;
  /** Added to the variance before the square root (default 1e-5, PyTorch's). */
  epsilon?: number;
  /** Weight of the newest batch in the running averages (default 0.1). */
  momentum?: number;
}

interface BatchNormCache {
  xHat: Matrix;
  /** 1 / √(σ² + ε) per feature. */
  invStd: Float64Array;
  training: boolean;
}

export class BatchNorm implements Layer {
  readonly kind = "batchNorm";
  readonly name: string;
  readonly features: number;
  readonly epsilon: number;
  readonly momentum: number;
  /** Scale γ, shape [features], starts at 1. */
  readonly gamma: Param;
  /** Shift β, shape [features], starts at 0. */
  readonly beta: Param;
  /** Running averages for evaluation mode (state of the layer, not trainable). */
  readonly runningMean: Float64Array;
  readonly runningVar: Float64Array;
  private cache: BatchNormCache | undefined;

  constructor(options: BatchNormOptions) {
    checkObject("BatchNorm: options", options, '{ features: 4, name: "bn1" }');
    checkInteger("BatchNorm: features", options.features, 1);
    checkString("BatchNorm: name", options.name);
    if (options.epsilon !== undefined) checkStep(options.epsilon, "BatchNorm: epsilon");
    if (options.momentum !== undefined && !(typeof options.momentum === "number" && options.momentum >= 0 && options.momentum < 1))
      throw new RangeError(`BatchNorm: momentum must be a number in [0, 1); got ${show(options.momentum)}`);
    const { features, name } = options;
    if (!Number.isInteger(features) || features < 1) {
      throw new RangeError(`BatchNorm "${name}": features must be a positive integer; got ${features}`);
    }
    const epsilon = options.epsilon ?? 1e-5;
    if (!(Number.isFinite(epsilon) && epsilon > 0))
      throw new RangeError(`BatchNorm "${name}": epsilon must be a number > 0; got ${epsilon}`);
    const momentum = options.momentum ?? 0.1;
    if (!(momentum > 0 && momentum <= 1)) throw new RangeError(`BatchNorm "${name}": momentum must be in (0, 1]; got ${momentum}`);
    this.name = name;
    this.features = features;
    this.epsilon = epsilon;
    this.momentum = momentum;
    this.gamma = param(`${name}.gamma`, [features], new Float64Array(features).fill(1));
    this.beta = param(`${name}.beta`, [features]);
    this.runningMean = new Float64Array(features);
    this.runningVar = new Float64Array(features).fill(1);
  }

  forward(x: Matrix, options: ForwardOptions = {}): Matrix {
    checkShape(`BatchNorm "${this.name}" input`, x, undefined, this.features);
    const training = options.training ?? true;
    const updateStats = options.updateStats ?? training;
    const n = x.rows;
    const d = this.features;
    const mean = new Float64Array(d);
    const variance = new Float64Array(d);
    if (training) {
      if (n < 2) throw new RangeError(`BatchNorm "${this.name}": training mode needs a batch of at least 2 samples; got ${n}`);
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += f64(x.data, i * d + j);
        mean[j] = s / n;
        let v = 0;
        for (let i = 0; i < n; i++) v += (f64(x.data, i * d + j) - s / n) ** 2;
        variance[j] = v / n;
      }
      if (updateStats) {
        for (let j = 0; j < d; j++) {
          this.runningMean[j] = (1 - this.momentum) * f64(this.runningMean, j) + this.momentum * f64(mean, j);
          const unbiased = (f64(variance, j) * n) / (n - 1);
          this.runningVar[j] = (1 - this.momentum) * f64(this.runningVar, j) + this.momentum * unbiased;
        }
      }
    } else {
      mean.set(this.runningMean);
      variance.set(this.runningVar);
    }
    const invStd = variance.map((v) => 1 / Math.sqrt(v + this.epsilon));
    const xHat = x.map((v, _i, j) => (v - f64(mean, j)) * f64(invStd, j));
    this.cache = { xHat, invStd, training };
    return xHat.map((v, _i, j) => f64(this.gamma.value, j) * v + f64(this.beta.value, j));
  }

  backward(dY: Matrix): Matrix {
    const { xHat, invStd, training } = cached(this, this.cache);
    checkUpstream(this, dY, xHat.rows, this.features);
    const n = xHat.rows;
    const d = this.features;
    // y = γ·x̂ + β:  dL/dβ = Σ_n dL/dy,  dL/dγ = Σ_n dL/dy ⊙ x̂,  dL/dx̂ = dL/dy ⊙ γ
    const dBeta = dY.sumRows();
    const dGamma = dY.mul(xHat).sumRows();
    const dXHat = dY.map((g, _i, j) => g * f64(this.gamma.value, j));
    addInto(this.beta.grad, dBeta.data);
    addInto(this.gamma.grad, dGamma.data);
    if (!training) {
      // Evaluation: μ and σ² are constants, so x̂ = (x - μ)/√(σ² + ε) is affine in x.
      return dXHat.map((g, _i, j) => g * f64(invStd, j));
    }
    // Training: μ and σ² depend on every sample of the batch, so each x̂[n] depends on all x[m].
    // Through x̂ = (x - μ)·s with s = 1/√(σ² + ε), ∂μ/∂x = 1/N and ∂σ²/∂x = 2(x - μ)/N, the
    // chain rule collapses to
    //   dL/dx = (s / N) · (N·dL/dx̂ - Σ_m dL/dx̂[m] - x̂ · Σ_m dL/dx̂[m]·x̂[m]).
    const sumD = dXHat.sumRows().data;
    const sumDX = dXHat.mul(xHat).sumRows().data;
    const dX = new Matrix(n, d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const k = i * d + j;
        dX.data[k] = (f64(invStd, j) / n) * (n * f64(dXHat.data, k) - f64(sumD, j) - f64(xHat.data, k) * f64(sumDX, j));
      }
    }
    return dX;
  }

  params(): Param[] {
    return [this.gamma, this.beta];
  }

  forwardTf(x: tf.Tensor2D, values: ParamTensors, options: ForwardOptions = {}): tf.Tensor2D {
    const gamma = tensorFor(values, this.gamma) as tf.Tensor1D;
    const beta = tensorFor(values, this.beta) as tf.Tensor1D;
    if (options.training ?? true) {
      // tf.moments gives the biased variance, and autograd flows through it as through μ.
      const { mean, variance } = tf.moments(x, 0);
      return tf.batchNorm2d(x, mean as tf.Tensor1D, variance as tf.Tensor1D, beta, gamma, this.epsilon);
    }
    return tf.batchNorm2d(
      x,
      tf.tensor1d(Float32Array.from(this.runningMean)),
      tf.tensor1d(Float32Array.from(this.runningVar)),
      beta,
      gamma,
      this.epsilon,
    );
  }
}
