// Every course notebook, executed from a fresh kernel through nbclient with the project's
// kernelspec, as JupyterLab's Run All would; then every cell is run a second time in the same
// kernel (a learner re-running cells): it must succeed again and leave the number of live tfjs
// tensors unchanged. Executed copies go to test-output/executed/ (notebooks/ is never written).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describeFailure, ROOT, runNotebook } from "../support/jupyter";
import { notebookTexts } from "../support/outputs";
import { failedClaimLines } from "../../lib/check/claims";

// GRADLAB_NOTEBOOKS="00,06" runs only the notebooks whose names start with one of those prefixes
// (`npm run test:quick` runs 00); unset, every notebook runs.
const only = (process.env.GRADLAB_NOTEBOOKS ?? "")
  .split(",")
  .map((p) => p.trim())
  .filter(Boolean);
const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((name) => name.endsWith(".ipynb"))
  .filter((name) => only.length === 0 || only.some((prefix) => name.startsWith(prefix)))
  .sort();

describe("notebooks run top to bottom, and again, without errors, aborts, stderr or leaked tensors", function () {
  // A hang guard, not a speed goal: speed is measured by the benchmarks.
  this.timeout(15 * 60 * 1000);

  it("finds the course notebooks", () => assert.ok(NOTEBOOKS.length > 0));

  for (const name of NOTEBOOKS) {
    it(name, async function () {
      const report = await runNotebook(path.join("notebooks", name), { out: path.join("test-output", "executed", name), rerun: true });
      assert.ok(report.ok, describeFailure(report));
      // Prose claims (lib/check/claims) must hold with the default parameters; a learner's changed
      // parameters may break them (the parameter-variant tests do not look).
      const broken = failedClaimLines(notebookTexts(path.join(ROOT, "test-output", "executed", name)));
      assert.deepEqual(broken, [], `${name}: a sentence of the prose does not hold with the default parameters`);
      const slowest = [...report.cell_times].sort((a, b) => b.seconds - a.seconds)[0];
      const [before, after] = report.tensors ?? [NaN, NaN];
      this.test!.title = `${name} (${report.seconds.toFixed(1)} s for two passes, slowest cell ${slowest?.cell ?? "-"}: ${slowest?.seconds.toFixed(1) ?? "-"} s, tensors ${before} -> ${after})`;
    });
  }
});
