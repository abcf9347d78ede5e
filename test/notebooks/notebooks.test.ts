// Every course notebook, executed through nbclient with the project's kernelspec, as JupyterLab's
// Run All would, twice in one kernel (runs.ts): after the parameter variant (when
// parameters.test.ts asked for it, as in npm test), or from a fresh kernel and then every cell a
// second time. Either way the second Run All must succeed and leave the number of live tfjs
// tensors unchanged. The run with the notebook's own values goes to test-output/executed/
// (compared with a run from a fresh kernel by reproducibility.test.ts); notebooks/ is never
// written.
import assert from "node:assert/strict";
import { describeFailure } from "../support/jupyter";
import { notebookTexts } from "../support/outputs";
import { failedClaimLines } from "../../lib/check/claims";
import { executedCopy, NOTEBOOKS, runTwice } from "./runs";

describe("notebooks run top to bottom, and again in the same kernel, without errors, aborts, stderr or leaked tensors", function () {
  // A hang guard, not a speed goal: speed is measured by the benchmarks.
  this.timeout(15 * 60 * 1000);

  it("finds the course notebooks", () => assert.ok(NOTEBOOKS.length > 0));

  for (const name of NOTEBOOKS) {
    it(name, async function () {
      const report = await runTwice(name);
      assert.ok(report.ok, describeFailure(report));
      assert.ok(
        !report.variant || report.variant.ok,
        `${name}: the parameter variant failed (the parameters test says how), so Run All after it in the same kernel went untested`,
      );
      // Prose claims (lib/check/claims) must hold with the default parameters; a learner's changed
      // parameters may break them (the parameter-variant tests do not look).
      const broken = failedClaimLines(notebookTexts(executedCopy(name)));
      assert.deepEqual(broken, [], `${name}: a sentence of the prose does not hold with the default parameters`);
      const slowest = [...report.cell_times].sort((a, b) => b.seconds - a.seconds)[0];
      const [before, after] = report.tensors ?? [NaN, NaN];
      const passes = report.variant
        ? `${(report.variant.seconds + report.seconds).toFixed(1)} s for the parameter variant, then its own values in the same kernel`
        : `${report.seconds.toFixed(1)} s for two passes`;
      this.test!.title = `${name} (${passes}, slowest cell ${slowest?.cell ?? "-"}: ${slowest?.seconds.toFixed(1) ?? "-"} s, tensors ${before} -> ${after})`;
    });
  }
});
