// The machinery of the table-driven bad-input tests (bad-input-*.test.ts): every exported
// function of a module gets a row; each row names the arguments to attack and how to call the
// function with one bad argument and good others; every bad value must give a clear error that
// names the argument. A module's export without a row fails the test, so a new export cannot be
// forgotten. To cover another module, write a bad-input-<module>.test.ts with its own table.
import assert from "node:assert/strict";

/** The bad values tried on every argument, by label. */
export const BAD_VALUES: ReadonlyArray<readonly [string, unknown]> = [
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["-Infinity", -Infinity],
  ["null", null],
  ["undefined", undefined],
  ["a number", 42],
  ["a negative number", -1],
  ["a fraction", 1.5],
  ["a boolean", true],
  ["an empty string", ""],
  ["a string", "x"],
  ["an empty array", []],
  ["an array of strings", ["a", "b"]],
  ["a ragged array", [[1, 2], [3]]],
  ["an empty object", {}],
  ["a function", () => 1],
  ["a symbol", Symbol("bad")],
];

export interface Argument {
  /** The argument's name as the caller knows it; the error must contain it (or `mentions`). */
  name: string;
  /** Calls the function with `bad` in this argument's place and good values elsewhere. */
  call: (bad: unknown) => unknown;
  /** Labels of BAD_VALUES that are valid here (e.g. "undefined" for an optional argument). */
  valid?: readonly string[];
  /** What the message must match, when not just the name (default: the name). */
  mentions?: RegExp;
}

/** An export that is not a function to call with arguments (a class, a table of data), and why. */
export type NotCalled = Readonly<Record<string, string>>;

/** Messages that come from JavaScript itself, not from a check at the boundary. */
const INTERNAL =
  /Cannot read propert|Cannot convert|is not a function|is not iterable|is not a constructor|Maximum call stack|undefined is not|null is not|Invalid array length|reduce of empty array/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Defines the tests of one module: `members` is the module (import * as m), `table` its rows by
 * export name, `notCalled` the exports that are not called and why. (`members` rather than
 * "exports": that name would hide CommonJS's own exports object in the compiled module.)
 * `pending` skips the whole table, visibly, with the reason: for a module whose fixes are not in yet.
 */
export function badInputTable(
  module: string,
  members: Readonly<Record<string, unknown>>,
  table: Readonly<Record<string, readonly Argument[]>>,
  notCalled: NotCalled,
  pending?: string,
): void {
  const block = pending ? describe.skip : describe;
  block(`bad input: ${module}${pending ? ` (pending: ${pending})` : ""}`, () => {
    it("has a row for every exported function (or says why it is not called)", () => {
      const functions = Object.keys(members).filter((k) => typeof members[k] === "function");
      const missing = functions.filter((k) => !(k in table) && !(k in notCalled));
      assert.deepEqual(missing, [], `exports of ${module} without a row in the bad-input table: ${missing.join(", ")}`);
      const stale = Object.keys(table).filter((k) => typeof members[k] !== "function");
      assert.deepEqual(stale, [], `rows for names ${module} does not export as functions: ${stale.join(", ")}`);
    });

    for (const [name, args] of Object.entries(table)) {
      for (const arg of args) {
        it(`${name}: a bad ${arg.name} gets a clear error naming it`, () => {
          for (const [label, bad] of BAD_VALUES) {
            if (arg.valid?.includes(label)) continue;
            let thrown: unknown;
            let result: unknown;
            try {
              result = arg.call(bad);
            } catch (error) {
              thrown = error;
            }
            const where = `${name}(${arg.name} = ${label})`;
            assert.ok(thrown !== undefined, `${where} returned ${String(result)} instead of an error`);
            assert.ok(thrown instanceof Error, `${where} threw a non-error ${String(thrown)}`);
            assert.doesNotMatch(thrown.message, INTERNAL, `${where}: an error from inside JavaScript: ${thrown.message}`);
            const mentions = arg.mentions ?? new RegExp(`(^|[^\\w.])${escape(arg.name)}\\b`);
            assert.match(thrown.message, mentions, `${where}: the message does not name ${arg.name}: ${thrown.message}`);
          }
        });
      }
    }
  });
}
