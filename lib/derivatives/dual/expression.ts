/**
 * Forward mode on a parsed expression: the same tree walk as the number evaluator, with dual
 * numbers. It is a witness for the symbolic engine that shares none of its rules: the symbolic
 * derivative is built from rules.ts, this one from the Dual methods.
 */
import { variablesOf, type Expr } from "../symbolic/ast";
import { evaluateWith, type Algebra } from "../symbolic/evaluate";
import { Dual } from "./dual";

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
  for (const name of variablesOf(e)) {
    const v = values[name];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number; got ${String(v)}`);
  }
  const out = evaluateWith(e, (name) => new Dual(values[name] as number, name === variable ? 1 : 0), dualAlgebra);
  return { value: out.value, derivative: out.derivative };
}
