/**
 * Containers: a stack of layers applied one after another (Sequential), and a residual block
 * y = x + F(x) (Residual). Both are layers themselves, so they nest.
 *
 * @example
 * const model = new Sequential([dense1, new ActivationLayer(sigmoid, "act1"), dense2], "xor");
 * const yHat = model.forward(X);
 * const dX = model.backward(dYHat); // every parameter's grad is now filled in
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import type { tf } from "../tf";
import type { Param } from "../util/params";
import { shapeText, type Matrix } from "../util/matrix";
import { cached, checkLayer, checkUpstream, type ForwardOptions, type Layer, type ParamTensors } from "./layer";
import { checkString, show } from "../util/validate";
import { at } from "../util/array";

function checkLayers(kind: string, name: string, layers: readonly Layer[]): void {
  if (!Array.isArray(layers) || layers.length === 0) throw new RangeError(`${kind} "${name}": layers must be a non-empty array`);
  const names = new Set<string>();
  for (const p of layers.flatMap((l) => l.params())) {
    if (names.has(p.name)) throw new RangeError(`${kind} "${name}": two parameters are named "${p.name}"; give each layer its own name`);
    names.add(p.name);
  }
}

export class Sequential implements Layer {
  readonly kind = "sequential";
  readonly layers: readonly Layer[];
  /** The parameters, collected once: the layer list never changes after construction. */
  private readonly paramList: readonly Param[];

  constructor(
    layers: readonly Layer[],
    readonly name = "model",
  ) {
    checkString("Sequential: name", name);
    const given: unknown = layers; // what a caller without types may pass
    if (!Array.isArray(given)) throw new TypeError(`Sequential: layers must be an array of layers; got ${show(layers)}`);
    layers.forEach((l, i) => checkLayer(`Sequential: layers[${i}]`, l));
    checkLayers("Sequential", name, layers);
    this.layers = [...layers];
    this.paramList = this.layers.flatMap((l) => l.params());
  }

  forward(x: Matrix, options?: ForwardOptions): Matrix {
    let out = x;
    for (const layer of this.layers) out = layer.forward(out, options);
    return out;
  }

  /**
   * Forward pass that also returns every layer's output, by layer name: to look inside the
   * network (saturated sigmoids, dead ReLUs, exploding activations). Backward works after it.
   */
  forwardAll(x: Matrix, options?: ForwardOptions): { output: Matrix; outputs: Map<string, Matrix> } {
    const outputs = new Map<string, Matrix>();
    let out = x;
    for (const layer of this.layers) {
      out = layer.forward(out, options);
      outputs.set(layer.name, out);
    }
    return { output: out, outputs };
  }

  backward(dY: Matrix): Matrix {
    // The network is a composition f_K(...f_2(f_1(x))). Chain rule, outermost layer first:
    // dL/d(input of layer k) = layer k's backward(dL/d(output of layer k)),
    // and the output of layer k-1 is the input of layer k, so the gradient is handed down.
    let grad = dY;
    for (let k = this.layers.length - 1; k >= 0; k--) grad = at(this.layers, k, "layers").backward(grad);
    return grad;
  }

  /** `backward` without the gradient with respect to the network's input (training does not need it). */
  backwardParams(dY: Matrix): void {
    let grad = dY;
    for (let k = this.layers.length - 1; k >= 1; k--) grad = at(this.layers, k, "layers").backward(grad);
    const first = at(this.layers, 0, "layers");
    if (first.backwardParams) first.backwardParams(grad);
    else first.backward(grad);
  }

  /**
   * Backward pass that also returns the gradient arriving at each layer's output (dL/dY of that
   * layer), by layer name: how much training signal reaches each depth.
   */
  backwardAll(dY: Matrix): { dX: Matrix; upstream: Map<string, Matrix> } {
    const upstream = new Map<string, Matrix>();
    let grad = dY;
    for (let k = this.layers.length - 1; k >= 0; k--) {
      const layer = at(this.layers, k, "layers");
      upstream.set(layer.name, grad);
      grad = layer.backward(grad);
    }
    return { dX: grad, upstream };
  }

  params(): Param[] {
    return [...this.paramList];
  }

  children(): Layer[] {
    return [...this.layers];
  }

  forwardTf(x: tf.Tensor2D, values: ParamTensors, options?: ForwardOptions): tf.Tensor2D {
    let out = x;
    for (const layer of this.layers) out = layer.forwardTf(out, values, options);
    return out;
  }
}

/**
 * A residual (skip) connection around `inner`: y = x + F(x). F must keep the shape.
 * Backward: dL/dx = dL/dy · (I + ∂F/∂x) = dL/dy + F.backward(dL/dy). The identity term passes the
 * gradient down unchanged, however small F's own contribution gets: this is why deep residual
 * networks keep trainable early layers (notebook 11).
 */
export class Residual implements Layer {
  readonly kind = "residual";
  private shape: [number, number] | undefined;

  constructor(
    readonly inner: Layer,
    readonly name: string,
  ) {
    checkString("Residual: name", name);
    if (!inner || typeof inner.forward !== "function") throw new TypeError(`Residual "${name}": inner must be a layer`);
  }

  forward(x: Matrix, options?: ForwardOptions): Matrix {
    const fx = this.inner.forward(x, options);
    if (fx.rows !== x.rows || fx.cols !== x.cols) {
      throw new RangeError(
        `Residual "${this.name}": the inner layer maps ${shapeText(x)} to ${shapeText(fx)}; a skip connection needs the same shape`,
      );
    }
    this.shape = x.shape;
    return x.add(fx);
  }

  backward(dY: Matrix): Matrix {
    const [rows, cols] = cached(this, this.shape);
    checkUpstream(this, dY, rows, cols);
    // y = x + F(x): the skip path contributes dY itself, the inner path F.backward(dY).
    return dY.add(this.inner.backward(dY));
  }

  params(): Param[] {
    return this.inner.params();
  }

  children(): Layer[] {
    return [this.inner];
  }

  forwardTf(x: tf.Tensor2D, values: ParamTensors, options?: ForwardOptions): tf.Tensor2D {
    return x.add(this.inner.forwardTf(x, values, options));
  }
}
