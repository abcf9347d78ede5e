// One executed notebook -> the HTML of its page body. Each output is shown in the richest form a
// static page can give: plotly JSON becomes an interactive plot (plotly.js is loaded once for the
// whole site), SVG/PNG images inline, HTML tables as they are, LaTeX through KaTeX, text as text.
import { highlight, renderLatex, renderMarkdown } from "./markdown";

export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}

export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  source: string | string[];
  metadata: { tags?: string[]; nbgrader?: { solution?: boolean; grade?: boolean } };
  outputs?: Output[];
}

export interface Notebook {
  cells: Cell[];
}

const PLOTLY = "application/vnd.plotly.v1+json";

const text = (v: unknown) => (Array.isArray(v) ? v.join("") : String(v ?? ""));

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** Counts plots on a page so each gets a unique element id. */
export class PlotCounter {
  private n = 0;
  next(): string {
    this.n += 1;
    return `plot-${this.n}`;
  }
  get count(): number {
    return this.n;
  }
}

function renderData(data: Record<string, unknown>, plots: PlotCounter): string {
  if (data[PLOTLY]) {
    const id = plots.next();
    const figure = JSON.stringify(data[PLOTLY]).replace(/</g, "\\u003c");
    const svg = data["image/svg+xml"] ? `<noscript>${text(data["image/svg+xml"])}</noscript>` : "";
    return `<div class="plot" id="${id}"></div>${svg}<script>gradlabPlot(${JSON.stringify(id)}, ${figure});</script>`;
  }
  if (data["image/svg+xml"]) return `<div class="image">${text(data["image/svg+xml"])}</div>`;
  if (data["image/png"]) return `<div class="image"><img alt="figure" src="data:image/png;base64,${text(data["image/png"]).trim()}"></div>`;
  if (data["text/html"]) return `<div class="html-output">${text(data["text/html"])}</div>`;
  if (data["text/latex"]) return `<div class="latex-output">${renderLatex(text(data["text/latex"]))}</div>`;
  if (data["text/markdown"]) return `<div class="markdown-output">${renderMarkdown(text(data["text/markdown"]))}</div>`;
  if (data["text/plain"] !== undefined) return `<pre class="text-output">${escapeHtml(text(data["text/plain"]))}</pre>`;
  return "";
}

function renderOutput(output: Output, plots: PlotCounter): string {
  switch (output.output_type) {
    case "stream":
      return `<pre class="stream ${output.name ?? "stdout"}">${escapeHtml(text(output.text))}</pre>`;
    case "display_data":
    case "execute_result":
      return renderData(output.data ?? {}, plots);
    case "error":
      return `<pre class="error">${escapeHtml(`${output.ename}: ${output.evalue}`)}</pre>`;
    default:
      return "";
  }
}

function cellBadge(cell: Cell): string {
  const nb = cell.metadata.nbgrader;
  if (nb?.solution) return '<span class="badge exercise">exercise: your code</span>';
  if (nb?.grade) return '<span class="badge test">exercise: test</span>';
  if (cell.metadata.tags?.includes("parameters")) return '<span class="badge parameters">parameters</span>';
  return "";
}

/** The page body for a notebook, and how many plots it holds. */
export function renderNotebook(nb: Notebook): { html: string; plots: number } {
  const plots = new PlotCounter();
  const parts = nb.cells.map((cell) => {
    const source = text(cell.source);
    if (cell.cell_type === "markdown") return `<section class="markdown">${renderMarkdown(source)}</section>`;
    if (cell.cell_type !== "code") return "";
    const outputs = (cell.outputs ?? []).map((o) => renderOutput(o, plots)).join("");
    return (
      `<section class="code-cell">${cellBadge(cell)}<pre class="code"><code class="hljs language-typescript">${highlight(source)}</code></pre>` +
      (outputs ? `<div class="outputs">${outputs}</div>` : "") +
      "</section>"
    );
  });
  return { html: parts.join("\n"), plots: plots.count };
}

/** The notebook's title (its first heading) and a one-line summary (the first paragraph after it). */
export function describeNotebook(nb: Notebook): { title: string; summary: string } {
  const first = nb.cells.find((c) => c.cell_type === "markdown");
  const lines = text(first?.source).split("\n");
  const heading = lines.find((l) => l.startsWith("# ")) ?? "# Untitled";
  const rest = lines
    .slice(lines.indexOf(heading) + 1)
    .join("\n")
    .trim();
  const paragraph =
    rest
      .split(/\n\s*\n/)[0]
      ?.replace(/\s+/g, " ")
      .trim() ?? "";
  return { title: heading.slice(2).trim(), summary: paragraph };
}
