import { show, checkTolerance } from "../util/validate";
/**
 * How close is close enough. Hand-written code runs in float64; tfjs computes in float32
 * (about 7 significant digits), so comparisons against tfjs need a relative tolerance around
 * 1e-4, while a float64 central difference (h = 1e-5) agrees to about 1e-8 relative.
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */

export interface Tolerance {
  /** Relative part: scaled by the larger magnitude of the two values. */
  rtol: number;
  /** Absolute part: what counts as equal near zero. */
  atol: number;
}

/** Against tfjs autograd (float32). */
export const TF_TOLERANCE: Readonly<Tolerance> = Object.freeze({ rtol: 1e-4, atol: 1e-5 });
/** Against a float64 central difference with h = 1e-5. */
export const FD_TOLERANCE: Readonly<Tolerance> = Object.freeze({ rtol: 1e-6, atol: 1e-7 });

/** |a - b| <= atol + rtol * max(|a|, |b|). */
export function isClose(a: number, b: number, tol: Tolerance): boolean {
  if (typeof a !== "number" || typeof b !== "number")
    throw new TypeError(`isClose: a and b must be numbers; got ${show(a)} and ${show(b)}`);
  checkTolerance("isClose: tol", tol);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= tol.atol + tol.rtol * Math.max(Math.abs(a), Math.abs(b));
}

/** |a - b| / max(|a|, |b|), and 0 when both are 0. */
export function relativeDifference(a: number, b: number): number {
  if (typeof a !== "number" || typeof b !== "number")
    throw new TypeError(`relativeDifference: a and b must be numbers; got ${show(a)} and ${show(b)}`);
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}
