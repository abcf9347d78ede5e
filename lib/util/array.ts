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

/**
 * `array[i]`, for an index the caller knows is in range; when it is not, a clear error naming
 * `what` instead of an `undefined` travelling on (with `noUncheckedIndexedAccess`, `array[i]` is
 * typed `T | undefined`).
 * @example at([3, 4], 1, "y") // 4
 */
export function at<T>(array: ArrayLike<T>, i: number, what: string): T {
  const value = array[i];
  if (value === undefined) throw new RangeError(`${what}: no entry at index ${i} (length ${array.length})`);
  return value;
}

/**
 * `a[i]` typed as a number, for the hot loops of the tensor kernels, the matrix class and the
 * optimizers, where `i` is kept in range by the loop's bound (`for (let i = 0; i < a.length; i++)`).
 * With `noUncheckedIndexedAccess` every indexed read is typed `number | undefined`; `at` checks at
 * run time, this one does not: it is the single documented place where a kernel's in-range read is
 * trusted, instead of a cast at every read. V8 inlines it, so it costs what `a[i]` costs (bench:
 * README "Benchmarks", measured before and after the change). It takes a Float64Array only, on
 * purpose: one kind of array keeps its load monomorphic after inlining; a helper shared by
 * Float64Array, Int32Array and number[] turns megamorphic and was 20 times slower in a micro-benchmark.
 * @example f64(Float64Array.of(3, 4), 1) // 4
 */
export function f64(a: Float64Array, i: number): number {
  return a[i] as number;
}

/** `f64` for Int32Array (the index maps of broadcasting): `a[i]` for an `i` the loop keeps in range. */
export function i32(a: Int32Array, i: number): number {
  return a[i] as number;
}

/**
 * The median of numbers already sorted ascending (the mean of the middle two for an even count).
 * @example medianOfSorted([1, 2, 4, 10]) // 3
 */
export function medianOfSorted(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  const upper = at(sorted, mid, "medianOfSorted");
  return sorted.length % 2 === 1 ? upper : (at(sorted, mid - 1, "medianOfSorted") + upper) / 2;
}
