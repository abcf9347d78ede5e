/**
 * The syntax tree of an expression such as `(x^2 + 1)^3`. Parsing builds it, differentiation and
 * simplification transform it, the printers and the evaluator walk it. Nodes are plain immutable
 * objects; `pos` is the offset in the source text, kept so errors can point at the culprit.
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */

/** The functions the engine knows by name; their rules live in functions.ts. */
export type FunctionName = "sin" | "cos" | "tan" | "exp" | "log" | "sqrt" | "tanh" | "sigmoid" | "atan" | "sinh" | "cosh";

/** Named constants: `pi` and Euler's number `e`. */
export type ConstantName = "pi" | "e";

export type BinaryKind = "add" | "sub" | "mul" | "div" | "pow";

export type Expr =
  | { readonly kind: "num"; readonly value: number; readonly pos?: number }
  | { readonly kind: "const"; readonly name: ConstantName; readonly pos?: number }
  | { readonly kind: "var"; readonly name: string; readonly pos?: number }
  | { readonly kind: "neg"; readonly arg: Expr; readonly pos?: number }
  | { readonly kind: BinaryKind; readonly left: Expr; readonly right: Expr; readonly pos?: number }
  | { readonly kind: "call"; readonly fn: FunctionName; readonly arg: Expr; readonly pos?: number };

export type Binary = Extract<Expr, { kind: BinaryKind }>;

export const num = (value: number): Expr => ({ kind: "num", value });
export const constant = (name: ConstantName): Expr => ({ kind: "const", name });
export const variable = (name: string): Expr => ({ kind: "var", name });
export const neg = (arg: Expr): Expr => ({ kind: "neg", arg });
export const add = (left: Expr, right: Expr): Expr => ({ kind: "add", left, right });
export const sub = (left: Expr, right: Expr): Expr => ({ kind: "sub", left, right });
export const mul = (left: Expr, right: Expr): Expr => ({ kind: "mul", left, right });
export const div = (left: Expr, right: Expr): Expr => ({ kind: "div", left, right });
export const pow = (left: Expr, right: Expr): Expr => ({ kind: "pow", left, right });
export const call = (fn: FunctionName, arg: Expr): Expr => ({ kind: "call", fn, arg });

export function isBinary(e: Expr): e is Binary {
  return e.kind === "add" || e.kind === "sub" || e.kind === "mul" || e.kind === "div" || e.kind === "pow";
}

/** Same tree, ignoring source positions. @example equals(parse("x + 1"), parse("x+1")) // true */
export function equals(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case "num":
      return b.kind === "num" && Object.is(a.value, b.value);
    case "const":
    case "var":
      return b.kind === a.kind && b.name === a.name;
    case "neg":
      return b.kind === "neg" && equals(a.arg, b.arg);
    case "call":
      return b.kind === "call" && b.fn === a.fn && equals(a.arg, b.arg);
    default:
      return b.kind === a.kind && equals(a.left, b.left) && equals(a.right, b.right);
  }
}

/** The variable names used in `e`, sorted. @example variablesOf(parse("y^2 + 3xy")) // ["x", "y"] */
export function variablesOf(e: Expr): string[] {
  const names = new Set<string>();
  const walk = (node: Expr): void => {
    if (node.kind === "var") names.add(node.name);
    else if (node.kind === "neg" || node.kind === "call") walk(node.arg);
    else if (isBinary(node)) {
      walk(node.left);
      walk(node.right);
    }
  };
  walk(e);
  return [...names].sort();
}

/**
 * Does `e` change when `name` changes? (If not, it is a constant for d/d`name`.) The subtrees are
 * asked through `recurse` (rules.ts passes its memoized version). @example dependsOn(parse("y^2"), "x") // false
 */
export function dependsOn(e: Expr, name: string, recurse: (e: Expr, name: string) => boolean = dependsOn): boolean {
  switch (e.kind) {
    case "num":
    case "const":
      return false;
    case "var":
      return e.name === name;
    case "neg":
    case "call":
      return recurse(e.arg, name);
    default:
      return recurse(e.left, name) || recurse(e.right, name);
  }
}

/** `e` with every occurrence of the variable `name` replaced by `by`. @example toText(substitute(parse("x^2"), "x", parse("x + h"))) // "(x + h)^2" */
export function substitute(e: Expr, name: string, by: Expr): Expr {
  switch (e.kind) {
    case "num":
    case "const":
      return e;
    case "var":
      return e.name === name ? by : e;
    case "neg":
      return neg(substitute(e.arg, name, by));
    case "call":
      return call(e.fn, substitute(e.arg, name, by));
    default:
      return { kind: e.kind, left: substitute(e.left, name, by), right: substitute(e.right, name, by) };
  }
}

const serialized = new WeakMap<Expr, string>();

/** A canonical string for `e` (positions ignored), used as a key when collecting like terms. */
export function serialize(e: Expr): string {
  let text = serialized.get(e);
  if (text === undefined) {
    text = serializeNode(e);
    serialized.set(e, text);
  }
  return text;
}

function serializeNode(e: Expr): string {
  switch (e.kind) {
    case "num":
      return Object.is(e.value, -0) ? "0" : String(e.value);
    case "const":
      return `#${e.name}`;
    case "var":
      return e.name;
    case "neg":
      return `(neg ${serialize(e.arg)})`;
    case "call":
      return `(${e.fn} ${serialize(e.arg)})`;
    default:
      return `(${e.kind} ${serialize(e.left)} ${serialize(e.right)})`;
  }
}
