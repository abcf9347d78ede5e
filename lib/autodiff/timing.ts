/**
 * Wall-clock timings for cost experiments. Timings differ between runs and machines, so notebooks
 * print them only as durations ("12 ms", "1.3 s"), which the reproducibility test ignores; the
 * facts that do not change (evaluation counts, memory in bytes) go in the text and the plots.
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { performance } from "node:perf_hooks";
import { checkFunction, checkInteger, checkNumber, checkOptions, show } from "../util/validate";
import { medianOfSorted } from "../util/array";

/**
 * A duration in milliseconds as "0.042 ms", "3.1 ms", "250 ms" or "1.25 s" (never in exponent form).
 * @example fmtDuration(1234) // "1.23 s"
 */
export function fmtDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ms must be a finite number >= 0; got ${show(ms)}`);
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms === 0) return "0 ms";
  const decimals = Math.min(6, Math.max(0, 2 - Math.floor(Math.log10(ms))));
  return `${ms.toFixed(decimals)} ms`;
}

export interface Timing<T> {
  /** The value the last call returned. */
  result: T;
  /** Median milliseconds per call. */
  ms: number;
  /** How many calls were timed. */
  calls: number;
}

/**
 * Calls `fn` until at least `minMs` milliseconds have passed (at least once, at most `maxCalls`
 * times) and reports the median time per call: short operations are repeated so the clock's
 * resolution does not dominate, and the median ignores the odd call that a garbage collection
 * or another process interrupted. `warmup` untimed calls come first (default 1), so the first,
 * not yet optimised run of the code does not count.
 * @example timeIt(() => grad(f)(x)).ms
 */
export function timeIt<T>(fn: () => T, options: { minMs?: number; maxCalls?: number; warmup?: number } = {}): Timing<T> {
  checkFunction("timeIt: fn", fn, "() => result");
  checkOptions("timeIt: options", options);
  if (options.minMs !== undefined) checkNumber("minMs", options.minMs);
  if (options.maxCalls !== undefined) checkInteger("maxCalls", options.maxCalls, 1);
  if (options.warmup !== undefined) checkInteger("warmup", options.warmup, 0);
  const minMs = options.minMs ?? 20;
  const maxCalls = options.maxCalls ?? 1000;
  const warmup = options.warmup ?? 1;
  if (!(minMs >= 0)) throw new RangeError(`minMs must be a number >= 0; got ${minMs}`);
  if (!Number.isInteger(maxCalls) || maxCalls < 1) throw new RangeError(`maxCalls must be an integer >= 1; got ${maxCalls}`);
  if (!Number.isInteger(warmup) || warmup < 0) throw new RangeError(`warmup must be an integer >= 0; got ${warmup}`);
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  let result: T;
  do {
    const before = performance.now();
    result = fn();
    times.push(performance.now() - before);
  } while (times.length < maxCalls && performance.now() - start < minMs);
  times.sort((a, b) => a - b);
  return { result, ms: medianOfSorted(times), calls: times.length };
}
