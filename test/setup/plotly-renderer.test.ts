// scripts/plotly-renderer.cjs: the set-up gives JupyterLab's plotly renderer a `dispose` that purges
// its figure. What it does in a browser (a closed notebook's 3-D figures stop drawing) is checked by
// every browser visit that closes a notebook with 3-D figures (closeNotebook, test/support/lab.ts).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { ROOT } from "../support/jupyter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const renderer = require("../../scripts/plotly-renderer.cjs") as {
  patchPlotlyRenderer: (venv: string) => { state: "patched" | "up to date" | "not found"; file?: string; reason?: string };
  rendererChunk: (dir: string) => { file: string; text: string } | undefined;
  staticDir: (venv: string) => string;
  MARK: string;
  ANCHOR: string;
};

describe("JupyterLab's plotly renderer purges the figures it lets go (scripts/plotly-renderer.cjs)", function () {
  this.timeout(60_000);
  const installed = renderer.rendererChunk(renderer.staticDir(path.join(ROOT, ".venv")));
  let venv: string;
  const chunk = () => renderer.rendererChunk(renderer.staticDir(venv))!;

  beforeEach(() => {
    venv = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-plotly-"));
    fs.mkdirSync(renderer.staticDir(venv), { recursive: true });
  });
  afterEach(() => fs.rmSync(venv, { recursive: true, force: true }));

  it("the project's set-up patched the installed extension", () => {
    assert.ok(installed, "jupyterlab-plotly's renderer is in .venv");
    assert.equal(installed.text.split(renderer.MARK).length, 2, "one dispose method");
  });

  it("adds one dispose, before renderModel, once; a second set-up changes nothing", () => {
    // The extension as pip installs it: the installed chunk without the patch.
    const original = installed!.text.replace(/dispose\(\)\{\/\*gradlab: purge on dispose\*\/.*?super\.dispose\(\)\}/, "");
    assert.ok(!original.includes(renderer.MARK));
    const file = path.join(renderer.staticDir(venv), path.basename(installed!.file));
    fs.writeFileSync(file, original);
    assert.equal(renderer.patchPlotlyRenderer(venv).state, "patched");
    const patched = chunk().text;
    assert.equal(patched.length - original.length, patched.indexOf(renderer.ANCHOR) - original.indexOf(renderer.ANCHOR));
    assert.ok(patched.includes(`super.dispose()}${renderer.ANCHOR}`));
    assert.equal(patched, installed!.text, "the set-up's patch is this one");
    assert.equal(renderer.patchPlotlyRenderer(venv).state, "up to date");
    assert.equal(chunk().text, patched);
  });

  it("the method purges a drawn figure, then disposes the widget, once", () => {
    // The inserted method, in a class shaped like the renderer (the minified class is named `t`).
    const method = /dispose\(\)\{\/\*gradlab: purge on dispose\*\/.*?super\.dispose\(\)\}/.exec(installed!.text)![0];
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
});
