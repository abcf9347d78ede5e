/**
 * Summaries of repeated timings: the median (what the tables show), the quartiles and the
 * extremes (the spread), so a number measured on a busy machine says how much it wobbled.
 */

export interface Summary {
  /** How many samples. */
  n: number;
  median: number;
  min: number;
  max: number;
  /** First and third quartiles (linear interpolation, as numpy's default). */
  q1: number;
  q3: number;
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

/**
 * The median, quartiles and extremes of `samples`.
 * @example summarize([3, 1, 2]).median // 2
 */
export function summarize(samples: readonly number[]): Summary {
  if (samples.length === 0) throw new RangeError("summarize: samples must not be empty");
  if (!samples.every(Number.isFinite)) throw new RangeError("summarize: samples must be finite numbers");
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    min: sorted[0] as number,
    max: sorted[sorted.length - 1] as number,
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
  };
}

/**
 * The spread as a fraction of the median: (max - min) / median, "±" of a table cell.
 * @example relativeSpread(summarize([9, 10, 12])) // 0.3
 */
export function relativeSpread(s: Summary): number {
  return s.median === 0 ? 0 : (s.max - s.min) / s.median;
}
