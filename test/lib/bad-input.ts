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
  /** Skips the row, visibly, with the reason (a known gap, listed in the test output). */
  pending?: string;
}

/** An export that is not a function to call with arguments (a class, a table of data), and why. */
export type NotCalled = Readonly<Record<string, string>>;

/** Messages that come from JavaScript itself, not from a check at the boundary. */
const INTERNAL =
  /Cannot read propert|Cannot convert|is not a function|is not iterable|is not a constructor|Maximum call stack|undefined is not|null is not|Invalid array length|reduce of empty array/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Every function and class some table has a row for (or says why it is not called), by identity,
 * with where: bad-input-exports.test.ts walks what `import ... from "gradlab"` gives and looks each
 * function up here, so a renamed or re-namespaced export keeps its row and a new one fails.
 */
export const COVERED = new Map<unknown, string>();

/** Valid labels of BAD_VALUES by kind of argument, for `positional` and `fields`. */
export const KINDS = {
  /** any finite number */
  number: ["a number", "a negative number", "a fraction"],
  /** any number, NaN and ±Infinity included (a math function such as erf, which propagates NaN as Math.sin does) */
  real: ["NaN", "Infinity", "-Infinity", "a number", "a negative number", "a fraction"],
  /** a positive finite number */
  positive: ["a number", "a fraction"],
  /** an integer >= 1 (or >= 0) */
  count: ["a number"],
  function: ["a function"],
  /** a non-empty string */
  string: ["a string"],
  /** any string, "" included */
  text: ["a string", "an empty string"],
  boolean: ["a boolean"],
  /** an optional options object */
  options: ["undefined", "an empty object"],
  /** a non-empty array of numbers, a matrix, a model, ...: none of the bad values */
  value: [] as string[],
} as const satisfies Record<string, readonly string[]>;
export type Kind = keyof typeof KINDS;

/**
 * Rows for a function's positional arguments: `good()` gives a good argument list, `specs` names
 * each attacked argument as "name:kind" (kind from KINDS; a trailing "?" makes undefined valid),
 * in order; "-" skips a position (not attacked).
 * @example positional((...a) => f(...a), () => [sin, 1], ["f:function", "x:number"])
 */
export function positional(call: (...args: unknown[]) => unknown, good: () => unknown[], specs: readonly string[]): Argument[] {
  return specs.flatMap((spec, i) => {
    if (spec === "-") return [];
    const { name, valid } = parseSpec(spec);
    return [
      {
        name,
        valid,
        call: (bad: unknown) => {
          const args = good();
          args[i] = bad;
          return call(...args);
        },
      },
    ];
  });
}

/**
 * Rows for the fields of an options argument (and the argument itself, unless `whole` is false):
 * each field is set to the bad value in an otherwise good options object. The message must name
 * the field (alone or as options.field).
 * @example fields((o) => f(o), () => ({ lr: 0.1 }), ["lr:positive", "steps:count?"])
 */
export function fields(
  call: (options: unknown) => unknown,
  good: () => Record<string, unknown>,
  specs: readonly string[],
  whole: { name?: string; valid?: readonly string[] } | false = {},
): Argument[] {
  const rows: Argument[] = specs.map((spec) => {
    const { name, valid } = parseSpec(spec);
    return {
      name,
      valid,
      mentions: new RegExp(`(^|[^\\w])${escape(name)}\\b`),
      call: (bad: unknown) => call({ ...good(), [name]: bad }),
    };
  });
  if (whole === false) return rows;
  const name = whole.name ?? "options";
  const required = specs.filter((s) => !s.endsWith("?")).map((s) => escape(parseSpec(s).name));
  return [
    { name, call, valid: whole.valid ?? [], mentions: new RegExp(`(^|[^\\w])(${[escape(name), ...required].join("|")})\\b`) },
    ...rows,
  ];
}

function parseSpec(spec: string): { name: string; valid: string[] } {
  const optional = spec.endsWith("?");
  const [name = "", kind = "value"] = (optional ? spec.slice(0, -1) : spec).split(":");
  const valid = KINDS[kind as Kind] as readonly string[] | undefined;
  if (!valid) throw new Error(`bad-input spec ${spec}: unknown kind ${kind}`);
  return { name, valid: [...valid, ...(optional ? ["undefined"] : [])] };
}

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
  for (const name of [...Object.keys(table), ...Object.keys(notCalled)])
    if (typeof members[name] === "function") COVERED.set(members[name], `${module}: ${name}`);
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
        (arg.pending ? it.skip : it)(
          `${name}: a bad ${arg.name} gets a clear error naming it${arg.pending ? ` (pending: ${arg.pending})` : ""}`,
          async () => {
            for (const [label, bad] of BAD_VALUES) {
              if (arg.valid?.includes(label)) continue;
              let thrown: unknown;
              let result: unknown;
              try {
                result = arg.call(bad);
                // an async function's error is its promise's rejection
                if (result instanceof Promise) result = await result;
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
          },
        );
      }
    }
  });
}

/** A function of any arguments: what the tables call. */
export type Fn = (...args: unknown[]) => unknown;

/** Calls `fn` with the row's arguments (an export typed more narrowly, called with bad ones). */
export const call =
  (fn: unknown): Fn =>
  (...args) =>
    (fn as Fn)(...args);

/** `positional` rows for an export: `rows(f, () => [good args], ["x:number", ...])`. */
export const rows = (fn: unknown, good: () => unknown[], specs: readonly string[]): Argument[] => positional(call(fn), good, specs);
