// Every course notebook, executed from a fresh kernel through nbclient with the project's
// kernelspec, as JupyterLab's Run All would; then every cell is run a second time in the same
// kernel (a learner re-running cells): it must succeed again and leave the number of live tfjs
// tensors unchanged. Executed copies go to test-output/executed/ (first pass) and
// test-output/rerun/ (second pass, compared with the first by reproducibility.test.ts);
// notebooks/ is never written.
import assert from "node:assert/strict";
import { describeFailure } from "../support/jupyter";
import { notebookTexts } from "../support/outputs";
import { failedClaimLines } from "../../lib/check/claims";
import { executedCopy, NOTEBOOKS, runTwice } from "./runs";

describe("notebooks run top to bottom, and again, without errors, aborts, stderr or leaked tensors", function () {
  // A hang guard, not a speed goal: speed is measured by the benchmarks.
  this.timeout(15 * 60 * 1000);

  it("finds the course notebooks", () => assert.ok(NOTEBOOKS.length > 0));

  for (const name of NOTEBOOKS) {
    it(name, async function () {
      const report = await runTwice(name);
      assert.ok(report.ok, describeFailure(report));
      // Prose claims (lib/check/claims) must hold with the default parameters; a learner's changed
      // parameters may break them (the parameter-variant tests do not look).
      const broken = failedClaimLines(notebookTexts(executedCopy(name)));
      assert.deepEqual(broken, [], `${name}: a sentence of the prose does not hold with the default parameters`);
      const slowest = [...report.cell_times].sort((a, b) => b.seconds - a.seconds)[0];
      const [before, after] = report.tensors ?? [NaN, NaN];
      this.test!.title = `${name} (${report.seconds.toFixed(1)} s for ${report.then ? "two passes and the parameter variant" : "two passes"}, slowest cell ${slowest?.cell ?? "-"}: ${slowest?.seconds.toFixed(1) ?? "-"} s, tensors ${before} -> ${after})`;
    });
  }
});
