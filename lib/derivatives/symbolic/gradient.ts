/**
 * Partial derivatives and the gradient of an expression in several variables: one derivation
 * per variable, the others held constant.
 *
 * @example
 * const g = symbolicGradient("x^2 + 3xy + y^2");
 * g.partials.map((d) => toText(d.result));   // ["2x + 3y", "3x + 2y"]
 * evaluateGradient(g, [1, 2]);               // [8, 7]
 * Introduced in [notebook 04](../../../notebooks/04-partial-derivatives.ipynb).
 */
import { variablesOf, type Expr } from "./ast";
import { differentiate, type Derivation } from "./differentiate";
import { evaluateExpression } from "./evaluate";
import { at } from "../../util/array";
import { toExpr, type ParseOptions } from "./parse";
import { checkGradient, checkNames, checkOptions, describeValue, shared } from "./guard";

export interface SymbolicGradientResult {
  readonly expression: Expr;
  /** The variables, in the order of the gradient's components. */
  readonly variables: readonly string[];
  /** ∂f/∂(each variable). */
  readonly partials: readonly Derivation[];
}

/** ∇f: the partial derivative for each variable (default: the expression's own, alphabetically). @example symbolicGradient("x^2 + 3xy + y^2") */
export function symbolicGradient(
  expression: Expr | string,
  variables?: readonly string[],
  options: ParseOptions = {},
): SymbolicGradientResult {
  checkNames("variables", variables);
  checkOptions("options", options);
  const expr = toExpr(expression, { ...options, variables: options.variables ?? variables?.filter((v) => v.length > 1) });
  const vars = variables ?? variablesOf(expr);
  if (vars.length === 0) throw new RangeError("the expression has no variables, so its gradient is empty; pass variables explicitly");
  const extra = variablesOf(expr).filter((v) => !vars.includes(v));
  if (extra.length)
    throw new RangeError(
      `the expression uses ${extra.join(", ")}, which ${extra.length === 1 ? "is" : "are"} not among the variables ${vars.join(", ")}`,
    );
  return shared(() => ({ expression: expr, variables: [...vars], partials: vars.map((v) => differentiate(expr, v)) }));
}

/** The gradient's components at a point given in the order of `g.variables`. @example evaluateGradient(symbolicGradient("x^2 + 3xy + y^2"), [1, 2]) // [8, 7] */
export function evaluateGradient(g: SymbolicGradientResult, point: readonly number[]): number[] {
  checkGradient("g", g);
  if (!Array.isArray(point) || point.length !== g.variables.length) {
    throw new RangeError(
      `point must have ${g.variables.length} coordinates (${g.variables.join(", ")}); got ${Array.isArray(point) ? point.length : describeValue(point)}`,
    );
  }
  point.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new RangeError(`point[${i}] (${g.variables[i]}) must be a finite number; got ${describeValue(v)}`);
  });
  const values = Object.fromEntries(point.map((v, i) => [at(g.variables, i, "variables"), v]));
  return g.partials.map((d) => evaluateExpression(d.result, values));
}
