/**
 * RMSprop: like AdaGrad, but the squared gradients are averaged with exponential forgetting, so the
 * effective rate can recover after a steep stretch.
 *
 *   s ← ρ·s + (1 − ρ)·g²,   m ← μ·m + lr·g / √(s + ε),   θ ← θ − m
 *
 * Same rule as `tf.train.rmsprop(learningRate, decay, momentum, epsilon, centered)`. Differences
 * from other frameworks: tfjs puts ε inside the root (PyTorch: √s + ε) and its default ε is 1e-7
 * (PyTorch 1e-8); its default decay ρ is 0.9 (PyTorch's `alpha` is 0.99).
 *
 * `centered` also tracks the mean gradient ḡ ← ρ·ḡ + (1 − ρ)·g and divides by an estimate of the
 * gradient's standard deviation. tfjs 4.22 computes that root as √(s − (ḡ² + ε)), subtracting ε
 * where Keras adds it; gradlab follows tfjs so that trajectories match, which means the centered
 * variant can produce a non-finite step when the gradient is nearly constant (s − ḡ² < ε). The
 * runner reports that as a divergence.
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */
import type { Param } from "../util/params";
import { f64 } from "../util/array";
import { show } from "../util/validate";
import { BaseOptimizer, checkOptions, checkPositive, checkUnitInterval, numberOption, TFJS_EPSILON } from "./optimizer";
import type { LearningRate, Optimizer } from "./optimizer";
import { movingAverage, movingSquareAverage } from "./optimizer";

export interface RmspropOptions {
  /** Base step size; no default in tfjs (Keras 0.001, PyTorch 0.01). */
  learningRate: LearningRate;
  /** Forgetting factor ρ of the squared-gradient average. @default 0.9 */
  decay?: number;
  /** Momentum on the scaled step. @default 0 */
  momentum?: number;
  /** Added inside the square root. @default 1e-7 (tfjs: the backend's float32 epsilon) */
  epsilon?: number;
  /** Divide by the gradient's running standard deviation instead of its root mean square. @default false */
  centered?: boolean;
}

class Rmsprop extends BaseOptimizer<{ decay: number; momentum: number; epsilon: number; centered: boolean }> {
  constructor(options: RmspropOptions) {
    const centered = options.centered === undefined ? false : options.centered;
    if (typeof centered !== "boolean") throw new TypeError(`rmsprop: centered must be true or false; got ${show(centered)}`);
    super(options.learningRate, "rmsprop", {
      decay: numberOption("rmsprop", "decay", options.decay, 0.9, checkUnitInterval),
      momentum: numberOption("rmsprop", "momentum", options.momentum, 0, checkUnitInterval),
      epsilon: numberOption("rmsprop", "epsilon", options.epsilon, TFJS_EPSILON, checkPositive),
      centered,
    });
  }

  protected slotSpec() {
    // s (mean square), m (momentum), ḡ (mean gradient, centered only)
    return { count: 3, initial: 0 };
  }

  protected update(p: Param, lr: number, [s, m, gBar]: Float64Array[]): void {
    const ms = s!;
    const mom = m!;
    const mg = gBar!;
    const { decay: rho, momentum: mu, epsilon, centered } = this.settings;
    for (let i = 0; i < p.value.length; i++) {
      const g = f64(p.grad, i);
      const meanSquare = movingSquareAverage(ms, i, rho, g);
      let denominator: number;
      if (centered) {
        const meanGrad = movingAverage(mg, i, rho, g);
        denominator = Math.sqrt(meanSquare - (meanGrad * meanGrad + epsilon)); // tfjs' placement of ε, see above
      } else {
        denominator = Math.sqrt(meanSquare + epsilon);
      }
      mom[i] = mu * f64(mom, i) + (g * lr) / denominator;
      p.value[i] = f64(p.value, i) - f64(mom, i);
    }
  }
}

/**
 * RMSprop, as `tf.train.rmsprop`.
 * @example const opt = rmsprop({ learningRate: 0.01 });
 */
export function rmsprop(options: RmspropOptions): Optimizer {
  checkOptions("rmsprop", options);
  return new Rmsprop(options);
}
