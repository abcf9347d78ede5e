/**
 * What every optimizer in gradlab shares: it updates `Param`s in place from their `grad`, keeps
 * its own state (velocities, squared-gradient averages ...) in a Map keyed by the Param, and reads
 * its learning rate from a number or a schedule (a function of the step count).
 *
 * The update rules mirror TensorFlow.js 4.22 (`tf.train.*`) operation for operation, so the same
 * problem from the same start gives the same trajectory up to float32 rounding; each optimizer's
 * file says where tfjs differs from PyTorch or Keras.
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */
import { countLibUpdate, type Param } from "../util/params";
import { NonFiniteError } from "../util/errors";
import { show } from "../util/validate";

/** A learning rate as a function of the step number (0 for the first step). */
export type Schedule = (iteration: number) => number;

/** A fixed learning rate, or a schedule. */
export type LearningRate = number | Schedule;

export interface Optimizer {
  /** e.g. "sgd", "momentum", "adam". */
  readonly name: string;
  /** The hyperparameters in use, defaults filled in (for tables and messages). */
  readonly config: Readonly<Record<string, number | boolean | string>>;
  /** Steps taken so far (tfjs calls this `iterations`). */
  readonly iterations: number;
  /** The learning rate the next step will use. */
  learningRate(): number;
  /** One update of every param from its current `grad`. */
  step(params: readonly Param[]): void;
  /** Forgets all state (velocities, averages, the step count): the next step is a first step. */
  reset(): void;
}

/** Checks a fixed learning rate or wraps a schedule so that a bad value names the step. */
export function resolveLearningRate(learningRate: LearningRate, owner: string): Schedule {
  if (typeof learningRate === "function") {
    return (t) => {
      const lr = learningRate(t);
      if (!(typeof lr === "number" && Number.isFinite(lr) && lr >= 0)) {
        throw new RangeError(`${owner}: the learning-rate schedule returned ${show(lr)} at step ${t}; expected a finite number >= 0`);
      }
      return lr;
    };
  }
  checkPositive(owner, "learningRate", learningRate);
  return () => learningRate;
}

export function checkPositive(owner: string, name: string, value: unknown): void {
  if (!(typeof value === "number" && Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${owner}: ${name} must be a positive finite number; got ${show(value)}`);
  }
}

export function checkNonNegative(owner: string, name: string, value: unknown): void {
  if (!(typeof value === "number" && Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${owner}: ${name} must be a finite number >= 0; got ${show(value)}`);
  }
}

/**
 * The options argument is an object with a learningRate; with `learningRateRequired: false`
 * (Adam, which has a default rate) the learningRate, and the whole object, may be left out.
 */
export function checkOptions(owner: string, options: unknown, { learningRateRequired = true } = {}): void {
  if (!options || typeof options !== "object" || Array.isArray(options)) {
    const leftOut = learningRateRequired ? "" : " (or left out)";
    throw new TypeError(`${owner}: options must be an object such as { learningRate: 0.1 }${leftOut}; got ${show(options)}`);
  }
  if (learningRateRequired && !("learningRate" in options)) throw new TypeError(`${owner}: learningRate is required`);
}

/** A decay or momentum coefficient: 0 <= value < 1. */
export function checkUnitInterval(owner: string, name: string, value: unknown): void {
  if (!(typeof value === "number" && value >= 0 && value < 1)) {
    throw new RangeError(`${owner}: ${name} must be a number in [0, 1); got ${show(value)}`);
  }
}

/**
 * An optional numeric option of an optimizer: `fallback` when it is left out, otherwise the value
 * given, checked by `check` (checkUnitInterval, checkPositive ...), whose message names the owner
 * and the option.
 * @example numberOption("adam", "beta1", options.beta1, 0.9, checkUnitInterval) // 0.9 when left out
 */
export function numberOption(
  owner: string,
  name: string,
  value: number | undefined,
  fallback: number,
  check: (owner: string, name: string, value: unknown) => void,
): number {
  const v = value === undefined ? fallback : value;
  check(owner, name, v);
  return v;
}

/**
 * avg[i] ← decay·avg[i] + (1 − decay)·x: an exponentially forgetting average, kept per entry
 * (Adam's first moment m, RMSprop's centered mean gradient ḡ). Returns the new avg[i].
 */
export function movingAverage(avg: Float64Array, i: number, decay: number, x: number): number {
  const next = decay * avg[i]! + (1 - decay) * x;
  avg[i] = next;
  return next;
}

/**
 * avg[i] ← decay·avg[i] + (1 − decay)·g²: the second moment, the forgetting average of squared
 * gradients (Adam's v, RMSprop's s). Returns the new avg[i].
 */
export function movingSquareAverage(avg: Float64Array, i: number, decay: number, g: number): number {
  const next = decay * avg[i]! + (1 - decay) * g * g;
  avg[i] = next;
  return next;
}

/** An optimizer's own hyperparameters, defaults filled in (β₁, decay, momentum ...). */
export type OptimizerSettings = Record<string, number | boolean | string>;

/**
 * The shared machinery: the name, the step counter, the learning rate, the hyperparameters and
 * `config`, per-parameter state slots (created lazily, all of the parameter's size) and input
 * checks. Subclasses pass their checked hyperparameters to the constructor and write only the
 * update rule, reading them from `settings`.
 */
export abstract class BaseOptimizer<S extends OptimizerSettings = OptimizerSettings> implements Optimizer {
  /** Its learning rate (the number, or "schedule" for a function of the step) followed by `settings`. */
  readonly config: Readonly<Record<string, number | boolean | string>>;
  private steps = 0;
  private readonly schedule: Schedule;
  private readonly state = new Map<Param, Float64Array[]>();

  /**
   * @param name e.g. "adam": the optimizer's `name`, which its error messages name too.
   * @param settings its hyperparameters, already checked.
   * @example super(options.learningRate, "momentum", { momentum: 0.9, useNesterov: false })
   */
  constructor(
    learningRate: LearningRate,
    readonly name: string,
    protected readonly settings: Readonly<S>,
  ) {
    this.schedule = resolveLearningRate(learningRate, name);
    this.config = { learningRate: typeof learningRate === "number" ? learningRate : "schedule", ...settings };
  }

  get iterations(): number {
    return this.steps;
  }

  learningRate(): number {
    return this.schedule(this.steps);
  }

  reset(): void {
    this.steps = 0;
    this.state.clear();
  }

  step(params: readonly Param[]): void {
    if (!Array.isArray(params))
      throw new TypeError(`${this.name}.step: params must be an array of Param objects (from createParam); got ${show(params)}`);
    params.forEach((p: unknown, i) => {
      const q = p as Partial<Param> | null;
      if (
        typeof q !== "object" ||
        q === null ||
        !(q.value instanceof Float64Array) ||
        !(q.grad instanceof Float64Array) ||
        q.value.length !== q.grad.length
      ) {
        throw new TypeError(
          `${this.name}.step: params[${i}] must be a Param with value and grad Float64Arrays of the same length; got ${show(p)}`,
        );
      }
    });
    // All gradients are checked before any value moves: a NaN or Infinity would corrupt the
    // parameter (and the optimizer's state) for good.
    for (const p of params) {
      const g = p.grad;
      for (let i = 0; i < g.length; i++) {
        if (!Number.isFinite(g[i])) {
          throw new NonFiniteError(
            `${this.name}.step`,
            `the gradient of "${p.name}" is ${show(g[i])} at index ${i}; no parameter was changed (clip the gradients or lower the learning rate)`,
          );
        }
      }
    }
    const lr = this.learningRate();
    countLibUpdate();
    for (const p of params) this.update(p, lr, this.slots(p));
    this.steps++;
    this.afterStep();
  }

  /** How many state arrays each parameter needs, and their initial value. */
  protected abstract slotSpec(): { count: number; initial: number };

  /** Updates `p.value` in place; `slots` are this parameter's state arrays. */
  protected abstract update(p: Param, lr: number, slots: Float64Array[]): void;

  /** Per-step bookkeeping shared by all parameters (Adam's beta powers). */
  protected afterStep(): void {}

  private slots(p: Param): Float64Array[] {
    let slots = this.state.get(p);
    if (!slots || slots[0]?.length !== p.value.length) {
      const { count, initial } = this.slotSpec();
      slots = Array.from({ length: count }, () => new Float64Array(p.value.length).fill(initial));
      this.state.set(p, slots);
    }
    return slots;
  }
}

/** tfjs adds the backend's epsilon (1e-7 for float32 backends) where none is given. */
export const TFJS_EPSILON = 1e-7;
