// The plotly renderer of JupyterLab (the jupyterlab-plotly extension that pip's `plotly` installs
// into .venv) given the `dispose` it lacks. Its renderer never calls Plotly.purge, so a figure's
// WebGL scene (every 3-D surface of the course) goes on drawing 60 frames a second after its
// output is gone: a cell run again, an interact redrawn by a slider, a notebook closed. Each such
// figure costs the learner's browser CPU until the page is reloaded. The set-up adds a `dispose`
// that purges the figure, then lets the widget go as before (test/setup/plotly-renderer.test.ts;
// the browser test checks that the scenes of a closed notebook, and of outputs a second Run All
// replaced, were destroyed: closeNotebook in test/support/lab.ts, runTwice in lab-visits.ts).
//
// The extension's code is minified: the method goes in before `renderModel`, found by its exact
// text. An extension whose code differs (another plotly) is left as it is, and the set-up says so.
//
// JupyterLab serves an extension's files as never changing (cached for a year), so a browser that
// loaded the unpatched file would keep it. The file is fetched with `?v=<hash>` (written in the
// extension's remoteEntry): that hash becomes the patched file's, and the remoteEntry, changed,
// gets a new name, which the extension's package.json gives JupyterLab.
"use strict";
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

// The version in the marks: changed code replaces what an earlier set-up inserted.
const MARK = "/*gradlab: purge on dispose, 1*/";
const LATE_MARK = "/*gradlab: purge if disposed, 1*/";
// In the minified class (`class t extends ...`), `t` is the class itself: `t.Plotly` is plotly.js
// once a figure has loaded it. Purging a node plotly never drew into does nothing.
const DISPOSE = `dispose(){${MARK}if(!this.isDisposed&&t.Plotly&&this.hasGraphElement())try{t.Plotly.purge(this.node)}catch(r){}super.dispose()}`;
const ANCHOR = "renderModel(t){if(this.hasGraphElement())return Promise.resolve();";
// A figure whose output went while plotly.js was still loading (the page's first figure) is drawn
// afterwards, into the disposed widget's node: purged as soon as it is drawn, and nothing more done.
const LATE = `if(this.isDisposed){${LATE_MARK}try{t.Plotly.purge(this.node)}catch(r){}return}`;
const LATE_ANCHOR = ".then(i=>{this.showGraph(),this.hideImage(),this.update(),";
/** Each insertion: its code, the text it goes in front of (at `offset` into it), and how to find an earlier version of it. */
const INSERTIONS = [
  { code: DISPOSE, anchor: ANCHOR, offset: 0, earlier: /dispose\(\)\{\/\*gradlab: purge on dispose[^*]*\*\/.*?super\.dispose\(\)\}/ },
  {
    code: LATE,
    anchor: LATE_ANCHOR,
    offset: ".then(i=>{".length,
    earlier: /if\(this\.isDisposed\)\{\/\*gradlab: purge if disposed[^*]*\*\/.*?return\}/,
  },
];

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

const hash16 = (text) => createHash("sha256").update(text).digest("hex").slice(0, 16);

/** Atomic: a server reading the file meanwhile sees the old or the new one, never half. */
function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * Makes browsers fetch the chunk's current content: its `?v=` in the remoteEntry becomes the
 * hash of that content, and a changed remoteEntry a new name in package.json. Returns true when
 * something changed; throws when the extension is not laid out as this knows.
 */
function fetchedAnew(chunk) {
  const extDir = path.dirname(path.dirname(chunk.file));
  const pkgFile = path.join(extDir, "package.json");
  const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8"));
  const load = pkg.jupyterlab?._build?.load;
  const entryFile = load && path.join(extDir, load);
  if (!entryFile || !fs.existsSync(entryFile)) throw new Error("its package.json names no remoteEntry file");
  const name = /^\d+\.([0-9a-f]+)\.js$/.exec(path.basename(chunk.file));
  if (!name) throw new Error(`its renderer's file is named ${path.basename(chunk.file)}, not <id>.<hash>.js`);
  const query = new RegExp(`(\\.${name[1]}\\.js\\?v=)[0-9a-f]+"`, "g");
  const entry = fs.readFileSync(entryFile, "utf8");
  if ((entry.match(query) ?? []).length !== 1) throw new Error("its remoteEntry does not name the renderer's file once");
  const wanted = entry.replace(query, `$1${hash16(chunk.text)}"`);
  if (wanted === entry) return false;
  const newLoad = `static/remoteEntry.${hash16(wanted)}.js`;
  writeAtomic(path.join(extDir, newLoad), wanted);
  pkg.jupyterlab._build.load = newLoad;
  writeAtomic(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  if (path.resolve(entryFile) !== path.resolve(path.join(extDir, newLoad))) fs.rmSync(entryFile);
  return true;
}

/**
 * Adds the `dispose` to the renderer in `venv`, and makes browsers fetch the changed file.
 * Returns { state, file } where state is "patched", "up to date" (already done) or "not found"
 * (no such extension, or code it does not recognise; `reason` says which); `cached`, when set,
 * says why browsers may keep an unpatched file they cached.
 */
function patchPlotlyRenderer(venv) {
  let chunk = rendererChunk(staticDir(venv));
  if (!chunk) return { state: "not found", reason: "no jupyterlab-plotly renderer in .venv" };
  let patched = false;
  if (!INSERTIONS.every(({ code }) => chunk.text.includes(code))) {
    // What an earlier set-up inserted goes first, then every insertion again, each at its anchor.
    let text = INSERTIONS.reduce((t, { earlier }) => t.replace(earlier, ""), chunk.text);
    for (const { code, anchor, offset } of INSERTIONS) {
      const at = text.indexOf(anchor);
      if (at < 0 || text.indexOf(anchor, at + 1) >= 0) {
        return {
          state: "not found",
          file: chunk.file,
          reason: "its renderer's code is not the one this patch knows (another plotly version)",
        };
      }
      text = text.slice(0, at + offset) + code + text.slice(at + offset);
    }
    chunk = { file: chunk.file, text };
    writeAtomic(chunk.file, chunk.text);
    patched = true;
  }
  let cached;
  try {
    patched = fetchedAnew(chunk) || patched;
  } catch (error) {
    cached = `a browser that cached the unpatched file keeps it: ${error.message}`;
  }
  return { state: patched ? "patched" : "up to date", file: chunk.file, ...(cached ? { cached } : {}) };
}

module.exports = { patchPlotlyRenderer, rendererChunk, staticDir, MARK, ANCHOR, INSERTIONS };
