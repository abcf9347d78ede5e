/**
 * Figures for cost experiments ("how does the work grow with n?") that stay reproducible: the
 * plotted numbers are counts that do not change between runs (function evaluations, operations,
 * bytes), and the measured times ride along only as "12 ms" labels on the points, which the
 * notebooks' reproducibility check treats as durations. To see the timings themselves as a curve,
 * plot them with `linePlot` (such a figure differs from run to run).
 *
 * @example
 * show(costFigure({
 *   title: "Work for one full gradient",
 *   sizes: [10, 100, 1000],
 *   yTitle: "elementary operations",
 *   series: [{ name: "finite differences", counts: [200, 20000, 2e6], ms: [0.1, 3, 250] }],
 * }));
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { checkRange } from "../util/array";
import type { Figure, Trace } from "../plot/figure";
import { fmtDuration } from "./timing";
import { type ScalarFn } from "./scalar";
import { checkPoint, checkFunction, checkObject, checkString, show } from "../util/validate";
import { toValues, topologicalOrder } from "./value";

/**
 * Elementary operations (add, mul, pow, exp ...) one evaluation of f performs at x: the computed
 * nodes of its graph. Reverse mode runs each once forward and one backward rule per node.
 * @example operationCount(([x, y]) => x.mul(y).add(x), [1, 2]) // 2
 */
export function operationCount(f: ScalarFn, x: readonly number[]): number {
  checkFunction("operationCount: f", f, "(x: Value[]) => Value");
  return topologicalOrder(f(toValues(checkPoint("x", x)))).filter((v) => v.children.length > 0).length;
}

/**
 * A byte count with SI units: "800 B", "8 kB", "8 MB", "8 TB" (3 significant digits).
 * @example fmtBytes(8 * 1e6 ** 2) // "8 TB"
 */
export function fmtBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) throw new RangeError(`bytes must be a finite number >= 0; got ${show(bytes)}`);
  const units = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
  let k = 0;
  while (bytes >= 1000 ** (k + 1) && k < units.length - 1) k++;
  return `${Number((bytes / 1000 ** k).toPrecision(3))} ${units[k]}`;
}

export interface CostSeries {
  name: string;
  /** The deterministic measure of work at each size (plotted). */
  counts: number[];
  /** Measured milliseconds at each size (shown as labels), or omit. */
  ms?: number[];
}

export interface CostFigureOptions {
  title: string;
  /** The problem sizes n (the x axis, logarithmic). */
  sizes: number[];
  series: CostSeries[];
  yTitle: string;
  xTitle?: string;
}

export function costFigure(options: CostFigureOptions): Figure {
  checkObject("costFigure: options", options, '{ title, sizes: [10, 100], series: [...], yTitle: "operations" }');
  checkString("costFigure: title", options.title, true);
  checkString("costFigure: yTitle", options.yTitle, true);
  if (options.xTitle !== undefined) checkString("costFigure: xTitle", options.xTitle, true);
  checkPoint("costFigure: sizes", options.sizes);
  const givenSeries: unknown = options.series; // what a caller without types may pass
  if (
    !Array.isArray(givenSeries) ||
    !givenSeries.every((s: unknown) => typeof s === "object" && s !== null && "counts" in s && Array.isArray(s.counts))
  )
    throw new TypeError(`costFigure: series must be an array of { name, counts }; got ${show(options.series)}`);
  const { sizes, series } = options;
  if (sizes.length === 0) throw new RangeError("costFigure: sizes must list at least one problem size");
  if (sizes.length > 1) checkRange("the range of sizes", [Math.min(...sizes), Math.max(...sizes)]);
  const data: Trace[] = series.map((s) => {
    if (s.counts.length !== sizes.length)
      throw new RangeError(`costFigure: series "${s.name}" has ${s.counts.length} counts for ${sizes.length} sizes`);
    if (s.ms && s.ms.length !== sizes.length)
      throw new RangeError(`costFigure: series "${s.name}" has ${s.ms.length} timings for ${sizes.length} sizes`);
    const labels = s.ms?.map(fmtDuration);
    return {
      type: "scatter",
      mode: labels ? "lines+markers+text" : "lines+markers",
      name: s.name,
      x: sizes,
      y: s.counts,
      ...(labels ? { text: labels, textposition: "top center", textfont: { size: 10 } } : {}),
      hovertemplate: `n = %{x}<br>%{y:.4s}${labels ? "<br>measured: %{text}" : ""}<extra>${s.name}</extra>`,
    };
  });
  // a log axis takes its range in decades; pad it so the first and last labels are not cut off
  const [low, high] = [Math.log10(Math.min(...sizes)), Math.log10(Math.max(...sizes))];
  const pad = 0.08 * (high - low || 1);
  return {
    data,
    layout: {
      title: { text: options.title },
      xaxis: { title: { text: options.xTitle ?? "n (number of inputs)" }, type: "log", range: [low - pad, high + pad] },
      yaxis: { title: { text: options.yTitle }, type: "log" },
    },
  };
}
