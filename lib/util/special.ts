import { show } from "./validate";
/**
 * The error function, which JavaScript's Math lacks, accurate to about 1e-15 relative: GELU
 * needs it (GELU(x) = x·Φ(x), with Φ the standard normal CDF).
 *
 * - |x| < 2.5: erf(x) = (2/√π) e^{-x²} Σ_n (2x²)^n x / (1·3·5···(2n+1)), a series of positive
 *   terms (no cancellation).
 * - |x| >= 2.5: erfc(x) from its continued fraction e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))),
 *   evaluated with the modified Lentz method, so erfc keeps full relative precision deep in the tail.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const SERIES_LIMIT = 2.5;

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfc(x) for x >= SERIES_LIMIT by the continued fraction (modified Lentz). */
function erfcContinuedFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + a / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^{-t²} dt.
 * @example erf(1) // 0.8427007929497149
 */
export function erf(x: number): number {
  if (typeof x !== "number") throw new TypeError(`erf: x must be a number; got ${show(x)}`);
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) < SERIES_LIMIT) return erfSeries(x);
  const tail = erfcContinuedFraction(Math.abs(x));
  return x > 0 ? 1 - tail : tail - 1;
}

/**
 * The complementary error function erfc(x) = 1 - erf(x), without the cancellation of computing
 * 1 - erf(x) when erf(x) is close to 1.
 * @example erfc(5) // 1.5374597944280349e-12
 */
export function erfc(x: number): number {
  if (typeof x !== "number") throw new TypeError(`erfc: x must be a number; got ${show(x)}`);
  if (Number.isNaN(x)) return NaN;
  if (x >= SERIES_LIMIT) return erfcContinuedFraction(x);
  if (x <= -SERIES_LIMIT) return 2 - erfcContinuedFraction(-x);
  return 1 - erfSeries(x);
}

/**
 * Φ(x): the probability that a standard normal sample is below x.
 * @example normalCdf(0) // 0.5
 */
export function normalCdf(x: number): number {
  if (typeof x !== "number") throw new TypeError(`normalCdf: x must be a number; got ${show(x)}`);
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * φ(x) = e^{-x²/2} / √(2π), the standard normal density (Φ' = φ).
 * @example normalPdf(0) // 0.3989422804014327
 */
export function normalPdf(x: number): number {
  if (typeof x !== "number") throw new TypeError(`normalPdf: x must be a number; got ${show(x)}`);
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}
