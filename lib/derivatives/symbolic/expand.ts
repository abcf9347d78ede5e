/**
 * Multiplies out: products of sums are distributed and whole-number powers of sums expanded,
 * then like terms are collected. This is the algebra of the limit definition:
 * ((x + h)^2 - x^2)/h expands to 2x + h.
 *
 * @example toText(expand(parse("(x + h)^2 - x^2"))) // "2hx + h^2"
 */
import { add, call, div, mul, neg, num, type Expr } from "./ast";
import { numericValue, value } from "./rational";
import { simplify } from "./simplify";

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
      return call(e.fn, expand(e.arg));
    case "add":
    case "sub":
      return { kind: e.kind, left: expandTree(e.left), right: expandTree(e.right) };
    case "mul":
      return distribute(terms(expandTree(e.left)), terms(expandTree(e.right)));
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
  return simplify(expandTree(simplify(e)));
}
