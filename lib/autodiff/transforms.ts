/**
 * Derivatives of functions written once against `Scalar` (see scalar.ts), in the shape of tfjs and
 * JAX: `grad` and `valueAndGrad` (reverse mode, like tf.grad / tf.valueAndGrad), `jvp` (forward
 * mode with dual numbers), `vjp` (reverse mode with the Value engine), `jacobian` from either, and
 * `hessian` / `hvp` by differentiating the reverse-mode gradient again (reverse-over-reverse).
 *
 * @example
 * const f: ScalarFn = ([x, y]) => x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2));
 * grad(f)([2, 3]);            // [13, 12]
 * jvp(f, [2, 3], [1, 0]);     // { value: [31], tangent: [13] }
 * hessian(f, [2, 3]);         // [[2, 3], [3, 2]]
 * hvp(f, [2, 3], [1, -1]);    // [-1, 1]
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { Dual } from "../derivatives/dual/dual";
import { gradientValues } from "./higher";
import { finite, sum, type Scalar, type ScalarFn } from "./scalar";
import { checkPoint, checkVector, checkFunction, checkOptions, show } from "../util/validate";
import { Value, toValues, zeroGrad } from "./value";

import { at } from "../util/array";
/** A function of a vector that returns one number or several: R^n -> R or R^n -> R^m. */
export type DifferentiableFn = <T extends Scalar<T>>(x: T[]) => T | T[];

function outputs<T>(result: T | T[], what: string): T[] {
  const list = Array.isArray(result) ? result : [result];
  if (list.length === 0) throw new RangeError(`${what}: the function returned no outputs`);
  return list;
}

function scalarOutput(f: ScalarFn, xs: Value[], what: string): Value {
  const out: unknown = f(xs);
  if (!(out instanceof Value)) {
    throw new TypeError(`${what}: f must return one Scalar (a function R^n -> R); got ${Array.isArray(out) ? "an array" : typeof out}`);
  }
  return out;
}

/** f(x) and ∇f(x) by one forward and one backward pass (like tf.valueAndGrad). */
export function valueAndGrad(f: ScalarFn): (x: readonly number[]) => { value: number; grad: number[] } {
  checkFunction("valueAndGrad: f", f, "(x: Scalar[]) => Scalar");
  return (x) => {
    const point = checkPoint("x", x);
    const xs = toValues(point);
    const out = scalarOutput(f, xs, "valueAndGrad");
    finite(out.data, point);
    out.backward();
    return { value: out.data, grad: xs.map((v) => finite(v.grad, point, "a gradient entry")) };
  };
}

/** ∇f as a function (like tf.grad). */
export function grad(f: ScalarFn): (x: readonly number[]) => number[] {
  checkFunction("grad: f", f, "(x: Scalar[]) => Scalar");
  const vg = valueAndGrad(f);
  return (x) => vg(x).grad;
}

/**
 * Forward mode: f(x) and the Jacobian-vector product J(x)·v in one evaluation with dual numbers.
 * For f: R^n -> R, `tangent[0]` is the directional derivative ∇f(x)·v.
 */
export function jvp(f: DifferentiableFn, x: readonly number[], v: readonly number[]): { value: number[]; tangent: number[] } {
  checkFunction("jvp: f", f, "(x: Scalar[]) => Scalar | Scalar[]");
  const point = checkPoint("x", x);
  const direction = checkVector("v", v, point.length);
  const ys = outputs(f(point.map((xi, i) => new Dual(xi, direction[i]))), "jvp");
  return { value: ys.map((y) => finite(y.value, point)), tangent: ys.map((y) => finite(y.derivative, point, "a tangent")) };
}

/**
 * Reverse mode: one forward pass records the graph; `pullback(u)` returns the vector-Jacobian
 * product uᵀ·J(x) with one backward pass over it, and can be called again with other u.
 */
export function vjp(f: DifferentiableFn, x: readonly number[]): { value: number[]; pullback: (u: readonly number[]) => number[] } {
  checkFunction("vjp: f", f, "(x: Scalar[]) => Scalar | Scalar[]");
  const point = checkPoint("x", x);
  const xs = toValues(point);
  const ys = outputs(f(xs), "vjp");
  const value = ys.map((y) => finite(y.data, point));
  const pullback = (u: readonly number[]) => {
    const weights = checkVector("u", u, ys.length);
    zeroGrad(xs);
    // uᵀy is a scalar whose gradient is uᵀJ: one backward pass gives the whole row combination
    sum(ys.map((y, i) => y.mul(at(weights, i, "weights")))).backward();
    return xs.map((xi) => finite(xi.grad, point, "a gradient entry"));
  };
  return { value, pullback };
}

function unitVector(n: number, i: number): number[] {
  const e = new Array<number>(n).fill(0);
  e[i] = 1;
  return e;
}

/**
 * The m×n Jacobian of f at x: `forward` builds it a column at a time (n JVPs), `reverse` a row at
 * a time (one forward pass, then m VJPs). Forward wins when n < m, reverse when m < n.
 */
export function jacobian(f: DifferentiableFn, x: readonly number[], options: { mode?: "forward" | "reverse" } = {}): number[][] {
  checkFunction("jacobian: f", f, "(x: Scalar[]) => Scalar | Scalar[]");
  checkOptions("jacobian: options", options);
  if (options.mode !== undefined && typeof options.mode !== "string")
    throw new TypeError(`mode must be "forward" or "reverse"; got ${show(options.mode)}`);
  const point = checkPoint("x", x);
  const mode = options.mode ?? "reverse";
  if (mode === "reverse") {
    const { value, pullback } = vjp(f, point);
    return value.map((_, i) => pullback(unitVector(value.length, i)));
  }
  if (mode !== "forward") throw new RangeError(`mode must be "forward" or "reverse"; got "${String(mode)}"`);
  const columns = point.map((_, j) => jvp(f, point, unitVector(point.length, j)).tangent);
  return at(columns, 0, "columns").map((_, i) => columns.map((col) => at(col, i, "col")));
}

function gradientGraph(f: ScalarFn, x: readonly number[], what: string) {
  const point = checkPoint("x", x);
  const xs = toValues(point);
  const out = scalarOutput(f, xs, what);
  finite(out.data, point);
  return { point, xs, gradient: gradientValues(out, xs) };
}

/**
 * The n×n Hessian of f: R^n -> R at x, row i = ∇(∂f/∂x_i): the gradient graph is built once,
 * then differentiated n times (n backward passes over it).
 */
export function hessian(f: ScalarFn, x: readonly number[]): number[][] {
  checkFunction("hessian: f", f, "(x: Scalar[]) => Scalar");
  const { point, xs, gradient } = gradientGraph(f, x, "hessian");
  return gradient.map((gi) => {
    zeroGrad(xs);
    gi.backward();
    return xs.map((xj) => finite(xj.grad, point, "a Hessian entry"));
  });
}

/**
 * The Hessian-vector product H(x)·v without forming H: the gradient of ∇f(x)·v, one backward pass
 * over the gradient graph (a few times the cost of one gradient, whatever n is).
 */
export function hvp(f: ScalarFn, x: readonly number[], v: readonly number[]): number[] {
  checkFunction("hvp: f", f, "(x: Scalar[]) => Scalar");
  const { point, xs, gradient } = gradientGraph(f, x, "hvp");
  const direction = checkVector("v", v, point.length);
  zeroGrad(xs);
  sum(gradient.map((gi, i) => gi.mul(at(direction, i, "direction")))).backward();
  return xs.map((xi) => finite(xi.grad, point, "a Hessian-vector product entry"));
}
