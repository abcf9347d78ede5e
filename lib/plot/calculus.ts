/**
 * Figures for the derivative notebooks: secant lines closing in on a tangent, a function beside
 * its derivative, a surface cut by the two slices that define partial derivatives, and a
 * gradient field over contour lines.
 * Introduced in [notebook 01](../../notebooks/01-derivatives-rate-of-change.ipynb).
 */
import { at, checkRange, linspace } from "../util/array";
import { fmt } from "../util/format";
import { contourPlot, curve, equalScaleHeight, grid, type Fn1, type Fn2 } from "./charts";
import type { Figure, Trace } from "./figure";
import { checkFields, show } from "../util/validate";

function checkFinite(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite number; got ${v}`);
}

/** y-axis range covering f on [a, b], with a margin, so long straight lines are clipped. */
function yRangeOf(f: Fn1, range: [number, number]): [number, number] {
  const ys = linspace(range[0], range[1], 200)
    .map(f)
    .filter((y) => Number.isFinite(y));
  if (ys.length === 0) throw new RangeError(`f has no finite value on [${range[0]}, ${range[1]}]`);
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  const pad = 0.1 * (hi - lo || 1);
  return [lo - pad, hi + pad];
}

export interface SecantOptions {
  f: Fn1;
  x0: number;
  /** Step of each secant: it joins (x0, f(x0)) and (x0 + h, f(x0 + h)). */
  hs: number[];
  range: [number, number];
  /** The derivative; when given, the tangent at x0 is drawn too. */
  df?: Fn1;
  title?: string;
}

/** Secant lines through (x0, f(x0)) for shrinking h, turning into the tangent. @example show(secantPlot({ f: (x) => x * x, df: (x) => 2 * x, x0: 2, hs: [1, 0.5], range: [-1, 4] })) */
export function secantPlot(options: SecantOptions): Figure {
  checkFields("secantPlot", options, { f: "function", x0: "number", hs: "numbers", range: "range", df: "function?", title: "text?" });
  const { f, x0, hs, range } = options;
  checkRange("range", range);
  checkFinite("x0", x0);
  if (!Array.isArray(hs) || hs.length === 0) throw new RangeError("hs must list at least one step");
  hs.forEach((h) => {
    if (!(Number.isFinite(h) && h !== 0)) throw new RangeError(`each h must be a finite non-zero number; got ${h}`);
  });
  const y0 = f(x0);
  checkFinite("f(x0)", y0);
  const data: Trace[] = [{ ...curve(f, range, { name: "f(x)" }), line: { width: 3, color: "#1f77b4" } }];
  hs.forEach((h, i) => {
    const y1 = f(x0 + h);
    checkFinite(`f(x0 + ${h})`, y1);
    const slope = (y1 - y0) / h;
    const opacity = 0.35 + (0.55 * (i + 1)) / hs.length;
    data.push({
      ...curve((x) => y0 + slope * (x - x0), range, { n: 2, name: `secant h = ${fmt(h)}: slope ${fmt(slope)}` }),
      line: { dash: "dot", color: "#ff7f0e" },
      opacity,
    });
    data.push({
      type: "scatter",
      mode: "markers",
      x: [x0 + h],
      y: [y1],
      showlegend: false,
      marker: { color: "#ff7f0e", size: 7 },
      opacity,
    });
  });
  if (options.df) {
    const slope = options.df(x0);
    checkFinite("df(x0)", slope);
    data.push({
      ...curve((x) => y0 + slope * (x - x0), range, { n: 2, name: `tangent: slope ${fmt(slope)}` }),
      line: { color: "#d62728", width: 2 },
    });
  }
  data.push({
    type: "scatter",
    mode: "markers",
    name: `(${fmt(x0)}, ${fmt(y0)})`,
    x: [x0],
    y: [y0],
    marker: { size: 11, color: "#d62728" },
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? `Secant lines closing in on the tangent at x = ${fmt(x0)}` },
      xaxis: { title: { text: "x" } },
      yaxis: { title: { text: "f(x)" }, range: yRangeOf(f, range) },
    },
  };
}

export interface FunctionPlotOptions {
  functions: Array<{ f: Fn1; name: string; dash?: boolean }>;
  range: [number, number];
  /** Points to mark, e.g. (2, f'(2)). */
  points?: Array<{ x: number; y: number; name: string }>;
  title?: string;
  xTitle?: string;
  yTitle?: string;
}

/** Several functions of x on one axis: typically f and f'. Non-finite values become gaps. @example show(functionPlot({ functions: [{ f: Math.sin, name: "sin" }], range: [0, 6] })) */
export function functionPlot(options: FunctionPlotOptions): Figure {
  checkFields("functionPlot", options, {
    functions: "array",
    range: "range",
    points: "objects?",
    title: "text?",
    xTitle: "text?",
    yTitle: "text?",
  });
  options.functions.forEach((fn: unknown, i) => {
    if (typeof fn !== "object" || fn === null || !("f" in fn) || typeof fn.f !== "function")
      throw new TypeError(`functionPlot: functions[${i}] must be { f, name } with a function f; got ${show(fn)}`);
  });
  checkRange("range", options.range);
  if (!Array.isArray(options.functions) || options.functions.length === 0)
    throw new RangeError("functions must list at least one function");
  const data: Trace[] = options.functions.map((fn) => ({
    ...curve(fn.f, options.range, { n: 400, name: fn.name }),
    ...(fn.dash ? { line: { dash: "dash" } } : {}),
  }));
  for (const p of options.points ?? []) {
    checkFinite(`point "${p.name}" x`, p.x);
    checkFinite(`point "${p.name}" y`, p.y);
    data.push({ type: "scatter", mode: "markers", name: p.name, x: [p.x], y: [p.y], marker: { size: 10 } });
  }
  return {
    data,
    layout: {
      ...(options.title ? { title: { text: options.title } } : {}),
      xaxis: { title: { text: options.xTitle ?? "x" } },
      yaxis: { title: { text: options.yTitle ?? "y" } },
    },
  };
}

export interface SlicesOptions {
  f: Fn2;
  /** The point (x0, y0) where the slices cross. */
  point: [number, number];
  xRange: [number, number];
  yRange: [number, number];
  /** ∂f/∂x and ∂f/∂y at the point; when given, each slice gets its tangent line. */
  slopes?: [number, number];
  n?: number;
  title?: string;
}

/**
 * The surface z = f(x, y) with the two curves a partial derivative looks at: y held at y0
 * (x varies) and x held at x0 (y varies), and optionally their tangents at the point.
 * @example show(slicesSurfacePlot({ f: (x, y) => x * x + y * y, point: [1, 2], xRange: [-2, 3], yRange: [-1, 4] }))
 */
export function slicesSurfacePlot(options: SlicesOptions): Figure {
  checkFields("slicesSurfacePlot", options, {
    f: "function",
    point: "point",
    xRange: "range",
    yRange: "range",
    slopes: "point?",
    n: "count?",
    title: "text?",
  });
  const { f, xRange, yRange } = options;
  const [x0, y0] = options.point;
  checkFinite("point x", x0);
  checkFinite("point y", y0);
  const g = grid({ f, xRange, yRange, n: options.n ?? 40 });
  const xs = linspace(xRange[0], xRange[1], 80);
  const ys = linspace(yRange[0], yRange[1], 80);
  const z0 = f(x0, y0);
  checkFinite("f(point)", z0);
  const line = (name: string, x: number[], y: number[], z: number[], color: string, dash?: string): Trace => ({
    type: "scatter3d",
    mode: "lines",
    name,
    x,
    y,
    z,
    line: { color, width: 6, ...(dash ? { dash } : {}) },
  });
  const data: Trace[] = [
    { type: "surface", name: "f(x, y)", x: g.x, y: g.y, z: g.z, colorscale: "Viridis", opacity: 0.75, showscale: false },
    line(
      `y = ${fmt(y0)} (x varies)`,
      xs,
      xs.map(() => y0),
      xs.map((x) => f(x, y0)),
      "#d62728",
    ),
    line(
      `x = ${fmt(x0)} (y varies)`,
      ys.map(() => x0),
      ys,
      ys.map((y) => f(x0, y)),
      "#ff7f0e",
    ),
  ];
  if (options.slopes) {
    const [sx, sy] = options.slopes;
    checkFinite("slopes[0]", sx);
    checkFinite("slopes[1]", sy);
    const dx = 0.25 * (xRange[1] - xRange[0]);
    const dy = 0.25 * (yRange[1] - yRange[0]);
    data.push(line(`slope ∂f/∂x = ${fmt(sx)}`, [x0 - dx, x0 + dx], [y0, y0], [z0 - sx * dx, z0 + sx * dx], "#8c1c13", "dash"));
    data.push(line(`slope ∂f/∂y = ${fmt(sy)}`, [x0, x0], [y0 - dy, y0 + dy], [z0 - sy * dy, z0 + sy * dy], "#a05a00", "dash"));
  }
  data.push({
    type: "scatter3d",
    mode: "markers",
    name: `(${fmt(x0)}, ${fmt(y0)}, ${fmt(z0)})`,
    x: [x0],
    y: [y0],
    z: [z0],
    marker: { size: 5, color: "black" },
  });
  return {
    data,
    layout: {
      title: { text: options.title ?? `Slices through (${fmt(x0)}, ${fmt(y0)})` },
      height: 560,
      scene: { xaxis: { title: { text: "x" } }, yaxis: { title: { text: "y" } }, zaxis: { title: { text: "f(x, y)" } } },
    },
  };
}

/** Line segments for arrows from p along v, as one trace's x/y with null separators. */
function arrowSegments(arrows: Array<{ p: [number, number]; v: [number, number] }>): { x: Array<number | null>; y: Array<number | null> } {
  const x: Array<number | null> = [];
  const y: Array<number | null> = [];
  for (const { p, v } of arrows) {
    const len = Math.hypot(v[0], v[1]);
    if (!(len > 0) || !Number.isFinite(len)) continue;
    const tip: [number, number] = [p[0] + v[0], p[1] + v[1]];
    const head = 0.3 * len;
    const [ux, uy] = [v[0] / len, v[1] / len];
    const side = (angle: number): [number, number] => {
      const c = Math.cos(angle);
      const s = Math.sin(angle);
      return [tip[0] - head * (c * ux - s * uy), tip[1] - head * (s * ux + c * uy)];
    };
    const [l, r] = [side(0.45), side(-0.45)];
    x.push(p[0], tip[0], null, l[0], tip[0], r[0], null);
    y.push(p[1], tip[1], null, l[1], tip[1], r[1], null);
  }
  return { x, y };
}

export interface GradientFieldOptions {
  f: Fn2;
  grad: (x: number, y: number) => readonly number[];
  xRange: [number, number];
  yRange: [number, number];
  /** Arrows per axis (default 13). */
  arrows?: number;
  /** Points whose gradient (and its negative, the steepest descent) is drawn boldly, with unit length. */
  highlight?: Array<[number, number]>;
  /** Draw the level curve through each highlighted point (default true). */
  levelCurves?: boolean;
  title?: string;
}

/**
 * Contour lines of f with arrows of ∇f on a grid (scaled so the longest fits one grid cell),
 * and, at highlighted points, the directions of steepest ascent (∇f) and descent (-∇f) and the
 * level curve through the point.
 * @example show(gradientFieldPlot({ f, grad, xRange: [-3, 3], yRange: [-3, 3], highlight: [[1, 2]] }))
 */
export function gradientFieldPlot(options: GradientFieldOptions): Figure {
  checkFields("gradientFieldPlot", options, {
    f: "function",
    grad: "function",
    xRange: "range",
    yRange: "range",
    arrows: "count?",
    highlight: "points?",
    levelCurves: "boolean?",
    title: "text?",
  });
  const { f, grad, xRange, yRange } = options;
  const n = options.arrows ?? 13;
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`arrows must be an integer >= 2; got ${n}`);
  const base = contourPlot({ f, xRange, yRange, n: 80, title: options.title ?? "Gradient field over the level curves" });
  const xs = linspace(xRange[0], xRange[1], n);
  const ys = linspace(yRange[0], yRange[1], n);
  const field = ys.flatMap((y) => xs.map((x) => ({ p: [x, y] satisfies [number, number], v: gradientAt(grad, x, y) })));
  const longest = Math.max(...field.map((a) => Math.hypot(a.v[0], a.v[1])).filter(Number.isFinite));
  // n >= 2 points on each axis, evenly spaced: the first gap is the spacing
  const cell = Math.min(at(xs, 1, "xs") - at(xs, 0, "xs"), at(ys, 1, "ys") - at(ys, 0, "ys"));
  const scale = longest > 0 ? (0.9 * cell) / longest : 0;
  const arrows = arrowSegments(field.map((a) => ({ p: a.p, v: [a.v[0] * scale, a.v[1] * scale] })));
  const data: Trace[] = [
    ...base.data,
    {
      type: "scatter",
      mode: "lines",
      name: "∇f (scaled)",
      x: arrows.x,
      y: arrows.y,
      line: { color: "white", width: 1.5 },
      hoverinfo: "skip",
    },
  ];
  for (const p of options.highlight ?? []) {
    const g = gradientAt(grad, p[0], p[1]);
    const len = Math.hypot(g[0], g[1]);
    if (!(len > 0)) throw new RangeError(`the gradient at (${fmt(p[0])}, ${fmt(p[1])}) is zero or not finite, so it has no direction`);
    const u: [number, number] = [g[0] / len, g[1] / len];
    const up = arrowSegments([{ p, v: u }]);
    const down = arrowSegments([{ p, v: [-u[0], -u[1]] }]);
    const where = `(${fmt(p[0])}, ${fmt(p[1])})`;
    data.push({
      type: "scatter",
      mode: "lines",
      name: `ascent ∇f${where} = [${fmt(g[0])}, ${fmt(g[1])}]`,
      x: up.x,
      y: up.y,
      line: { color: "#d62728", width: 4 },
    });
    data.push({ type: "scatter", mode: "lines", name: `descent -∇f${where}`, x: down.x, y: down.y, line: { color: "#1f77b4", width: 4 } });
    if (options.levelCurves !== false) {
      const level = f(p[0], p[1]);
      const g2 = grid({ f, xRange, yRange, n: 120 });
      data.push({
        type: "contour",
        name: `level curve f = ${fmt(level)}`,
        x: g2.x,
        y: g2.y,
        z: g2.z,
        contours: { start: level, end: level, size: 1, coloring: "none" },
        line: { color: "black", width: 3, dash: "dash" },
        showscale: false,
        showlegend: true,
        hoverinfo: "skip",
      });
    }
    data.push({ type: "scatter", mode: "markers", name: where, x: [p[0]], y: [p[1]], marker: { size: 10, color: "black" } });
  }
  return { data, layout: { ...base.layout, height: equalScaleHeight(xRange, yRange, 260), legend: { orientation: "h", y: -0.12 } } };
}

/** grad(x, y) as a pair; a clear error when grad does not return two numbers. */
function gradientAt(grad: (x: number, y: number) => readonly number[], x: number, y: number): [number, number] {
  const g = grad(x, y);
  const [gx, gy] = g;
  if (g.length !== 2 || typeof gx !== "number" || typeof gy !== "number")
    throw new RangeError(`gradientFieldPlot: grad(${fmt(x)}, ${fmt(y)}) must return [df/dx, df/dy]; got ${show(g)}`);
  return [gx, gy];
}
