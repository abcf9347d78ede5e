// scripts/plotly-renderer.cjs: the set-up gives JupyterLab's plotly renderer a `dispose` that purges
// its figure. What it does in a browser (a closed notebook's 3-D figures stop drawing) is checked by
// every browser visit that closes a notebook with 3-D figures (closeNotebook, test/support/lab.ts).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { ROOT } from "../support/jupyter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const renderer = require("../../scripts/plotly-renderer.cjs") as {
  patchPlotlyRenderer: (venv: string) => { state: "patched" | "up to date" | "not found"; file?: string; reason?: string; cached?: string };
  rendererChunk: (dir: string) => { file: string; text: string } | undefined;
  staticDir: (venv: string) => string;
  MARK: string;
  ANCHOR: string;
  INSERTIONS: Array<{ code: string; anchor: string; offset: number; earlier: RegExp }>;
};

const [DISPOSE, LATE] = renderer.INSERTIONS as [(typeof renderer.INSERTIONS)[0], (typeof renderer.INSERTIONS)[0]];
/** The chunk as pip installs it: without what the set-up inserted. */
const unpatched = (text: string) => renderer.INSERTIONS.reduce((t, { earlier }) => t.replace(earlier, ""), text);

describe("JupyterLab's plotly renderer purges the figures it lets go (scripts/plotly-renderer.cjs)", function () {
  this.timeout(60_000);
  const installed = renderer.rendererChunk(renderer.staticDir(path.join(ROOT, ".venv")));
  const installedDir = path.dirname(renderer.staticDir(path.join(ROOT, ".venv")));
  const loadOf = (dir: string) =>
    (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { jupyterlab: { _build: { load: string } } }).jupyterlab._build
      .load;
  let venv: string;
  let ext: string;
  const chunk = () => renderer.rendererChunk(renderer.staticDir(venv))!;
  const entryText = () => fs.readFileSync(path.join(ext, loadOf(ext)), "utf8");
  const chunkName = () => path.basename(installed!.file);
  /** How the remoteEntry names the chunk's file (webpack: `"" + id + ".<hash>.js?v=<hash>"`). */
  const fetchedAs = (text: string) => `${chunkName().replace(/^\d+/, "")}?v=${sha16(text)}"`;
  const sha16 = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 16);

  /** The extension as pip installs it, rebuilt from the installed (patched) one: the chunk without
   * the method, the remoteEntry fetching it with its own name's hash, under webpack's name. */
  function pipsExtension(): { chunk: string; entry: string } {
    const original = unpatched(installed!.text);
    const own = /^\d+\.([0-9a-f]+)\.js$/.exec(chunkName())![1]!;
    const entry = fs.readFileSync(path.join(installedDir, loadOf(installedDir)), "utf8").replace(/(\.js\?v=)[0-9a-f]+"/, `$1${own}"`);
    fs.writeFileSync(path.join(renderer.staticDir(venv), chunkName()), original);
    fs.writeFileSync(path.join(renderer.staticDir(venv), "remoteEntry.1dda3c8f6e5cd2a3.js"), entry);
    const pkg = JSON.parse(fs.readFileSync(path.join(installedDir, "package.json"), "utf8")) as {
      jupyterlab: { _build: { load: string } };
    };
    pkg.jupyterlab._build.load = "static/remoteEntry.1dda3c8f6e5cd2a3.js";
    fs.writeFileSync(path.join(ext, "package.json"), JSON.stringify(pkg));
    return { chunk: original, entry };
  }

  beforeEach(() => {
    venv = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-plotly-"));
    ext = path.dirname(renderer.staticDir(venv));
    fs.mkdirSync(renderer.staticDir(venv), { recursive: true });
  });
  afterEach(() => fs.rmSync(venv, { recursive: true, force: true }));

  it("the project's set-up patched the installed extension, and browsers fetch the patched file", () => {
    assert.ok(installed, "jupyterlab-plotly's renderer is in .venv");
    assert.equal(installed.text.split(renderer.MARK).length, 2, "one dispose method");
    for (const { code, anchor, offset } of renderer.INSERTIONS) {
      assert.equal(installed.text.split(code).length, 2, code);
      const plain = unpatched(installed.text);
      assert.equal(
        installed.text.indexOf(code),
        plain.indexOf(anchor) + offset + (code === LATE.code ? DISPOSE.code.length : 0),
        `${code} at its place`,
      );
    }
    const entry = fs.readFileSync(path.join(installedDir, loadOf(installedDir)), "utf8");
    assert.ok(entry.includes(fetchedAs(installed.text)), "the remoteEntry fetches the file by its content's hash");
  });

  it("adds the dispose before renderModel and the late purge in createGraph, once each; a second set-up changes nothing", () => {
    const original = pipsExtension().chunk;
    assert.ok(!original.includes(renderer.MARK));
    assert.equal(renderer.patchPlotlyRenderer(venv).state, "patched");
    const patched = chunk().text;
    assert.equal(patched.length - original.length, DISPOSE.code.length + LATE.code.length, "nothing but the two insertions");
    assert.equal(unpatched(patched), original);
    assert.ok(patched.includes(`super.dispose()}${renderer.ANCHOR}`));
    assert.ok(patched.includes(`.then(i=>{${LATE.code}this.showGraph(),`));
    assert.equal(patched, installed!.text, "the set-up's patch is this one");
    const files = fs.readdirSync(renderer.staticDir(venv)).sort();
    assert.deepEqual(renderer.patchPlotlyRenderer(venv), { state: "up to date", file: chunk().file });
    assert.equal(chunk().text, patched);
    assert.deepEqual(fs.readdirSync(renderer.staticDir(venv)).sort(), files);
  });

  it("makes browsers fetch the changed file: a new ?v= for it, in a remoteEntry of a new name", () => {
    const { entry } = pipsExtension();
    renderer.patchPlotlyRenderer(venv);
    const load = loadOf(ext);
    assert.notEqual(load, "static/remoteEntry.1dda3c8f6e5cd2a3.js");
    assert.equal(load, `static/remoteEntry.${sha16(entryText())}.js`);
    assert.ok(!fs.existsSync(path.join(renderer.staticDir(venv), "remoteEntry.1dda3c8f6e5cd2a3.js")), "the old remoteEntry is gone");
    // The remoteEntry differs from pip's in the chunk's ?v= only, which is the patched chunk's hash.
    assert.equal(entryText(), entry.replace(/(\.js\?v=)[0-9a-f]+"/, `$1${sha16(chunk().text)}"`));
    assert.notEqual(entryText(), entry);
  });

  it("an extension patched before browsers were told (an earlier set-up) gets the new ?v= too", () => {
    pipsExtension();
    const file = path.join(renderer.staticDir(venv), chunkName());
    fs.writeFileSync(file, installed!.text);
    assert.equal(renderer.patchPlotlyRenderer(venv).state, "patched");
    assert.ok(entryText().includes(fetchedAs(installed!.text)));
  });

  it("replaces the method an earlier set-up inserted when the method has changed", () => {
    pipsExtension();
    const older = installed!.text.replace(DISPOSE.earlier, "dispose(){/*gradlab: purge on dispose*/super.dispose()}");
    assert.notEqual(older, installed!.text);
    fs.writeFileSync(path.join(renderer.staticDir(venv), chunkName()), older);
    assert.equal(renderer.patchPlotlyRenderer(venv).state, "patched");
    assert.equal(chunk().text, installed!.text);
    assert.ok(entryText().includes(fetchedAs(installed!.text)));
  });

  it("the method purges a drawn figure, then disposes the widget, once", () => {
    // The inserted method, in a class shaped like the renderer (the minified class is named `t`).
    const method = DISPOSE.earlier.exec(installed!.text)![0];
    const calls: string[] = [];
    const sandbox = { calls };
    vm.runInNewContext(
      `class Widget { constructor() { this.isDisposed = false; this.node = "node"; } dispose() { if (this.isDisposed) return; this.isDisposed = true; calls.push("widget disposed"); } }
       const t = class t extends Widget { ${method} hasGraphElement() { return this.drawn; } };
       t.Plotly = { purge: (node) => calls.push("purge " + node) };
       const drawn = new t(); drawn.drawn = true; drawn.dispose(); drawn.dispose();
       const image = new t(); image.drawn = false; image.dispose();
       t.Plotly = { purge: () => { throw new Error("plotly failed"); } };
       const failing = new t(); failing.drawn = true; failing.dispose();`,
      sandbox,
    );
    assert.deepEqual(calls, ["purge node", "widget disposed", "widget disposed", "widget disposed"]);
  });

  it("a figure drawn after its output went (plotly.js was still loading) is purged at once, and nothing more is done", () => {
    const late = LATE.earlier.exec(installed!.text)![0];
    const calls: string[] = [];
    vm.runInNewContext(
      `const t = class t { constructor(disposed) { this.isDisposed = disposed; this.node = disposed ? "gone" : "live"; }
         drawn(i) { ${late} calls.push("shown " + this.node); } };
       t.Plotly = { purge: (node) => calls.push("purge " + node) };
       new t(true).drawn(); new t(false).drawn();`,
      { calls },
    );
    assert.deepEqual(calls, ["purge gone", "shown live"]);
  });

  it("leaves an extension it does not recognise as it is, and says why", () => {
    const file = path.join(renderer.staticDir(venv), "0.js");
    const other = 'class t{constructor(){this._img_el.className="plot-img";this.addClass("jp-RenderedPlotly")}renderModel(t){return 1}}';
    fs.writeFileSync(file, other);
    const result = renderer.patchPlotlyRenderer(venv);
    assert.equal(result.state, "not found");
    assert.match(result.reason!, /another plotly version/);
    assert.equal(fs.readFileSync(file, "utf8"), other);
    fs.rmSync(file);
    assert.deepEqual(renderer.patchPlotlyRenderer(venv), { state: "not found", reason: "no jupyterlab-plotly renderer in .venv" });
  });

  it("patches the renderer but says so when it cannot tell browsers (no remoteEntry it knows)", () => {
    pipsExtension();
    fs.rmSync(path.join(renderer.staticDir(venv), "remoteEntry.1dda3c8f6e5cd2a3.js"));
    const result = renderer.patchPlotlyRenderer(venv);
    assert.equal(result.state, "patched");
    assert.match(result.cached!, /^a browser that cached the unpatched file keeps it: its package.json names no remoteEntry file$/);
    assert.equal(chunk().text, installed!.text);
  });
});
