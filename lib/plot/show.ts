/**
 * Displays a plotly figure in a notebook as one MIME bundle:
 *
 * - `application/vnd.plotly.v1+json`: the figure as an object. JupyterLab renders it with the
 *   plotly extension that Python plotly >= 6.1 installs (also in untrusted notebooks);
 *   VS Code renders it too.
 * - `text/html`: a fallback for HTML exports and other front ends. plotly.js comes from the
 *   plotly.js-dist npm package (minified into dist/vendor at build time). By default no figure
 *   carries it (JupyterLab and VS Code need only the plotly JSON, and a saved notebook stays
 *   small); exports set GRADLAB_PLOTLY_EMBED=once so that the first figure of the run carries it
 *   and later figures queue until it has loaded. No CDN.
 * - `text/plain`: a one-line description, for terminals and logs.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import fs from "node:fs";
import path from "node:path";
import { displayBundle } from "../display";
import { describeFigure, toPlainFigure, type Figure } from "./figure";
import { show as shown } from "../util/validate";

export type EmbedMode = "once" | "never";

let embedMode: EmbedMode = process.env.GRADLAB_PLOTLY_EMBED === "once" ? "once" : "never";
let plotlyEmbedded = false;
let plotlyJs: string | undefined;

/**
 * `never` (default, unless the environment sets GRADLAB_PLOTLY_EMBED=once): no figure carries
 * plotly.js (small notebooks; the HTML fallback shows a note instead of the plot, while JupyterLab
 * and VS Code still render every figure). `once`: the first figure of each kernel session carries
 * it for the HTML fallback (exports: nbconvert HTML, graded feedback).
 */
export function setPlotlyEmbedding(mode: EmbedMode): void {
  if (mode !== "once" && mode !== "never") throw new RangeError(`mode must be "once" or "never"; got ${shown(mode)}`);
  embedMode = mode;
}

function loadPlotlyJs(): string {
  if (plotlyJs !== undefined) return plotlyJs;
  const candidates = [
    path.join(__dirname, "..", "vendor", "plotly.min.js"), // dist/plot -> dist/vendor
    path.join(__dirname, "..", "..", "dist", "vendor", "plotly.min.js"), // lib/plot (ts-node) -> dist/vendor
    require.resolve("plotly.js-dist"), // unminified, if the build step has not run
  ];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) {
    // The folders relative to the project (dist/vendor, node_modules/...), not this machine's absolute paths.
    const root = path.resolve(__dirname, "..", "..");
    const shown = candidates.map((file) => path.relative(root, file).split(path.sep).join("/"));
    throw new Error(`plotly.js not found; looked in ${shown.join(", ")}; run npm run build`);
  }
  plotlyJs = fs.readFileSync(found, "utf8");
  return plotlyJs;
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function plotlyScript(): string {
  const flush =
    "(function(){var q=window.__gradlabPlotQueue||[];" +
    "window.__gradlabPlotQueue={push:function(f){f(window.Plotly);}};" +
    "for(var i=0;i<q.length;i++){q[i](window.Plotly);}})();";
  const code = loadPlotlyJs().replace(/<\/script/gi, "<\\/script");
  return `<script type="text/javascript" data-gradlab-plotly="plotly.js-dist">${code}\n${flush}</script>`;
}

/** The text/html representation of a figure (exported for the book builder and tests). */
export function figureHtml(figure: Figure, withPlotlyJs: boolean): string {
  if (typeof figure !== "object" || figure === null || !Array.isArray(figure.data))
    throw new TypeError(`figureHtml: figure must be an object with a \`data\` array of traces; got ${shown(figure)}`);
  if (typeof withPlotlyJs !== "boolean") throw new TypeError(`figureHtml: withPlotlyJs must be true or false; got ${shown(withPlotlyJs)}`);
  const height = typeof figure.layout?.height === "number" ? figure.layout.height : 420;
  const draw =
    "(function(){var el=document.currentScript&&document.currentScript.previousElementSibling;" +
    `var fig=${scriptJson(figure)};` +
    "function draw(P){el.textContent='';P.newPlot(el,fig.data,fig.layout,fig.config)" +
    ".then(function(){if(fig.frames){return P.addFrames(el,fig.frames);}});}" +
    "if(window.Plotly){draw(window.Plotly);}else{(window.__gradlabPlotQueue=window.__gradlabPlotQueue||[]).push(draw);}})();";
  return (withPlotlyJs ? plotlyScript() : "") + placeholderHtml(height) + `<script type="text/javascript">${draw}</script>`;
}

function placeholderHtml(height: number): string {
  const placeholder =
    "Interactive figure: it needs plotly.js, which this copy of the notebook does not carry. " +
    "Open the notebook in JupyterLab to see it.";
  return `<div class="gradlab-plot" style="width:100%;min-height:${height}px">${placeholder}</div>`;
}

/** Shows `figure` in the notebook. Throws on NaN/Infinity in the data (see toPlainFigure). */
export function show(figure: Figure): void {
  const plain = toPlainFigure(figure);
  const embed = embedMode === "once" && !plotlyEmbedded;
  // Without plotly.js anywhere ("never"), the HTML fallback could not draw: it is only the note,
  // not a second copy of the figure's data.
  const height = typeof plain.layout?.height === "number" ? plain.layout.height : 420;
  displayBundle({
    "application/vnd.plotly.v1+json": plain,
    "text/html": embedMode === "never" ? placeholderHtml(height) : figureHtml(plain, embed),
    "text/plain": describeFigure(plain),
  });
  if (embed) plotlyEmbedded = true;
}
