/**
 * Tables and plots of a gradient-descent run: the iterations as a table (the way one works them by
 * hand), the path on the curve, and loss curves. Only finite points are ever drawn: a diverged run
 * keeps its finite part, and its report says what happened after.
 * Introduced in [notebook 06](../../notebooks/06-gradient-descent.ipynb).
 */
import { showTable, type Cell } from "../display/table";
import { curve } from "../plot/charts";
import type { Figure, Trace } from "../plot/figure";
import { fmt, fmtVector } from "../util/format";
import { show } from "../util/validate";
import type { GdResult, Point } from "./gradient-descent";

import { at } from "../util/array";
const show1 = (p: Point, digits: number) => (typeof p === "number" ? fmt(p, digits) : fmtVector(p, digits));

export interface HistoryTableOptions {
  /** Rows shown from the start; the last iteration is always shown too. @default 8 */
  rows?: number;
  caption?: string;
  /** Significant digits. @default 6 */
  digits?: number;
}

/** The iterations as a table: x, f(x), gradient, rate, and the next x. */
export function showHistory<P extends Point>(result: GdResult<P>, options: HistoryTableOptions = {}): void {
  if (
    typeof result !== "object" ||
    result === null ||
    !Array.isArray((result as Partial<GdResult<P>>).history) ||
    result.history.length === 0
  )
    throw new TypeError(`showHistory: result must be what gradientDescent returns (with a non-empty history); got ${show(result)}`);
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(`showHistory: options must be an object such as { rows: 8 } (or left out); got ${show(options)}`);
  const rows = options.rows === undefined ? 8 : options.rows;
  const digits = options.digits === undefined ? 6 : options.digits;
  if (!(typeof rows === "number" && Number.isInteger(rows) && rows > 0))
    throw new RangeError(`showHistory: rows must be a positive integer; got ${show(rows)}`);
  if (!(typeof digits === "number" && Number.isInteger(digits) && digits >= 1 && digits <= 17))
    throw new RangeError(`showHistory: digits must be an integer from 1 to 17; got ${show(digits)}`);
  const h = result.history;
  const scalar = typeof h[0]?.x === "number";
  const shown = h.length <= rows + 1 ? h.map((_, i) => i) : [...Array.from({ length: rows }, (_, i) => i), h.length - 1];
  const table: Cell[][] = [];
  shown.forEach((i, k) => {
    if (k > 0 && i !== at(shown, k - 1, "shown") + 1) table.push(["…", "", "", "", "", ""]);
    const s = h[i]!;
    const next = h[i + 1];
    table.push([
      s.iteration,
      show1(s.x, digits),
      fmt(s.loss, digits),
      show1(s.grad, digits),
      s.learningRate === undefined ? "" : fmt(s.learningRate),
      next ? show1(next.x, digits) : "",
    ]);
  });
  showTable({
    caption: options.caption ?? result.summary,
    columns: ["iteration", "x", "f(x)", scalar ? "f'(x)" : "∇f(x)", "learning rate", "next x"],
    rows: table,
  });
}

export interface DescentPlotOptions {
  f: (x: number) => number;
  /** Points visited (numbers), e.g. result.path(). */
  path: number[];
  /** x range of the curve; by default the path's range with a margin. */
  range?: [number, number];
  title?: string;
  name?: string;
}

/** The curve f and the points gradient descent visited on it, joined in order. */
export function descentPlot(options: DescentPlotOptions): Figure {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(`descentPlot: options must be an object such as { f, path: result.path() }; got ${show(options)}`);
  const { f, path } = options;
  if (typeof f !== "function") throw new TypeError(`descentPlot: f must be a function (x: number) => number; got ${show(f)}`);
  if (!Array.isArray(path) || path.length === 0 || !path.every(Number.isFinite)) {
    throw new RangeError("descentPlot: path must be a non-empty array of finite numbers (use result.path())");
  }
  const low = Math.min(...path);
  const high = Math.max(...path);
  const margin = Math.max(1, 0.25 * (high - low));
  const range = options.range ?? [low - margin, high + margin];
  const pathTrace: Trace = {
    type: "scatter",
    mode: "lines+markers",
    name: options.name ?? "gradient descent",
    x: path,
    y: path.map(f),
    marker: { size: 8 },
  };
  return {
    data: [curve(f, range), pathTrace],
    layout: {
      title: { text: options.title ?? "Gradient descent on f" },
      xaxis: { title: { text: "x" } },
      yaxis: { title: { text: "f(x)" } },
    },
  };
}
