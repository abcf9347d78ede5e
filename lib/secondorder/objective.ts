/**
 * What a minimizer needs from a function: its value, its gradient and (for Newton) its Hessian at
 * a point. `objective(f)` derives all three from one function written against `Scalar`, with the
 * reverse-mode engine; or pass hand-written ones. The minimizers count every call.
 *
 * @example
 * const rosen = objective(([x, y]) => x.neg().add(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100)), "Rosenbrock");
 * rosen.gradient([1, 1]); // [0, 0]
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { evaluate, sum, type Scalar, type ScalarFn } from "../autodiff/scalar";
import { grad, hessian } from "../autodiff/transforms";
import { checkSquare } from "./linalg";
import { checkFunction, checkString, show } from "../util/validate";
import { at } from "../util/array";

export interface SolverObjective {
  name: string;
  value(x: readonly number[]): number;
  gradient(x: readonly number[]): number[];
  hessian?(x: readonly number[]): number[][];
}

/** An SolverObjective from a Scalar function: value by plain evaluation, derivatives by reverse mode. */
export function objective(f: ScalarFn, name = "f"): SolverObjective {
  checkFunction("objective: f", f, "(x: Scalar[]) => Scalar");
  checkString("objective: name", name);
  return {
    name,
    value: (x) => evaluate(f, x),
    gradient: grad(f),
    hessian: (x) => hessian(f, x),
  };
}

/** Throws, naming the argument, unless obj is a SolverObjective (from objective(f)) with value and gradient (newton checks hessian itself). */
export function checkObjective(name: string, obj: unknown): asserts obj is SolverObjective {
  if (
    typeof obj !== "object" ||
    obj === null ||
    !("value" in obj && "gradient" in obj) ||
    typeof obj.value !== "function" ||
    typeof obj.gradient !== "function"
  )
    throw new TypeError(`${name} must be a SolverObjective such as objective(([x, y]) => x.mul(x).add(y.mul(y))); got ${show(obj)}`);
}

/** Calls made to an objective, by kind. */
export interface Evaluations {
  value: number;
  gradient: number;
  hessian: number;
}

/** Wraps an objective so each call is counted (the counts are part of every result). */
export function counted(obj: SolverObjective): { obj: SolverObjective; evaluations: Evaluations } {
  checkObjective("counted: obj", obj);
  const evaluations: Evaluations = { value: 0, gradient: 0, hessian: 0 };
  const wrapped: SolverObjective = {
    name: obj.name,
    value: (x) => {
      evaluations.value++;
      return obj.value(x);
    },
    gradient: (x) => {
      evaluations.gradient++;
      return obj.gradient(x);
    },
  };
  if (obj.hessian) {
    const h = obj.hessian.bind(obj);
    wrapped.hessian = (x) => {
      evaluations.hessian++;
      return h(x);
    };
  }
  return { obj: wrapped, evaluations };
}

/**
 * Rosenbrock's banana valley in n >= 2 dimensions: sum of 100(x[i+1] - x[i]²)² + (1 - x[i])².
 * Minimum 0 at (1, ..., 1), at the bottom of a long curved valley that slows gradient descent.
 */
export function rosenbrockFn<T extends Scalar<T>>(x: T[]): T {
  if (
    !Array.isArray(x) ||
    x.length < 2 ||
    !x.every((v: unknown) => typeof v === "object" && v !== null && "pow" in v && typeof v.pow === "function")
  )
    throw new RangeError(`rosenbrockFn: x must be an array of at least 2 scalars (Values or Reals); got ${show(x)}`);
  const terms: T[] = [];
  for (let i = 0; i + 1 < x.length; i++) {
    const xi = at(x, i, "x");
    terms.push(
      at(x, i + 1, "x")
        .sub(xi.pow(2))
        .pow(2)
        .mul(100)
        .add(xi.neg().add(1).pow(2)),
    );
  }
  return sum(terms);
}

/**
 * ½ xᵀA x - bᵀx as a Scalar function (A symmetric): gradient A x - b, Hessian A, minimum at
 * A⁻¹b when A is positive definite.
 */
export function quadratic(A: number[][], b?: number[]): ScalarFn {
  checkSquare("quadratic: A", A);
  if (b !== undefined && !(Array.isArray(b) && b.length === A.length && b.every((v) => typeof v === "number" && Number.isFinite(v))))
    throw new TypeError(`quadratic: b must be an array of ${A.length} finite numbers (or left out); got ${show(b)}`);
  const n = checkSquare("A", A).length;
  const rhs = b ?? new Array<number>(n).fill(0);
  if (rhs.length !== n) throw new RangeError(`b must have ${n} numbers (one per row of A); got ${rhs.length}`);
  return <T extends Scalar<T>>(x: T[]): T => {
    if (x.length !== n) throw new RangeError(`this quadratic takes ${n} variables; got ${x.length}`);
    const terms: T[] = [];
    for (let i = 0; i < n; i++) {
      const xi = at(x, i, "x");
      const row = at(A, i, "A");
      for (let j = 0; j < n; j++) {
        const a = at(row, j, "A row");
        if (a !== 0) terms.push(xi.mul(at(x, j, "x")).mul(a / 2));
      }
      const bi = at(rhs, i, "b");
      if (bi !== 0) terms.push(xi.mul(-bi));
    }
    if (terms.length === 0) throw new RangeError("quadratic: A and b are all zeros");
    return sum(terms);
  };
}
