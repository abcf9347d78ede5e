// The kernel rebuilds lib/ when it starts (a learner's edit reaches the next kernel), and compiles
// local .ts modules next to a notebook. This file writes a probe into lib/ and dist/, which every
// kernel started meanwhile would see and rebuild: npm test runs it alone, after the groups that
// run notebooks side by side (its group in .mocharc.cjs has `alone: true`).
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { probeKernel, ROOT, type KernelResult } from "../support/jupyter";

/** The cell's Out[n]: text/plain of its execute_result (undefined when it has none). */
function cellResult(r: KernelResult): string | undefined {
  const out = r.outputs.filter((o) => o.msg_type === "execute_result");
  assert.ok(out.length <= 1, "at most one execute_result per cell");
  return (out[0]?.content.data as Record<string, string> | undefined)?.["text/plain"];
}

describe("kernel: lib/ edits reach notebooks after a kernel restart", function () {
  this.timeout(120000);
  const source = path.join(ROOT, "lib", "kernel-rebuild-probe.ts");
  const outputs = ["js", "js.map", "d.ts", "d.ts.map"].map((ext) => path.join(ROOT, "dist", `kernel-rebuild-probe.${ext}`));

  after(() => {
    for (const file of [source, ...outputs]) fs.rmSync(file, { force: true });
  });

  it("recompiles a changed lib/ when the kernel starts", async () => {
    const marker = randomBytes(6).toString("hex");
    fs.writeFileSync(source, `export const marker = "${marker}";\n`);
    const [result] = await probeKernel({
      cells: ['import { marker } from "gradlab/dist/kernel-rebuild-probe";\nmarker'],
      stop_on_error: true,
      mode: "sequential",
    });
    assert.equal(result?.reply.status, "ok", JSON.stringify(result?.reply));
    assert.equal(cellResult(result), `'${marker}'`);
  });
  it("compiles a cell that imports a local .ts module and checks it against the module's types", async () => {
    // The kernel compiles and loads the module next to the notebook (tslab's "side inputs"):
    // gradlab's patch lists a cell's dependencies itself instead of TypeScript's builder.
    fs.mkdirSync(path.join(ROOT, "test-output"), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, "test-output", "kernel-local-"));
    try {
      fs.writeFileSync(path.join(dir, "helper.ts"), "export const triple = (x: number): number => 3 * x;\n");
      const [imported, wrongType, seedrandomTypes] = await probeKernel({
        cells: [
          'import { triple } from "./helper";\ntriple(14)',
          "const s: string = triple(1);",
          'import seedrandom from "seedrandom";\nconst r: () => number = seedrandom("7");\ntypeof r()',
        ],
        stop_on_error: false,
        mode: "sequential",
        cwd: dir,
      });
      assert.equal(imported?.reply.status, "ok", JSON.stringify(imported?.reply));
      assert.equal(cellResult(imported), "42");
      assert.equal(wrongType?.reply.ename, "CompileError");
      assert.match(wrongType?.reply.evalue ?? "", /Type 'number' is not assignable to type 'string'/);
      // @types/seedrandom is not a global type package of the kernel, but importing the module finds it.
      assert.equal(seedrandomTypes?.reply.status, "ok", JSON.stringify(seedrandomTypes?.reply));
      assert.equal(cellResult(seedrandomTypes), "'number'");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
