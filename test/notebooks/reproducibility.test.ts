// Same seed, same outputs: the run of each notebook with its own values (test-output/executed/,
// made by notebooks.test.ts) must print exactly what another run of the same inputs printed, apart
// from printed durations and clock-driven progress lines. The other run is, in this order:
//   - the second pass in the same kernel, when runs.ts made one (test:backend, a file run alone);
//   - else JupyterLab's Run All of the browser test (test/browser/course.test.ts) from a fresh
//     kernel, when it ran clean from the same inputs (the key of reference-runs.ts): npm test's
//     case. There the executed copy was made in a kernel that had just run the notebook's
//     parameter variant, so a number drawn from an unseeded source (Math.random, the clock) and
//     state carried over from the run before (an RNG or cache a learner's Run All would not reset)
//     both show as a difference;
//   - else a run of its own from a fresh kernel.
// In npm test it runs after the notebook and browser groups (group "determinism", .mocharc.cjs).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describeFailure, ROOT, runNotebook } from "../support/jupyter";
import { comparableOutputsAcrossRuns } from "../support/outputs";
import { keptRun, referenceKey } from "../support/reference-runs";
import { BROWSER_RUNS, executedCopy, NOTEBOOKS, rerunCopy, runTwice } from "./runs";

const freshCopy = (name: string) => path.join(ROOT, "test-output", "fresh", name);

/** The executed copy and another run of the same inputs to compare it with (see the top of this file). */
async function runsToCompare(name: string): Promise<{ executed: string; other: string; what: string }> {
  const key = referenceKey(ROOT, name);
  let executed = keptRun(path.dirname(executedCopy(name)), name, key);
  if (!executed) {
    const report = await runTwice(name);
    assert.ok(report.ok, describeFailure(report));
    executed = executedCopy(name);
  }
  if (fs.existsSync(rerunCopy(name))) return { executed, other: rerunCopy(name), what: "the second pass in the same kernel" };
  const browser = keptRun(BROWSER_RUNS, name, key);
  if (browser) return { executed, other: browser, what: "JupyterLab's Run All from a fresh kernel" };
  fs.rmSync(freshCopy(name), { force: true });
  const report = await runNotebook(path.join("notebooks", name), { out: freshCopy(name) });
  assert.ok(report.ok, describeFailure(report));
  return { executed, other: freshCopy(name), what: "a run from a fresh kernel" };
}

describe("determinism: another run of the same notebook gives the same outputs", function () {
  this.timeout(15 * 60 * 1000);

  for (const name of NOTEBOOKS) {
    it(name, async function () {
      const { executed, other, what } = await runsToCompare(name);
      this.test!.title += ` (compared with ${what})`;
      const a = comparableOutputsAcrossRuns(executed);
      const b = comparableOutputsAcrossRuns(other);
      assert.equal(b.length, a.length, `${name}: the two runs have different numbers of cells`);
      a.forEach((outputs, cell) => assert.deepEqual(b[cell], outputs, `${name}: cell ${cell} printed something different in ${what}`));
    });
  }
});
