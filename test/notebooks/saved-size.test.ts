// A fully run course notebook, saved as JupyterLab saves it, carries each figure once: its plotly
// JSON, which JupyterLab's renderer draws, and a one-line note as the text/html fallback; no copy of
// plotly.js and no second copy of the figure's data (exports embed those, with
// GRADLAB_PLOTLY_EMBED=once). Checks the executed copies notebooks.test.ts wrote
// (test-output/executed/), running a notebook itself when its copy is missing.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describeFailure, ROOT, runNotebook } from "../support/jupyter";

const PLOTLY = "application/vnd.plotly.v1+json";
const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((name) => name.endsWith(".ipynb"))
  .sort();

interface Output {
  data?: Record<string, unknown>;
}

describe("saved notebooks are small (under 1 MB): figures without plotly.js or a second copy of their data", function () {
  this.timeout(15 * 60 * 1000);

  for (const name of NOTEBOOKS) {
    it(name, async () => {
      const executed = path.join(ROOT, "test-output", "executed", name);
      if (!fs.existsSync(executed)) {
        const report = await runNotebook(path.join("notebooks", name), { out: executed });
        assert.ok(report.ok, describeFailure(report));
      }
      const text = fs.readFileSync(executed, "utf8");
      const bytes = Buffer.byteLength(text);
      assert.ok(bytes < 1_000_000, `${name}: the fully run notebook is ${(bytes / 1e6).toFixed(2)} MB (limit 1 MB)`);
      assert.ok(!text.includes("data-gradlab-plotly"), `${name}: an output carries a copy of plotly.js`);
      const nb = JSON.parse(text) as { cells: Array<{ outputs?: Output[] }> };
      nb.cells.forEach((cell, index) => {
        for (const output of cell.outputs ?? []) {
          const html = output.data?.["text/html"];
          if (output.data?.[PLOTLY] === undefined || html === undefined) continue;
          const joined = Array.isArray(html) ? html.join("") : String(html);
          assert.ok(!joined.includes("<script"), `${name} cell ${index}: the figure's text/html fallback carries a script`);
          assert.ok(joined.length < 1000, `${name} cell ${index}: the figure's text/html fallback is ${joined.length} characters`);
        }
      });
    });
  }
});
