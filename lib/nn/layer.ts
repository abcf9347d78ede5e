/**
 * What every layer of a network provides. The contract of backpropagation, one layer at a time:
 *
 * - `forward(x)` computes the output Y from the input X (rows are samples) and keeps what its
 *   backward pass will need (X, or the output, or normalised values).
 * - `backward(dY)` receives dL/dY, the gradient of the loss with respect to this layer's output,
 *   **adds** dL/dθ into each parameter's `grad` (accumulation, so zero them first: `zeroGrads`),
 *   and returns dL/dX for the layer below. That is the chain rule: the layer only needs its own
 *   local derivatives, never the rest of the network.
 * - `params()` lists the trainable parameters (`Param`, lib/util/params.ts), which optimizers update.
 * - `forwardTf(x, values)` is the same computation in tfjs ops, with the parameters supplied as
 *   tensors; tfjs autograd through it is the reference the hand-written `backward` is checked
 *   against (lib/nn/reference.ts).
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import type { tf } from "../tf";
import type { Param } from "../util/params";
import { checkMatrix, shapeText, type Matrix } from "../util/matrix";
import { show } from "../util/validate";

export interface ForwardOptions {
  /**
   * Training mode (default true). Only batch normalisation behaves differently: in training it
   * normalises with the batch's own mean and variance, in evaluation with running averages.
   */
  training?: boolean;
  /**
   * Whether a training-mode forward pass updates running statistics (default: same as
   * `training`). Gradient checks probe the network many times and pass `false`.
   */
  updateStats?: boolean;
}

/** The tensors standing in for each Param in a tfjs twin of a network. */
export type ParamTensors = Map<Param, tf.Tensor>;

export interface Layer {
  /** "dense", "activation", "batchNorm", "residual", "sequential" ... */
  readonly kind: string;
  /** Unique within a model; parameter names start with it ("layer1.W"). */
  readonly name: string;
  forward(x: Matrix, options?: ForwardOptions): Matrix;
  backward(dY: Matrix): Matrix;
  /**
   * The parameter gradients of `backward` alone, without dL/dX: for the first layer of a network,
   * whose input is data, that product is wasted work (for a dense layer one of its two matrix
   * products). Optional; callers fall back to `backward`.
   */
  backwardParams?(dY: Matrix): void;
  params(): Param[];
  forwardTf(x: tf.Tensor2D, values: ParamTensors, options?: ForwardOptions): tf.Tensor2D;
  /** Layers inside a container (Sequential, Residual); absent for leaf layers. */
  children?(): Layer[];
}

/**
 * The cached value of a forward pass, or a clear error if backward came first.
 * @example const x = cached(this, this.x); // in a backward method
 */
export function cached<T>(layer: { kind: string; name: string }, value: T | undefined): T {
  if (value === undefined) throw new Error(`${layer.kind} "${layer.name}": backward called before forward`);
  return value;
}

/**
 * dY must have the shape of the output the last forward pass produced.
 * @example checkUpstream(this, dY, x.rows, this.outputs);
 */
export function checkUpstream(layer: { kind: string; name: string }, dY: Matrix, rows: number, cols: number): void {
  if (dY.rows !== rows || dY.cols !== cols) {
    throw new RangeError(
      `${layer.kind} "${layer.name}": dY has shape ${shapeText(dY)}; expected [${rows}, ${cols}] (the shape of the forward output)`,
    );
  }
}

/**
 * The tensor for `p` in a tfjs twin, or an error naming the missing parameter.
 * @example tf.matMul(x, tensorFor(values, this.W)); // in a forwardTf method
 */
export function tensorFor(values: ParamTensors, p: Param): tf.Tensor {
  const t = values.get(p);
  if (!t) throw new Error(`no tensor supplied for parameter "${p.name}"`);
  return t;
}

/** Throws, naming the argument, unless x is a layer or model (forward, backward and params). */
export function checkLayer(name: string, x: unknown): asserts x is Layer {
  if (
    typeof x !== "object" ||
    x === null ||
    !("forward" in x && "backward" in x && "params" in x) ||
    typeof x.forward !== "function" ||
    typeof x.backward !== "function" ||
    typeof x.params !== "function"
  )
    throw new TypeError(`${name} must be a layer or model, such as mlp({ sizes: [2, 4, 1], activation: tanh, rng }); got ${show(x)}`);
}

/** Throws, naming the argument, unless x is a loss such as mse (value, grad, fTf). */
export function checkLoss(name: string, x: unknown): void {
  if (
    typeof x !== "object" ||
    x === null ||
    !("value" in x && "grad" in x && "fTf" in x) ||
    typeof x.value !== "function" ||
    typeof x.grad !== "function" ||
    typeof x.fTf !== "function"
  )
    throw new TypeError(`${name} must be a loss such as mse or binaryCrossEntropy; got ${show(x)}`);
}

/**
 * The arguments every training and gradient function takes, checked in this order, each error
 * naming `${owner}: model`, `${owner}: loss`, `${owner}: X` or `${owner}: y`.
 * @example checkModelLossData("backprop", model, loss, X, y)
 */
export function checkModelLossData(owner: string, model: unknown, loss: unknown, X: unknown, y: unknown): void {
  checkLayer(`${owner}: model`, model);
  checkLoss(`${owner}: loss`, loss);
  checkMatrix(`${owner}: X`, X);
  checkMatrix(`${owner}: y`, y);
}

/**
 * Every leaf layer (not a container), in forward order, descending into containers.
 * @example leafLayers(model).filter((l) => l instanceof Dense)
 */
export function leafLayers(layer: Layer): Layer[] {
  checkLayer("leafLayers: layer", layer);
  const kids = layer.children?.();
  return kids ? kids.flatMap(leafLayers) : [layer];
}
