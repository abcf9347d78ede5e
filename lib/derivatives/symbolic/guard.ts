/**
 * The engine's boundary: its limits, the checks every public function makes on what it is given,
 * and the sharing that keeps its work polynomial in the size of the input.
 *
 * Limits (each refusal is an ExpressionError that states the limit and the value it got):
 * - source text of at most LIMITS.maxLength characters;
 * - nesting at most LIMITS.maxDepth levels deep in source text: parentheses, function calls,
 *   powers and signs;
 * - syntax trees (parsed, passed in, or results such as a derivative) at most LIMITS.maxTreeDepth
 *   levels deep, where a sum or product of n terms counts n levels (a + b + c is (a + b) + c);
 * - results (a derivative, a simplified or expanded form) of at most LIMITS.maxNodes tree nodes.
 * The walks of the engine are recursive; these limits keep them far from JavaScript's stack limit.
 *
 * Sharing: an expression such as x/(1 + x/(1 + ...)) appears many times over in its own derivative
 * (the quotient rule repeats v in v^2 and in u'v - uv'). Inside one top-level call (`shared`), every
 * structurally equal subtree gets the same number (hash-consing), and the simplifier and the rules
 * remember their answers by that number, so each distinct subexpression is worked out once.
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import type { Expr } from "./ast";
import { ExpressionError } from "./errors";
import { FUNCTION_NAMES } from "./functions";

export const LIMITS = Object.freeze({
  /** Characters of source text. */
  maxLength: 10_000,
  /** Levels of nesting in source text (parentheses, calls, powers, signs). */
  maxDepth: 200,
  /** Levels of a syntax tree; a derivative is deeper than its expression, so this is larger. */
  maxTreeDepth: 500,
  /** Nodes of a result, counted as a tree (a repeated part counts each time it is printed). */
  maxNodes: 200_000,
  /** Terms of one product while expanding (a sum of n terms is n levels deep). */
  maxTerms: 200,
});

const KINDS: ReadonlySet<string> = new Set(["num", "const", "var", "neg", "add", "sub", "mul", "div", "pow", "call"]);
const FUNCTIONS_SET: ReadonlySet<string> = new Set(FUNCTION_NAMES);
const VARIABLE_NAME = /^\p{L}[\p{L}\d_]*$/u;

/** How a value looks in a message: strings quoted, objects by kind, never "[object Object]". */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return v.length > 40 ? `a string of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === "number") return String(v);
  if (typeof v === "boolean" || typeof v === "bigint") return `${typeof v} ${String(v)}`;
  if (typeof v === "undefined") return "undefined";
  if (typeof v === "function") return "a function";
  if (typeof v === "symbol") return "a symbol";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return "an object";
}

/** Throws unless `text` is a string within the length limit. */
export function checkSource(argument: string, text: unknown): asserts text is string {
  if (typeof text !== "string") {
    throw new TypeError(
      `${argument} must be an expression: source text such as "x^2 + 1" or a tree from parse(); got ${describeValue(text)}`,
    );
  }
  if (text.length > LIMITS.maxLength) {
    throw new ExpressionError(
      `${argument} is ${text.length} characters long; the limit is ${LIMITS.maxLength} characters`,
      text.slice(0, 60) + "…",
    );
  }
}

/**
 * Throws unless `e` is a well-formed syntax tree within the limits: known node kinds, finite
 * numbers, variable names, functions the engine knows, at most LIMITS.maxTreeDepth levels deep, no
 * cycles. Walks iteratively, so a tree too deep for recursion gets the error, not a stack
 * overflow. A checked tree is remembered (with its height), so checking it again costs nothing.
 */
export function checkTree(argument: string, e: unknown): asserts e is Expr {
  if (typeof e === "object" && e !== null && heights.has(e)) return;
  // post-order: a node is finished once its children are; `open` holds the nodes on the path
  const stack: Array<{ node: unknown; path: string; expanded: boolean }> = [{ node: e, path: argument, expanded: false }];
  const open = new Set<object>();
  for (let top = stack.at(-1); top; top = stack.at(-1)) {
    const { node, path } = top;
    if (typeof node !== "object" || node === null) {
      throw new TypeError(
        `${path} must be an expression: source text such as "x^2 + 1" or a tree from parse(); got ${describeValue(node)}`,
      );
    }
    if (heights.has(node)) {
      stack.pop();
      continue;
    }
    const children = childrenOf(node, path);
    if (!top.expanded) {
      top.expanded = true;
      if (open.has(node)) throw new TypeError(`${path} contains itself: an expression is a tree, without cycles`);
      open.add(node);
      if (stack.length > LIMITS.maxTreeDepth) {
        throw new ExpressionError(
          `${argument} is nested more than ${LIMITS.maxTreeDepth} levels deep as a tree; the limit is ${LIMITS.maxTreeDepth} levels`,
          "",
        );
      }
      for (const [child, childPath] of children) stack.push({ node: child, path: childPath, expanded: false });
      continue;
    }
    stack.pop();
    open.delete(node);
    const height = 1 + Math.max(0, ...children.map(([c]) => measured(heights, c)));
    if (height > LIMITS.maxTreeDepth) {
      throw new ExpressionError(`${argument} is nested ${height} levels deep as a tree; the limit is ${LIMITS.maxTreeDepth} levels`, "");
    }
    // a tree that shares parts (a DAG) is as large as it is when printed
    const size = children.reduce((total, [c]) => total + measured(sizes, c), 1);
    if (size > LIMITS.maxNodes) {
      throw new ExpressionError(
        `${argument} has more than ${LIMITS.maxNodes} nodes (counting repeated parts each time); the limit is ${LIMITS.maxNodes} nodes`,
        "",
      );
    }
    heights.set(node, height);
    sizes.set(node, size);
  }
}

/** Heights and sizes of checked trees (and of every subtree in them). */
const heights = new WeakMap<object, number>();
const sizes = new WeakMap<object, number>();

/** A checked node's height or size: checkTree measures every child before its parent. */
function measured(table: WeakMap<object, number>, node: unknown): number {
  const found = typeof node === "object" && node !== null ? table.get(node) : undefined;
  if (found === undefined) throw new Error("checkTree: a node was used before it was measured");
  return found;
}

/** The children of a node after checking the node itself, with their paths for messages. */
function childrenOf(node: object, path: string): Array<[unknown, string]> {
  const n = (field: string): unknown => Reflect.get(node, field); // node[field], checked below before use
  const kind: unknown = Object.hasOwn(node, "kind") ? n("kind") : undefined;
  if (typeof kind !== "string" || !KINDS.has(kind)) {
    throw new TypeError(`${path} is not an expression node: its kind must be one of ${[...KINDS].join(", ")}; got ${describeValue(kind)}`);
  }
  switch (kind) {
    case "num": {
      const value = n("value");
      if (typeof value !== "number" || !Number.isFinite(value))
        throw new ExpressionError(`${path}: a number node needs a finite value; got ${describeValue(value)}`, "");
      return [];
    }
    case "const": {
      const name = n("name");
      if (name !== "pi" && name !== "e") throw new TypeError(`${path}: a constant is "pi" or "e"; got ${describeValue(name)}`);
      return [];
    }
    case "var": {
      const name = n("name");
      if (typeof name !== "string" || !VARIABLE_NAME.test(name))
        throw new TypeError(`${path}: a variable needs a name such as "x" or "w_1"; got ${describeValue(name)}`);
      return [];
    }
    case "call": {
      const fn = n("fn");
      if (typeof fn !== "string" || !FUNCTIONS_SET.has(fn))
        throw new ExpressionError(`${path}: unknown function ${describeValue(fn)}; known: ${FUNCTION_NAMES.join(", ")}`, "");
      return [[n("arg"), `${path}.arg`]];
    }
    case "neg":
      return [[n("arg"), `${path}.arg`]];
    default:
      return [
        [n("left"), `${path}.left`],
        [n("right"), `${path}.right`],
      ];
  }
}

/** Throws unless `e` is source text or a tree (see checkSource and checkTree). */
export function checkExpression(argument: string, e: unknown): void {
  if (typeof e === "string") checkSource(argument, e);
  else checkTree(argument, e);
}

/** Throws unless `options` is undefined or a plain object. */
export function checkOptions(argument: string, options: unknown): asserts options is object | undefined {
  if (options !== undefined && (typeof options !== "object" || options === null || Array.isArray(options))) {
    throw new TypeError(`${argument} must be an object of options (or left out); got ${describeValue(options)}`);
  }
}

/** Throws unless `names` is undefined or an array of variable names. */
export function checkNames(argument: string, names: unknown): asserts names is readonly string[] | undefined {
  if (names === undefined) return;
  if (!Array.isArray(names))
    throw new TypeError(`${argument} must be an array of variable names such as ["x", "y"]; got ${describeValue(names)}`);
  names.forEach((v: unknown, i) => {
    if (typeof v !== "string" || !VARIABLE_NAME.test(v))
      throw new TypeError(`${argument}[${i}] must be a variable name such as "x" or "theta"; got ${describeValue(v)}`);
  });
}

// ---- sharing ---------------------------------------------------------------------------------

interface Context {
  ids: WeakMap<Expr, number>;
  table: Map<string, number>;
  memos: Map<string, Map<number, unknown>>;
}

let context: Context | undefined;

/** Runs `work` with one sharing context (nested calls join the one already open). */
export function shared<T>(work: () => T): T {
  if (context) return work();
  context = { ids: new WeakMap(), table: new Map(), memos: new Map() };
  try {
    return work();
  } finally {
    context = undefined;
  }
}

function numberKey(v: number): string {
  return Object.is(v, -0) ? "-0" : String(v);
}

/** The number of `e`'s structure in the open context: equal trees (positions aside) get equal numbers. */
export function idOf(e: Expr): number {
  const ctx = context;
  if (!ctx) throw new Error("idOf needs a sharing context (shared(...))");
  const known = ctx.ids.get(e);
  if (known !== undefined) return known;
  let key: string;
  switch (e.kind) {
    case "num":
      key = `n${numberKey(e.value)}`;
      break;
    case "const":
      key = `c${e.name}`;
      break;
    case "var":
      key = `v${e.name}`;
      break;
    case "neg":
      key = `-${idOf(e.arg)}`;
      break;
    case "call":
      key = `f${e.fn} ${idOf(e.arg)}`;
      break;
    default:
      key = `${e.kind} ${idOf(e.left)} ${idOf(e.right)}`;
  }
  let id = ctx.table.get(key);
  if (id === undefined) {
    id = ctx.table.size;
    ctx.table.set(key, id);
  }
  ctx.ids.set(e, id);
  return id;
}

/** `compute()` once per structure of `e` per context for the memo called `name`; plain `compute()` outside a context. */
export function memo<T>(name: string, e: Expr, compute: () => T): T {
  const ctx = context;
  if (!ctx) return compute();
  // one table per memo name, each holding that memo's T (the Map of tables cannot say so)
  let table = ctx.memos.get(name) as Map<number, T> | undefined;
  if (!table) {
    table = new Map();
    ctx.memos.set(name, table);
  }
  const id = idOf(e);
  if (table.has(id)) return table.get(id) as T; // has(id): the stored T, which may itself be undefined
  const value = compute();
  table.set(id, value);
  return value;
}

/** Throws when a result `what` (e.g. "the derivative") is larger than LIMITS.maxNodes. */
export function checkResultSize(what: string, e: Expr): Expr {
  checkTree(what, e);
  const size = measured(sizes, e);
  if (size > LIMITS.maxNodes) {
    throw new ExpressionError(`${what} has ${size} nodes; the limit is ${LIMITS.maxNodes} nodes: try a smaller expression`, "");
  }
  return e;
}

/** Throws unless `value` is an object with the listed fields; `what` says what would work. */
export function checkRecord(
  argument: string,
  value: unknown,
  what: string,
  fields: Record<string, (v: unknown, get: (field: string) => unknown) => boolean>,
): asserts value is object {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${argument} must be ${what}; got ${describeValue(value)}`);
  }
  const get = (field: string): unknown => Reflect.get(value, field);
  for (const [field, ok] of Object.entries(fields)) {
    const v = get(field);
    if (!ok(v, get)) throw new TypeError(`${argument}.${field} is missing or wrong (${describeValue(v)}): ${argument} must be ${what}`);
  }
}

const isTree = (v: unknown) => {
  try {
    checkTree("tree", v);
    return true;
  } catch {
    return false;
  }
};
const isName = (v: unknown) => typeof v === "string" && VARIABLE_NAME.test(v);

/** Throws unless `d` looks like the result of differentiate(). */
export function checkDerivation(argument: string, d: unknown): void {
  checkRecord(argument, d, "a derivation from differentiate()", {
    expression: isTree,
    result: isTree,
    variable: isName,
    steps: Array.isArray,
  });
}

/** Throws unless `g` looks like the result of symbolicGradient(). */
export function checkGradient(argument: string, g: unknown): void {
  checkRecord(argument, g, "a gradient from symbolicGradient()", {
    expression: isTree,
    variables: (v) => Array.isArray(v) && v.every(isName),
    partials: (v, get) => {
      const variables = get("variables");
      return Array.isArray(v) && Array.isArray(variables) && v.length === variables.length;
    },
  });
  const partials: unknown = Reflect.get(g, "partials");
  if (Array.isArray(partials)) partials.forEach((d, i) => checkDerivation(`${argument}.partials[${i}]`, d));
}

/** Throws unless `l` looks like the result of limitDerivation(). */
export function checkLimitDerivation(argument: string, l: unknown): void {
  checkRecord(argument, l, "a limit derivation from limitDerivation()", {
    expression: isTree,
    result: isTree,
    variable: isName,
    step: isName,
    steps: (v) =>
      Array.isArray(v) &&
      v.length > 0 &&
      v.every((s) => typeof s === "object" && s !== null && typeof s.label === "string" && isTree(s.expression)),
  });
}
