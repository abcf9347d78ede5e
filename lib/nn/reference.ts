/**
 * The tfjs twin of a network: the same layers run with tfjs ops (each layer's `forwardTf`) at
 * the same parameter values, differentiated by tfjs autograd. It exists only to check the
 * hand-written backward passes; it is never used for training.
 *
 * tfjs computes in float32, so its gradients agree with the float64 hand-written ones to about
 * 1e-6 relative, not exactly. No tensor outlives a call.
 *
 * @example
 * const { loss, grads } = tfLossAndGradients(model, mse, X, y);
 * grads.get(model.params()[0]); // dL/dW of the first layer, by tfjs autograd
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import { tf } from "../tf";
import type { Param } from "../util/params";
import { Matrix, checkMatrix } from "../util/matrix";
import { checkLayer, checkModelLossData, type ForwardOptions, type Layer, type ParamTensors } from "./layer";
import type { Loss } from "./losses";
import { checkFunction, checkObject, checkOptions, show } from "../util/validate";
import { at } from "../util/array";

/**
 * A Matrix as a float32 tfjs tensor of the same shape (dispose it, or create it inside tf.tidy).
 * @example tf.tidy(() => toTensor(X).matMul(toTensor(W)).print())
 */
export function toTensor(m: Matrix): tf.Tensor2D {
  checkMatrix("toTensor: m", m);
  return tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols], "float32");
}

/**
 * Runs `fn` inside tf.tidy and returns its plain (non-tensor) result: every tensor created
 * inside is disposed. (tf.tidy itself only returns tensors.)
 * @example const values = tidyValue(() => ({ norm: tf.norm(t).dataSync()[0] }));
 */
export function tidyValue<T>(fn: () => T): T {
  checkFunction("tidyValue: fn", fn, "() => value");
  let out: { value: T } | undefined;
  tf.tidy(() => {
    out = { value: fn() };
  });
  return (out as { value: T }).value;
}

/**
 * A 1-D or 2-D tensor's values as a Matrix (1-D becomes a single row).
 * @example fromTensor(tf.tensor2d([[1, 2]])) // Matrix [1, 2] [[1,2]]
 */
export function fromTensor(t: tf.Tensor): Matrix {
  if (!(t instanceof tf.Tensor)) throw new TypeError(`fromTensor: t must be a tf.Tensor of rank 1 or 2; got ${show(t)}`);
  if (t.rank === 1) return Matrix.row(t.dataSync());
  if (t.rank !== 2) throw new RangeError(`fromTensor: expected a 1-D or 2-D tensor; got rank ${t.rank} with shape [${t.shape.join(", ")}]`);
  return Matrix.fromFlat(t.shape[0], t.shape[1] as number, t.dataSync());
}

function paramTensor(p: Param): tf.Tensor {
  return tf.tensor(Float32Array.from(p.value), [...p.shape], "float32");
}

export interface TfGradients {
  /** The loss tfjs computes at the current parameter values. */
  loss: number;
  /** dL/dθ for every parameter, by tfjs autograd (float32 values widened to float64). */
  grads: Map<Param, Float64Array>;
}

/**
 * The loss and dL/dθ for every parameter of `model`, by tfjs autograd through `forwardTf` at the
 * parameters' current values.
 * @example tfLossAndGradients(model, mse, X, y).grads.get(model.params()[0])
 */
export function tfLossAndGradients(model: Layer, loss: Loss, X: Matrix, y: Matrix, options: ForwardOptions = {}): TfGradients {
  checkModelLossData("tfLossAndGradients", model, loss, X, y);
  checkOptions("tfLossAndGradients: options", options);
  const params = model.params();
  return tidyValue(() => {
    const Xt = toTensor(X);
    const yt = toTensor(y);
    const f = (...tensors: tf.Tensor[]) => {
      const values: ParamTensors = new Map(params.map((p, i) => [p, tensors[i] as tf.Tensor]));
      return loss.fTf(model.forwardTf(Xt, values, options), yt);
    };
    const { value, grads } = tf.valueAndGrads(f)(params.map(paramTensor));
    return {
      loss: at(value.dataSync(), 0, "tfjs loss"),
      grads: new Map(params.map((p, i) => [p, Float64Array.from((grads[i] as tf.Tensor).dataSync())])),
    };
  });
}

/**
 * A vector-Jacobian product by tfjs autograd: the gradients of Σ dY ⊙ f(inputs) with respect to
 * every input. With dY = dL/dY this is exactly what a layer's backward pass must return, so an
 * exercise (or a test) can write f in a line of tfjs and compare.
 *
 * @example
 * tfVjp(({ x, W, b }) => x.matMul(W).add(b), { x, W, b }, dY); // { x: dL/dx, W: dL/dW, b: dL/db }
 */
export function tfVjp<K extends string>(
  f: (inputs: Record<K, tf.Tensor2D>) => tf.Tensor,
  inputs: Record<K, Matrix>,
  dY: Matrix,
): Record<K, Matrix> {
  checkFunction("tfVjp: f", f, "(inputs) => tf.Tensor");
  checkObject("tfVjp: inputs", inputs, "{ W: Matrix, x: Matrix }");
  checkMatrix("tfVjp: dY", dY);
  const names = Object.keys(inputs) as K[];
  if (names.length === 0) throw new RangeError("tfVjp: inputs must name at least one matrix");
  for (const name of names) {
    if (!(inputs[name] instanceof Matrix)) throw new TypeError(`tfVjp: input "${name}" must be a Matrix`);
  }
  return tidyValue(() => {
    const dYt = toTensor(dY);
    const g = (...tensors: tf.Tensor[]) => {
      const named = Object.fromEntries(names.map((n, i) => [n, tensors[i]])) as Record<K, tf.Tensor2D>;
      const out = f(named);
      if (out.shape.length !== 2 || out.shape[0] !== dY.rows || out.shape[1] !== dY.cols) {
        throw new RangeError(`tfVjp: f returned shape [${out.shape.join(", ")}] but dY has shape [${dY.rows}, ${dY.cols}]`);
      }
      return out.mul(dYt).sum();
    };
    const grads = tf.grads(g)(names.map((n) => toTensor(inputs[n])));
    return Object.fromEntries(names.map((n, i) => [n, fromTensor(grads[i] as tf.Tensor)])) as Record<K, Matrix>;
  });
}

export interface TfLayerVjpResult {
  /** dL/dx through the layer for the given dY. */
  dX: Matrix;
  /** dL/dθ for each parameter of the layer. */
  grads: Map<Param, Float64Array>;
}

/**
 * What `layer.backward(dY)` should produce after `layer.forward(x)`, by tfjs autograd through
 * `layer.forwardTf`: the gradients of Σ dY ⊙ layer(x) with respect to x and every parameter.
 * @example const { dX, grads } = tfLayerVjp(dense, x, dY); grads.get(dense.W)
 */
export function tfLayerVjp(layer: Layer, x: Matrix, dY: Matrix, options: ForwardOptions = {}): TfLayerVjpResult {
  checkLayer("tfLayerVjp: layer", layer);
  checkMatrix("tfLayerVjp: x", x);
  checkMatrix("tfLayerVjp: dY", dY);
  checkOptions("tfLayerVjp: options", options);
  const params = layer.params();
  return tidyValue(() => {
    const dYt = toTensor(dY);
    const f = (xt: tf.Tensor, ...tensors: tf.Tensor[]) => {
      const values: ParamTensors = new Map(params.map((p, i) => [p, tensors[i] as tf.Tensor]));
      return layer
        .forwardTf(xt as tf.Tensor2D, values, options)
        .mul(dYt)
        .sum();
    };
    const grads = tf.grads(f)([toTensor(x), ...params.map(paramTensor)]);
    return {
      dX: fromTensor(grads[0] as tf.Tensor),
      grads: new Map(params.map((p, i) => [p, Float64Array.from((grads[i + 1] as tf.Tensor).dataSync())])),
    };
  });
}
