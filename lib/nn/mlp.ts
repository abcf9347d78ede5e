/**
 * A multilayer perceptron built from the layers in this folder, and `backprop`: one forward pass,
 * the loss, and one backward pass that fills every parameter's gradient.
 *
 * For sizes [n₀, n₁, ..., n_K] the network is, layer by layer,
 *   Dense(n₀→n₁) → [BatchNorm] → activation → ... → Dense(n_{K-1}→n_K) → [outputActivation]
 * (hidden Dense layers followed by BatchNorm have no bias of their own: BN's β plays that role)
 * and with `residual: true` each hidden block whose input and output widths agree becomes
 * x + activation(BatchNorm(Dense(x))).
 *
 * @example
 * // The article's XOR network: 2 inputs, 3 sigmoid units, 1 sigmoid output, weights ~ N(0, 0.1²).
 * const model = mlp({ sizes: [2, 3, 1], activation: sigmoid, outputActivation: sigmoid, init: normalInit(0.1), rng: createRng(42) });
 * const { loss } = backprop(model, mse, X, y); // gradients are now in model.params()[k].grad
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import { zeroGrads, type Param } from "../util/params";
import type { Rng } from "../random";
import { fmt } from "../util/format";
import { NonFiniteError } from "../util/errors";
import type { Matrix } from "../util/matrix";
import { Dense } from "./dense";
import { ActivationLayer } from "./activation-layer";
import { BatchNorm } from "./batchnorm";
import { Residual, Sequential } from "./sequential";
import type { ActivationFn } from "./activations";
import type { Initializer } from "./init";
import { checkLayer, checkModelLossData, type ForwardOptions, type Layer } from "./layer";
import type { Loss } from "./losses";
import { checkBoolean, checkObject, checkOptions, checkString, hasMethod, show } from "../util/validate";
import { at } from "../util/array";

export interface MlpOptions {
  /** Layer widths from input to output, e.g. [2, 3, 1]. */
  sizes: readonly number[];
  /** Activation of every hidden layer. */
  activation: ActivationFn;
  /** Activation after the last layer (default: none, the output stays linear). */
  outputActivation?: ActivationFn;
  /** Weight initializer for every Dense layer (default Xavier normal). */
  init?: Initializer;
  /** Source of the initial weights: `createRng(seed)`. */
  rng: Rng;
  /** Insert batch normalisation between each hidden Dense layer and its activation. */
  batchNorm?: boolean;
  /** Wrap each same-width hidden block in a skip connection x + F(x). */
  residual?: boolean;
  name?: string;
}

/**
 * Builds the network described above; layers are named layer1, act1, bn1, block2 ...
 * @example mlp({ sizes: [2, 16, 16, 1], activation: relu, init: heNormal, rng: createRng(0) })
 */
export function mlp(options: MlpOptions): Sequential {
  checkObject("mlp: options", options, "{ sizes: [2, 4, 1], activation: tanh, rng: createRng(0) }");
  const outputActivation: unknown = options.outputActivation; // what a caller without types may pass
  const init: unknown = options.init;
  if (outputActivation !== undefined && !hasMethod(outputActivation, "f"))
    throw new TypeError(`mlp: outputActivation must be an activation such as sigmoid (or left out); got ${show(options.outputActivation)}`);
  if (init !== undefined && !hasMethod(init, "sample"))
    throw new TypeError(`mlp: init must be an initializer such as xavierNormal (or left out); got ${show(options.init)}`);
  if (options.batchNorm !== undefined) checkBoolean("mlp: batchNorm", options.batchNorm);
  if (options.residual !== undefined) checkBoolean("mlp: residual", options.residual);
  if (options.name !== undefined) checkString("mlp: name", options.name);
  const { sizes, activation, rng } = options;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((s) => Number.isInteger(s) && s > 0)) {
    throw new RangeError(`mlp: sizes must list at least two positive integers (inputs, ..., outputs); got [${String(sizes)}]`);
  }
  if (!activation || typeof activation.f !== "function")
    throw new TypeError("mlp: activation must be an activation such as sigmoid or relu");
  const layers: Layer[] = [];
  const depth = sizes.length - 1;
  for (let k = 1; k <= depth; k++) {
    const inputs = at(sizes, k - 1, "sizes");
    const outputs = at(sizes, k, "sizes");
    // Before batch normalisation a bias is redundant (BN removes the mean; β replaces it).
    const hasBias = !(options.batchNorm && k < depth);
    const dense = new Dense({ inputs, outputs, name: `layer${k}`, rng, useBias: hasBias, ...(options.init ? { init: options.init } : {}) });
    if (k === depth) {
      layers.push(dense);
      if (options.outputActivation) layers.push(new ActivationLayer(options.outputActivation, "output"));
      break;
    }
    const block: Layer[] = [dense];
    if (options.batchNorm) block.push(new BatchNorm({ features: outputs, name: `bn${k}` }));
    block.push(new ActivationLayer(activation, `act${k}`));
    if (options.residual && inputs === outputs) layers.push(new Residual(new Sequential(block, `f${k}`), `block${k}`));
    else layers.push(...block);
  }
  return new Sequential(layers, options.name ?? "mlp");
}

export interface BackpropOptions extends ForwardOptions {
  /**
   * Also compute dL/dX, the gradient with respect to the inputs (default true). Training needs
   * only the parameters' gradients: `false` skips the first layer's dY·Wᵀ product, and the
   * result's `dX` is then undefined.
   */
  inputGradient?: boolean;
}

export interface BackpropResult {
  /** The loss before any update. */
  loss: number;
  /** The network's output for X. */
  yHat: Matrix;
  /** dL/dX, the gradient with respect to the inputs. */
  dX: Matrix;
}

/**
 * Zeroes the gradients, runs forward, evaluates the loss, and runs backward starting from
 * dL/dyHat. Afterwards every Param's `grad` holds dL/dθ for this batch. Throws (rather than
 * return NaN) when the loss or a gradient is not finite.
 * @example const { loss } = backprop(model, mse, X, y); model.params()[0].grad // dL/dW of layer 1
 */
export function backprop(
  model: Layer,
  loss: Loss,
  X: Matrix,
  y: Matrix,
  options?: BackpropOptions & { inputGradient?: true },
): BackpropResult;
export function backprop(
  model: Layer,
  loss: Loss,
  X: Matrix,
  y: Matrix,
  options: BackpropOptions,
): Omit<BackpropResult, "dX"> & { dX: Matrix | undefined };
export function backprop(
  model: Layer,
  loss: Loss,
  X: Matrix,
  y: Matrix,
  options: BackpropOptions = {},
): Omit<BackpropResult, "dX"> & { dX: Matrix | undefined } {
  checkModelLossData("backprop", model, loss, X, y);
  checkOptions("backprop: options", options);
  const params = model.params();
  zeroGrads(params);
  const yHat = model.forward(X, options);
  const value = loss.value(yHat, y);
  if (!Number.isFinite(value)) {
    throw new NonFiniteError(
      "backprop",
      `the ${loss.name} loss is ${fmt(value)}: the forward pass overflowed; smaller initial weights or inputs help`,
    );
  }
  const dYHat = loss.grad(yHat, y);
  let dX: Matrix | undefined;
  if (options.inputGradient === false && model.backwardParams) model.backwardParams(dYHat);
  else dX = model.backward(dYHat);
  const bad = params.find((p) => !allFinite(p.grad));
  if (bad) {
    throw new NonFiniteError(
      "backprop",
      `the gradient of "${bad.name}" is not finite (exploding gradients); clip gradients or use a smaller initial scale`,
    );
  }
  return { loss: value, yHat, dX: options.inputGradient === false ? undefined : dX };
}

/** True when every entry is finite (a plain loop: `every` with a callback costs as much as a layer's forward pass on large layers). */
function allFinite(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/**
 * Parameters of a model, by name.
 * @example paramsByName(model).get("layer1.W")
 */
export function paramsByName(model: Layer): Map<string, Param> {
  checkLayer("paramsByName: model", model);
  return new Map(model.params().map((p) => [p.name, p]));
}

/**
 * Number of trainable numbers in a model.
 * @example countParams(mlp({ sizes: [2, 3, 1], activation: sigmoid, rng })) // 13
 */
export function countParams(model: Layer): number {
  checkLayer("countParams: model", model);
  return model.params().reduce((n, p) => n + p.value.length, 0);
}
