// Every public export of gradlab (what `import ... from "gradlab"` gives: lib/index.ts, walked
// recursively through namespace objects such as `tape`) has a row in one of the bad-input tables
// (bad-input-*.test.ts) or an entry below saying why it takes no input. Rows are found by the
// function's identity, so the test holds whether an export is flat or inside a namespace.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as gradlab from "../../lib/index";
import { tf } from "../../lib/tf";
import { GRADIENT_RULES } from "../../lib/tape";
import { COVERED } from "./bad-input";
// the tables, so that this file alone sees all of them (mocha loads each file once)
import "./bad-input-symbolic.test";
import "./bad-input-numeric.test";
import "./bad-input-dual.test";
import "./bad-input-random.test";
import "./bad-input-tape.test";
import "./bad-input-optim.test";
import "./bad-input-util.test";
import "./bad-input-secondorder.test";
import "./bad-input-nn.test";
import "./bad-input-tape-ops.test";
import "./bad-input-plot.test";
import "./bad-input-check.test";
import "./bad-input-nn-parts.test";
import "./bad-input-widgets.test";

/** Exports that take no input, by the function's own name, with the reason. */
const NO_INPUT: Readonly<Record<string, string>> = {};

/** Exported objects whose functions are not gradlab's entry points, with the reason. */
const NOT_WALKED = new Map<unknown, string>([
  [tf, "TensorFlow.js itself, re-exported for the notebooks: its API and its checks are tfjs's"],
  [GRADIENT_RULES, "the tape's rule table read by backward with the tape's own tensors; gradientRuleFor(name) is the entry point"],
]);

/**
 * Exports whose rows are not written yet, by path (an entry also matches the same export moved
 * into a namespace, e.g. "mlp" matches "nn.mlp"): listed as a pending test in every run; an entry
 * that has a row now, or names no export, fails the test.
 */
const ROWS_PENDING: readonly string[] = [];
const pendingFor = (path: string) => ROWS_PENDING.find((p) => path === p || path.endsWith(`.${p}`));

/**
 * The functions (and classes) reachable from a module object: its own exports and, recursively,
 * those of any plain object among them (a namespace such as `tape`, or a table of functions).
 */
export function publicFunctions(root: object): Array<[path: string, fn: unknown]> {
  const found: Array<[string, unknown]> = [];
  const seen = new Set<unknown>();
  const walk = (object: object, prefix: string) => {
    if (seen.has(object)) return;
    seen.add(object);
    for (const key of Object.keys(object)) {
      const value = (object as Record<string, unknown>)[key];
      if (typeof value === "function") found.push([prefix + key, value]);
      else if (value !== null && typeof value === "object" && isNamespace(value) && !NOT_WALKED.has(value)) walk(value, `${prefix}${key}.`);
    }
  };
  walk(root, "");
  return found;
}

function isNamespace(x: object): boolean {
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return false;
  const proto: unknown = Object.getPrototypeOf(x);
  return proto === null || proto === Object.prototype;
}

describe("bad input: every public export of gradlab", () => {
  it("walks namespaces: a nested function is found under its path", () => {
    const inner = () => 1;
    const outer = () => 2;
    const found = publicFunctions({ a: outer, ns: { b: inner, deeper: { c: inner } }, n: 3, list: [outer] });
    assert.deepEqual(
      found.map(([p]) => p),
      ["a", "ns.b", "ns.deeper.c"],
    );
  });

  it("loads every bad-input table, so that it also passes when run on its own", () => {
    const own = readFileSync(__filename, "utf8");
    const tables = readdirSync(__dirname).filter((name) => /^bad-input-.+\.test\.ts$/.test(name) && name !== "bad-input-exports.test.ts");
    const missing = tables.filter((name) => !own.includes(`import "./${name.replace(/\.ts$/, "")}";`));
    assert.deepEqual(missing, [], "bad-input tables this file does not import (its row check would miss their rows when run alone)");
  });

  it("has a row (or a reason) for every exported function and class", () => {
    const exports = publicFunctions(gradlab);
    assert.ok(exports.length > 100, `only ${exports.length} functions found in lib/index.ts`);
    const missing = exports
      .filter(([path, fn]) => !COVERED.has(fn) && !(typeof fn === "function" && fn.name in NO_INPUT) && !pendingFor(path))
      .map(([path]) => path);
    assert.deepEqual(missing, [], `${missing.length} exports without a bad-input row: ${missing.join(", ")}`);
  });

  it("the no-input and pending lists name only exports that exist and have no row", () => {
    const exports = publicFunctions(gradlab);
    const names = new Set(exports.map(([, fn]) => (fn as () => unknown).name));
    const stale = Object.keys(NO_INPUT).filter((name) => !names.has(name));
    const used = new Set(exports.map(([path]) => pendingFor(path)));
    stale.push(...ROWS_PENDING.filter((p) => !used.has(p)));
    assert.deepEqual(stale, []);
    const done = exports.filter(([path, fn]) => COVERED.has(fn) && pendingFor(path)).map(([path]) => path);
    assert.deepEqual(done, [], "these have rows now: take them off ROWS_PENDING");
  });

  if (ROWS_PENDING.length > 0) it.skip(`rows pending for ${ROWS_PENDING.length} exports: ${ROWS_PENDING.join(", ")}`, () => {});
});
