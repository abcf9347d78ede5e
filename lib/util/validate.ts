/**
 * Input validation shared by every layer: each check throws a RangeError or TypeError whose
 * message names the caller's argument and says what would work. Internal to lib: notebooks get
 * these messages, not the functions.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */

/**
 * A short text for any value, for an error message: it never throws, also for a Symbol, a BigInt,
 * a revoked proxy or an object whose toString throws (a template string would).
 * @example show(Symbol("s")) // "Symbol(s)"
 */
export function show(x: unknown): string {
  try {
    if (x === null) return "null";
    if (Array.isArray(x)) return x.length === 0 ? "[]" : `an array of ${x.length}`;
    switch (typeof x) {
      case "string":
        return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
      case "symbol":
        return x.toString();
      case "bigint":
        return `${x.toString()}n (a BigInt)`;
      case "function":
        return "a function";
      case "object":
        return "an object";
      default:
        return String(x);
    }
  } catch {
    return `a ${typeof x}`;
  }
}

/** Throws, naming the argument, unless h is a positive finite number. @example checkStep(1e-5) */
export function checkStep(h: unknown, name = "h"): asserts h is number {
  if (!(typeof h === "number" && Number.isFinite(h) && h > 0))
    throw new RangeError(`${name} must be a positive finite number; got ${show(h)}`);
}

/** Throws, naming the argument, unless x is a finite number. @example checkNumber("x", 2) */
export function checkNumber(name: string, x: unknown): asserts x is number {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite number; got ${show(x)}`);
}

/** Throws, naming the argument, unless n is an integer >= min. @example checkInteger("n", 3, 1) */
export function checkInteger(name: string, n: unknown, min = 0): asserts n is number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min)
    throw new RangeError(`${name} must be an integer >= ${min}; got ${show(n)}`);
}

/** Throws, naming the argument, unless x is undefined or a plain options object. @example checkOptions("options", {}) */
export function checkOptions(name: string, x: unknown): asserts x is object | undefined {
  if (x !== undefined && (typeof x !== "object" || x === null || Array.isArray(x)))
    throw new TypeError(`${name} must be an options object such as {} (or left out); got ${show(x)}`);
}

/** Throws, naming the argument, unless x is one of `allowed`. @example checkOneOf("scheme", "central", ["forward", "central"]) */
export function checkOneOf<T extends string>(name: string, x: unknown, allowed: readonly T[]): asserts x is T {
  if (typeof x !== "string" || !(allowed as readonly string[]).includes(x))
    throw new RangeError(`${name} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}; got ${show(x)}`);
}

/** Throws, naming the argument and its expected signature, unless f is a function. @example checkFunction("f", Math.sin, "(x: number) => number") */
export function checkFunction(name: string, f: unknown, signature: string): void {
  if (typeof f !== "function")
    throw new TypeError(`${name} must be a function${signature ? ` ${signature}` : ""}; got ${f === null ? "null" : typeof f}`);
}

/**
 * True when x is a function, typed as what JavaScript guarantees of it: it takes any arguments and
 * returns something to be checked (unknown). @example isCallable(Math.sin) // true
 */
export function isCallable(x: unknown): x is (...args: unknown[]) => unknown {
  return typeof x === "function";
}

/** True when x is an object (or function) whose property `name` is a function. @example hasMethod(xavierNormal, "sample") */
export function hasMethod(x: unknown, name: string): boolean {
  return (typeof x === "object" || typeof x === "function") && x !== null && typeof Reflect.get(x, name) === "function";
}

/** Checks a point x = [x1, x2, ...]: a non-empty array of finite numbers. @example checkPoint("x0", [1, 2]) */
export function checkPoint(name: string, x: unknown): number[] {
  if (!Array.isArray(x) || x.length === 0) throw new RangeError(`${name} must be a non-empty array of numbers; got ${describe(x)}`);
  x.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${name}[${i}] must be a finite number; got ${show(v)}`);
  });
  return x as number[];
}

/** Checks a direction or cotangent: finite numbers, exactly `n` of them. @example checkVector("v", [1, 0], 2) */
export function checkVector(name: string, v: unknown, n: number): number[] {
  if (!Array.isArray(v) || v.length !== n) throw new RangeError(`${name} must have ${n} numbers; got ${describe(v)}`);
  return checkPoint(name, v);
}

function describe(x: unknown): string {
  return Array.isArray(x) ? `${x.length} values` : show(x);
}

/** Throws, naming the argument, unless x is a string (non-empty unless `allowEmpty`). @example checkString("label", "run") */
export function checkString(name: string, x: unknown, allowEmpty = false): asserts x is string {
  if (typeof x !== "string" || (!allowEmpty && x === ""))
    throw new TypeError(`${name} must be a ${allowEmpty ? "" : "non-empty "}string; got ${show(x)}`);
}

/** Throws, naming the argument, unless x is true or false. @example checkBoolean("force", true) */
export function checkBoolean(name: string, x: unknown): asserts x is boolean {
  if (typeof x !== "boolean") throw new TypeError(`${name} must be true or false; got ${show(x)}`);
}

/** Throws, naming the argument, unless x is a plain object (not null, not an array). @example checkObject("options", { seed: 1 }, "{ seed: 1 }") */
export function checkObject(name: string, x: unknown, example: string): asserts x is Record<string, unknown> {
  if (typeof x !== "object" || x === null || Array.isArray(x))
    throw new TypeError(`${name} must be an object such as ${example}; got ${show(x)}`);
}

/**
 * Checks a data matrix given as rows: a non-empty array of equally long, non-empty arrays of finite
 * numbers. @example checkRows("X", [[1, 2], [3, 4]])
 */
export function checkRows(name: string, x: unknown): number[][] {
  if (!Array.isArray(x) || x.length === 0)
    throw new RangeError(`${name} must be a non-empty array of rows of numbers such as [[1, 2], [3, 4]]; got ${show(x)}`);
  let width = -1;
  x.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) throw new TypeError(`${name}[${i}] must be a row (an array of numbers); got ${show(row)}`);
    if (width < 0) width = row.length;
    if (row.length !== width)
      throw new RangeError(
        `${name} is ragged: ${name}[${i}] has ${row.length} numbers, ${name}[0] has ${width} (every row the same length)`,
      );
    checkPoint(`${name}[${i}]`, row);
  });
  return x as number[][];
}

/** Throws, naming the argument, unless x is a generator from createRng(seed). @example checkRng("rng", createRng(0)) */
export function checkRng(name: string, x: unknown): void {
  const r = x as { uniform?: unknown; normal?: unknown } | null;
  if (typeof r !== "object" || r === null || typeof r.uniform !== "function" || typeof r.normal !== "function")
    throw new TypeError(`${name} must be a random generator from createRng(seed), e.g. createRng(0); got ${show(x)}`);
}

/**
 * The kinds `checkFields` knows: a trailing "?" makes the field optional (undefined is fine).
 * function, number (finite), count (integer >= 1), positive (finite > 0), text (a string),
 * boolean, range ([low, high], finite, low < high), point ([x, y], finite), numbers (a non-empty
 * array of finite numbers), points (an array of [x, y]), array (any array; the body checks its
 * entries), objects (an array of objects such as traces), object.
 */
export type FieldKind =
  | "function"
  | "number"
  | "count"
  | "positive"
  | "text"
  | "boolean"
  | "range"
  | "point"
  | "points"
  | "numbers"
  | "array"
  | "objects"
  | "object";

/**
 * Checks an options object and each listed field by kind, naming the caller's function and field.
 * @example checkFields("tangentPlot", options, { f: "function", x0: "number", range: "range", title: "text?" })
 */
export function checkFields(owner: string, options: unknown, schema: Readonly<Record<string, `${FieldKind}` | `${FieldKind}?`>>): void {
  const required = Object.entries(schema)
    .filter(([, kind]) => !kind.endsWith("?"))
    .map(([field]) => field);
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(`${owner}: options must be an object with ${required.join(", ") || "optional fields"}; got ${show(options)}`);
  for (const [field, spec] of Object.entries(schema)) {
    const value = (options as Record<string, unknown>)[field];
    const optional = spec.endsWith("?");
    if (optional && value === undefined) continue;
    const kind = (optional ? spec.slice(0, -1) : spec) as FieldKind;
    const name = `${owner}: ${field}`;
    switch (kind) {
      case "function":
        checkFunction(name, value, "");
        break;
      case "number":
        checkNumber(name, value);
        break;
      case "count":
        checkInteger(name, value, 1);
        break;
      case "positive":
        checkStep(value, name);
        break;
      case "text":
        checkString(name, value, true);
        break;
      case "boolean":
        checkBoolean(name, value);
        break;
      case "range":
        if (!(
          Array.isArray(value) &&
          value.length === 2 &&
          value.every((v) => typeof v === "number" && Number.isFinite(v)) &&
          value[0] < value[1]
        ))
          throw new RangeError(
            `${field} must be [low, high] with finite low < high; got ${Array.isArray(value) ? `[${value.map(show).join(", ")}]` : show(value)}`,
          );
        break;
      case "point":
        if (!(Array.isArray(value) && value.length === 2)) throw new RangeError(`${name} must be a point [x, y]; got ${show(value)}`);
        checkPoint(name, value);
        break;
      case "numbers":
        checkPoint(name, value);
        break;
      case "array":
        if (!Array.isArray(value)) throw new TypeError(`${name} must be an array; got ${show(value)}`);
        break;
      case "objects":
        if (!Array.isArray(value) || !value.every((v) => typeof v === "object" && v !== null && !Array.isArray(v)))
          throw new TypeError(`${name} must be an array of objects; got ${show(value)}`);
        break;
      case "points":
        if (!Array.isArray(value)) throw new TypeError(`${name} must be an array of points [x, y]; got ${show(value)}`);
        value.forEach((v: unknown, i) => {
          if (!(Array.isArray(v) && v.length === 2)) throw new RangeError(`${name}[${i}] must be a point [x, y]; got ${show(v)}`);
          checkPoint(`${name}[${i}]`, v);
        });
        break;
      case "object":
        checkObject(name, value, "{ ... }");
        break;
    }
  }
}

/** Throws, naming the argument, unless tol is { rtol, atol } with finite numbers >= 0. @example checkTolerance("tol", { rtol: 1e-6, atol: 1e-9 }) */
export function checkTolerance(name: string, tol: unknown): asserts tol is { rtol: number; atol: number } {
  const t = tol as { rtol?: unknown; atol?: unknown } | null;
  const ok = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v >= 0;
  if (typeof t !== "object" || t === null || !ok(t.rtol) || !ok(t.atol))
    throw new TypeError(
      `${name} must be a tolerance { rtol, atol } of finite numbers >= 0, e.g. { rtol: 1e-6, atol: 1e-9 }; got ${show(tol)}`,
    );
}
