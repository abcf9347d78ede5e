import { show } from "../util/validate";
/**
 * Plotly figures as plain data: `{ data: traces, layout, config }`, the same object plotly.js,
 * JupyterLab's plotly renderer and plotly.py understand. Kept deliberately loose (plotly has
 * hundreds of attributes); the helpers in charts.ts fill in the ones the course uses.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */

export interface Trace {
  type?: string;
  name?: string;
  mode?: string;
  x?: ArrayLike<number | null> | string[];
  y?: ArrayLike<number | null> | string[];
  z?: ArrayLike<number | null> | ArrayLike<ArrayLike<number | null>>;
  [attribute: string]: unknown;
}

export type Layout = Record<string, unknown>;

export interface Figure {
  data: Trace[];
  layout?: Layout;
  config?: Record<string, unknown>;
  /** Animation frames (plotly `frames`), for sliders and play buttons. */
  frames?: Array<{ name?: string; data: Trace[]; layout?: Layout; traces?: number[] }>;
}

export const DEFAULT_LAYOUT: Layout = {
  height: 420,
  // The top margin leaves room for the title below plotly's toolbar (which sits in the top 30 px).
  margin: { l: 60, r: 20, t: 80, b: 50 },
  hovermode: "closest",
};

/**
 * Copies the figure into plain JSON (typed arrays become arrays, numbers rounded to 7 significant
 * digits) and refuses non-finite numbers:
 * a NaN or Infinity in a plot almost always means a computation diverged, which should be
 * reported, not drawn. Use `null` for an intended gap (e.g. at a pole of 1/x).
 */
export function toPlainFigure(figure: Figure): Figure {
  if (!figure || !Array.isArray(figure.data)) {
    throw new TypeError("figure must be an object with a `data` array of traces");
  }
  const plain = (value: unknown, where: string): unknown => {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      return plain(Array.from(value as unknown as ArrayLike<number>), where);
    }
    if (Array.isArray(value)) return value.map((v, i) => plain(v, `${where}[${i}]`));
    if (typeof value === "number") {
      if (!Number.isFinite(value)) {
        throw new RangeError(
          `${where} is ${value}: plots refuse NaN and Infinity (a diverged computation should be reported, not drawn); use null for a deliberate gap`,
        );
      }
      // Seven significant digits are far beyond what a plot can show, and keep saved notebooks
      // about half the size of full float64 text.
      return Number.isInteger(value) ? value : Number(value.toPrecision(7));
    }
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v, `${where}.${k}`)]));
    }
    return value;
  };
  const out: Figure = {
    data: figure.data.map((trace, i) => plain(trace, `trace ${i}${trace.name ? ` ("${trace.name}")` : ""}`) as Trace),
    layout: { ...DEFAULT_LAYOUT, ...(plain(figure.layout ?? {}, "layout") as Layout) },
    config: { responsive: true, displaylogo: false, ...(figure.config ?? {}) },
  };
  if (figure.frames) out.frames = plain(figure.frames, "frames") as Figure["frames"];
  return out;
}

/** A one-line description of a figure, the text/plain part of its display. */
export function describeFigure(figure: Figure): string {
  if (typeof figure !== "object" || figure === null || !Array.isArray(figure.data))
    throw new TypeError(`describeFigure: figure must be an object with a \`data\` array of traces; got ${show(figure)}`);
  const title = figure.layout?.title;
  const titleText = typeof title === "string" ? title : ((title as { text?: string } | undefined)?.text ?? "");
  const traces = figure.data.map((t) => `${t.name ?? "(unnamed)"}: ${t.type ?? "scatter"}`).join(", ");
  const frames = figure.frames ? `, ${figure.frames.length} frames` : "";
  return `[plot${titleText ? ` "${titleText}"` : ""}: ${figure.data.length} trace${figure.data.length === 1 ? "" : "s"} (${traces})${frames}]`;
}
