// Top-level loops run at full speed (converter.js leaves the export updates out of a cell's own
// top-level loops and copies the values after the loop and when the cell ends): these tests hold
// the semantics that must not change with it. The speed itself is measured by the bench.
import assert from "node:assert/strict";
import { probeKernel, type KernelResult } from "../support/jupyter";

function cellResult(r: KernelResult | undefined): string | undefined {
  const out = r?.outputs.find((o) => o.msg_type === "execute_result");
  return (out?.content.data as Record<string, string> | undefined)?.["text/plain"];
}

describe("kernel: top-level variables updated in loops", function () {
  this.timeout(120000);

  it("later cells see the values, closures and classes keep working, names can be declared again", async () => {
    // Expected Out[n]: null for a cell that fails, undefined for one without a result.
    const cells: Array<[string, string | null | undefined]> = [
      ["let s = 0;\nfor (let i = 0; i < 1e6; i++) s += i;\ns", "499999500000"],
      ["s", "499999500000"],
      ["let count = 0;\nfunction inc() { count++; return count; }\nfor (let i = 0; i < 3; i++) inc();\ncount", "3"],
      ["inc();\ncount", "4"],
      ["const o = { inc, count };\no.inc();\n[o.count, count]", "[ 4, 5 ]"],
      ["let total = 0;\nlet n = 10;\nwhile (n > 0) { total += n; n--; }\n[total, n]", "[ 55, 0 ]"],
      ["total + n", "55"],
      ["for (let i = 0; i < 10; i++) total += i;\ntotal", "100"],
      // Imports are plain values of the kernel's exports: imported again, then declared again.
      ['import { fmt } from "gradlab";\nfmt(0.5)', "'0.5'"],
      ['import { fmt } from "gradlab";\nfmt(0.25)', "'0.25'"],
      ["const fmt = (x: number) => `mine ${x}`;\nfmt(1)", "'mine 1'"],
      ["fmt(2)", "'mine 2'"],
      [
        "class Acc { total = 0; add(x: number) { this.total += x; return this; } }\nlet acc = new Acc();\nfor (const x of [1, 2, 3]) acc = acc.add(x);\nacc.total",
        "6",
      ],
      [
        "let pairs: string[] = [];\nouter: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j > i) continue outer; pairs = [...pairs, `${i}${j}`]; } }\npairs.join(' ')",
        "'00 10 11 20 21 22'",
      ],
      ["pairs.length", "6"],
      // A function of an earlier cell reads the newest declaration's value, also right after a loop.
      ["let lr = 0.1;", undefined],
      ["function readLr() { return lr; }", undefined],
      ["let lr = 0.5;\nfor (let i = 0; i < 2; i++) lr *= 2;\nreadLr()", "2"],
      // A failed cell's names stay those of the last cell that declared them successfully (tslab),
      // with the values the failed cell gave them before it threw, as before the change.
      ["let k = -1;", undefined],
      ["let k = 0;\nfor (;;) { k++; if (k === 5) throw new Error('stop at 5'); }", null],
      ["k", "5"],
      // A loop over an earlier cell's `let` runs on a local copy (converter.js): later cells and
      // earlier cells' functions see the final value, also when the loop throws; a loop that calls
      // a function updating the name keeps updating the name itself.
      ["let m = 0;", undefined],
      ["function readM() { return m; }", undefined],
      ["for (let i = 0; i < 3; i++) m += 10;\nreadM()", "30"],
      ["for (;;) { m++; if (m === 37) throw 'stop at 37'; }", null],
      ["[m, readM()]", "[ 37, 37 ]"],
      ["let c2 = 0;", undefined],
      ["function bump2() { c2 += 100; }", undefined],
      ["for (let i = 0; i < 3; i++) { c2 += 1; bump2(); }\nc2", "303"],
      ["let j2 = 0;\nfor (j2 = 0; j2 < 4; j2++) m -= j2;\n[m, j2]", "[ 31, 4 ]"],
      ['let s = "declared again";\nfor (let i = 0; i < 2; i++) s += "!";\ns', "'declared again!!'"],
      ["s.length", "16"],
    ];
    const results = await probeKernel({ cells: cells.map(([code]) => code), stop_on_error: false, mode: "sequential" });
    cells.forEach(([code, expected], i) => {
      const r = results[i];
      if (expected === null) {
        assert.equal(r?.reply.status, "error", code);
        return;
      }
      assert.equal(r?.reply.status, "ok", `${code}\n${JSON.stringify(r?.reply)}`);
      assert.equal(cellResult(r), expected, code);
    });
  });
});
