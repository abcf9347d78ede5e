/**
 * Plain-text form of an expression, as a person would type it: `6x(x^2 + 1)^2`,
 * `2x sin(x) + x^2 cos(x)`, `3xy`. Parentheses only where they change the meaning, and the
 * output parses back to the same value (`parse(toText(e))`).
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import type { ConstantName, Expr, FunctionName } from "./ast";
import { checkTree } from "./guard";

/** Binding strength: sums 1, products 2, unary minus 3, powers 4, atoms 5. @example precedence(parse("x + 1")) // 1 */
export function precedence(e: Expr): number {
  switch (e.kind) {
    case "add":
    case "sub":
      return 1;
    case "mul":
    case "div":
      return 2;
    case "neg":
      return 3;
    case "pow":
      return 4;
    case "num":
      return e.value < 0 || Object.is(e.value, -0) ? 3 : 5;
    default:
      return 5;
  }
}

/** A negative-looking operand: `-x` or `-2`; it needs parentheses after an operator. @example isNegative(parse("-x")) // true */
export function isNegative(e: Expr): boolean {
  return precedence(e) === 3;
}

/** The atom a printed expression starts with, if it starts with one (not "(" or "-"). @example firstAtom(parse("2x")) // the number 2 */
export function firstAtom(e: Expr): Expr | undefined {
  switch (e.kind) {
    case "num":
      return isNegative(e) ? undefined : e;
    case "var":
    case "const":
    case "call":
      return e;
    case "neg":
      return undefined;
    case "pow":
      return precedence(e.left) === 5 ? firstAtom(e.left) : undefined;
    default:
      return precedence(e.left) < precedence(e) ? undefined : firstAtom(e.left);
  }
}

const isLetter = (name: string) => /^\p{L}$/u.test(name);

/** Does the printed form of a product end with a one-letter variable (so "y" can follow: "xy")? */
function endsWithLetter(e: Expr): boolean {
  if (e.kind === "var") return isLetter(e.name);
  return e.kind === "mul" && !isNegative(e.right) && endsWithLetter(e.right);
}

/** A number as the engine prints it (shortest round-trip form; -0 as 0). @example formatNumber(0.5) // "0.5" */
export function formatNumber(value: number): string {
  return Object.is(value, -0) ? "0" : String(value);
}

const wrap = (text: string, yes: boolean) => (yes ? `(${text})` : text);

/** How two printed factors are joined: 6x, xy, x(x + 1), 2 sin(x), x*2. */
function juxtapose(left: Expr, l: string, right: Expr, r: string): string {
  if (/^[\d.]/.test(r)) return `${l}*${r}`;
  // "xy(x + 1)" would read as a call of a function xy: write "x y(x + 1)"
  if (r.startsWith("(")) return endsWithLetter(left) && /\p{L}\p{L}$/u.test(l) ? `${l.slice(0, -1)} ${l.slice(-1)}${r}` : l + r;
  const lead = firstAtom(right);
  if (left.kind === "num" && (lead?.kind === "var" || (lead?.kind === "const" && lead.name === "pi"))) return l + r;
  // xy, but not xyz: the parser reads a word of up to three letters as a product, and "xy(" as x·y·(
  if (endsWithLetter(left) && !/\p{L}\p{L}$/u.test(l) && !/^\p{L}[\p{L}(]/u.test(r) && lead?.kind === "var" && isLetter(lead.name))
    return l + r;
  return `${l} ${r}`;
}

/**
 * What differs between two printed forms of an expression (plain text, LaTeX). The walk over the
 * tree and where parentheses go (after a unary minus, around a sum on the right of a minus, around
 * sums inside products) are shared by `printIn`, so the two forms cannot disagree on them.
 */
export interface Notation {
  paren(text: string, yes: boolean): string;
  num(value: number): string;
  name(name: string): string;
  constant(name: ConstantName): string;
  call(fn: FunctionName, arg: string): string;
  /** Joins two factors, each printed and already parenthesised where a product needs it. */
  product(left: Expr, l: string, right: Expr, r: string): string;
  /** `print` prints a sub-expression in this notation. */
  quotient(left: Expr, right: Expr, print: (e: Expr) => string): string;
  power(base: Expr, exponent: Expr, print: (e: Expr) => string): string;
}

/** The expression printed in `notation`. @example printIn(TEXT, parse("x^2/2")) // "x^2/2" */
export function printIn(notation: Notation, e: Expr): string {
  const print = (x: Expr): string => printIn(notation, x);
  switch (e.kind) {
    case "num":
      return notation.num(e.value);
    case "var":
      return notation.name(e.name);
    case "const":
      return notation.constant(e.name);
    case "call":
      return notation.call(e.fn, print(e.arg));
    case "neg":
      return `-${notation.paren(print(e.arg), precedence(e.arg) <= 1 || isNegative(e.arg))}`;
    case "add":
    case "sub": {
      const rightParens = isNegative(e.right) || (e.kind === "sub" && precedence(e.right) <= 1);
      return `${print(e.left)} ${e.kind === "add" ? "+" : "-"} ${notation.paren(print(e.right), rightParens)}`;
    }
    case "mul": {
      const l = notation.paren(print(e.left), precedence(e.left) < 2);
      const right = print(e.right);
      return notation.product(e.left, l, e.right, notation.paren(right, precedence(e.right) < 2 || right.startsWith("-")));
    }
    case "div":
      return notation.quotient(e.left, e.right, print);
    case "pow":
      return notation.power(e.left, e.right, print);
  }
}

/**
 * An operator written in front of an expression (a limit, a derivative): the expression is
 * parenthesised when it is a sum or starts with a minus (the operator binds tighter than + and -).
 */
export function operatorIn(notation: Notation, operator: string, e: Expr): string {
  checkTree("expression", e);
  return `${operator} ${notation.paren(printIn(notation, e), precedence(e) < 2 || isNegative(e))}`;
}

/** Plain text, as a person would type it. */
const TEXT: Notation = {
  paren: wrap,
  num: formatNumber,
  name: (name) => name,
  constant: (name) => name,
  call: (fn, arg) => `${fn}(${arg})`,
  product: juxtapose,
  quotient: (left, right, print) => `${wrap(print(left), precedence(left) < 2)}/${wrap(print(right), precedence(right) <= 3)}`,
  power: (base, exponent, print) => `${wrap(print(base), precedence(base) < 5)}^${wrap(print(exponent), precedence(exponent) < 5)}`,
};

/**
 * An operator written in front of an expression, such as "lim h→0": the expression is
 * parenthesised when it is a sum (the operator binds tighter than + and -).
 * @example operatorText("lim h→0", parse("2x + h")) // "lim h→0 (2x + h)"
 */
export function operatorText(operator: string, e: Expr): string {
  return operatorIn(TEXT, operator, e);
}

/** The expression as text. @example toText(parse("3*x^2 + 4*x - 5")) // "3x^2 + 4x - 5" */
export function toText(e: Expr): string {
  checkTree("expression", e);
  return printIn(TEXT, e);
}
