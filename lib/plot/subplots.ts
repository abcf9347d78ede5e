/**
 * Several figures in one, on a grid: a training dashboard (loss, gradient norms, update ratios ...)
 * or two decision boundaries side by side. Each figure keeps its traces, its axis titles and log
 * scales, and its title (shown above its panel).
 *
 * A legend entry appears once per name (the traces of the same name are grouped, so clicking it
 * toggles them in every panel), and heatmaps share one colour bar, the last panel's: give them the
 * same `zRange`.
 *
 * @example
 * show(subplots({ figures: [heatmapPlot(a), heatmapPlot(b)], columns: 2, title: "hand-written vs tfjs" }));
 * Introduced in [notebook 15](../../notebooks/15-capstone.ipynb).
 */
import type { Figure, Layout, Trace } from "./figure";
import { checkFields, show } from "../util/validate";

export interface SubplotsOptions {
  figures: Figure[];
  /** Panels per row (default: all in one row, at most 2). */
  columns?: number;
  title?: string;
  /** Height of one row of panels in pixels (default 340). */
  rowHeight?: number;
}

const GAP_X = 0.08;
const GAP_Y = 0.12;

function titleText(layout: Layout | undefined): string {
  const t = layout?.title;
  if (typeof t === "string") return t;
  return (t as { text?: string } | undefined)?.text ?? "";
}

/** A grid of the given figures as one plotly figure with one pair of axes per panel. */
export function subplots(options: SubplotsOptions): Figure {
  checkFields("subplots", options, { figures: "array", title: "text?", rowHeight: "positive?" });
  if (options.columns !== undefined && typeof options.columns !== "number")
    throw new TypeError(`subplots: columns must be a positive integer; got ${show(options.columns)}`);
  options.figures.forEach((figure: unknown, i) => {
    if (!Array.isArray((figure as { data?: unknown } | null)?.data))
      throw new TypeError(`subplots: figures[${i}] must be a figure (with a data array); got ${show(figure)}`);
  });
  const { figures } = options;
  if (!Array.isArray(figures) || figures.length === 0) throw new RangeError("subplots: figures must be a non-empty array of figures");
  const columns = options.columns ?? Math.min(figures.length, 2);
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`subplots: columns must be a positive integer; got ${columns}`);
  const rows = Math.ceil(figures.length / columns);
  const rowHeight = options.rowHeight ?? 340;
  const width = (1 - GAP_X * (columns - 1)) / columns;
  const height = (1 - GAP_Y * (rows - 1)) / rows;
  const lastHeatmapPanel = figures.reduce((last, f, k) => (f.data.some((t) => t.type === "heatmap") ? k : last), -1);
  const data: Trace[] = [];
  const layout: Layout = { height: rowHeight * rows + 80, margin: { l: 60, r: 30, t: 80, b: 60 }, annotations: [] as unknown[] };
  if (options.title) layout.title = { text: options.title };
  const seen = new Set<string>();
  figures.forEach((figure, k) => {
    const n = k + 1;
    const suffix = n === 1 ? "" : String(n);
    const row = Math.floor(k / columns);
    const col = k % columns;
    const x0 = col * (width + GAP_X);
    const y1 = 1 - row * (height + GAP_Y);
    const xDomain = [x0, x0 + width];
    const yDomain = [y1 - height, y1];
    const own = figure.layout ?? {};
    const xaxis = { ...((own.xaxis as Layout | undefined) ?? {}), domain: xDomain, anchor: `y${suffix}` };
    const yaxis: Layout = { ...((own.yaxis as Layout | undefined) ?? {}), domain: yDomain, anchor: `x${suffix}` };
    if (yaxis.scaleanchor) yaxis.scaleanchor = `x${suffix}`;
    layout[`xaxis${suffix}`] = xaxis;
    layout[`yaxis${suffix}`] = yaxis;
    const heading = titleText(own);
    if (heading) {
      (layout.annotations as unknown[]).push({
        text: heading,
        x: x0 + width / 2,
        y: y1,
        xref: "paper",
        yref: "paper",
        xanchor: "center",
        yanchor: "bottom",
        showarrow: false,
        font: { size: 13 },
      });
    }
    for (const trace of figure.data) {
      const copy: Trace = { ...trace, xaxis: `x${suffix}`, yaxis: `y${suffix}` };
      if (trace.name !== undefined && trace.showlegend !== false) {
        copy.legendgroup = trace.name;
        if (seen.has(trace.name)) copy.showlegend = false;
        seen.add(trace.name);
      }
      if (trace.type === "heatmap") {
        if (k !== lastHeatmapPanel) copy.showscale = false;
        else copy.colorbar = { ...(trace.colorbar ?? {}), len: height, y: y1 - height / 2, yanchor: "middle" };
      }
      data.push(copy);
    }
  });
  if (figures.some((f) => (f.layout?.legend as Layout | undefined)?.orientation === "h")) layout.legend = { orientation: "h", y: -0.12 };
  return { data, layout };
}
