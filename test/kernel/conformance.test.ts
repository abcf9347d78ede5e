// jupyter_kernel_test, the Jupyter project's own conformance suite for kernels, run against the
// course kernel through the project's kernelspec (test/kernel/conformance.py has the samples).
import assert from "node:assert/strict";
import { runPython } from "../support/jupyter";

describe("kernel: jupyter_kernel_test conformance suite", function () {
  this.timeout(300000);

  it("passes every test of jupyter_kernel_test.KernelTests, none skipped but the pager", async () => {
    const result = await runPython("test/kernel/conformance.py", []);
    const report = result.stderr;
    assert.equal(result.code, 0, `jupyter_kernel_test failed:\n${report.slice(-6000)}`);
    const ran = /Ran (\d+) tests?/.exec(report);
    assert.ok(ran && Number(ran[1]) >= 12, `expected the whole suite to run:\n${report.slice(-3000)}`);
    assert.match(report, /\nOK \(skipped=1\)\s*$/);
    assert.doesNotMatch(report, /^skipped: /m);
    assert.equal(report.match(/\.\.\. skipped/g)?.length ?? 0, 1, "only test_pager is skipped");
  });
});
