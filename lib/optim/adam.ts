/**
 * Adam: momentum on the gradient (first moment m) and RMSprop-style scaling (second moment v),
 * both corrected for starting at zero.
 *
 *   m ← β₁·m + (1 − β₁)·g,   v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁ᵗ),      v̂ = v / (1 − β₂ᵗ)          (t = 1 on the first step)
 *   θ ← θ − lr·m̂ / (√v̂ + ε)
 *
 * Same rule as `tf.train.adam(learningRate, beta1, beta2, epsilon)`: ε is added after the root of
 * the bias-corrected v̂ (as in PyTorch and the Adam paper), and its default is tfjs' float32
 * epsilon 1e-7 (Keras also 1e-7; PyTorch 1e-8).
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */
import type { Param } from "../util/params";
import { f64 } from "../util/array";
import { BaseOptimizer, checkOptions, checkPositive, checkUnitInterval, numberOption, TFJS_EPSILON } from "./optimizer";
import type { LearningRate, Optimizer } from "./optimizer";
import { movingAverage, movingSquareAverage } from "./optimizer";

export interface AdamOptions {
  /** Base step size. @default 0.001 */
  learningRate?: LearningRate;
  /** Forgetting factor of the gradient average. @default 0.9 */
  beta1?: number;
  /** Forgetting factor of the squared-gradient average. @default 0.999 */
  beta2?: number;
  /** Added to √v̂. @default 1e-7 */
  epsilon?: number;
}

class Adam extends BaseOptimizer<{ beta1: number; beta2: number; epsilon: number }> {
  // β₁ᵗ and β₂ᵗ for the step being taken (tfjs keeps them as accumulated products too).
  private beta1Power: number;
  private beta2Power: number;

  constructor(options: AdamOptions) {
    super(options.learningRate === undefined ? 0.001 : options.learningRate, "adam", {
      beta1: numberOption("adam", "beta1", options.beta1, 0.9, checkUnitInterval),
      beta2: numberOption("adam", "beta2", options.beta2, 0.999, checkUnitInterval),
      epsilon: numberOption("adam", "epsilon", options.epsilon, TFJS_EPSILON, checkPositive),
    });
    this.beta1Power = this.settings.beta1;
    this.beta2Power = this.settings.beta2;
  }

  override reset(): void {
    super.reset();
    this.beta1Power = this.settings.beta1;
    this.beta2Power = this.settings.beta2;
  }

  protected slotSpec() {
    return { count: 2, initial: 0 };
  }

  protected update(p: Param, lr: number, [m, v]: Float64Array[]): void {
    const first = m!;
    const second = v!;
    const { beta1, beta2, epsilon } = this.settings;
    const c1 = 1 - this.beta1Power;
    const c2 = 1 - this.beta2Power;
    for (let i = 0; i < p.value.length; i++) {
      const g = f64(p.grad, i);
      const mHat = movingAverage(first, i, beta1, g) / c1;
      const vHat = movingSquareAverage(second, i, beta2, g) / c2;
      p.value[i] = f64(p.value, i) - (lr * mHat) / (Math.sqrt(vHat) + epsilon);
    }
  }

  protected override afterStep(): void {
    this.beta1Power *= this.settings.beta1;
    this.beta2Power *= this.settings.beta2;
  }
}

/**
 * Adam, as `tf.train.adam`.
 * @example const opt = adam({ learningRate: 0.05 });
 */
export function adam(options: AdamOptions = {}): Optimizer {
  checkOptions("adam", options, { learningRateRequired: false });
  return new Adam(options);
}
