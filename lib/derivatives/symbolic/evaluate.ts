/**
 * Computes an expression from its syntax tree (no `eval`, no `Function`). The walk is written
 * once, over an `Algebra`: plain numbers here, dual numbers in dual/expression.ts, tfjs tensors in
 * tf.ts. Numbers are checked: a value outside a function's domain is an error naming the
 * subexpression and the point, never a silent NaN.
 *
 * @example evaluateExpression(parse("x^2 + 3xy + y^2"), { x: 1, y: 2 }) // 11
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { variablesOf, type Expr, type FunctionName } from "./ast";
import { FUNCTIONS } from "./functions";
import { toText } from "./print";
import { fmt } from "../../util/format";
import { at } from "../../util/array";
import { toExpr } from "./parse";
import { checkNames, checkOptions, checkTree, describeValue } from "./guard";
import { exactCall } from "./simplify";
import { value as rationalValue } from "./rational";

const ALGEBRA_METHODS = ["constant", "add", "sub", "mul", "div", "pow", "neg", "call"] as const;

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
  checkTree("e", e);
  if (typeof lookup !== "function")
    throw new TypeError(`lookup must be a function from a variable name to its value; got ${describeValue(lookup)}`);
  if (typeof algebra !== "object" || algebra === null)
    throw new TypeError(`algebra must be an object with the methods ${ALGEBRA_METHODS.join(", ")}; got ${describeValue(algebra)}`);
  for (const m of ALGEBRA_METHODS) {
    if (typeof algebra[m] !== "function") throw new TypeError(`algebra.${m} must be a function; got ${describeValue(algebra[m])}`);
  }
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
      case "add":
        return algebra.add(walk(node.left), walk(node.right), node);
      case "sub":
        return algebra.sub(walk(node.left), walk(node.right), node);
      case "mul":
        return algebra.mul(walk(node.left), walk(node.right), node);
      case "div":
        return algebra.div(walk(node.left), walk(node.right), node);
      case "pow":
        return algebra.pow(walk(node.left), walk(node.right), node);
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
      // where the value is exact and known (sin(pi) = 0), it is used instead of float64's 1.2e-16
      const exact = node.kind === "call" ? exactValue(node) : undefined;
      if (exact !== undefined) return exact;
      const spec = FUNCTIONS[fn];
      if (spec.domain && !spec.domain.contains(a)) fail(`${fn} needs ${spec.domain.needs}; got ${fmt(a)}`, node);
      return finite(spec.apply(a), node);
    },
  };
}

const exactValues = new WeakMap<Expr, number | null>();

/** The exact value of a call without variables, such as sin(pi), if the engine knows it (simplify.ts). */
function exactValue(node: Extract<Expr, { kind: "call" }>): number | undefined {
  let v = exactValues.get(node);
  if (v === undefined) {
    const r = variablesOf(node.arg).length === 0 ? exactCall(node.fn, node.arg) : undefined;
    v = r ? rationalValue(r) : null;
    exactValues.set(node, v);
  }
  return v ?? undefined;
}

function describePoint(values: Readonly<Record<string, number>>, names: string[]): string {
  return names.length ? `, at ${names.map((n) => `${n} = ${fmt(values[n] as number)}`).join(", ")}` : "";
}

/**
 * The value of `e` with the given variable values; every variable of `e` needs a finite value.
 * @example evaluateExpression("x^2 + 3xy + y^2", { x: 1, y: 2 }) // 11
 */
export function evaluateExpression(expression: Expr | string, values: Readonly<Record<string, number>>): number {
  if (typeof values !== "object" || values === null || Array.isArray(values)) {
    throw new TypeError(`values must be an object giving each variable a number, such as { x: 1 }; got ${describeValue(values)}`);
  }
  const keys = Object.keys(values);
  keys.forEach((k) => {
    if (!/^\p{L}[\p{L}\d_]*$/u.test(k)) throw new RangeError(`values: "${k}" is not a variable name (letters, then letters, digits or _)`);
  });
  const e = toExpr(expression, { variables: keys.filter((v) => v.length > 1) });
  const names = variablesOf(e);
  for (const name of names) {
    if (!Object.hasOwn(values, name)) throw new RangeError(`values has no value for ${name}: the expression uses ${names.join(", ")}`);
    const v = values[name];
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new RangeError(`values.${name} must be a finite number; got ${describeValue(v)}`);
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
 * `expression` as a tree, and the variables it is a function of: `variables` when given (a name
 * longer than one letter then reads as one variable), else its own in alphabetical order. Refuses
 * an expression that uses a variable `variables` leaves out. (toFunction and toTf start with it.)
 */
export function withVariables(expression: Expr | string, variables: readonly string[] | undefined): { e: Expr; vars: readonly string[] } {
  const e = toExpr(expression, { variables: variables?.filter((v) => v.length > 1) });
  const vars = variables ?? variablesOf(e);
  const missing = variablesOf(e).filter((v) => !vars.includes(v));
  if (missing.length) {
    throw new RangeError(
      `the expression uses ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not among the variables ${vars.join(", ")}`,
    );
  }
  return { e, vars };
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
  checkNames("variables", variables);
  checkOptions("options", options);
  if (options.outsideDomain !== undefined && options.outsideDomain !== "throw" && options.outsideDomain !== "nan") {
    throw new RangeError(`options.outsideDomain must be "throw" or "nan"; got ${describeValue(options.outsideDomain)}`);
  }
  const { e, vars } = withVariables(expression, variables);
  return (...args: number[]) => {
    if (args.length !== vars.length) {
      const s = vars.length === 1 ? "" : "s";
      throw new RangeError(`${toText(e)} is a function of (${vars.join(", ")}): it takes ${vars.length} argument${s}; got ${args.length}`);
    }
    args.forEach((a, i) => {
      if (typeof a !== "number" || !Number.isFinite(a))
        throw new RangeError(`argument ${i + 1} (${vars[i]}) must be a finite number; got ${describeValue(a)}`);
    });
    const values = Object.fromEntries(args.map((a, i) => [at(vars, i, "variables"), a])); // one argument per variable (checked above)
    if (options.outsideDomain !== "nan") return evaluateExpression(e, values);
    try {
      return evaluateExpression(e, values);
    } catch (error) {
      if (error instanceof EvaluationError) return NaN;
      throw error;
    }
  };
}
