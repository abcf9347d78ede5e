/**
 * Finite differences: derivatives from function values alone. Central differences are the
 * witness every hand-written derivative in the course is checked against.
 *
 * Three schemes, with the step each needs in float64 (notebook 02 measures them):
 * - forward  (f(x + h) - f(x)) / h         error O(h),   best h near sqrt(eps) ≈ 1e-8
 * - backward (f(x) - f(x - h)) / h         error O(h),   best h near sqrt(eps) ≈ 1e-8
 * - central  (f(x + h) - f(x - h)) / 2h    error O(h^2), best h near cbrt(eps) ≈ 1e-5
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { fmt } from "../util/format";
import { checkFunction, checkNumber, checkOneOf, checkOptions, checkStep, show } from "../util/validate";

export type DifferenceScheme = "forward" | "backward" | "central";

export const DIFFERENCE_SCHEMES: readonly DifferenceScheme[] = ["forward", "backward", "central"];

/** The default step of each scheme: about where truncation and round-off balance in float64. */
export const DEFAULT_STEP: Readonly<Record<DifferenceScheme, number>> = Object.freeze({ forward: 1e-8, backward: 1e-8, central: 1e-5 });

/** Throws, naming the argument, unless scheme is "forward", "backward" or "central". */
export function checkScheme(scheme: unknown, name = "scheme"): asserts scheme is DifferenceScheme {
  checkOneOf(name, scheme, DIFFERENCE_SCHEMES);
}

/** f at x, refusing a non-finite value (it would make the difference quotient meaningless). */
function value(f: (x: number) => number, x: number): number {
  const y = f(x);
  if (typeof y !== "number" || !Number.isFinite(y))
    throw new RangeError(`f(${fmt(x, 15)}) is ${show(y)}; a difference quotient needs finite values`);
  return y;
}

/**
 * The difference quotient of f at x with step h, by the given scheme.
 * @example differenceQuotient((x) => x * x, 2, 0.1, "forward") // ≈ 4.1 (= 2x + h)
 */
export function differenceQuotient(f: (x: number) => number, x: number, h: number, scheme: DifferenceScheme): number {
  checkFunction("f", f, "(x: number) => number");
  checkNumber("x", x);
  checkStep(h);
  checkScheme(scheme);
  switch (scheme) {
    case "forward":
      return (value(f, x + h) - value(f, x)) / h;
    case "backward":
      return (value(f, x) - value(f, x - h)) / h;
    case "central":
      return (value(f, x + h) - value(f, x - h)) / (2 * h);
  }
}

/**
 * (f(x + h) - f(x)) / h: the limit definition's quotient, error O(h).
 * @example forwardDifference((x) => x * x, 2) // ≈ 4
 */
export function forwardDifference(f: (x: number) => number, x: number, h = DEFAULT_STEP.forward): number {
  return differenceQuotient(f, x, h, "forward");
}

/** (f(x) - f(x - h)) / h, error O(h). @example backwardDifference((x) => x * x, 2) // ≈ 4 */
export function backwardDifference(f: (x: number) => number, x: number, h = DEFAULT_STEP.backward): number {
  return differenceQuotient(f, x, h, "backward");
}

/**
 * (f(x + h) - f(x - h)) / 2h: error O(h^2). h = 1e-5 balances truncation against round-off
 * in float64 for well-scaled functions (notebook 02 shows the trade-off).
 * @example centralDifference((x) => x * x, 2) // ≈ 4
 */
export function centralDifference(f: (x: number) => number, x: number, h = DEFAULT_STEP.central): number {
  return differenceQuotient(f, x, h, "central");
}

export interface NumericOptions {
  /** Step; defaults to the scheme's DEFAULT_STEP (1e-4 for the Hessian). */
  h?: number;
  /** Difference scheme for first derivatives (default "central"). */
  scheme?: DifferenceScheme;
}

export type ScalarField = (...args: number[]) => number;

/**
 * The step and scheme of an options argument, checked and named as the caller knows them
 * ("options.h", "options.scheme"); `defaultH` replaces the scheme's DEFAULT_STEP when given.
 */
export function resolveOptions(options: unknown, defaultH?: number): { h: number; scheme: DifferenceScheme } {
  checkOptions("options", options);
  // an explicit null is refused, not replaced by the default (only a missing field is)
  const { h, scheme = "central" } = (options ?? {}) as NumericOptions;
  checkScheme(scheme, "options.scheme");
  const step = h !== undefined ? h : (defaultH ?? DEFAULT_STEP[scheme]);
  checkStep(step, "options.h");
  return { h: step, scheme };
}

/** Checks f (named `fName`) and point for the functions of several variables (here and in partials.ts). */
export function checkArgs(f: unknown, point: readonly number[], signature: string, fName = "f"): void {
  checkFunction(fName, f, signature);
  if (!Array.isArray(point) || point.length === 0)
    throw new RangeError(`point must be a non-empty array of numbers; got ${Array.isArray(point) ? "[]" : show(point)}`);
  point.forEach((v, i) => checkNumber(`point[${i}]`, v));
  const arity = (f as (...args: number[]) => unknown).length;
  // f.length counts declared parameters (0 for (...args) => ...), so only a definite mismatch is an error
  if (arity > 0 && arity !== point.length) {
    throw new RangeError(
      `${fName} takes ${arity} argument${arity === 1 ? "" : "s"} but point has ${point.length} coordinate${point.length === 1 ? "" : "s"}`,
    );
  }
}

/** f with every coordinate but `index` held at `point`: the slice a partial derivative differentiates. */
export function slice(f: ScalarField, point: readonly number[], index: number): (t: number) => number {
  return (t) => {
    const p = [...point];
    p[index] = t;
    return f(...p);
  };
}

/**
 * ∇f at `point`: every partial derivative.
 * @example numericGradient((x, y) => x * x + 3 * x * y + y * y, [1, 2]) // ≈ [8, 7]
 */
export function numericGradient(f: ScalarField, point: readonly number[], options: NumericOptions = {}): number[] {
  checkArgs(f, point, "(...coordinates: number[]) => number");
  const { h, scheme } = resolveOptions(options);
  return point.map((x, i) => differenceQuotient(slice(f, point, i), x, h, scheme));
}

/**
 * The gradient of f: R^n -> R by central differences, one coordinate at a time (2n calls):
 * `numericGradient` with the central scheme and step h.
 * @example centralGradient((x, y) => x * x + 3 * x * y + y * y, [1, 2]) // ≈ [8, 7]
 */
export function centralGradient(f: (...args: number[]) => number, point: readonly number[], h = DEFAULT_STEP.central): number[] {
  checkArgs(f, point, "(...coordinates: number[]) => number");
  checkStep(h);
  return numericGradient(f, point, { h, scheme: "central" });
}
