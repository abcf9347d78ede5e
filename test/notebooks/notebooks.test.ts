// Every course notebook, executed from a fresh kernel through nbclient with the project's
// kernelspec, as JupyterLab's Run All would; then every cell is run a second time in the same
// kernel (a learner re-running cells): it must succeed again and leave the number of live tfjs
// tensors unchanged. The next notebook's runs start while a notebook's test waits for its own.
// Executed copies go to test-output/executed/ (first pass) and
// test-output/rerun/ (second pass, compared with the first by reproducibility.test.ts);
// notebooks/ is never written.
import assert from "node:assert/strict";
import { describeFailure } from "../support/jupyter";
import { notebookTexts } from "../support/outputs";
import { failedClaimLines } from "../../lib/check/claims";
import { executedCopy, NOTEBOOKS, runTwice, type RunsReport } from "./runs";

/**
 * While a notebook's test waits for its runs, the next notebook's runs start too (two notebooks at
 * a time): `npm test` runs this file beside other groups on two cores, and the files after it wait
 * for these runs, so one run at a time left a core idle once the other groups were done. Not when
 * mocha is told to pick tests (--grep, --fgrep): the next notebook's test may not run.
 */
const PICKS_TESTS = process.argv.some((arg) => /^(--grep|-g|--fgrep|-f|--invert|-i)(=|$)/.test(arg));
const runs = new Map<string, Promise<RunsReport>>();
function runsOf(name: string): Promise<RunsReport> {
  let run = runs.get(name);
  if (!run) {
    run = runTwice(name);
    run.catch(() => undefined); // awaited by the notebook's own test
    runs.set(name, run);
  }
  return run;
}

describe("notebooks run top to bottom, and again, without errors, aborts, stderr or leaked tensors", function () {
  // A hang guard, not a speed goal: speed is measured by the benchmarks.
  this.timeout(15 * 60 * 1000);

  it("finds the course notebooks", () => assert.ok(NOTEBOOKS.length > 0));

  NOTEBOOKS.forEach((name, i) => {
    it(name, async function () {
      const run = runsOf(name);
      const next = NOTEBOOKS[i + 1];
      if (next !== undefined && !PICKS_TESTS) void runsOf(next);
      const report = await run;
      assert.ok(report.ok, describeFailure(report));
      // Prose claims (lib/check/claims) must hold with the default parameters; a learner's changed
      // parameters may break them (the parameter-variant tests do not look).
      const broken = failedClaimLines(notebookTexts(executedCopy(name)));
      assert.deepEqual(broken, [], `${name}: a sentence of the prose does not hold with the default parameters`);
      const slowest = [...report.cell_times].sort((a, b) => b.seconds - a.seconds)[0];
      const [before, after] = report.tensors ?? [NaN, NaN];
      this.test!.title = `${name} (${report.seconds.toFixed(1)} s for ${report.then ? "two passes and the parameter variant" : "two passes"}, slowest cell ${slowest?.cell ?? "-"}: ${slowest?.seconds.toFixed(1) ?? "-"} s, tensors ${before} -> ${after})`;
    });
  });
});
