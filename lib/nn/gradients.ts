/**
 * Looking at and limiting gradients: per-layer norms (how much signal reaches each layer), the
 * global norm over all parameters, and the two kinds of clipping deep-learning frameworks offer.
 *
 * - `clipByValue(params, min, max)`: every gradient entry clamped to [min, max], as
 *   `tf.clipByValue` / `torch.nn.utils.clip_grad_value_`. Changes the gradient's direction.
 * - `clipByGlobalNorm(params, maxNorm)`: all gradients scaled by one factor
 *   maxNorm / max(globalNorm, maxNorm), as TensorFlow's `tf.clip_by_global_norm` (PyTorch's
 *   `clip_grad_norm_` is the same up to a 1e-6 in the denominator). Keeps the direction; only
 *   the step length is capped.
 *
 * Both work in place on `Param.grad`, between backward and the update.
 *
 * @example
 * backprop(model, mse, X, y);
 * const { globalNorm, scale } = clipByGlobalNorm(model.params(), 1.0); // global norm now <= 1
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import type { Param } from "../util/params";
import { checkMatrix, type Matrix } from "../util/matrix";
import { fmt } from "../util/format";
import { checkLayer, leafLayers, type Layer } from "./layer";
import { Dense } from "./dense";
import { checkOptions, show } from "../util/validate";
import { f64 } from "../util/array";

/** True when `params` is an array whose entries each have a Float64Array `grad` (what these functions use of a Param). */
function isParamList(params: unknown): params is readonly Param[] {
  return (
    Array.isArray(params) &&
    params.every((p: unknown) => typeof p === "object" && p !== null && "grad" in p && p.grad instanceof Float64Array)
  );
}

function sumOfSquares(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v * v;
  return s;
}

/**
 * √(Σ over every parameter and entry of grad²): the length of the whole gradient vector.
 * @example backprop(model, mse, X, y); globalNorm(model.params())
 */
export function globalNorm(params: readonly Param[]): number {
  if (!isParamList(params))
    throw new TypeError(`globalNorm: params must be an array of Params, such as model.params(); got ${show(params)}`);
  let s = 0;
  for (const p of params) s += sumOfSquares(p.grad);
  return Math.sqrt(s);
}

export interface LayerGradientNorm {
  /** The layer's name, e.g. "layer3". */
  layer: string;
  /** Euclidean norm of the layer's gradient. */
  norm: number;
}

/**
 * The gradient norm of each layer that has parameters, in forward order (input side first).
 * By default the norm of dL/dW of each Dense layer (what "per-layer gradient norm" usually plots);
 * with `weightsOnly: false`, the norm over all of a layer's parameters (biases, batch-norm γ and β
 * included) for every layer with parameters. Introduced in notebook 11.
 * @example backprop(model, loss, X, y); layerGradientNorms(model) // [{ layer: "layer1", norm: 2.4e-7 }, ...]
 */
export function layerGradientNorms(model: Layer, options: { weightsOnly?: boolean } = {}): LayerGradientNorm[] {
  checkLayer("layerGradientNorms: model", model);
  checkOptions("layerGradientNorms: options", options);
  const weightsOnly = options.weightsOnly ?? true;
  const out: LayerGradientNorm[] = [];
  for (const layer of leafLayers(model)) {
    if (weightsOnly) {
      if (layer instanceof Dense) out.push({ layer: layer.name, norm: Math.sqrt(sumOfSquares(layer.W.grad)) });
      continue;
    }
    const params = layer.params();
    if (params.length > 0) out.push({ layer: layer.name, norm: globalNorm(params) });
  }
  return out;
}

/**
 * Clamps every gradient entry to [min, max] in place. Returns how many entries were changed.
 * @example clipByValue(model.params(), -0.5, 0.5)
 */
export function clipByValue(params: readonly Param[], min: number, max: number): { clipped: number } {
  if (!isParamList(params))
    throw new TypeError(`clipByValue: params must be an array of Params, such as model.params(); got ${show(params)}`);
  if (typeof min !== "number" || typeof max !== "number")
    throw new TypeError(`clipByValue: min and max must be finite numbers with min <= max; got min ${show(min)}, max ${show(max)}`);
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) {
    throw new RangeError(`clipByValue: min and max must be finite numbers with min <= max; got min ${min}, max ${max}`);
  }
  let clipped = 0;
  for (const p of params) {
    for (let i = 0; i < p.grad.length; i++) {
      const g = f64(p.grad, i); // i < p.grad.length
      if (Number.isNaN(g)) throw new RangeError(`clipByValue: the gradient of "${p.name}" has NaN at index ${i}`);
      if (g < min || g > max) {
        p.grad[i] = g < min ? min : max;
        clipped++;
      }
    }
  }
  return { clipped };
}

export interface GlobalNormClip {
  /** The global norm before clipping. */
  globalNorm: number;
  /** The factor every gradient was multiplied by: maxNorm / max(globalNorm, maxNorm), at most 1. */
  scale: number;
}

/**
 * Rescales all gradients together so that their global norm is at most `maxNorm`, in place.
 * A non-finite global norm (an overflowed gradient) is an error, not a silent NaN.
 * @example clipByGlobalNorm(model.params(), 1) // { globalNorm: 59400, scale: 1.7e-5 }
 */
export function clipByGlobalNorm(params: readonly Param[], maxNorm: number): GlobalNormClip {
  if (!isParamList(params))
    throw new TypeError(`clipByGlobalNorm: params must be an array of Params, such as model.params(); got ${show(params)}`);
  if (typeof maxNorm !== "number") throw new TypeError(`clipByGlobalNorm: maxNorm must be a finite number > 0; got ${show(maxNorm)}`);
  if (!(Number.isFinite(maxNorm) && maxNorm > 0))
    throw new RangeError(`clipByGlobalNorm: maxNorm must be a finite number > 0; got ${maxNorm}`);
  const norm = globalNorm(params);
  if (!Number.isFinite(norm)) {
    throw new RangeError(
      `clipByGlobalNorm: the global gradient norm is ${fmt(norm)}; a gradient overflowed before clipping (lower the learning rate or the initial weight scale)`,
    );
  }
  // tf.clip_by_global_norm: t · clip_norm / max(global_norm, clip_norm). Below the threshold the
  // factor is exactly 1, so small gradients pass through untouched.
  const scale = maxNorm / Math.max(norm, maxNorm);
  if (scale !== 1) {
    for (const p of params) for (let i = 0; i < p.grad.length; i++) p.grad[i] = f64(p.grad, i) * scale;
  }
  return { globalNorm: norm, scale };
}

/**
 * The "dead" units of a ReLU layer: columns of its pre-activations `z` (rows are samples) that
 * are <= 0 for every sample. ReLU'(z) = 0 there, so no sample sends any gradient to that unit's
 * weights: without outside help it stays dead.
 * @example deadUnits(Matrix.from([[-1, 2], [-3, 0]])) // [0]
 */
export function deadUnits(z: Matrix): number[] {
  checkMatrix("deadUnits: z", z);
  const dead: number[] = [];
  for (let j = 0; j < z.cols; j++) {
    let alive = false;
    for (let i = 0; i < z.rows && !alive; i++) alive = f64(z.data, i * z.cols + j) > 0; // checkMatrix: rows·cols entries
    if (!alive) dead.push(j);
  }
  return dead;
}
