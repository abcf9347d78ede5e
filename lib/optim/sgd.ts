/**
 * Plain gradient descent and its momentum variants.
 *
 * - `sgd`: θ ← θ − lr·g. "Stochastic" only when g comes from a minibatch (see `createBatcher`);
 *   with the full data set it is plain gradient descent.
 * - `momentum`: v ← μ·v + g, θ ← θ − lr·v (tfjs and PyTorch form; Keras scales g by lr inside v,
 *   which is the same trajectory for a fixed rate).
 * - `nesterov`: the same velocity, but the step looks ahead: θ ← θ − lr·(g + μ·v).
 * Introduced in [notebook 06](../../notebooks/06-gradient-descent.ipynb).
 */
import type { Param } from "../util/params";
import { f64 } from "../util/array";
import { BaseOptimizer, checkOptions, checkUnitInterval, numberOption, type LearningRate, type Optimizer } from "./optimizer";
import { show } from "../util/validate";

export interface SgdOptions {
  /** Step size. No default: the right value depends on the problem's curvature (stable below 2/L). */
  learningRate: LearningRate;
}

class Sgd extends BaseOptimizer<Record<string, never>> {
  constructor(options: SgdOptions) {
    super(options.learningRate, "sgd", {});
  }

  protected slotSpec() {
    return { count: 0, initial: 0 };
  }

  protected update(p: Param, lr: number): void {
    const { value, grad } = p;
    for (let i = 0; i < value.length; i++) value[i] = f64(value, i) - lr * f64(grad, i);
  }
}

/**
 * Gradient descent, θ ← θ − lr·∇L. Same rule as `tf.train.sgd(learningRate)`.
 * @example
 * const opt = sgd({ learningRate: 0.1 });
 * opt.step([x]); // x.value -= 0.1 * x.grad
 */
export function sgd(options: SgdOptions): Optimizer {
  checkOptions("sgd", options);
  return new Sgd(options);
}

export interface MomentumOptions {
  learningRate: LearningRate;
  /**
   * How much of the previous velocity is kept each step. tfjs requires it (no default);
   * 0.9 is the usual choice (Keras' default is 0, PyTorch's is 0).
   * @default 0.9
   */
  momentum?: number;
  /** Nesterov's look-ahead step (tfjs `useNesterov`). @default false */
  useNesterov?: boolean;
}

class Momentum extends BaseOptimizer<{ momentum: number; useNesterov: boolean }> {
  constructor(options: MomentumOptions) {
    const useNesterov = options.useNesterov === undefined ? false : options.useNesterov;
    const name = useNesterov ? "nesterov" : "momentum";
    const mu = numberOption(name, "momentum", options.momentum, 0.9, checkUnitInterval);
    if (typeof useNesterov !== "boolean") throw new TypeError(`momentum: useNesterov must be true or false; got ${show(useNesterov)}`);
    super(options.learningRate, name, { momentum: mu, useNesterov });
  }

  protected slotSpec() {
    return { count: 1, initial: 0 };
  }

  protected update(p: Param, lr: number, [v]: Float64Array[]): void {
    const velocity = v!;
    const { momentum: mu, useNesterov } = this.settings;
    for (let i = 0; i < p.value.length; i++) {
      const g = f64(p.grad, i);
      velocity[i] = mu * f64(velocity, i) + g;
      // Nesterov: step along g + μ·v (the gradient plus where the velocity will carry us next).
      p.value[i] = f64(p.value, i) - lr * (useNesterov ? g + mu * f64(velocity, i) : f64(velocity, i));
    }
  }
}

/**
 * Gradient descent with momentum: v ← μ·v + g, θ ← θ − lr·v.
 * Same rule as `tf.train.momentum(learningRate, momentum, useNesterov)`.
 * @example const opt = momentum({ learningRate: 0.01, momentum: 0.9 });
 */
export function momentum(options: MomentumOptions): Optimizer {
  checkOptions("momentum", options);
  return new Momentum(options);
}

/**
 * Nesterov momentum: `momentum({ ...options, useNesterov: true })`.
 * Same rule as `tf.train.momentum(learningRate, momentum, true)`.
 * @example const opt = nesterov({ learningRate: 0.01 });
 */
export function nesterov(options: Omit<MomentumOptions, "useNesterov">): Optimizer {
  checkOptions("nesterov", options);
  return new Momentum({ ...options, useNesterov: true });
}
