/**
 * Small array helpers used across lib (plots, tables, numeric code).
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { show } from "./validate";

/**
 * `n` evenly spaced numbers from `start` to `stop`, both included.
 * @example linspace(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, stop: number, n: number): number[] {
  if (!Number.isFinite(start) || !Number.isFinite(stop)) {
    throw new RangeError(`linspace: start and stop must be finite numbers; got ${show(start)} and ${show(stop)}`);
  }
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`linspace: n must be an integer >= 2; got ${show(n)}`);
  const step = (stop - start) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? stop : start + i * step));
}

/** Checks that `range` is [low, high] with finite low < high; `name` is used in the error. */
export function checkRange(name: string, range: readonly [number, number]): void {
  if (!Array.isArray(range as unknown) || range.length !== 2)
    throw new RangeError(`${name} must be [low, high] with finite low < high; got ${show(range)}`);
  const [low, high] = range;
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new RangeError(`${name} must be [low, high] with finite low < high; got [${show(low)}, ${show(high)}]`);
  }
}
