// Same seed, same outputs: the second pass over every cell of a notebook (run by notebooks.test.ts
// in the kernel of the first, as a learner re-running the notebook does) must print exactly what
// the first pass printed, apart from printed durations. Compares test-output/executed/ with
// test-output/rerun/; run alone (without notebooks.test.ts before it), it runs the notebook itself.
//
// This replaces a dedicated second run from a fresh kernel: any output drawn from an unseeded source
// (Math.random, the clock, an RNG advanced by an earlier cell) differs between the two passes just
// as it differs between two fresh runs.
import assert from "node:assert/strict";
import fs from "node:fs";
import { describeFailure } from "../support/jupyter";
import { comparableOutputsAcrossPasses } from "../support/outputs";
import { executedCopy, NOTEBOOKS, rerunCopy, runTwice } from "./runs";

describe("determinism: running every cell again gives the same outputs", function () {
  this.timeout(15 * 60 * 1000);

  for (const name of NOTEBOOKS) {
    it(name, async () => {
      if (!fs.existsSync(executedCopy(name)) || !fs.existsSync(rerunCopy(name))) {
        const report = await runTwice(name);
        assert.ok(report.ok, describeFailure(report));
      }
      const a = comparableOutputsAcrossPasses(executedCopy(name));
      const b = comparableOutputsAcrossPasses(rerunCopy(name));
      assert.equal(b.length, a.length);
      a.forEach((outputs, cell) => assert.deepEqual(b[cell], outputs, `${name}: cell ${cell} printed something different the second time`));
    });
  }
});
