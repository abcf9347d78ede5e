/**
 * Plain-text form of an expression, as a person would type it: `6x(x^2 + 1)^2`,
 * `2x sin(x) + x^2 cos(x)`, `3xy`. Parentheses only where they change the meaning, and the
 * output parses back to the same value (`parse(toText(e))`).
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import type { Expr } from "./ast";
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
 * An operator written in front of an expression, such as "lim h→0": the expression is
 * parenthesised when it is a sum (the operator binds tighter than + and -).
 * @example operatorText("lim h→0", parse("2x + h")) // "lim h→0 (2x + h)"
 */
export function operatorText(operator: string, e: Expr): string {
  checkTree("expression", e);
  return `${operator} ${wrap(text(e), precedence(e) < 2 || isNegative(e))}`;
}

/** The expression as text. @example toText(parse("3*x^2 + 4*x - 5")) // "3x^2 + 4x - 5" */
export function toText(e: Expr): string {
  checkTree("expression", e);
  return text(e);
}

function text(e: Expr): string {
  switch (e.kind) {
    case "num":
      return formatNumber(e.value);
    case "var":
      return e.name;
    case "const":
      return e.name;
    case "call":
      return `${e.fn}(${text(e.arg)})`;
    case "neg":
      return `-${wrap(text(e.arg), precedence(e.arg) <= 1 || isNegative(e.arg))}`;
    case "add":
    case "sub": {
      const r = text(e.right);
      const rightParens = isNegative(e.right) || (e.kind === "sub" && precedence(e.right) <= 1);
      return `${text(e.left)} ${e.kind === "add" ? "+" : "-"} ${wrap(r, rightParens)}`;
    }
    case "mul": {
      const l = wrap(text(e.left), precedence(e.left) < 2);
      const right = text(e.right);
      const r = wrap(right, precedence(e.right) < 2 || right.startsWith("-"));
      return juxtapose(e.left, l, e.right, r);
    }
    case "div": {
      const l = wrap(text(e.left), precedence(e.left) < 2);
      const r = wrap(text(e.right), precedence(e.right) <= 3);
      return `${l}/${r}`;
    }
    case "pow": {
      const base = wrap(text(e.left), precedence(e.left) < 5);
      const exp = wrap(text(e.right), precedence(e.right) < 5);
      return `${base}^${exp}`;
    }
  }
}
