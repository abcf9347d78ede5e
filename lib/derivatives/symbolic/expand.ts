/**
 * Multiplies out: products of sums are distributed and whole-number powers of sums expanded,
 * then like terms are collected. This is the algebra of the limit definition:
 * ((x + h)^2 - x^2)/h expands to 2x + h.
 *
 * @example toText(expand(parse("(x + h)^2 - x^2"))) // "2hx + h^2"
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { add, call, div, mul, neg, num, type Expr } from "./ast";
import { numericValue, value } from "./rational";
import { checkResult, simplifyTree as simplify } from "./simplify";
import { checkTree, LIMITS, shared } from "./guard";
import { ExpressionError } from "./errors";

/** Powers of a sum above this are left alone (a 13th power has hundreds of terms). */
const MAX_POWER = 12;

/** The terms of a sum, with signs folded into the terms: a - (b + c) gives a, -b, -c. */
function terms(e: Expr): Expr[] {
  if (e.kind === "add") return [...terms(e.left), ...terms(e.right)];
  if (e.kind === "sub") return [...terms(e.left), ...terms(e.right).map(neg)];
  if (e.kind === "neg") return terms(e.arg).map(neg);
  return [e];
}

const sum = (parts: Expr[]): Expr => (parts.length === 0 ? num(0) : parts.reduce((acc, p) => add(acc, p)));

function distribute(a: Expr[], b: Expr[]): Expr {
  if (a.length * b.length > LIMITS.maxTerms) {
    throw new ExpressionError(
      `expanding gives a product of ${a.length} by ${b.length} terms; the limit is ${LIMITS.maxTerms} terms: expand a smaller expression`,
      "",
    );
  }
  return sum(a.flatMap((p) => b.map((q) => mul(p, q))));
}

function expandTree(e: Expr): Expr {
  switch (e.kind) {
    case "num":
    case "const":
    case "var":
      return e;
    case "neg":
      return neg(expandTree(e.arg));
    case "call":
      return call(e.fn, expandShared(e.arg));
    case "add":
    case "sub":
      return { kind: e.kind, left: expandTree(e.left), right: expandTree(e.right) };
    case "mul":
      // like terms are collected after each product, so (x + 1)(x + 2)...(x + 20) never has 2^20 terms
      return simplify(distribute(terms(expandTree(e.left)), terms(expandTree(e.right))));
    case "div": {
      const denominator = expandTree(e.right);
      return sum(terms(expandTree(e.left)).map((p) => div(p, denominator)));
    }
    case "pow": {
      const base = expandTree(e.left);
      const k = numericValue(e.right);
      const n = k ? value(k) : NaN;
      if (!(Number.isInteger(n) && n >= 2 && n <= MAX_POWER) || terms(base).length < 2) return { kind: "pow", left: base, right: e.right };
      let out = base;
      for (let i = 1; i < n; i++) out = simplify(distribute(terms(out), terms(base)));
      return out;
    }
  }
}

/** `e` multiplied out and simplified. @example toText(expand(parse("(x + 1)^2"))) // "x^2 + 2x + 1" */
export function expand(e: Expr): Expr {
  checkTree("expression", e);
  return shared(() => checkResult("the expanded expression", expandShared(e)));
}

/** expand for the engine's own trees, inside a sharing context. */
export function expandShared(e: Expr): Expr {
  return simplify(expandTree(simplify(e)));
}
