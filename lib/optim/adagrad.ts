/**
 * AdaGrad: each coordinate's step is divided by the root of the sum of all its past squared
 * gradients, so coordinates with large gradients slow down and rarely-moving ones keep moving.
 *
 *   a ← a + g²,   θ ← θ − lr·g / √(a + ε)
 *
 * Same rule as `tf.train.adagrad(learningRate, initialAccumulatorValue)`: the accumulator starts
 * at 0.1 (PyTorch starts at 0) and ε = 1e-7 sits inside the root (tfjs uses the backend's float32
 * epsilon and does not let you change it; PyTorch adds 1e-10 outside the root).
 * Because `a` only grows, the effective rate only shrinks: AdaGrad can stall on long runs.
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */
import type { Param } from "../util/params";
import { f64 } from "../util/array";
import { BaseOptimizer, checkOptions, checkNonNegative, numberOption, TFJS_EPSILON } from "./optimizer";
import type { LearningRate, Optimizer } from "./optimizer";

export interface AdagradOptions {
  /** Base step size; no default in tfjs (Keras 0.001, PyTorch 0.01). */
  learningRate: LearningRate;
  /** Starting value of the squared-gradient sum. @default 0.1 */
  initialAccumulatorValue?: number;
}

class Adagrad extends BaseOptimizer<{ initialAccumulatorValue: number; epsilon: number }> {
  constructor(options: AdagradOptions) {
    super(options.learningRate, "adagrad", {
      initialAccumulatorValue: numberOption("adagrad", "initialAccumulatorValue", options.initialAccumulatorValue, 0.1, checkNonNegative),
      epsilon: TFJS_EPSILON,
    });
  }

  protected slotSpec() {
    return { count: 1, initial: this.settings.initialAccumulatorValue };
  }

  protected update(p: Param, lr: number, [a]: Float64Array[]): void {
    const acc = a!;
    for (let i = 0; i < p.value.length; i++) {
      const g = f64(p.grad, i);
      acc[i] = f64(acc, i) + g * g;
      p.value[i] = f64(p.value, i) - (lr * g) / Math.sqrt(f64(acc, i) + TFJS_EPSILON);
    }
  }
}

/**
 * AdaGrad, as `tf.train.adagrad`.
 * @example const opt = adagrad({ learningRate: 0.5 });
 */
export function adagrad(options: AdagradOptions): Optimizer {
  checkOptions("adagrad", options);
  return new Adagrad(options);
}
