/**
 * Figure builders for the plots the course draws again and again. Each returns a plain
 * Figure; pass it to `show()`, or change it first (it is just data).
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { at, checkRange, linspace } from "../util/array";
import { fmt } from "../util/format";
import type { Figure, Layout, Trace } from "./figure";
import { sliderFigure } from "./animate";
import { checkFields, checkFunction, checkInteger, checkNumber, checkOptions, checkString, show } from "../util/validate";

export type Fn1 = (x: number) => number;
export type Fn2 = (x: number, y: number) => number;

function title(text: string | undefined): Layout {
  return text ? { title: { text } } : {};
}

function axes(xTitle?: string, yTitle?: string): Layout {
  return { xaxis: { title: { text: xTitle ?? "x" } }, yaxis: { title: { text: yTitle ?? "y" } } };
}

/** Samples f on [a, b]; points where f is not finite become gaps (null) in the curve. */
export function curve(f: Fn1, range: [number, number], options: { n?: number; name?: string } = {}): Trace {
  checkFunction("curve: f", f, "(x: number) => number");
  checkOptions("curve: options", options);
  if (options.n !== undefined) checkInteger("curve: n", options.n, 2);
  if (options.name !== undefined) checkString("curve: name", options.name, true);
  checkRange("range", range);
  const x = linspace(range[0], range[1], options.n ?? 200);
  const y = x.map((v) => {
    const fx = f(v);
    return Number.isFinite(fx) ? fx : null;
  });
  return { type: "scatter", mode: "lines", name: options.name ?? "f(x)", x, y };
}

export interface TangentOptions {
  f: Fn1;
  /** The derivative; its value at x0 is the tangent's slope. */
  df: Fn1;
  x0: number;
  range: [number, number];
  title?: string;
  name?: string;
}

function tangentTraces(f: Fn1, df: Fn1, x0: number, range: [number, number]): [Trace, Trace] {
  if (!Number.isFinite(x0)) throw new RangeError(`x0 must be a finite number; got ${x0}`);
  const y0 = f(x0);
  const slope = df(x0);
  if (!Number.isFinite(y0) || !Number.isFinite(slope)) {
    throw new RangeError(`f(x0) = ${y0} and df(x0) = ${slope} at x0 = ${x0}: both must be finite to draw a tangent`);
  }
  const tangent = (x: number) => y0 + slope * (x - x0);
  return [
    { ...curve(tangent, range, { n: 2, name: "tangent" }), line: { dash: "dash" }, hovertemplate: `slope ${fmt(slope)}<extra></extra>` },
    {
      type: "scatter",
      mode: "markers",
      name: "point",
      x: [x0],
      y: [y0],
      marker: { size: 10 },
      hovertemplate: `(${fmt(x0)}, ${fmt(y0)})<extra></extra>`,
    },
  ];
}

/** f on a range, its tangent line at x0 (slope df(x0)) and the point of contact. */
export function tangentPlot(options: TangentOptions): Figure {
  checkFields("tangentPlot", options, { f: "function", df: "function", x0: "number", range: "range", title: "text?", name: "text?" });
  const { f, df, x0, range } = options;
  checkRange("range", range);
  const [tangent, point] = tangentTraces(f, df, x0, range);
  return {
    data: [
      curve(f, range, { name: options.name ?? "f(x)" }),
      { ...tangent, name: `tangent, slope ${fmt(df(x0))}` },
      { ...point, name: `(${fmt(x0)}, ${fmt(f(x0))})` },
    ],
    layout: { ...title(options.title ?? `Tangent at x = ${fmt(x0)}`), ...axes("x", "f(x)") },
  };
}

export interface TangentSliderOptions {
  f: Fn1;
  df: Fn1;
  /** The points the slider moves through. */
  points: number[];
  range: [number, number];
  title?: string;
  name?: string;
  /** Fixed y-axis range, so the view does not jump between frames (default: f's range on the plot). */
  yRange?: [number, number];
}

/** The tangent line sliding along f: one slider step per point, playable without a kernel. */
export function tangentSlider(options: TangentSliderOptions): Figure {
  checkFields("tangentSlider", options, {
    f: "function",
    df: "function",
    points: "numbers",
    range: "range",
    title: "text?",
    name: "text?",
    yRange: "range?",
  });
  const { f, df, points, range } = options;
  checkRange("range", range);
  if (points.length === 0) throw new RangeError("tangentSlider: points must contain at least one x value");
  const base = curve(f, range, { name: options.name ?? "f(x)" });
  const samples: ArrayLike<unknown> = base.y ?? [];
  const ys = Array.from(samples).filter((v): v is number => typeof v === "number");
  const pad = 0.1 * (Math.max(...ys) - Math.min(...ys) || 1);
  const yRange = options.yRange ?? [Math.min(...ys) - pad, Math.max(...ys) + pad];
  const frames = points.map((x0) => ({
    label: fmt(x0, 4),
    data: tangentTraces(f, df, x0, range),
    layout: { title: { text: `${options.title ?? "Tangent"}: x = ${fmt(x0, 4)}, slope ${fmt(df(x0), 4)}` } },
  }));
  return sliderFigure(
    frames,
    { prefix: "x = ", static: [base] },
    { ...axes("x", "f(x)"), yaxis: { title: { text: "f(x)" }, range: yRange } },
  );
}

export interface Series {
  name: string;
  y: ArrayLike<number | null>;
  /** Defaults to 0, 1, 2, ... */
  x?: ArrayLike<number | null>;
  mode?: "lines" | "markers" | "lines+markers";
}

export interface LinePlotOptions {
  series: Series[];
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Logarithmic y axis, e.g. for losses or errors spanning decades. */
  logY?: boolean;
  logX?: boolean;
  /**
   * A line with more points than this is thinned for drawing: the points are cut into buckets and
   * each bucket keeps its lowest and highest point, in order, so every spike and the overall shape
   * survive while a 10,000-epoch loss curve stops costing megabytes in the saved notebook. Series
   * drawn with markers are never thinned. @default 2000 (Infinity keeps every point)
   */
  maxLinePoints?: number;
}

/**
 * Min-max thinning of a line to at most about `max` points: first and last kept, and in each of
 * `max / 2` buckets the lowest and the highest point, in x order. Lines with gaps (null) are kept.
 */
export function thinLine(
  x: Array<number | null>,
  y: Array<number | null>,
  max: number,
): { x: Array<number | null>; y: Array<number | null> } {
  for (const [name, v] of [
    ["x", x],
    ["y", y],
  ] as const) {
    const given: unknown = v; // what a caller without types may pass
    if (!Array.isArray(given) || !given.every((e) => e === null || typeof e === "number"))
      throw new TypeError(`thinLine: ${name} must be an array of numbers (null for a gap); got ${show(v)}`);
  }
  if (!(typeof max === "number" && Number.isSafeInteger(max)))
    throw new RangeError(`thinLine: max must be an integer >= 4; got ${show(max)}`);
  if (!(max >= 4)) throw new RangeError(`thinLine: max must be at least 4; got ${max}`);
  const n = y.length;
  const values = y.filter((v): v is number => v !== null);
  if (n <= max || values.length < n || x.includes(null)) return { x, y };
  const buckets = Math.floor((max - 2) / 2);
  const keep: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * (n - 2)) / buckets);
    const end = 1 + Math.floor(((b + 1) * (n - 2)) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      const v = at(values, i, "thinLine: y");
      if (v < at(values, lo, "thinLine: y")) lo = i;
      if (v > at(values, hi, "thinLine: y")) hi = i;
    }
    if (lo === hi) keep.push(lo);
    else keep.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  keep.push(n - 1);
  return { x: keep.map((i) => at(x, i, "thinLine: x")), y: keep.map((i) => at(values, i, "thinLine: y")) };
}

/** Several named series against a shared x axis: loss curves, errors, trajectories. */
export function linePlot(options: LinePlotOptions): Figure {
  checkFields("linePlot", options, {
    series: "array",
    title: "text?",
    xTitle: "text?",
    yTitle: "text?",
    logY: "boolean?",
    logX: "boolean?",
  });
  const { maxLinePoints } = options;
  if (
    maxLinePoints !== undefined &&
    !(typeof maxLinePoints === "number" && maxLinePoints >= 4 && (maxLinePoints === Infinity || Number.isSafeInteger(maxLinePoints)))
  )
    throw new RangeError(`linePlot: maxLinePoints must be an integer >= 4 (or Infinity to keep every point); got ${show(maxLinePoints)}`);
  options.series.forEach((s: unknown, i) => {
    const y: unknown = typeof s === "object" && s !== null && "y" in s ? s.y : undefined;
    if (typeof s !== "object" || s === null || !(Array.isArray(y) || ArrayBuffer.isView(y)))
      throw new TypeError(`linePlot: series[${i}] must be { name, x?, y } with an array y; got ${show(s)}`);
  });
  if (options.series.length === 0) throw new RangeError("linePlot: series must contain at least one series");
  const max = options.maxLinePoints ?? 2000;
  const data: Trace[] = options.series.map((s) => {
    const y = Array.from(s.y);
    const x = s.x ? Array.from(s.x) : y.map((_, i) => i);
    if (x.length !== y.length) {
      throw new RangeError(`linePlot: series "${s.name}" has ${x.length} x values but ${y.length} y values`);
    }
    const mode = s.mode ?? "lines";
    const drawn = mode === "lines" && Number.isFinite(max) ? thinLine(x, y, max) : { x, y };
    return { type: "scatter", mode, name: s.name, x: drawn.x, y: drawn.y };
  });
  const axis = (text: string, log: boolean | undefined): Layout => ({ title: { text }, ...(log ? { type: "log" } : {}) });
  const layout: Layout = {
    ...title(options.title),
    xaxis: axis(options.xTitle ?? "step", options.logX),
    yaxis: axis(options.yTitle ?? "value", options.logY),
  };
  return { data, layout };
}

export interface ScatterOptions {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  name?: string;
  title?: string;
  xTitle?: string;
  yTitle?: string;
  /** Extra traces drawn on top (a fitted line, say). */
  overlays?: Trace[];
}

export function scatterPlot(options: ScatterOptions): Figure {
  checkFields("scatterPlot", options, {
    x: "numbers",
    y: "numbers",
    name: "text?",
    title: "text?",
    xTitle: "text?",
    yTitle: "text?",
    overlays: "objects?",
  });
  if (options.x.length !== options.y.length) {
    throw new RangeError(`scatterPlot: x has ${options.x.length} values but y has ${options.y.length}`);
  }
  return {
    data: [
      { type: "scatter", mode: "markers", name: options.name ?? "data", x: Array.from(options.x), y: Array.from(options.y) },
      ...(options.overlays ?? []),
    ],
    layout: { ...title(options.title), ...axes(options.xTitle, options.yTitle) },
  };
}

export interface GridOptions {
  f: Fn2;
  xRange: [number, number];
  yRange: [number, number];
  /** Grid points per axis. */
  n?: number;
}

/** f sampled on a grid: z[i][j] = f(x[j], y[i]) (plotly's row-major convention). */
export function grid(options: GridOptions): { x: number[]; y: number[]; z: number[][] } {
  checkFields("grid", options, { f: "function", xRange: "range", yRange: "range", n: "count?" });
  checkRange("xRange", options.xRange);
  checkRange("yRange", options.yRange);
  const n = options.n ?? 60;
  const x = linspace(options.xRange[0], options.xRange[1], n);
  const y = linspace(options.yRange[0], options.yRange[1], n);
  const z = y.map((yv) => x.map((xv) => options.f(xv, yv)));
  return { x, y, z };
}

export interface Path2D {
  name: string;
  points: ReadonlyArray<readonly [number, number]>;
  /** Short text written at the path's end point (default: the name up to its first " α", " (" or ","). */
  label?: string;
}

/** Plot-area width assumed for a figure in JupyterLab's output area (968 px at a 1400 px window) minus margins and colour bar. */
const ASSUMED_PLOT_WIDTH = 780;

/**
 * A figure height at which an equal-scale plot (x and y units the same length) fills the output
 * width instead of leaving wide empty margins on both sides; `chrome` is the height of everything
 * that is not the plot area (margins, a legend below). Kept between 340 and 760 px.
 */
export function equalScaleHeight(xRange: readonly [number, number], yRange: readonly [number, number], chrome: number): number {
  checkFields("equalScaleHeight", { xRange, yRange }, { xRange: "range", yRange: "range" });
  checkNumber("equalScaleHeight: chrome", chrome);
  const ratio = (yRange[1] - yRange[0]) / (xRange[1] - xRange[0]);
  return Math.round(Math.min(760, Math.max(340, ASSUMED_PLOT_WIDTH * ratio + chrome)));
}

const PATH_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"];
const PATH_SYMBOLS = ["circle", "square", "diamond", "triangle-up", "x", "star"];

/** The default end label of a path: its name up to the first " α", " (" or ",". */
function shortLabel(name: string): string {
  return name.split(/ α| \(|,/)[0]?.trim() || name;
}

export interface ContourOptions extends GridOptions {
  title?: string;
  /** Colour-bar title (default "f(x, y)"). */
  zTitle?: string;
  /** Optimisation paths drawn as lines with markers over the contours. */
  paths?: Path2D[];
  xTitle?: string;
  yTitle?: string;
}

/** Level curves of f(x, y), optionally with paths (e.g. gradient-descent iterates) on top. */
export function contourPlot(options: ContourOptions): Figure {
  checkFields("contourPlot", options, {
    f: "function",
    xRange: "range",
    yRange: "range",
    n: "count?",
    title: "text?",
    zTitle: "text?",
    paths: "objects?",
    xTitle: "text?",
    yTitle: "text?",
  });
  const g = grid(options);
  const data: Trace[] = [
    {
      type: "contour",
      name: options.zTitle ?? "f(x, y)",
      x: g.x,
      y: g.y,
      z: g.z,
      ncontours: 25,
      colorscale: "Viridis",
      showscale: true,
      colorbar: { title: { text: options.zTitle ?? "f(x, y)", side: "right" } },
    },
  ];
  // Paths that run close together stay distinguishable: each has its own dash pattern and marker
  // symbol (colours alone merge where lines overlap), and its end point carries a short label.
  (options.paths ?? []).forEach((p, k) => {
    const symbol = PATH_SYMBOLS[k % PATH_SYMBOLS.length];
    const x = p.points.map((pt) => pt[0]);
    const y = p.points.map((pt) => pt[1]);
    data.push({
      type: "scatter",
      mode: "lines+markers",
      name: p.name,
      legendgroup: `path${k}`,
      x,
      y,
      line: { dash: PATH_DASHES[k % PATH_DASHES.length], width: 2 },
      marker: { size: 5, symbol, maxdisplayed: 60 },
    });
    const end = p.points.at(-1);
    if (end) {
      data.push({
        type: "scatter",
        mode: "markers+text",
        name: `${p.name}: end`,
        legendgroup: `path${k}`,
        showlegend: false,
        x: [end[0]],
        y: [end[1]],
        text: [p.label ?? shortLabel(p.name)],
        textposition: k % 2 === 0 ? "top right" : "bottom right",
        marker: { size: 11, symbol, line: { width: 1, color: "black" } },
        hovertemplate: `${p.name}: end (%{x:.4g}, %{y:.4g})<extra></extra>`,
      });
    }
  });
  const withPaths = (options.paths?.length ?? 0) > 0;
  return {
    data,
    layout: {
      ...title(options.title),
      ...axes(options.xTitle ?? "x", options.yTitle ?? "y"),
      yaxis: { title: { text: options.yTitle ?? "y" }, scaleanchor: "x" },
      // Equal scales: the height follows the ranges' shape so the plot fills the width.
      height: equalScaleHeight(options.xRange, options.yRange, withPaths ? 230 : 130),
      // With paths, the legend goes under the plot so it does not cover the colour bar.
      ...(withPaths ? { legend: { orientation: "h", yanchor: "top", y: -0.12 } } : {}),
    },
  };
}

export interface SurfaceOptions extends GridOptions {
  title?: string;
  zTitle?: string;
}

/** The surface z = f(x, y) in 3-D. */
export function surfacePlot(options: SurfaceOptions): Figure {
  checkFields("surfacePlot", options, { f: "function", xRange: "range", yRange: "range", n: "count?", title: "text?", zTitle: "text?" });
  const g = grid(options);
  return {
    data: [
      {
        type: "surface",
        name: options.zTitle ?? "f(x, y)",
        x: g.x,
        y: g.y,
        z: g.z,
        colorscale: "Viridis",
        colorbar: { title: { text: options.zTitle ?? "f(x, y)", side: "right" } },
      },
    ],
    layout: {
      ...title(options.title),
      height: 520,
      scene: { xaxis: { title: { text: "x" } }, yaxis: { title: { text: "y" } }, zaxis: { title: { text: options.zTitle ?? "f(x, y)" } } },
    },
  };
}
