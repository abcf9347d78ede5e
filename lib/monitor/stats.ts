/**
 * What to measure about a network while it trains, one step at a time (notebook 14):
 *
 * - per-layer gradient norms ‖dL/dW‖ (lib/nn's layerGradientNorms) and the global norm;
 * - the update-to-weight ratio ‖ΔW‖ / ‖W‖ of each dense layer: how far one step moves the weights,
 *   relative to their size (around 1e-3 is the usual healthy range; 1e-1 and up means the
 *   learning rate is too large, 1e-6 and below that the layer barely learns);
 * - per activation layer, the fraction of dead units (lib/nn's deadUnits: a ReLU that is off for
 *   every sample passes no gradient) and of saturated entries (a sigmoid or tanh whose slope is
 *   below 5% of its steepest: the gradient through it nearly vanishes).
 *
 * @example
 * const before = snapshotWeights(model);
 * optimizer.step(model.params());
 * updateRatios(model, before); // [{ layer: "layer1", ratio: 0.0012 }, ...]
 * Introduced in [notebook 14](../../notebooks/14-practical-tips.ipynb).
 */
import { checkMatrix, type Matrix } from "../util/matrix";
import type { ForwardOptions, Layer } from "../nn/layer";
import { checkLayer, leafLayers } from "../nn/layer";
import { Dense } from "../nn/dense";
import { ActivationLayer } from "../nn/activation-layer";
import { Residual, Sequential } from "../nn/sequential";
import { deadUnits } from "../nn/gradients";
import { checkOptions, show } from "../util/validate";

/** Slope below this fraction of an activation's steepest slope counts as saturated. */
export const SATURATION_SLOPE = 0.05;

/** Activations that saturate on both sides, with their steepest slope. */
const SATURATING: Readonly<Record<string, number>> = { sigmoid: 0.25, tanh: 1 };

function norm(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] as number) ** 2;
  return Math.sqrt(s);
}

/** The dense layers of a model, in forward order. */
export function denseLayers(model: Layer): Dense[] {
  checkLayer("denseLayers: model", model);
  return leafLayers(model).filter((l): l is Dense => l instanceof Dense);
}

/** Copies of every dense layer's weights W, to measure the next update against. */
export function snapshotWeights(model: Layer): Map<Dense, Float64Array> {
  checkLayer("snapshotWeights: model", model);
  return new Map(denseLayers(model).map((d) => [d, Float64Array.from(d.W.value)]));
}

export interface UpdateRatio {
  layer: string;
  /** ‖W_after − W_before‖ / ‖W_before‖; NaN when W was all zeros. */
  ratio: number;
}

/**
 * ‖ΔW‖ / ‖W‖ for every dense layer, from a snapshot taken before the update.
 * @example updateRatios(model, before)[0].ratio // 0.0012
 */
export function updateRatios(model: Layer, before: ReadonlyMap<Dense, Float64Array>): UpdateRatio[] {
  checkLayer("updateRatios: model", model);
  if (!(before instanceof Map))
    throw new TypeError(`updateRatios: before must be the Map from snapshotWeights(model); got ${show(before)}`);
  return denseLayers(model).map((d) => {
    const old = before.get(d);
    if (!old) throw new Error(`updateRatios: no snapshot of layer "${d.name}"; take one with snapshotWeights(model) before the update`);
    let diff = 0;
    for (let i = 0; i < old.length; i++) diff += ((d.W.value[i] as number) - (old[i] as number)) ** 2;
    const size = norm(old);
    return { layer: d.name, ratio: size > 0 ? Math.sqrt(diff) / size : NaN };
  });
}

export interface LayerActivationStats {
  /** The activation layer's name, e.g. "act1". */
  layer: string;
  /** The activation's name, e.g. "relu". */
  activation: string;
  /** Units whose slope is 0 for every sample (dead ReLUs), as a fraction of the layer's units. */
  deadFraction: number;
  /** Entries (sample × unit) in saturation, as a fraction; NaN for activations that do not saturate (ReLU ...). */
  saturatedFraction: number;
}

/** Every activation layer with the input it received on X (descending into Sequential and Residual). */
function activationInputs(layer: Layer, x: Matrix, mode: ForwardOptions, found: Array<{ layer: ActivationLayer; z: Matrix }>): Matrix {
  if (layer instanceof Sequential) {
    let out = x;
    for (const l of layer.layers) out = activationInputs(l, out, mode, found);
    return out;
  }
  if (layer instanceof Residual) return x.add(activationInputs(layer.inner, x, mode, found));
  if (layer instanceof ActivationLayer) found.push({ layer, z: x });
  return layer.forward(x, mode);
}

/**
 * Dead and saturated units of every activation layer on the inputs X (a forward pass in training
 * mode that leaves batch-norm statistics alone).
 * @example activationStats(model, X) // [{ layer: "act1", activation: "relu", deadFraction: 0.25, saturatedFraction: NaN }, ...]
 */
export function activationStats(model: Layer, X: Matrix, options: { saturation?: number } = {}): LayerActivationStats[] {
  checkLayer("activationStats: model", model);
  checkMatrix("activationStats: X", X);
  checkOptions("activationStats: options", options);
  const saturation = options.saturation ?? SATURATION_SLOPE;
  if (!(saturation > 0 && saturation < 1)) throw new RangeError(`activationStats: saturation must be in (0, 1); got ${saturation}`);
  const found: Array<{ layer: ActivationLayer; z: Matrix }> = [];
  activationInputs(model, X, { training: true, updateStats: false }, found);
  return found.map(({ layer, z }) => {
    const fn = layer.fn;
    // a unit is dead when its slope is 0 for every sample: deadUnits looks at z <= 0, which is that for ReLU
    const slopes = z.map((v) => fn.df(v));
    const dead = deadUnits(slopes).length;
    const steepest = SATURATING[fn.name];
    let saturated = NaN;
    if (steepest !== undefined) {
      let count = 0;
      for (const s of slopes.data) if (s < saturation * steepest) count++;
      saturated = count / slopes.size;
    }
    return { layer: layer.name, activation: fn.name, deadFraction: dead / z.cols, saturatedFraction: saturated };
  });
}
