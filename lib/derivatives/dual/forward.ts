/**
 * Forward-mode differentiation of ordinary TypeScript functions written with Dual methods, in
 * the shape of tfjs's `grad`, `grads` and `valueAndGrad`. One pass per input variable: seed that
 * input with derivative 1, the others with 0, and read the derivative off the result.
 *
 * @example
 * const df = forwardGrad((x) => x.mul(x).add(x.sin()));   // d/dx (x^2 + sin x)
 * df(2);                                                   // 4 + cos(2)
 * forwardGrads((x, y) => x.square().add(x.mul(y).mul(3)).add(y.square()))([1, 2]); // [8, 7]
 * Introduced in [notebook 03](../../../notebooks/03-derivative-rules.ipynb).
 */
import { fmt, fmtVector } from "../../util/format";
import { checkFunction, checkNumber as checkPoint, show } from "../../util/validate";
import { Dual, type DualLike } from "./dual";

function run(f: (...args: Dual[]) => DualLike, args: Dual[], where: string): Dual {
  const out = f(...args);
  if (!(out instanceof Dual) && typeof out !== "number") {
    throw new TypeError(`the function must return a Dual (or a number); got ${out === null ? "null" : typeof out}`);
  }
  const result = Dual.from(out);
  if (!Number.isFinite(result.value) || !Number.isFinite(result.derivative)) {
    throw new RangeError(
      `the function is not differentiable there: value ${fmt(result.value)}, derivative ${fmt(result.derivative)} at ${where}`,
    );
  }
  return result;
}

/** f(x) and f'(x) from one forward pass. @example forwardValueAndGrad((x) => x.pow(3))(2) // { value: 8, grad: 12 } */
export function forwardValueAndGrad(f: (x: Dual) => DualLike): (x: number) => { value: number; grad: number } {
  checkFunction("f", f, "(x: Dual) => Dual");
  return (x) => {
    checkPoint("x", x);
    const out = run(f, [Dual.variable(x)], `x = ${fmt(x)}`);
    return { value: out.value, grad: out.derivative };
  };
}

/** The derivative function x -> f'(x). @example forwardGrad((x) => x.sin())(0) // 1 */
export function forwardGrad(f: (x: Dual) => DualLike): (x: number) => number {
  const vg = forwardValueAndGrad(f);
  return (x) => vg(x).grad;
}

/** The gradient of f(x1, ..., xn) at a point, one forward pass per coordinate. @example forwardGrads((x, y) => x.mul(y))([2, 3]) // [3, 2] */
export function forwardGrads(f: (...args: Dual[]) => DualLike): (point: readonly number[]) => number[] {
  checkFunction("f", f, "(...coordinates: Dual[]) => Dual");
  return (point) => {
    if (!Array.isArray(point) || point.length === 0)
      throw new RangeError(`point must be a non-empty array of numbers such as [1, 2]; got ${Array.isArray(point) ? "[]" : show(point)}`);
    point.forEach((v, i) => checkPoint(`point[${i}]`, v));
    if (f.length > 0 && f.length !== point.length) {
      throw new RangeError(
        `the function takes ${f.length} argument${f.length === 1 ? "" : "s"} but the point has ${point.length} coordinates`,
      );
    }
    return point.map((_, i) => {
      const args = point.map((v, j) => new Dual(v, i === j ? 1 : 0));
      return run(f, args, fmtVector(point)).derivative;
    });
  };
}
