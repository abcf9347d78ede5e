/**
 * Exact fractions for the simplifier's coefficients, so that x^3/3 differentiates to x^2 rather
 * than 0.9999999999999999x^2. A coefficient stays a fraction n/d of integers while both fit in a
 * double exactly; a typed decimal is read as the fraction it spells (0.1 = 1/10, so 0.1 + 0.2 is
 * exactly 3/10); anything else (pi, overflow) falls back to a plain float with d = 1.
 * Introduced in [notebook 02](../../../notebooks/02-limit-definition.ipynb).
 */
import { div, num, type Expr } from "./ast";
import { ExpressionError } from "./errors";

export interface Rational {
  readonly n: number;
  /** Always >= 1; 1 for floats. */
  readonly d: number;
}

/** Greatest common divisor of two integers (0 with 0 gives 0). @example gcd(12, 18) // 6 */
export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

const exact = (x: number) => Number.isSafeInteger(x);

/** A finite decimal as a fraction: 1.5 = 3/2, 0.1 = 1/10 (what the person typing it meant). */
function fromDecimal(x: number): Rational | undefined {
  for (let k = 1, p = 10; k <= 12; k++, p *= 10) {
    const n = x * p;
    if (Number.isSafeInteger(n) && n / p === x) return rational(n, p);
  }
  return undefined;
}

/** n/d in lowest terms, or a float when not exact. @example rational(6, 4) // { n: 3, d: 2 }; rational(1.5) // { n: 3, d: 2 } */
export function rational(n: number, d = 1): Rational {
  if (d === 1 && Number.isFinite(n) && !Number.isInteger(n)) return fromDecimal(n) ?? { n, d: 1 };
  if (exact(n) && exact(d) && d !== 0) {
    const g = gcd(n, d) || 1;
    const sign = d < 0 ? -1 : 1;
    return { n: (sign * n) / g + 0, d: (sign * d) / g };
  }
  return { n: n / d, d: 1 };
}

// Arithmetic on fractions, e.g. addR(rational(1, 2), rational(1, 3)) is 5/6.
export const ZERO = rational(0);
export const ONE = rational(1);

export const value = (r: Rational): number => r.n / r.d;
export const isZero = (r: Rational): boolean => r.n === 0;
export const isOne = (r: Rational): boolean => r.n === 1 && r.d === 1;
export const isInteger = (r: Rational): boolean => r.d === 1 && Number.isInteger(r.n);

/** n/d, or the float n/d when the exact numerator or denominator went past float64's range. */
function fraction(n: number, d: number, float: () => number): Rational {
  return Number.isFinite(n) && Number.isFinite(d) ? rational(n, d) : rational(float());
}

export const addR = (a: Rational, b: Rational): Rational =>
  a.d === 1 && b.d === 1 ? rational(a.n + b.n) : fraction(a.n * b.d + b.n * a.d, a.d * b.d, () => value(a) + value(b));
export const mulR = (a: Rational, b: Rational): Rational => fraction(a.n * b.n, a.d * b.d, () => value(a) * value(b));
export const negR = (a: Rational): Rational => rational(-a.n, a.d);
/** 1/a; undefined for 0. */
export const invR = (a: Rational): Rational | undefined => (a.n === 0 ? undefined : rational(a.d, a.n));

/** a^k for an integer k (undefined for 0^negative). @example powR(rational(2, 3), -2) // { n: 9, d: 4 } */
export function powR(a: Rational, k: number): Rational | undefined {
  const base = k < 0 ? invR(a) : a;
  if (!base) return undefined;
  const m = Math.abs(k);
  return fraction(base.n ** m, base.d ** m, () => value(base) ** m);
}

/** The number as an expression: 3, -3, or 1/3 as a division. @example toText(rationalExpr(rational(1, 3))) // "1/3" */
export function rationalExpr(r: Rational): Expr {
  if (!Number.isFinite(r.n)) {
    throw new ExpressionError(`a number in the result is ${r.n}: the exact arithmetic went beyond ${Number.MAX_VALUE} (about 1.8e308)`, "");
  }
  return r.d === 1 ? num(r.n) : div(num(r.n), num(r.d));
}

/** The exact value of a numeric expression (3, -3, 1/2, -(1/2)), or undefined if it is not one. @example numericValue(parse("-(1/2)")) // { n: -1, d: 2 } */
export function numericValue(e: Expr): Rational | undefined {
  if (e.kind === "num") return rational(e.value);
  if (e.kind === "neg") {
    const inner = numericValue(e.arg);
    return inner && negR(inner);
  }
  if (e.kind === "div" && e.left.kind === "num" && e.right.kind === "num") {
    const d = invR(rational(e.right.value));
    return d && mulR(rational(e.left.value), d);
  }
  return undefined;
}
