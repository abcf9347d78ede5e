// Same seed, same outputs (runs after notebooks.test.ts, whose executed copies it compares with;
// mocha loads test files in alphabetical order): a second fresh run of each notebook must produce exactly the outputs of
// the first (test-output/executed/, written by notebooks.test.ts), apart from printed durations.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describeFailure, ROOT, runNotebook } from "../support/jupyter";
import { comparableOutputs } from "../support/outputs";

const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((name) => name.endsWith(".ipynb"))
  .sort();

describe("determinism: two runs of a notebook give the same outputs", function () {
  this.timeout(15 * 60 * 1000);

  for (const name of NOTEBOOKS) {
    it(name, async () => {
      const first = path.join(ROOT, "test-output", "executed", name);
      if (!fs.existsSync(first)) {
        const report = await runNotebook(path.join("notebooks", name), { out: first });
        assert.ok(report.ok, describeFailure(report));
      }
      const second = path.join(ROOT, "test-output", "determinism", name);
      const report = await runNotebook(path.join("notebooks", name), { out: second });
      assert.ok(report.ok, describeFailure(report));
      const a = comparableOutputs(first);
      const b = comparableOutputs(second);
      assert.equal(b.length, a.length);
      a.forEach((outputs, cell) => assert.deepEqual(b[cell], outputs, `${name}: cell ${cell} printed something different the second time`));
    });
  }
});
