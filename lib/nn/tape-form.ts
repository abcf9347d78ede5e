/**
 * lib/nn's networks on the tensor engine: the forward pass rebuilt from the model's layers with
 * tape ops, reading the very same `Param` arrays (a tensor wraps `param.value`, no copy), so the
 * engine differentiates the network the hand-written backward passes were written for.
 *
 * Dense, ActivationLayer, BatchNorm, Sequential and Residual are supported, with any activation or
 * loss that carries its tape form (`fTape`, as all of lib/nn's do). `tapeBackprop` is the engine's drop-in for lib/nn's
 * `backprop`: same arguments, same result, gradients written into each `param.grad`.
 *
 * @example
 * const model = mlp({ sizes: [2, 8, 1], activation: relu, rng: createRng(0) });
 * tapeBackprop(model, binaryCrossEntropyWithLogits, X, y); // model.params()[0].grad now holds dL/dW1
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import type { Param } from "../util/params";
import type { ActivationFn } from "./activations";
import type { Loss } from "./losses";
import { checkLayer, checkModelLossData, checkLoss, type ForwardOptions, type Layer } from "./layer";
import { NonFiniteError } from "../util/errors";
import { Dense } from "./dense";
import { ActivationLayer } from "./activation-layer";
import { BatchNorm } from "./batchnorm";
import { Residual, Sequential } from "./sequential";
import { Matrix, checkMatrix, checkShape } from "../util/matrix";
import { Tensor, fromMatrix } from "../tape/tensor";
import { valueAndGrads } from "../tape/grad";
import { add, div, mul, sqrt, square, sub } from "../tape/ops/arithmetic";
import { matMul } from "../tape/ops/matmul";
import { mean, sum } from "../tape/ops/reductions";
import { checkOptions, show } from "../util/validate";
import { at, f64 } from "../util/array";

/** The tape form of an activation: its own `fTape` (no lookup by name). */
export function activationOp(fn: ActivationFn): (x: Tensor) => Tensor {
  if (typeof fn !== "object" || fn === null || typeof fn.f !== "function")
    throw new TypeError(`activationOp: fn must be an activation such as sigmoid or relu; got ${show(fn)}`);
  const op = fn?.fTape;
  if (typeof op !== "function") {
    throw new RangeError(
      `tape: no op for the activation "${String(fn?.name)}": it has no tape form (fTape); lib/nn's sigmoid, tanh, relu, leakyRelu(alpha), softplus, gelu and identity have one`,
    );
  }
  return op;
}

/** The tape form of a loss: its own `fTape` (no lookup by name). */
export function lossOp(loss: Loss): (yHat: Tensor, y: Tensor) => Tensor {
  const op = loss?.fTape;
  if (typeof op !== "function") {
    throw new RangeError(
      `tape: no op for the loss "${String(loss?.name)}": it has no tape form (fTape); lib/nn's mse, binaryCrossEntropy, binaryCrossEntropyWithLogits and softmaxCrossEntropy have one`,
    );
  }
  return op;
}

/**
 * Why the engine cannot run `layer` (a layer kind, or an activation without a tape form) or, when
 * given, `loss` (no tape form); "" when it can.
 */
export function unsupportedReason(layer: Layer, loss?: Loss): string {
  checkLayer("unsupportedReason: layer", layer);
  if (loss !== undefined) checkLoss("unsupportedReason: loss", loss);
  if (loss !== undefined) {
    try {
      lossOp(loss);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  if (layer instanceof Sequential) return layer.layers.map((l) => unsupportedReason(l)).find((r) => r !== "") ?? "";
  if (layer instanceof Residual) return unsupportedReason(layer.inner);
  if (layer instanceof Dense || layer instanceof BatchNorm) return "";
  if (layer instanceof ActivationLayer) {
    try {
      activationOp(layer.fn);
      return "";
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return `tape: no forward rule for the layer kind "${layer?.kind}" ("${layer?.name}"); the engine runs dense, activation, batchNorm, sequential and residual layers`;
}

function tensorOf(values: ReadonlyMap<Param, Tensor>, p: Param): Tensor {
  const t = values.get(p);
  if (!t) throw new Error(`tape: no tensor supplied for parameter "${p.name}"`);
  return t;
}

/** Batch normalisation with ops: the same formulas as lib/nn's BatchNorm.forward (and its running averages). */
function batchNormForward(layer: BatchNorm, x: Tensor, values: ReadonlyMap<Param, Tensor>, options: ForwardOptions): Tensor {
  const training = options.training ?? true;
  const updateStats = options.updateStats ?? training;
  const gamma = tensorOf(values, layer.gamma);
  const beta = tensorOf(values, layer.beta);
  let xHat: Tensor;
  if (training) {
    const n = at(x.shape, 0, "BatchNorm input shape");
    if (n < 2) throw new RangeError(`BatchNorm "${layer.name}": training mode needs a batch of at least 2 samples; got ${n}`);
    const mu = mean(x, 0);
    const centred = sub(x, mu);
    const variance = mean(square(centred), 0); // biased, as lib/nn and tfjs
    xHat = div(centred, sqrt(add(variance, layer.epsilon)));
    if (updateStats) {
      for (let j = 0; j < layer.features; j++) {
        // j < features, the length of each of these arrays
        layer.runningMean[j] = (1 - layer.momentum) * f64(layer.runningMean, j) + layer.momentum * f64(mu.data, j);
        const unbiased = (f64(variance.data, j) * n) / (n - 1);
        layer.runningVar[j] = (1 - layer.momentum) * f64(layer.runningVar, j) + layer.momentum * unbiased;
      }
    }
  } else {
    // evaluation: the running averages are constants
    const mu = new Tensor([layer.features], Float64Array.from(layer.runningMean));
    const std = new Tensor(
      [layer.features],
      Float64Array.from(layer.runningVar, (v) => Math.sqrt(v + layer.epsilon)),
    );
    xHat = div(sub(x, mu), std);
  }
  return add(mul(xHat, gamma), beta);
}

/**
 * The forward pass of `layer` with tape ops, the parameters read from `values` (one tensor per
 * Param). Inside `grads`, every op is recorded.
 * @example forwardModel(model, fromMatrix(X), new Map(model.params().map((p) => [p, paramTensor(p)])))
 */
export function forwardModel(layer: Layer, x: Tensor, values: ReadonlyMap<Param, Tensor>, options: ForwardOptions = {}): Tensor {
  checkLayer("forwardModel: layer", layer);
  if (!(x instanceof Tensor)) throw new TypeError(`forwardModel: x must be a Tensor; got ${show(x)}`);
  if (!(values instanceof Map))
    throw new TypeError(`forwardModel: values must be a Map from each Param to its Tensor; got ${show(values)}`);
  checkOptions("forwardModel: options", options);
  if (layer instanceof Sequential) {
    let out = x;
    for (const l of layer.layers) out = forwardModel(l, out, values, options);
    return out;
  }
  if (layer instanceof Residual) return add(x, forwardModel(layer.inner, x, values, options));
  if (layer instanceof Dense) {
    const xw = matMul(x, tensorOf(values, layer.W));
    return layer.b ? add(xw, tensorOf(values, layer.b)) : xw;
  }
  if (layer instanceof ActivationLayer) return activationOp(layer.fn)(x);
  if (layer instanceof BatchNorm) return batchNormForward(layer, x, values, options);
  throw new RangeError(unsupportedReason(layer));
}

/** A tensor over a parameter's own value array (no copy): what the engine differentiates. */
export function paramTensor(p: Param): Tensor {
  if (typeof p !== "object" || p === null || !(p.value instanceof Float64Array) || !Array.isArray(p.shape))
    throw new TypeError(`paramTensor: p must be a Param, such as model.params()[0]; got ${show(p)}`);
  return new Tensor(p.shape, p.value);
}

export interface TapeBackpropOptions extends ForwardOptions {
  /** Also compute dL/dX (default false: X is data, and its gradient costs one more matrix product per layer). */
  inputGradient?: boolean;
}

export interface TapeBackpropResult {
  /** The loss before any update. */
  loss: number;
  /** The network's output for X. */
  yHat: Matrix;
  /** dL/dX, when `inputGradient` was asked for. */
  dX?: Matrix;
}

export interface TapeGradients {
  /** The loss the engine computes. */
  loss: number;
  /** The network's output for X. */
  yHat: Matrix;
  /** dL/dθ for every parameter (the arrays belong to the engine's result, not to the Params). */
  grads: Map<Param, Float64Array>;
  /** dL/dX, when `inputGradient` was asked for. */
  dX?: Matrix;
}

/**
 * The loss and dL/dθ for every parameter by the tape, leaving the Params' own `grad` untouched
 * (the engine's counterpart of lib/nn's tfLossAndGradients).
 * @example tapeLossAndGradients(model, mse, X, y).grads.get(model.params()[0])
 */
export function tapeLossAndGradients(model: Layer, loss: Loss, X: Matrix, y: Matrix, options: TapeBackpropOptions = {}): TapeGradients {
  checkModelLossData("tapeLossAndGradients", model, loss, X, y);
  checkOptions("tapeLossAndGradients: options", options);
  const reason = unsupportedReason(model, loss);
  if (reason) throw new RangeError(reason);
  checkShape("X", X, undefined, undefined);
  checkShape("y", y, X.rows, undefined);
  const params = model.params();
  const lossFn = lossOp(loss);
  const yt = fromMatrix(y);
  let output: Tensor | undefined;
  const f = (Xt: Tensor, ...ws: Tensor[]) => {
    const values = new Map(params.map((p, i) => [p, at(ws, i, "parameter tensors")]));
    output = forwardModel(model, Xt, values, options);
    return lossFn(output, yt);
  };
  const withInput = options.inputGradient === true;
  const Xt = fromMatrix(X);
  let result: { value: Tensor; grads: Tensor[] };
  try {
    // X is differentiated only when asked: otherwise it is a constant captured by f.
    result = withInput
      ? valueAndGrads(f)([Xt, ...params.map(paramTensor)])
      : valueAndGrads((...ws) => f(Xt, ...ws))(params.map(paramTensor));
  } catch (error) {
    if (!(error instanceof NonFiniteError)) throw error;
    throw new NonFiniteError("backprop (tape)", error.detail);
  }
  const paramGrads = withInput ? result.grads.slice(1) : result.grads;
  if (!output) throw new Error("tapeLossAndGradients: the forward pass did not run"); // valueAndGrads calls f once
  const out: TapeGradients = {
    loss: result.value.item(),
    yHat: output.toMatrix(),
    grads: new Map(params.map((p, i) => [p, at(paramGrads, i, "parameter gradients").data])),
  };
  if (withInput) out.dX = at(result.grads, 0, "input gradient").toMatrix();
  return out;
}

/**
 * The engine's `backprop`: forward with ops, the loss, reverse mode over the tape; writes dL/dθ
 * into every `param.grad` (overwriting, as backprop's zero-then-accumulate does) and returns the
 * loss and the output. Throws NonFiniteError when the loss or a gradient is not finite.
 * @example const { loss } = tapeBackprop(model, mse, X, y);
 */
export function tapeBackprop(model: Layer, loss: Loss, X: Matrix, y: Matrix, options: TapeBackpropOptions = {}): TapeBackpropResult {
  checkModelLossData("tapeBackprop", model, loss, X, y);
  checkOptions("tapeBackprop: options", options);
  const { loss: value, yHat, grads, dX } = tapeLossAndGradients(model, loss, X, y, options);
  for (const [p, g] of grads) p.grad.set(g);
  return dX ? { loss: value, yHat, dX } : { loss: value, yHat };
}

/**
 * What `layer.backward(dY)` should give after `layer.forward(x)`, by the tape: the value of
 * Σ dY ⊙ layer(x) and its gradients with respect to x and every parameter (a vector-Jacobian product).
 * @example tapeLayerVjp(dense, x, dY).grads.get(dense.W)
 */
export function tapeLayerVjp(
  layer: Layer,
  x: Matrix,
  dY: Matrix,
  options: ForwardOptions = {},
): { value: number; dX: Matrix; grads: Map<Param, Float64Array> } {
  checkLayer("tapeLayerVjp: layer", layer);
  checkMatrix("tapeLayerVjp: x", x);
  checkMatrix("tapeLayerVjp: dY", dY);
  checkOptions("tapeLayerVjp: options", options);
  const reason = unsupportedReason(layer);
  if (reason) throw new RangeError(reason);
  const params = layer.params();
  const dYt = fromMatrix(dY);
  const f = (xt: Tensor, ...ws: Tensor[]) =>
    sum(mul(forwardModel(layer, xt, new Map(params.map((p, i) => [p, at(ws, i, "parameter tensors")])), options), dYt));
  const { value, grads: g } = valueAndGrads(f)([fromMatrix(x), ...params.map(paramTensor)]);
  return {
    value: value.item(),
    dX: at(g, 0, "input gradient").toMatrix(),
    grads: new Map(params.map((p, i) => [p, at(g, i + 1, "parameter gradients").data])),
  };
}
