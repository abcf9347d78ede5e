/**
 * Finite differences: derivatives from function values alone. Central differences are the
 * witness every hand-written derivative in the course is checked against.
 *
 * Three schemes, with the step each needs in float64 (notebook 02 measures them):
 * - forward  (f(x + h) - f(x)) / h         error O(h),   best h near sqrt(eps) ≈ 1e-8
 * - backward (f(x) - f(x - h)) / h         error O(h),   best h near sqrt(eps) ≈ 1e-8
 * - central  (f(x + h) - f(x - h)) / 2h    error O(h^2), best h near cbrt(eps) ≈ 1e-5
 */
import { fmt } from "../util/format";
import { checkFunction, checkNumber, checkStep } from "../util/validate";

export type DifferenceScheme = "forward" | "backward" | "central";

export const DIFFERENCE_SCHEMES: readonly DifferenceScheme[] = ["forward", "backward", "central"];

/** The default step of each scheme: about where truncation and round-off balance in float64. */
export const DEFAULT_STEP: Readonly<Record<DifferenceScheme, number>> = Object.freeze({ forward: 1e-8, backward: 1e-8, central: 1e-5 });

function checkScheme(scheme: string): asserts scheme is DifferenceScheme {
  if (!(DIFFERENCE_SCHEMES as readonly string[]).includes(scheme)) {
    throw new RangeError(`scheme must be one of ${DIFFERENCE_SCHEMES.join(", ")}; got "${scheme}"`);
  }
}

/** f at x, refusing a non-finite value (it would make the difference quotient meaningless). */
function value(f: (x: number) => number, x: number): number {
  const y = f(x);
  if (typeof y !== "number" || !Number.isFinite(y))
    throw new RangeError(`f(${fmt(x, 15)}) is ${String(y)}; a difference quotient needs finite values`);
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

/**
 * The gradient of f: R^n -> R by central differences, one coordinate at a time (2n calls).
 * (numericGradient in partials.ts offers the other schemes.)
 * @example centralGradient((x, y) => x * x + 3 * x * y + y * y, [1, 2]) // ≈ [8, 7]
 */
export function centralGradient(f: (...args: number[]) => number, point: readonly number[], h = DEFAULT_STEP.central): number[] {
  checkStep(h);
  point.forEach((v, i) => checkNumber(`point[${i}]`, v));
  return point.map((_, i) => {
    const plus = [...point];
    const minus = [...point];
    plus[i] = (plus[i] as number) + h;
    minus[i] = (minus[i] as number) - h;
    return (f(...plus) - f(...minus)) / (2 * h);
  });
}
