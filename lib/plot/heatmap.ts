/**
 * A function of two variables as colours, with labelled points on top: the picture of a
 * classifier's decision boundary (notebook 09's XOR network, say).
 *
 * @example
 * show(heatmapPlot({
 *   f: (x1, x2) => predict(x1, x2), xRange: [-0.5, 1.5], yRange: [-0.5, 1.5], level: 0.5,
 *   points: [{ name: "class 0", x: [0, 1], y: [0, 1] }, { name: "class 1", x: [0, 1], y: [1, 0] }],
 * }));
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import { equalScaleHeight, grid, type GridOptions } from "./charts";
import type { Figure, Trace } from "./figure";
import { checkFields } from "../util/validate";

export interface PointGroup {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Plotly marker symbol, e.g. "circle", "x", "diamond". */
  symbol?: string;
}

export interface HeatmapOptions extends GridOptions {
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Colour-bar title, e.g. "P(class 1)". */
  zTitle?: string;
  /** Fixes the colour range (e.g. [0, 1] for probabilities); default: the data's range. */
  zRange?: [number, number];
  /** Draws the level curve f = level (e.g. 0.5: the decision boundary). */
  level?: number;
  /** Labelled points drawn on top, one legend entry per group. */
  points?: PointGroup[];
}

/** f(x, y) on a grid as a heatmap, an optional level curve, and point groups on top. */
export function heatmapPlot(options: HeatmapOptions): Figure {
  checkFields("heatmapPlot", options, {
    f: "function",
    xRange: "range",
    yRange: "range",
    n: "count?",
    title: "text?",
    xTitle: "text?",
    yTitle: "text?",
    zTitle: "text?",
    zRange: "range?",
    level: "number?",
    points: "objects?",
  });
  const g = grid(options);
  if (options.zRange && !(options.zRange[0] < options.zRange[1])) {
    throw new RangeError(`heatmapPlot: zRange must be [low, high] with low < high; got [${options.zRange.join(", ")}]`);
  }
  const heat: Trace = {
    type: "heatmap",
    name: options.zTitle ?? "f(x, y)",
    x: g.x,
    y: g.y,
    z: g.z,
    colorscale: "RdBu",
    reversescale: true,
    colorbar: { title: { text: options.zTitle ?? "f(x, y)" } },
    ...(options.zRange ? { zmin: options.zRange[0], zmax: options.zRange[1] } : {}),
  };
  const data: Trace[] = [heat];
  if (options.level !== undefined) {
    if (!Number.isFinite(options.level)) throw new RangeError(`heatmapPlot: level must be a finite number; got ${options.level}`);
    data.push({
      type: "contour",
      name: `f = ${options.level}`,
      x: g.x,
      y: g.y,
      z: g.z,
      showscale: false,
      contours: { start: options.level, end: options.level, size: 1, coloring: "lines" },
      line: { color: "black", width: 2 },
      showlegend: true,
    });
  }
  for (const group of options.points ?? []) {
    if (group.x.length !== group.y.length) {
      throw new RangeError(`heatmapPlot: points "${group.name}" has ${group.x.length} x values but ${group.y.length} y values`);
    }
    data.push({
      type: "scatter",
      mode: "markers",
      name: group.name,
      x: Array.from(group.x),
      y: Array.from(group.y),
      marker: { size: 11, symbol: group.symbol ?? "circle", line: { width: 1.5, color: "black" } },
    });
  }
  return {
    data,
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { title: { text: options.xTitle ?? "x" } },
      yaxis: { title: { text: options.yTitle ?? "y" }, scaleanchor: "x" },
      height: equalScaleHeight(options.xRange, options.yRange, options.points?.length ? 200 : 130),
      legend: { orientation: "h", y: -0.2 },
    },
  };
}
