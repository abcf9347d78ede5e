/**
 * Finite differences in several variables: partial derivatives (nudge one coordinate, hold the
 * others), the gradient, directional derivatives, the Jacobian of a vector function and the
 * Hessian (second partial derivatives).
 * Introduced in [notebook 04](../../notebooks/04-partial-derivatives.ipynb).
 */
import { fmtVector } from "../util/format";
import { at } from "../util/array";
import { checkArgs, differenceQuotient, numericGradient, resolveOptions, slice, type NumericOptions, type ScalarField } from "./numeric";

type VectorField = (...args: number[]) => number[];
import { checkNumber, show } from "../util/validate";

/**
 * ∂f/∂x_index at `point`: the derivative of the one-variable slice through the point.
 * @example numericPartial((x, y) => x * x + 3 * x * y + y * y, [1, 2], 0) // ≈ 8
 */
export function numericPartial(f: ScalarField, point: readonly number[], index: number, options: NumericOptions = {}): number {
  checkArgs(f, point, "(...coordinates: number[]) => number");
  if (!Number.isInteger(index) || index < 0 || index >= point.length) {
    throw new RangeError(`index must be an integer from 0 to ${point.length - 1} (one per coordinate); got ${show(index)}`);
  }
  const { h, scheme } = resolveOptions(options);
  return differenceQuotient(slice(f, point, index), at(point, index, "point"), h, scheme);
}

/**
 * The slope of f at `point` in the direction `direction`: d/dt f(point + t·direction) at t = 0.
 * With a unit direction it is the rate of change per unit distance, and equals ∇f · direction.
 * @example directionalDerivative((x, y) => x * x + 3 * x * y + y * y, [1, 2], [1, 0]) // ≈ 8
 */
export function directionalDerivative(
  f: ScalarField,
  point: readonly number[],
  direction: readonly number[],
  options: NumericOptions = {},
): number {
  checkArgs(f, point, "(...coordinates: number[]) => number");
  if (!Array.isArray(direction) || direction.length !== point.length) {
    throw new RangeError(
      `direction must have ${point.length} coordinates like point; got ${Array.isArray(direction) ? direction.length : show(direction)}`,
    );
  }
  direction.forEach((v, i) => checkNumber(`direction[${i}]`, v));
  if (direction.every((v) => v === 0)) throw new RangeError("direction must not be the zero vector");
  const { h, scheme } = resolveOptions(options);
  const along = (t: number) => f(...point.map((p, i) => p + t * at(direction, i, "direction")));
  return differenceQuotient(along, 0, h, scheme);
}

/**
 * The Jacobian of F: R^n -> R^m at `point`, an m×n array: row i is the gradient of output i.
 * @example numericJacobian((x, y) => [x * y, x + y], [2, 3]) // ≈ [[3, 2], [1, 1]]
 */
export function numericJacobian(F: VectorField, point: readonly number[], options: NumericOptions = {}): number[][] {
  checkArgs(F, point, "(...coordinates: number[]) => number[]", "F");
  resolveOptions(options);
  const outputs = F(...point);
  if (!Array.isArray(outputs) || outputs.length === 0)
    throw new RangeError(`F must return a non-empty array of numbers; got ${Array.isArray(outputs) ? "[]" : show(outputs)}`);
  const m = outputs.length;
  const component =
    (i: number): ScalarField =>
    (...args) => {
      const out = F(...args);
      if (!Array.isArray(out) || out.length !== m) {
        throw new RangeError(
          `F returned ${m} values at ${fmtVector(point)} but ${Array.isArray(out) ? out.length : show(out)} at ${fmtVector(args)}`,
        );
      }
      return at(out, i, "F's values");
    };
  return outputs.map((_, i) => numericGradient(component(i), point, options));
}

/**
 * The Hessian of f at `point`: H[i][j] = ∂²f/∂x_i∂x_j by central second differences,
 * (f(x+h e_i+h e_j) - f(x+h e_i-h e_j) - f(x-h e_i+h e_j) + f(x-h e_i-h e_j)) / 4h² (on the
 * diagonal (f(x+h e_i) - 2f(x) + f(x-h e_i)) / h²). The error is O(h²) and round-off grows like
 * eps/h², so the default step is larger: h = 1e-4 (about eps^(1/4)).
 * @example numericHessian((x, y) => x * x + 3 * x * y + y * y, [1, 2]) // ≈ [[2, 3], [3, 2]]
 */
export function numericHessian(f: ScalarField, point: readonly number[], options: { h?: number } = {}): number[][] {
  checkArgs(f, point, "(...coordinates: number[]) => number");
  const { h } = resolveOptions(options, 1e-4);
  const fAt = (shifts: Array<[number, number]>) => {
    const p = [...point];
    for (const [i, s] of shifts) p[i] = at(p, i, "point") + s * h;
    const y = f(...p);
    if (typeof y !== "number" || !Number.isFinite(y))
      throw new RangeError(`f(${fmtVector(p, 15)}) is ${show(y)}; a second difference needs finite values`);
    return y;
  };
  const n = point.length;
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const f0 = fAt([]);
  for (let i = 0; i < n; i++) {
    const row = at(H, i, "H");
    row[i] = (fAt([[i, 1]]) - 2 * f0 + fAt([[i, -1]])) / (h * h);
    for (let j = i + 1; j < n; j++) {
      const mixed =
        (fAt([
          [i, 1],
          [j, 1],
        ]) -
          fAt([
            [i, 1],
            [j, -1],
          ]) -
          fAt([
            [i, -1],
            [j, 1],
          ]) +
          fAt([
            [i, -1],
            [j, -1],
          ])) /
        (4 * h * h);
      row[j] = mixed;
      at(H, j, "H")[i] = mixed; // ∂²f/∂x∂y = ∂²f/∂y∂x for smooth f (Schwarz)
    }
  }
  return H;
}
