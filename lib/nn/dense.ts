/**
 * A fully connected (dense) layer: Y = X·W + b, with X of shape [batch, inputs], W of shape
 * [inputs, outputs] and the bias b (one value per output) added to every row.
 *
 * Written with samples as rows, as in the article's code (`X.dot(W1) + b1`). The article's
 * formula h = σ(W₁x + b₁) uses a column vector x per sample; the two are the same numbers,
 * transposed (W here is W₁ᵀ there).
 *
 * @example
 * const layer = new Dense({ inputs: 2, outputs: 3, init: xavierNormal, rng: createRng(0), name: "layer1" });
 * const Y = layer.forward(Matrix.from([[1, 2]])); // [1, 3]
 * const dX = layer.backward(Matrix.from([[1, 0, 0]])); // dL/dX [1, 2]; layer.W.grad now holds dL/dW
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import { tf } from "../tf";
import { param, type Param } from "../util/params";
import type { Rng } from "../random";
import { Matrix, checkShape } from "../util/matrix";
import { cached, checkUpstream, tensorFor, type Layer, type ParamTensors } from "./layer";
import { xavierNormal, type Initializer } from "./init";
import { checkBoolean, checkInteger, checkNumber, checkObject, checkRng, checkString, hasMethod, show } from "../util/validate";
import { f64 } from "../util/array";

export interface DenseOptions {
  inputs: number;
  outputs: number;
  /** Parameter names are `${name}.W` and `${name}.b`. */
  name: string;
  /** The random numbers for W (default: Xavier normal). */
  rng: Rng;
  init?: Initializer;
  /** Initial bias value for every output (default 0). */
  biasInit?: number;
  /**
   * Whether the layer has a bias (default true). A Dense layer followed by batch normalisation
   * does not need one: BN subtracts the batch mean, which removes any constant shift (its
   * gradient is exactly 0), and BN's own β takes its place.
   */
  useBias?: boolean;
}

export class Dense implements Layer {
  readonly kind = "dense";
  readonly name: string;
  readonly inputs: number;
  readonly outputs: number;
  /** Weights, shape [inputs, outputs]. */
  readonly W: Param;
  /** Bias, shape [outputs]; undefined when `useBias` is false. */
  readonly b: Param | undefined;
  private x: Matrix | undefined;

  constructor(options: DenseOptions) {
    checkObject("Dense: options", options, '{ inputs: 2, outputs: 4, name: "layer1", rng }');
    checkInteger("Dense: inputs", options.inputs, 1);
    checkInteger("Dense: outputs", options.outputs, 1);
    checkString("Dense: name", options.name);
    checkRng("Dense: rng", options.rng);
    const init: unknown = options.init; // what a caller without types may pass
    if (init !== undefined && !hasMethod(init, "sample"))
      throw new TypeError(`Dense: init must be an initializer such as xavierNormal or heNormal; got ${show(options.init)}`);
    if (options.biasInit !== undefined) checkNumber("Dense: biasInit", options.biasInit);
    if (options.useBias !== undefined) checkBoolean("Dense: useBias", options.useBias);
    const { inputs, outputs, name, rng } = options;
    if (!Number.isInteger(inputs) || inputs < 1) throw new RangeError(`Dense "${name}": inputs must be a positive integer; got ${inputs}`);
    if (!Number.isInteger(outputs) || outputs < 1)
      throw new RangeError(`Dense "${name}": outputs must be a positive integer; got ${outputs}`);
    if (!rng || typeof rng.normal !== "function") throw new TypeError(`Dense "${name}": rng must be a generator from createRng(seed)`);
    const biasInit = options.biasInit ?? 0;
    if (!Number.isFinite(biasInit)) throw new RangeError(`Dense "${name}": biasInit must be a finite number; got ${biasInit}`);
    this.name = name;
    this.inputs = inputs;
    this.outputs = outputs;
    this.W = param(`${name}.W`, [inputs, outputs], (options.init ?? xavierNormal).sample(inputs, outputs, rng));
    this.b = options.useBias === false ? undefined : param(`${name}.b`, [outputs], new Float64Array(outputs).fill(biasInit));
  }

  /** W as a matrix view: it shares memory with `W.value`, so updates to the Param show through. */
  weights(): Matrix {
    return new Matrix(this.inputs, this.outputs, this.W.value);
  }

  /** b as a 1 × outputs matrix view (shares memory with `b.value`); zeros without a bias. */
  bias(): Matrix {
    return new Matrix(1, this.outputs, this.b ? this.b.value : new Float64Array(this.outputs));
  }

  forward(x: Matrix): Matrix {
    checkShape(`Dense "${this.name}" input`, x, undefined, this.inputs);
    this.x = x;
    const xw = x.matmul(this.weights());
    return this.b ? xw.addRow(this.bias()) : xw;
  }

  backward(dY: Matrix): Matrix {
    this.backwardParams(dY);
    // dL/dX[n][i] = Σ_k dL/dY[n][k] · W[i][k]  →  dL/dX = dY · Wᵀ  (what the layer below needs)
    return dY.matmulTranspose(this.weights());
  }

  backwardParams(dY: Matrix): void {
    const x = cached(this, this.x);
    checkUpstream(this, dY, x.rows, this.outputs);
    // Y = X·W + b, so entry Y[n][k] = Σ_i X[n][i] W[i][k] + b[k]. Chain rule:
    // dL/dW[i][k] = Σ_n dL/dY[n][k] · X[n][i]   →  dL/dW = Xᵀ · dY   (summed over the batch)
    addInto(this.W.grad, x.transposeMatmul(dY).data);
    // dL/db[k] = Σ_n dL/dY[n][k] · 1            →  dL/db = column sums of dY
    if (this.b) addInto(this.b.grad, dY.sumRows().data);
  }

  params(): Param[] {
    return this.b ? [this.W, this.b] : [this.W];
  }

  forwardTf(x: tf.Tensor2D, values: ParamTensors): tf.Tensor2D {
    const xw = tf.matMul(x, tensorFor(values, this.W)) as tf.Tensor2D;
    return this.b ? (xw.add(tensorFor(values, this.b)) as tf.Tensor2D) : xw;
  }
}

/**
 * target += source, element by element (gradients accumulate over backward calls).
 * @example addInto(this.W.grad, dW.data);
 */
export function addInto(target: Float64Array, source: Float64Array): void {
  if (!(target instanceof Float64Array)) throw new TypeError(`addInto: target must be a Float64Array; got ${show(target)}`);
  if (!(source instanceof Float64Array) || source.length !== target.length)
    throw new TypeError(`addInto: source must be a Float64Array of ${target.length} values; got ${show(source)}`);
  for (let i = 0; i < target.length; i++) target[i] = f64(target, i) + f64(source, i); // same lengths (checked above)
}
