/**
 * Computes an expression from its syntax tree (no `eval`, no `Function`). The walk is written
 * once, over an `Algebra`: plain numbers here, dual numbers in dual/expression.ts, tfjs tensors in
 * tf.ts. Numbers are checked: a value outside a function's domain is an error naming the
 * subexpression and the point, never a silent NaN.
 *
 * @example evaluateExpression(parse("x^2 + 3xy + y^2"), { x: 1, y: 2 }) // 11
 */
import { variablesOf, type Expr, type FunctionName } from "./ast";
import { FUNCTIONS } from "./functions";
import { toText } from "./print";
import { fmt } from "../../util/format";
import { toExpr } from "./parse";

/** The operations an evaluator needs; `node` is the tree node being computed (for messages). */
export interface Algebra<T> {
  constant(value: number): T;
  add(a: T, b: T, node: Expr): T;
  sub(a: T, b: T, node: Expr): T;
  mul(a: T, b: T, node: Expr): T;
  div(a: T, b: T, node: Expr): T;
  pow(a: T, b: T, node: Expr): T;
  neg(a: T, node: Expr): T;
  call(fn: FunctionName, a: T, node: Expr): T;
}

/**
 * Walks `e` bottom-up with `algebra`; `lookup` gives each variable's value.
 * @example evaluateWith(parse("x + 1"), () => 2, { constant: (v) => v, add: (a, b) => a + b, ... }) // 3
 */
export function evaluateWith<T>(e: Expr, lookup: (name: string) => T, algebra: Algebra<T>): T {
  const walk = (node: Expr): T => {
    switch (node.kind) {
      case "num":
        return algebra.constant(node.value);
      case "const":
        return algebra.constant(node.name === "pi" ? Math.PI : Math.E);
      case "var":
        return lookup(node.name);
      case "neg":
        return algebra.neg(walk(node.arg), node);
      case "call":
        return algebra.call(node.fn, walk(node.arg), node);
      default:
        return algebra[node.kind](walk(node.left), walk(node.right), node);
    }
  };
  return walk(e);
}

export class EvaluationError extends Error {
  override name = "EvaluationError";
}

/** Plain float64 arithmetic that refuses points outside a function's domain; `where` names the point. */
function checkedNumbers(where: () => string): Algebra<number> {
  const fail = (problem: string, node: Expr): never => {
    throw new EvaluationError(`${problem} in ${toText(node)}${where()}`);
  };
  const finite = (value: number, node: Expr): number => (Number.isFinite(value) ? value : fail(`the value is ${value}`, node));
  return {
    constant: (v) => v,
    add: (a, b, node) => finite(a + b, node),
    sub: (a, b, node) => finite(a - b, node),
    mul: (a, b, node) => finite(a * b, node),
    div: (a, b, node) => (b === 0 ? fail("division by zero", node) : finite(a / b, node)),
    pow: (a, b, node) => {
      if (a === 0 && b < 0) fail("zero to a negative power (division by zero)", node);
      if (a < 0 && !Number.isInteger(b)) fail(`a negative base (${fmt(a)}) needs a whole-number exponent; got ${fmt(b)}`, node);
      return finite(a ** b, node);
    },
    neg: (a) => -a,
    call: (fn, a, node) => {
      const spec = FUNCTIONS[fn];
      if (spec.domain && !spec.domain.contains(a)) fail(`${fn} needs ${spec.domain.needs}; got ${fmt(a)}`, node);
      return finite(spec.apply(a), node);
    },
  };
}

function describePoint(values: Readonly<Record<string, number>>, names: string[]): string {
  return names.length ? `, at ${names.map((n) => `${n} = ${fmt(values[n] as number)}`).join(", ")}` : "";
}

/**
 * The value of `e` with the given variable values; every variable of `e` needs a finite value.
 * @example evaluateExpression("x^2 + 3xy + y^2", { x: 1, y: 2 }) // 11
 */
export function evaluateExpression(expression: Expr | string, values: Readonly<Record<string, number>>): number {
  const e = toExpr(expression, { variables: Object.keys(values).filter((v) => v.length > 1) });
  const names = variablesOf(e);
  for (const name of names) {
    if (!Object.hasOwn(values, name)) throw new RangeError(`no value for ${name}: the expression uses ${names.join(", ")}`);
    const v = values[name];
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number; got ${String(v)}`);
  }
  return evaluateWith(
    e,
    (name) => values[name] as number,
    checkedNumbers(() => describePoint(values, names)),
  );
}

export interface CompileOptions {
  /**
   * What a point outside the domain gives: "throw" (default) an error naming it, or "nan", for
   * plots, where such points become gaps in the curve.
   */
  outsideDomain?: "throw" | "nan";
}

/**
 * `e` as an ordinary function of its variables, in the order given (default: alphabetical).
 * @example const f = toFunction(parse("x^2 + 3xy + y^2"), ["x", "y"]); f(1, 2) // 11
 */
export function toFunction(
  expression: Expr | string,
  variables?: readonly string[],
  options: CompileOptions = {},
): (...args: number[]) => number {
  const e = toExpr(expression, { variables: variables?.filter((v) => v.length > 1) });
  const vars = variables ?? variablesOf(e);
  const missing = variablesOf(e).filter((v) => !vars.includes(v));
  if (missing.length) {
    throw new RangeError(
      `the expression uses ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not among the variables ${vars.join(", ")}`,
    );
  }
  return (...args: number[]) => {
    if (args.length !== vars.length) {
      const s = vars.length === 1 ? "" : "s";
      throw new RangeError(`${toText(e)} is a function of (${vars.join(", ")}): it takes ${vars.length} argument${s}; got ${args.length}`);
    }
    const values = Object.fromEntries(vars.map((v, i) => [v, args[i] as number]));
    if (options.outsideDomain !== "nan") return evaluateExpression(e, values);
    try {
      return evaluateExpression(e, values);
    } catch (error) {
      if (error instanceof EvaluationError) return NaN;
      throw error;
    }
  };
}
