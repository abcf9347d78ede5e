import { checkString, show } from "./validate";
/**
 * A trainable parameter: its values and the gradient of the loss with respect to them, both
 * flat Float64Arrays in row-major order. Layers own their parameters; optimizers update
 * `value` from `grad` and keep their own state (momentum, second moments ...) in a Map keyed by
 * the Param object, never on the parameter itself.
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */
export interface Param {
  /** Unique within a model, e.g. "layer1.W". */
  readonly name: string;
  /** e.g. [inputs, outputs] for a weight matrix, [outputs] for a bias. */
  readonly shape: readonly number[];
  readonly value: Float64Array;
  readonly grad: Float64Array;
}

/** A Param with zero gradient; `value` defaults to zeros. */
export function param(name: string, shape: readonly number[], value?: ArrayLike<number>): Param {
  checkString("param: name", name);
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0))
    throw new RangeError(`param "${name}": shape must be a non-empty array of positive integers such as [2, 3]; got ${show(shape)}`);
  if (
    value !== undefined &&
    !(
      (Array.isArray(value) || ArrayBuffer.isView(value)) &&
      Array.from(value as ArrayLike<unknown>).every((v) => typeof v === "number" && Number.isFinite(v))
    )
  )
    throw new TypeError(`param "${name}": value must be an array of finite numbers (or left out for zeros); got ${show(value)}`);
  const size = shape.reduce((a, b) => a * b, 1);
  if (!shape.every((d) => Number.isInteger(d) && d > 0))
    throw new RangeError(`param "${name}": shape must be positive integers; got [${shape.join(", ")}]`);
  if (value && value.length !== size) {
    throw new RangeError(`param "${name}": shape [${shape.join(", ")}] needs ${size} values; value has ${value.length}`);
  }
  return { name, shape: [...shape], value: value ? Float64Array.from(value) : new Float64Array(size), grad: new Float64Array(size) };
}

/** Sets every gradient to zero before the next backward pass accumulates into them. */
export function zeroGrads(params: readonly Param[]): void {
  if (!Array.isArray(params) || !params.every((p: unknown) => p instanceof Object && (p as Param).grad instanceof Float64Array))
    throw new TypeError(`zeroGrads: params must be an array of Params (from param(name, shape)); got ${show(params)}`);
  for (const p of params) p.grad.fill(0);
}

let libUpdates = 0;

/**
 * How many updates lib's optimizers have made to parameters in this process: every `step` of an
 * optimizer from lib/optim (sgd, momentum, nesterov, adam, rmsprop, adagrad, and every loop that
 * steps one) advances it. The checks of the exercises where the learner writes the update
 * (06.3's descent loop, 15.3's training loop) read it around the learner's code, so an answer that
 * hands the update to gradlab is refused however the optimizer is reached.
 */
export function libUpdateCount(): number {
  return libUpdates;
}

/** Advances libUpdateCount(): called once per optimizer step by lib/optim's BaseOptimizer.step. */
export function countLibUpdate(): void {
  libUpdates++;
}
