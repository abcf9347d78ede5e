/**
 * Forward mode on a parsed expression: the same tree walk as the number evaluator, with dual
 * numbers. It is a witness for the symbolic engine that shares none of its rules: the symbolic
 * derivative is built from rules.ts, this one from the Dual methods.
 * Introduced in [notebook 05](../../../notebooks/05-gradients.ipynb).
 */
import { variablesOf, type Expr } from "../symbolic/ast";
import { evaluateWith, type Algebra } from "../symbolic/evaluate";
import { Dual } from "./dual";
import { show } from "../../util/validate";

const dualAlgebra: Algebra<Dual> = {
  constant: (v) => Dual.constant(v),
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  pow: (a, b) => a.pow(b),
  neg: (a) => a.neg(),
  call: (fn, a) => a[fn](),
};

/**
 * The value of `e` and its derivative with respect to `variable` at `values`, by dual numbers.
 * @example dualDerivative(parse("(x^2 + 1)^3"), "x", { x: 2 }) // { value: 125, derivative: 300 }
 */
export function dualDerivative(e: Expr, variable: string, values: Readonly<Record<string, number>>): { value: number; derivative: number } {
  if (typeof e !== "object" || e === null || !("kind" in e) || typeof e.kind !== "string")
    throw new TypeError(`e must be an expression tree such as parse("x^2"); got ${show(e)}`);
  if (typeof variable !== "string" || variable === "") throw new TypeError(`variable must be a name such as "x"; got ${show(variable)}`);
  if (typeof values !== "object" || values === null || Array.isArray(values))
    throw new TypeError(`values must be an object of numbers such as { x: 2 }; got ${show(values)}`);
  for (const name of variablesOf(e)) {
    const v: unknown = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`values.${name} must be a finite number; got ${show(v)}`);
  }
  const out = evaluateWith(e, (name) => new Dual(values[name] as number, name === variable ? 1 : 0), dualAlgebra);
  return { value: out.value, derivative: out.derivative };
}
