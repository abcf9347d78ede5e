// The plotly renderer of JupyterLab (the jupyterlab-plotly extension that pip's `plotly` installs
// into .venv) given the `dispose` it lacks. Its renderer never calls Plotly.purge, so a figure's
// WebGL scene (every 3-D surface of the course) goes on drawing 60 frames a second after its
// output is gone: a cell run again, an interact redrawn by a slider, a notebook closed. Each such
// figure costs the learner's browser CPU until the page is reloaded. The set-up adds a `dispose`
// that purges the figure, then lets the widget go as before (test/setup/plotly-renderer.test.ts;
// test/browser/course.test.ts counts the animation frames after a notebook's outputs are cleared).
//
// The extension's code is minified: the method goes in before `renderModel`, found by its exact
// text. An extension whose code differs (another plotly) is left as it is, and the set-up says so.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const MARK = "/*gradlab: purge on dispose*/";
// In the minified class (`class t extends ...`), `t` is the class itself: `t.Plotly` is plotly.js
// once a figure has loaded it. Purging a node plotly never drew into does nothing.
const DISPOSE = `dispose(){${MARK}if(!this.isDisposed&&t.Plotly&&this.hasGraphElement())try{t.Plotly.purge(this.node)}catch(r){}super.dispose()}`;
const ANCHOR = "renderModel(t){if(this.hasGraphElement())return Promise.resolve();";

/** The extension's static folder in a virtualenv (share/jupyter/labextensions/jupyterlab-plotly/static). */
function staticDir(venv) {
  return path.join(venv, "share", "jupyter", "labextensions", "jupyterlab-plotly", "static");
}

/** The chunk that holds the renderer class (the one with the `plot-img` element), or undefined. */
function rendererChunk(dir) {
  if (!fs.existsSync(dir)) return undefined;
  for (const name of fs.readdirSync(dir).filter((n) => n.endsWith(".js"))) {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, "utf8");
    if (text.includes('"plot-img"') && text.includes("jp-RenderedPlotly")) return { file, text };
  }
  return undefined;
}

/**
 * Adds the `dispose` to the renderer in `venv`. Returns { state, file } where state is "patched",
 * "up to date" (already there) or "not found" (no such extension, or code it does not recognise;
 * `reason` says which).
 */
function patchPlotlyRenderer(venv) {
  const chunk = rendererChunk(staticDir(venv));
  if (!chunk) return { state: "not found", reason: "no jupyterlab-plotly renderer in .venv" };
  if (chunk.text.includes(MARK)) return { state: "up to date", file: chunk.file };
  const at = chunk.text.indexOf(ANCHOR);
  if (at < 0 || chunk.text.indexOf(ANCHOR, at + 1) >= 0) {
    return { state: "not found", file: chunk.file, reason: "its renderer's code is not the one this patch knows (another plotly version)" };
  }
  const text = chunk.text.slice(0, at) + DISPOSE + chunk.text.slice(at);
  // Atomic: a server reading the file meanwhile sees the old or the new one, never half.
  const tmp = `${chunk.file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, chunk.file);
  return { state: "patched", file: chunk.file };
}

module.exports = { patchPlotlyRenderer, rendererChunk, staticDir, MARK, ANCHOR };
