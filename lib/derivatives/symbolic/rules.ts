/**
 * The differentiation rules, one table. `differentiate` walks the expression and, at each node,
 * uses the first rule that applies; the order matters (a constant is recognised before anything
 * else, a constant multiple before the product rule). Each rule names itself, states its formula
 * and explains how it was used, so a derivation can be shown step by step.
 * Introduced in [notebook 03](../../../notebooks/03-derivative-rules.ipynb).
 */
import { add, call, div, equals, mul, neg, num, pow, sub, variable, type Binary, type Expr, type FunctionName } from "./ast";
import { dependsOn as treeDependsOn } from "./ast";
import { FUNCTIONS } from "./functions";
import { memo } from "./guard";
import { simplifyTree as simplify } from "./simplify";

/** Does `e` change with `x`? Remembered per subexpression while a derivation runs. */
function dependsOn(e: Expr, x: string): boolean {
  return memo(`depends on ${x}`, e, () => treeDependsOn(e, x, dependsOn));
}

export type RuleName =
  | "constant"
  | "variable"
  | "sum"
  | "difference"
  | "constant multiple"
  | "product"
  | "quotient"
  | "power"
  | "exponential"
  | "function"
  | "chain"
  | "general power";

/** Words and expressions, printed as text or LaTeX by whoever shows the step. */
export type StepNote = ReadonlyArray<string | Expr>;

export interface DifferentiationRule {
  name: RuleName;
  /** The rule in LaTeX, with u, v functions of x and c, n constants. */
  formula: string;
  applies(e: Expr, x: string): boolean;
  /** The derivative of `e`; `d` differentiates a part of it (and records that step). */
  derive(e: Expr, x: string, d: (part: Expr) => Expr): Expr;
  /** How the rule was applied to `e`. */
  explain(e: Expr, x: string): StepNote;
}

const isVar = (e: Expr, x: string) => e.kind === "var" && e.name === x;
/** Is a simplified constant one with no value (it kept a 1/0, log(0), ...; see simplify.ts)? */
const isUndefinedConstant = (e: Expr) => !(e.kind === "num") && simplify(mul(num(0), e)).kind !== "num";
const ln = (e: Expr) => call("log", e);
// the rules that read parts(e) or callOf(e) apply only to that kind of node (their `applies` checks it)
function parts(e: Expr): Binary {
  if (e.kind !== "add" && e.kind !== "sub" && e.kind !== "mul" && e.kind !== "div" && e.kind !== "pow")
    throw new Error(`a rule for two operands was applied to a node of kind ${e.kind}`);
  return e;
}
function callOf(e: Expr): { fn: FunctionName; arg: Expr } {
  if (e.kind !== "call") throw new Error(`a function rule was applied to a node of kind ${e.kind}`);
  return e;
}
/** The placeholder for the inner function in chain-rule notes. */
const U = variable("u");

/** A composition split into its outer function, written in u, and the inner function u(x). */
function decompose(e: Expr, x: string): { outer: Expr; inner: Expr } {
  if (e.kind === "call") return { outer: call(e.fn, U), inner: e.arg };
  const { left, right } = parts(e);
  return dependsOn(left, x) ? { outer: pow(U, right), inner: left } : { outer: pow(left, U), inner: right };
}

/** f'(u) for the outer functions of decompose: a known function, u^n or a^u. */
function outerDerivative(outer: Expr): Expr {
  if (outer.kind === "call") return FUNCTIONS[outer.fn].derivative(U);
  const { left, right } = parts(outer);
  return equals(left, U) ? mul(right, pow(U, sub(right, num(1)))) : mul(outer, ln(left));
}

export const DIFFERENTIATION_RULES: readonly DifferentiationRule[] = [
  {
    name: "constant",
    formula: "\\frac{d}{dx} c = 0",
    applies: (e, x) => !dependsOn(e, x),
    // a constant without a value (1/0, log(0)) has no derivative either: it stays undefined
    derive: (e) => {
      const value = simplify(e);
      return isUndefinedConstant(value) ? value : num(0);
    },
    explain: (e, x) =>
      e.kind === "num" || e.kind === "const" ? ["a constant does not change"] : [e, ` does not depend on ${x}: it is held constant`],
  },
  {
    name: "variable",
    formula: "\\frac{d}{dx} x = 1",
    applies: isVar,
    derive: () => num(1),
    explain: (_, x) => [`${x} changes one for one with itself`],
  },
  {
    name: "sum",
    formula: "(u + v)' = u' + v'",
    applies: (e) => e.kind === "add",
    derive: (e, _, d) => add(d(parts(e).left), d(parts(e).right)),
    explain: () => ["differentiate each term and add"],
  },
  {
    name: "difference",
    formula: "(u - v)' = u' - v'",
    applies: (e) => e.kind === "sub",
    derive: (e, _, d) => sub(d(parts(e).left), d(parts(e).right)),
    explain: () => ["differentiate each term and subtract"],
  },
  {
    name: "constant multiple",
    formula: "(c\\,u)' = c\\,u'",
    applies: (e, x) =>
      e.kind === "neg" ||
      (e.kind === "mul" && (!dependsOn(e.left, x) || !dependsOn(e.right, x))) ||
      (e.kind === "div" && !dependsOn(e.right, x)),
    derive: (e, x, d) => {
      if (e.kind === "neg") return neg(d(e.arg));
      const b = parts(e);
      if (b.kind === "div") return div(d(b.left), b.right);
      return dependsOn(b.left, x) ? mul(d(b.left), b.right) : mul(b.left, d(b.right));
    },
    explain: (e, x) => {
      if (e.kind === "neg") return ["the constant factor ", num(-1), " stays"];
      const b = parts(e);
      const c = b.kind === "div" ? div(num(1), b.right) : dependsOn(b.left, x) ? b.right : b.left;
      return ["the constant factor ", simplify(c), " stays"];
    },
  },
  {
    name: "product",
    formula: "(u\\,v)' = u'\\,v + u\\,v'",
    applies: (e) => e.kind === "mul",
    derive: (e, _, d) => {
      const { left, right } = parts(e);
      return add(mul(d(left), right), mul(left, d(right)));
    },
    explain: (e) => ["u = ", parts(e).left, ", v = ", parts(e).right],
  },
  {
    name: "quotient",
    formula: "\\left(\\frac{u}{v}\\right)' = \\frac{u'\\,v - u\\,v'}{v^2}",
    applies: (e) => e.kind === "div",
    derive: (e, _, d) => {
      const { left, right } = parts(e);
      return div(sub(mul(d(left), right), mul(left, d(right))), pow(right, num(2)));
    },
    explain: (e) => ["u = ", parts(e).left, ", v = ", parts(e).right],
  },
  {
    name: "power",
    formula: "\\frac{d}{dx} x^n = n\\,x^{n-1}",
    applies: (e, x) => e.kind === "pow" && isVar(e.left, x) && !dependsOn(e.right, x),
    derive: (e) => {
      const { left, right } = parts(e);
      return mul(right, pow(left, sub(right, num(1))));
    },
    explain: (e) => ["n = ", parts(e).right, ": bring the exponent down and lower it by one"],
  },
  {
    name: "exponential",
    formula: "\\frac{d}{dx} a^x = a^x \\ln(a)",
    applies: (e, x) => e.kind === "pow" && !dependsOn(e.left, x) && isVar(e.right, x),
    derive: (e) => mul(e, ln(parts(e).left)),
    explain: (e) => ["a = ", parts(e).left],
  },
  {
    name: "function",
    formula: "\\frac{d}{dx} f(x) = f'(x)",
    applies: (e, x) => e.kind === "call" && isVar(e.arg, x),
    derive: (e) => FUNCTIONS[callOf(e).fn].derivative(callOf(e).arg),
    explain: (e) => {
      const { fn } = callOf(e);
      return ["the derivative of ", call(fn, U), " is ", simplify(FUNCTIONS[fn].derivative(U))];
    },
  },
  {
    name: "chain",
    formula: "\\frac{d}{dx} f(u(x)) = f'(u)\\,u'(x)",
    applies: (e, x) =>
      (e.kind === "call" && dependsOn(e.arg, x)) ||
      (e.kind === "pow" && dependsOn(e.left, x) !== dependsOn(e.right, x) && !isVar(e.left, x) && !isVar(e.right, x)),
    derive: (e, x, d) => {
      if (e.kind === "call") return mul(FUNCTIONS[e.fn].derivative(e.arg), d(e.arg));
      const { left, right } = parts(e);
      // (u^n)' = n u^(n-1) u'   and   (a^u)' = a^u ln(a) u'
      if (dependsOn(left, x)) return mul(mul(right, pow(left, sub(right, num(1)))), d(left));
      return mul(mul(e, ln(left)), d(right));
    },
    explain: (e, x) => {
      const { outer, inner } = decompose(e, x);
      return ["outer ", outer, " has derivative ", simplify(outerDerivative(outer)), ", inner u = ", inner, "; multiply by u'"];
    },
  },
  {
    name: "general power",
    formula: "\\left(u^v\\right)' = u^v \\left(v' \\ln(u) + \\frac{v\\,u'}{u}\\right)",
    applies: (e) => e.kind === "pow",
    derive: (e, _, d) => {
      // logarithmic differentiation: u^v = e^(v ln u)
      const { left, right } = parts(e);
      return mul(e, add(mul(d(right), ln(left)), div(mul(right, d(left)), left)));
    },
    explain: (e) => ["base and exponent both vary: write ", e, " as ", call("exp", mul(parts(e).right, ln(parts(e).left)))],
  },
];
