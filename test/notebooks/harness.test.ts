// The notebook harness is itself tested: each fixture breaks in one way, and the harness must
// fail it, naming the cell and the cause. A harness that passes everything would pass these.
import assert from "node:assert/strict";
import path from "node:path";
import { runNotebook, describeFailure } from "../support/jupyter";

const fixture = (name: string) => path.join("test", "fixtures", "notebooks", `${name}.ipynb`);

describe("notebook harness (nbrun.py) on broken fixtures", function () {
  this.timeout(180000);

  it("passes a notebook that works", async () => {
    const report = await runNotebook(fixture("good"));
    assert.equal(report.ok, true, describeFailure(report));
    assert.equal(report.cell_times.length, 2);
  });

  it("fails on an error in the middle, naming the cell and the error", async () => {
    const report = await runNotebook(fixture("error-in-middle"));
    assert.equal(report.ok, false);
    assert.equal(report.failure?.kind, "error");
    assert.equal(report.failure?.cell, 1);
    assert.match(report.failure?.lines[0] ?? "", /deliberate failure in the middle/);
    assert.deepEqual(report.failure?.source, ['throw new Error("deliberate failure in the middle");']);
    assert.match(describeFailure(report), /error-in-middle\.ipynb: cell 1 failed \(error\)/);
  });

  it("fails on a cell that writes to stderr", async () => {
    const report = await runNotebook(fixture("stderr"));
    assert.equal(report.failure?.kind, "stderr");
    assert.equal(report.failure?.cell, 1);
    assert.deepEqual(report.failure?.lines, ["a warning nobody asked for"]);
  });

  it("fails on a TypeScript compile error", async () => {
    const report = await runNotebook(fixture("compile-error"));
    assert.equal(report.failure?.kind, "error");
    assert.equal(report.failure?.cell, 1);
    assert.match(report.failure?.lines.join("\n") ?? "", /Type 'number' is not assignable to type 'string'/);
  });

  it("fails on a rejected promise awaited at top level", async () => {
    const report = await runNotebook(fixture("async-rejection"));
    assert.equal(report.failure?.kind, "error");
    assert.equal(report.failure?.cell, 0);
    assert.match(report.failure?.lines.join("\n") ?? "", /rejected later/);
  });

  it("interrupts a cell that runs too long and reports a timeout", async () => {
    const report = await runNotebook(fixture("timeout"), { timeout: 5 });
    assert.equal(report.ok, false);
    assert.equal(report.failure?.kind, "timeout");
    assert.equal(report.failure?.cell, 1);
  });
});
