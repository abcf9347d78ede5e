/**
 * A descent path that does not end: gradient descent near a saddle point slides away along the
 * direction where the surface curves down. The picture is the level curves of f, the iterates on
 * top, and the line through the saddle along that direction (a Hessian eigenvector with a
 * negative eigenvalue), which the path approaches.
 *
 * @example
 * show(escapePlot({ f: (x, y) => x * x + 3 * x * y + y * y, path, direction: [1, -1] }));
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { fmt } from "../util/format";
import { contourPlot, type Fn2 } from "./charts";
import type { Figure } from "./figure";
import { checkFields } from "../util/validate";

export interface EscapePlotOptions {
  f: Fn2;
  /** The iterates, first to last. */
  path: ReadonlyArray<readonly [number, number]>;
  /** The downhill direction of the saddle, e.g. [1, -1]. */
  direction: readonly [number, number];
  /** The saddle point the direction line goes through. @default [0, 0] */
  through?: readonly [number, number];
  title?: string;
  /** Grid points per axis for the contours. @default 60 */
  n?: number;
}

/** Contours of f, the descent path, and the saddle's downhill line; the view fits the path. */
export function escapePlot(options: EscapePlotOptions): Figure {
  checkFields("escapePlot", options, { f: "function", path: "array", direction: "point", through: "point?", title: "text?", n: "count?" });
  const { f, path, direction } = options;
  const through = options.through ?? [0, 0];
  if (!Array.isArray(path) || path.length < 2) throw new RangeError("escapePlot: path must hold at least two points");
  const norm = Math.hypot(direction[0], direction[1]);
  if (!(norm > 0 && Number.isFinite(norm)))
    throw new RangeError(`escapePlot: direction must be a non-zero vector; got [${direction.join(", ")}]`);
  const xs = [...path.map((p) => p[0]), through[0]];
  const ys = [...path.map((p) => p[1]), through[1]];
  if (![...xs, ...ys].every(Number.isFinite)) throw new RangeError("escapePlot: every point of path must be finite");
  // A square view around the path (contour plots keep x and y at the same scale).
  const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
  const cy = (Math.min(...ys) + Math.max(...ys)) / 2;
  const half = 0.55 * Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1);
  const fig = contourPlot({
    f,
    xRange: [cx - half, cx + half],
    yRange: [cy - half, cy + half],
    n: options.n ?? 60,
    title: options.title ?? `Gradient descent from (${fmt(path[0]![0])}, ${fmt(path[0]![1])}): ${path.length - 1} steps`,
    paths: [{ name: "gradient descent", points: path }],
  });
  const reach = 4 * half;
  const [ux, uy] = [direction[0] / norm, direction[1] / norm];
  fig.data.push({
    type: "scatter",
    mode: "lines",
    name: `downhill line through the saddle, along (${direction.map((v) => fmt(v)).join(", ")})`,
    x: [through[0] - reach * ux, through[0] + reach * ux],
    y: [through[1] - reach * uy, through[1] + reach * uy],
    line: { dash: "dash", color: "black" },
  });
  const layout = fig.layout as Record<string, Record<string, unknown>>;
  layout.xaxis = { ...layout.xaxis, range: [cx - half, cx + half] };
  layout.yaxis = { ...layout.yaxis, range: [cy - half, cy + half] };
  return fig;
}
