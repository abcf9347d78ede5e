// What the saved notebook says should be on the page, and how to say what is not: the browser
// test's checks that need no browser (test/browser/checks.test.ts tests them on their own).
import fs from "node:fs";
import type { FigureWidth, PlotState } from "./lab-page";

export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  data?: Record<string, unknown>;
}

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: NotebookOutput[];
  metadata?: Record<string, unknown>;
}

export interface NotebookJson {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
}

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * Where each 2-D trace type draws its SVG group (plotly.js 4: scatter traces are
 * `g.trace.scatter` in the scatter layer, contours `g.contour`, heatmaps `g.hm`, ...).
 * A figure with a trace type missing here and in WEBGL_3D fails with a message saying so.
 */
export const SVG_TRACES: Record<string, string> = {
  scatter: ".scatterlayer g.trace.scatter",
  bar: ".barlayer g.trace.bars",
  histogram: ".barlayer g.trace.bars",
  contour: ".contourlayer g.contour",
  heatmap: ".heatmaplayer g.hm",
  box: ".boxlayer g.trace.boxes",
};

/** Trace types drawn with WebGL inside a 3-D scene (no SVG per trace). */
export const WEBGL_3D = new Set(["surface", "scatter3d", "mesh3d", "cone", "streamtube", "isosurface", "volume"]);

export interface ExpectedPlot {
  /** Index of the cell in the notebook (0-based, as the notebook test reports cells). */
  cell: number;
  /** Which figure of that cell (0-based). */
  figure: number;
  /** The trace types, in order ("scatter" when a trace names none, as plotly assumes). */
  traces: string[];
  /** The saved output carries plotly's PNG snapshot of the figure. */
  snapshot: boolean;
}

export function readNotebookFile(file: string): NotebookJson {
  return JSON.parse(fs.readFileSync(file, "utf8")) as NotebookJson;
}

function joined(text: string | string[] | undefined): string {
  return Array.isArray(text) ? text.join("") : (text ?? "");
}

/** "cell 4 (`show(tangentPlot({`)": a cell named the way a person finds it. */
export function cellName(nb: NotebookJson, index: number): string {
  const first = joined(nb.cells[index]?.source)
    .split("\n")
    .find((line) => line.trim() !== "");
  return first === undefined ? `cell ${index}` : `cell ${index} (\`${first.trim().slice(0, 60)}\`)`;
}

/** Every plotly figure among the outputs of the executed notebook. */
export function expectedPlots(nb: NotebookJson): ExpectedPlot[] {
  const plots: ExpectedPlot[] = [];
  nb.cells.forEach((cell, index) => {
    let figure = 0;
    for (const output of cell.outputs ?? []) {
      const figureJson = output.data?.[PLOTLY_MIME] as { data?: Array<{ type?: string }> } | undefined;
      if (!figureJson) continue;
      plots.push({
        cell: index,
        figure: figure++,
        traces: (figureJson.data ?? []).map((trace) => trace.type ?? "scatter"),
        snapshot: typeof output.data?.["image/png"] === "string",
      });
    }
  });
  return plots;
}

/**
 * What a reopened, untrusted notebook has to show, by kind: each output's type and MIME types, and
 * for each plotly figure its trace types and the parts of its layout drawn apart (a 3-D scene,
 * sliders, buttons, animation frames). How an output shows untrusted depends on its kind: its
 * data was already checked against the page in the run that saved it. The browser test reopens a
 * notebook when it holds a kind no notebook reopened before it held.
 */
export function outputKinds(nb: NotebookJson): string[] {
  const kinds = new Set<string>();
  for (const cell of nb.cells) {
    for (const output of cell.outputs ?? []) {
      kinds.add(`${output.output_type} output${output.data ? `: ${Object.keys(output.data).sort().join(", ")}` : ""}`);
      const figure = output.data?.[PLOTLY_MIME] as
        { data?: Array<{ type?: string }>; layout?: Record<string, unknown>; frames?: unknown[] } | undefined;
      if (!figure) continue;
      for (const trace of figure.data ?? []) kinds.add(`${trace.type ?? "scatter"} trace`);
      for (const part of ["scene", "sliders", "updatemenus"]) if (figure.layout?.[part] !== undefined) kinds.add(`figure with ${part}`);
      if ((figure.frames ?? []).length > 0) kinds.add("figure with frames");
    }
  }
  return [...kinds].sort();
}

/** Errors, stderr and cells left unrun in the saved notebook: each one a failure. */
export function outputProblems(nb: NotebookJson): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    // JupyterLab's Run All stops at the first error and leaves the rest unrun. (It never runs a
    // blank cell: that one keeps no execution count.)
    if (typeof cell.execution_count !== "number" && joined(cell.source).trim() !== "") {
      problems.push(`${cellName(nb, index)} was not run`);
    }
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "error") {
        problems.push(`${cellName(nb, index)} failed: ${output.ename}: ${output.evalue}`);
      } else if (output.output_type === "stream" && output.name === "stderr") {
        problems.push(`${cellName(nb, index)} wrote to stderr: ${joined(output.text).trim().split("\n").slice(0, 3).join(" | ")}`);
      }
    }
  });
  return problems;
}

function tally(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => `${n} ${item}`).join(", ");
}

/** Compares one figure on the page with the figure in the notebook; [] when it is fully drawn. */
export function plotProblems(nb: NotebookJson, expected: ExpectedPlot, state: PlotState | undefined): string[] {
  const where = `${cellName(nb, expected.cell)}, figure ${expected.figure + 1} (${tally(expected.traces) || "no traces"})`;
  if (!state) return [`${where}: not on the page (no plotly renderer output for it)`];
  if (state.message) return [`${where}: plotly could not draw it: ${state.message}`];
  if (!state.drawn) return [`${where}: plotly's SVG is not in the page`];
  const problems: string[] = [];
  const wantBySelector = new Map<string, number>();
  let want3d = 0;
  for (const type of expected.traces) {
    const selector = SVG_TRACES[type];
    if (selector) wantBySelector.set(selector, (wantBySelector.get(selector) ?? 0) + 1);
    else if (WEBGL_3D.has(type)) want3d++;
    else
      problems.push(
        `${where}: the browser test has no way to count "${type}" traces; add it to SVG_TRACES or WEBGL_3D in test/support/lab.ts`,
      );
  }
  for (const [selector, want] of wantBySelector) {
    const got = state.svg[selector] ?? 0;
    if (got !== want) problems.push(`${where}: ${got} of ${want} trace groups drawn (${selector})`);
  }
  const got3d = state.scenes.reduce((a, b) => a + b, 0);
  if (got3d !== want3d) problems.push(`${where}: ${got3d} of ${want3d} 3-D traces in the WebGL scenes`);
  return problems;
}

/** Figures wider than their output area (a reader would have to scroll sideways): one problem each. */
export function figureWidthProblems(nb: NotebookJson, cell: number, wide: FigureWidth[]): string[] {
  return wide.map(
    (w) => `${cellName(nb, cell)}: a ${w.mime || "figure"} output is ${w.scrollWidth} px wide in an output area of ${w.clientWidth} px`,
  );
}
