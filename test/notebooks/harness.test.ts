// The notebook harness is itself tested: each fixture breaks in one way, and the harness must
// fail it, naming the cell and the cause. A harness that passes everything would pass these.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { runNotebook, describeFailure, ROOT, withFlakyKernelspec } from "../support/jupyter";
import { comparableOutputsAcrossRuns, notebookTexts } from "../support/outputs";

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

  it("starts the kernel again when it dies before answering (a port taken by another process)", async () => {
    const report = await withFlakyKernelspec(1, (dir) => runNotebook(fixture("good"), { env: { JUPYTER_PATH: dir } }));
    assert.equal(report.ok, true, describeFailure(report));
    assert.equal(report.kernel_starts, 2);
  });

  it("gives up after three starts that all failed, saying the kernel did not start", async () => {
    // An executed copy left by an earlier run must not pass for this run's (npm run notebook prints it).
    const out = path.join(ROOT, "test-output", "harness", "kernel-start.ipynb");
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.copyFileSync(fixture("good"), out);
    const report = await withFlakyKernelspec(3, (dir) => runNotebook(fixture("good"), { out, env: { JUPYTER_PATH: dir } }));
    assert.equal(fs.existsSync(out), false, "the earlier run's copy is gone");
    assert.equal(report.ok, false);
    assert.equal(report.kernel_starts, 3);
    assert.equal(report.failure?.kind, "kernel-start");
    assert.equal(report.failure?.phase, "start");
    assert.match(
      describeFailure(report),
      /: the notebook failed before it ran: its kernel did not start \(kernel-start\)\n {2}no kernel came up in 3 starts; the last: Kernel died before replying to kernel_info$/,
    );
  });

  it("interrupts a cell that runs too long and reports a timeout", async () => {
    const report = await runNotebook(fixture("timeout"), { timeout: 5 });
    assert.equal(report.ok, false);
    assert.equal(report.failure?.kind, "timeout");
    assert.equal(report.failure?.cell, 1);
  });
});

// What npm test runs for a course notebook (runs.ts): the parameter variant, then the notebook's own
// values in the same kernel; and what the determinism test compares that run with (a run from a
// fresh kernel). The fixture holds three faults, a cell each, that this arrangement must catch.
describe("notebook harness: the parameter variant, then Run All again in its kernel, compared with a fresh run", function () {
  this.timeout(180000);
  const out = path.join(ROOT, "test-output", "harness");
  const copy = (name: string) => path.join(out, `${name}.ipynb`);
  const differingCells = (a: string, b: string) => {
    const [x, y] = [comparableOutputsAcrossRuns(a), comparableOutputsAcrossRuns(b)];
    return x.flatMap((outputs, cell) => (JSON.stringify(outputs) === JSON.stringify(y[cell]) ? [] : [cell]));
  };
  // The fixture's cells: 2 counts its runs in a global, 3 prints Math.random(), 4 keeps a tensor.
  const [CARRIED, UNSEEDED] = [2, 3];
  before(() => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
  });

  it("after the variant: the tensor kept by every run fails the tensor check; carried-over state and an unseeded number differ from a fresh run", async () => {
    const after = await runNotebook(fixture("rerun-faults"), {
      out: copy("after"),
      variant: { params: { rate: "2" }, out: copy("variant") },
    });
    assert.equal(after.variant?.ok, true, describeFailure(after.variant!));
    assert.equal(after.ok, false);
    assert.equal(after.failure?.kind, "tensor-leak");
    assert.equal(after.failure?.phase, "after-variant");
    assert.deepEqual(after.tensors, [1, 2]);
    assert.match(describeFailure(after), /when run with its own values after the parameter variant, in the same kernel \(tensor-leak\)/);
    for (const name of ["fresh1", "fresh2"]) {
      const fresh = await runNotebook(fixture("rerun-faults"), { out: copy(name) });
      assert.equal(fresh.ok, true, describeFailure(fresh));
    }
    assert.deepEqual(differingCells(copy("fresh1"), copy("fresh2")), [UNSEEDED], "two fresh runs see only the unseeded number");
    assert.deepEqual(differingCells(copy("after"), copy("fresh1")), [CARRIED, UNSEEDED], "the run after the variant prints run 2");
  });

  it("a variant that fails leaves the notebook's own values to a fresh kernel, and says so", async () => {
    const report = await runNotebook(fixture("rerun-faults"), { out: copy("own"), variant: { params: { rate: "20" } } });
    assert.equal(report.variant?.ok, false);
    assert.equal(report.variant?.failure?.cell, CARRIED + 1, "the fixture's cell 2, after the cell that sets the variant's values");
    assert.match(report.variant?.failure?.lines.join("\n") ?? "", /a rate over 10 breaks/);
    assert.equal(report.ok, true, describeFailure(report));
    assert.equal(report.tensors, undefined, "no Run All after the variant to count tensors of");
    assert.ok(notebookTexts(copy("own")).includes("run 1 of this kernel, rate 1\n"), "its own values ran from a fresh kernel");
  });
});
