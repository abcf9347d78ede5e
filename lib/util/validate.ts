/**
 * Input validation shared by every layer: each check throws a RangeError or TypeError whose
 * message names the caller's argument and says what would work. Internal to lib: notebooks get
 * these messages, not the functions.
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
  if (typeof f !== "function") throw new TypeError(`${name} must be a function ${signature}; got ${f === null ? "null" : typeof f}`);
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
