/**
 * Input validation shared by every layer: each check throws a RangeError or TypeError whose
 * message names the caller's argument and says what would work. Internal to lib: notebooks get
 * these messages, not the functions.
 */

/** Throws unless h is a positive finite number. @example checkStep(1e-5) */
export function checkStep(h: number): void {
  if (!(Number.isFinite(h) && h > 0)) throw new RangeError(`h must be a positive finite number; got ${h}`);
}

/** Throws, naming the argument, unless x is a finite number. @example checkNumber("x", 2) */
export function checkNumber(name: string, x: number): void {
  if (typeof x !== "number" || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite number; got ${String(x)}`);
}

/** Throws, naming the argument and its expected signature, unless f is a function. @example checkFunction("f", Math.sin, "(x: number) => number") */
export function checkFunction(name: string, f: unknown, signature: string): void {
  if (typeof f !== "function") throw new TypeError(`${name} must be a function ${signature}; got ${f === null ? "null" : typeof f}`);
}

/** Checks a point x = [x1, x2, ...]: a non-empty array of finite numbers. @example checkPoint("x0", [1, 2]) */
export function checkPoint(name: string, x: unknown): number[] {
  if (!Array.isArray(x) || x.length === 0) throw new RangeError(`${name} must be a non-empty array of numbers; got ${describe(x)}`);
  x.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${name}[${i}] must be a finite number; got ${String(v)}`);
  });
  return x as number[];
}

/** Checks a direction or cotangent: finite numbers, exactly `n` of them. @example checkVector("v", [1, 0], 2) */
export function checkVector(name: string, v: unknown, n: number): number[] {
  if (!Array.isArray(v) || v.length !== n) throw new RangeError(`${name} must have ${n} numbers; got ${describe(v)}`);
  return checkPoint(name, v);
}

function describe(x: unknown): string {
  return Array.isArray(x) ? `${x.length} values` : typeof x;
}
