// Bad input to lib/plot: every chart's options and their fields, the figure helpers and show.
// Each bad value gets a clear error naming the argument (a plot never draws NaN silently).
import * as plot from "../../lib/plot";
import { badInputTable, call, fields, rows, type Argument, type Fn } from "./bad-input";

const P = plot as unknown as Record<string, Fn>;
const f1 = (x: number) => x * x;
const df1 = (x: number) => 2 * x;
const f2 = (x: number, y: number) => x * x + y * y;
const g2 = (x: number, y: number) => [2 * x, 2 * y];
const range = "range";
/** A [low, high] range: none of the bad values is one. */
const R = (name: string) => name;
const fig = () => plot.linePlot({ series: [{ x: [0, 1], y: [0, 1], name: "s" }] });
const gridGood = () => ({ f: f2, xRange: [-1, 1], yRange: [-1, 1], n: 5 });
const opts = (name: string, good: () => Record<string, unknown>, specs: string[]) => fields(call(P[name]), good, specs);

const table: Record<string, Argument[]> = {
  sliderFigure: [
    ...rows(P.sliderFigure, () => [[{ label: "a", data: [] }], {}, {}], ["frames", "options:options", "layout:options"]),
    ...fields(
      (o) => plot.sliderFigure([{ label: "a", data: [] }] as never, o as never),
      () => ({}),
      ["prefix:text?", "initial:count?", "frameDuration:positive?", "static?"],
      false,
    ),
  ],
  secantPlot: opts("secantPlot", () => ({ f: f1, x0: 1, hs: [0.5], range: [0, 2] }), [
    "f:function",
    "x0:number",
    "hs",
    R(range),
    "df:function?",
    "title:text?",
  ]),
  functionPlot: opts("functionPlot", () => ({ functions: [{ f: f1, name: "f" }], range: [0, 2] }), [
    "functions",
    R(range),
    "points?",
    "title:text?",
    "xTitle:text?",
    "yTitle:text?",
  ]),
  slicesSurfacePlot: opts("slicesSurfacePlot", () => ({ f: f2, point: [0.5, 0.5], xRange: [-1, 1], yRange: [-1, 1], n: 5 }), [
    "f:function",
    "point",
    "xRange",
    "yRange",
    "slopes?",
    "n:count?",
    "title:text?",
  ]),
  gradientFieldPlot: opts("gradientFieldPlot", () => ({ f: f2, grad: g2, xRange: [-1, 1], yRange: [-1, 1], arrows: 3 }), [
    "f:function",
    "grad:function",
    "xRange",
    "yRange",
    "arrows:count?",
    "highlight?",
    "levelCurves:boolean?",
    "title:text?",
  ]),
  curve: [
    ...rows(P.curve, () => [f1, [0, 1], {}], ["f:function", R(range), "options:options"]),
    ...fields(
      (o) => plot.curve(f1, [0, 1], o as never),
      () => ({}),
      ["n:count?", "name:text?"],
      false,
    ),
  ],
  tangentPlot: opts("tangentPlot", () => ({ f: f1, df: df1, x0: 1, range: [0, 2] }), [
    "f:function",
    "df:function",
    "x0:number",
    R(range),
    "title:text?",
    "name:text?",
  ]),
  tangentSlider: opts("tangentSlider", () => ({ f: f1, df: df1, points: [0.5, 1], range: [0, 2] }), [
    "f:function",
    "df:function",
    "points",
    R(range),
    "title:text?",
    "name:text?",
    "yRange?",
  ]),
  thinLine: rows(P.thinLine, () => [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4], 4], ["x", "y", "max:count"]),
  linePlot: opts("linePlot", () => ({ series: [{ x: [0, 1], y: [0, 1], name: "s" }] }), [
    "series",
    "title:text?",
    "xTitle:text?",
    "yTitle:text?",
    "logY:boolean?",
    "logX:boolean?",
    "maxLinePoints:count?",
  ]),
  scatterPlot: opts("scatterPlot", () => ({ x: [0, 1], y: [1, 2] }), [
    "x",
    "y",
    "name:text?",
    "title:text?",
    "xTitle:text?",
    "yTitle:text?",
    "overlays?",
  ]),
  grid: opts("grid", gridGood, ["f:function", "xRange", "yRange", "n:count?"]),
  equalScaleHeight: rows(P.equalScaleHeight, () => [[0, 1], [0, 1], 100], ["xRange", "yRange", "chrome:number"]),
  contourPlot: opts("contourPlot", gridGood, [
    "f:function",
    "xRange",
    "yRange",
    "n:count?",
    "title:text?",
    "zTitle:text?",
    "paths?",
    "xTitle:text?",
    "yTitle:text?",
  ]),
  surfacePlot: opts("surfacePlot", gridGood, ["f:function", "xRange", "yRange", "n:count?", "title:text?", "zTitle:text?"]),
  escapePlot: opts(
    "escapePlot",
    () => ({
      f: f2,
      path: [
        [0.5, 0.5],
        [0.2, 0.2],
      ],
      direction: [1, 0],
      n: 5,
    }),
    ["f:function", "path", "direction", "through?", "title:text?", "n:count?"],
  ),
  heatmapPlot: opts("heatmapPlot", gridGood, [
    "f:function",
    "xRange",
    "yRange",
    "n:count?",
    "title:text?",
    "zRange?",
    "level:number?",
    "points?",
  ]),
  toPlainFigure: rows(P.toPlainFigure, () => [fig()], ["figure"]),
  describeFigure: rows(P.describeFigure, () => [fig()], ["figure"]),
  setPlotlyEmbedding: rows(P.setPlotlyEmbedding, () => ["once"], ["mode"]),
  figureHtml: rows(P.figureHtml, () => [fig(), false], ["figure", "withPlotlyJs:boolean"]),
  show: rows(P.show, () => [fig()], ["figure"]),
  subplots: opts("subplots", () => ({ figures: [fig(), fig()] }), ["figures", "columns:count?", "title:text?", "rowHeight:positive?"]),
  tangentErrors: opts("tangentErrors", () => ({ f: f1, df: df1, x0: 1 }), ["f:function", "df:function", "x0:number", "steps?"]),
  tangentErrorPlot: [
    ...rows(P.tangentErrorPlot, () => [{ f: f1, df: df1, x0: 1 }, {}], ["study", "options:options"]),
    ...fields(
      (o) => plot.tangentErrorPlot({ f: f1, df: df1, x0: 1 }, o as never),
      () => ({}),
      ["title:text?"],
      false,
    ),
  ],
};

/** Lists that may be empty (nothing extra to draw). */
const MAY_BE_EMPTY = new Set(["static", "points", "highlight", "overlays", "paths", "x", "y"]);
for (const [name, args] of Object.entries(table))
  table[name] = args.map((a) =>
    MAY_BE_EMPTY.has(a.name) && !(name === "scatterPlot" && (a.name === "x" || a.name === "y")) && !(name === "tangentSlider")
      ? { ...a, valid: [...(a.valid ?? []), "an empty array"] }
      : a.name === "maxLinePoints"
        ? { ...a, valid: [...(a.valid ?? []), "Infinity"] }
        : name === "tangentErrorPlot" && a.name === "study"
          ? { ...a, mentions: /\b(study|f)\b/ }
          : a,
  );

badInputTable("lib/plot", plot as unknown as Record<string, unknown>, table, {});
