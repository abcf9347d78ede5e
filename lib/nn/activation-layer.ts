/**
 * An activation applied entry by entry: Y = f(X). No parameters; its backward pass multiplies
 * the upstream gradient by the local slope f'(X), entry by entry.
 *
 * @example
 * const act = new ActivationLayer(sigmoid, "act1");
 * act.forward(Matrix.from([[0]])); // [[0.5]]
 * act.backward(Matrix.from([[1]])); // [[0.25]] = 1 · σ'(0)
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import type { tf } from "../tf";
import type { Param } from "../util/params";
import type { Matrix } from "../util/matrix";
import { cached, checkUpstream, type Layer } from "./layer";
import type { ActivationFn } from "./activations";
import { checkString } from "../util/validate";

export class ActivationLayer implements Layer {
  readonly kind = "activation";
  private x: Matrix | undefined;

  constructor(
    readonly fn: ActivationFn,
    readonly name: string,
  ) {
    checkString("ActivationLayer: name", name);
    if (!fn || typeof fn.f !== "function" || typeof fn.df !== "function") {
      throw new TypeError(`ActivationLayer "${name}": fn must be an activation such as sigmoid, tanh or relu`);
    }
  }

  forward(x: Matrix): Matrix {
    this.x = x;
    return x.map(this.fn.f);
  }

  backward(dY: Matrix): Matrix {
    const x = cached(this, this.x);
    checkUpstream(this, dY, x.rows, x.cols);
    // Y[n][j] = f(X[n][j]) depends on X[n][j] alone, so the Jacobian is diagonal and the
    // chain rule is an entry-wise product: dL/dX = dL/dY ⊙ f'(X).
    const fn = this.fn;
    return dY.zip(x, (g, v) => g * fn.df(v));
  }

  params(): Param[] {
    return [];
  }

  forwardTf(x: tf.Tensor2D): tf.Tensor2D {
    return this.fn.fTf(x) as tf.Tensor2D;
  }
}
