// Top-level loops run at full speed (converter.js leaves the export updates out of a cell's own
// top-level loops and copies the values after the loop and when the cell ends): these tests hold
// the semantics that must not change with it. The speed itself is measured by the bench.
import assert from "node:assert/strict";
import ts from "typescript";
import { CellSession, createConverter } from "../support/converter";
import { probeKernel, type KernelResult } from "../support/jupyter";

function cellResult(r: KernelResult | undefined): string | undefined {
  const out = r?.outputs.find((o) => o.msg_type === "execute_result");
  return (out?.content.data as Record<string, string> | undefined)?.["text/plain"];
}

/**
 * Each cell's reply and Out[n] text: `null` expects an error reply, `undefined` an ok reply without
 * a result, a string that result.
 */
function expectResults(cells: Array<[string, string | null | undefined]>, results: KernelResult[]): void {
  cells.forEach(([code, expected], i) => {
    const r = results[i];
    if (expected === null) {
      assert.equal(r?.reply.status, "error", code);
      return;
    }
    assert.equal(r?.reply.status, "ok", `${code}\n${JSON.stringify(r?.reply)}`);
    assert.equal(cellResult(r), expected, code);
  });
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
    expectResults(cells, results);
  });
});

/** The text of every loop in `js` (nested loops included), as TypeScript parses the output. */
function loopsOf(js: string): string[] {
  const file = ts.createSourceFile("cell.js", js, ts.ScriptTarget.ES2022, true);
  const loops: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIterationStatement(node, false)) loops.push(node.getText(file));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return loops;
}

// Cells that declare the names the loops below use: an earlier `let`, `const` array and object.
const EARLIER = [
  "let acc = 0;\nconst data = [1, 2, 3, 4];\nconst st = { n: 0 };\nconst arr: number[] = [0, 0, 0, 0];",
  "let total = 0;\nfunction bump() { acc += 100; }",
];

// Loops over earlier cells' names that must run on locals: no `exports.` left inside any loop.
const FAST_LOOPS = [
  "for (let i = 0; i < 1e3; i++) acc += i;", // += on an earlier let
  "for (let i = 0; i < data.length; i++) total += data[i];", // an earlier const array read
  "for (let i = 0; i < 4; i++) { st.n += i; arr[i] = i * 2; }", // earlier const object and array mutated
  "for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) acc += i * j;", // nested loops
  "let k = 0;\nwhile (k < data.length) { total -= data[k]; k++; }", // while, and this cell's own let
  "for (const x of data) acc += x;", // for-of over an earlier array
  "for (let i = 0; i < 4; i++) acc += Math.sqrt(i) + Math.max(i, data[0]);", // calls of the global Math
  "function sumTo(n: number) { for (let i = 0; i < n; i++) acc += i; return acc; }", // in a function
  "const half = (n: number) => { let s = 0; for (let i = 0; i < n; i++) s += data[i % 4] / 2; return s; };",
  "class Counter { run(n: number) { for (let i = 0; i < n; i++) st.n++; return st.n; } }", // in a method
  // The outer loop calls a function (so it updates `acc` itself); its inner loop has no call.
  "for (let i = 0; i < 2; i++) { bump(); acc += 1; for (let j = 0; j < 3; j++) total += j; }",
];

// Loops that must keep reading and writing the kernel's `exports`: code they call may use the name.
const KEPT_LOOPS = [
  "for (let i = 0; i < 3; i++) { acc += 1; bump(); }", // a function of an earlier cell updates acc
  "const Math = { sqrt: (x: number) => { acc = -1; return x; } };\nfor (let i = 0; i < 3; i++) acc += Math.sqrt(i);",
  "for (let i = 0; i < 3; i++) acc += new Number(i).valueOf();",
];

describe("kernel: loops over earlier cells' names", function () {
  this.timeout(120000);

  it("compile to locals when nothing in the loop can run other code, and keep exports otherwise", () => {
    const session = new CellSession(createConverter());
    try {
      for (const src of EARLIER) assert.deepEqual(session.run(src).diagnostics, [], src);
      // Each loop cell on the earlier cells' declarations only (none declares what another uses).
      const compile = (src: string) => session.converter.convert(session.prev, src);
      for (const src of FAST_LOOPS) {
        const out = compile(src);
        assert.deepEqual(out.diagnostics, [], src);
        const loops = loopsOf(out.output ?? "");
        assert.ok(loops.length > 0, `no loop in the output of ${src}`);
        const innermost = loops[loops.length - 1]!;
        if (src.includes("bump()")) {
          assert.match(loops[0]!, /exports\.acc/, `the outer loop calls bump(), so it keeps exports.acc:\n${out.output}`);
          assert.doesNotMatch(innermost, /exports/, `the inner loop of ${src}:\n${out.output}`);
        } else {
          for (const loop of loops) assert.doesNotMatch(loop, /exports/, `${src}\n=>\n${out.output}`);
        }
      }
      for (const src of KEPT_LOOPS) {
        const out = compile(src);
        assert.deepEqual(out.diagnostics, [], src);
        const loops = loopsOf(out.output ?? "");
        assert.ok(
          loops.some((loop) => /exports\.acc/.test(loop)),
          `${src}\n=>\n${out.output}`,
        );
      }
    } finally {
      session.converter.close();
    }
  });

  it("keep their semantics through the kernel: values, closures, re-declaration, errors at the cell's line", async () => {
    const cells: Array<[string, string | null | undefined]> = [
      [EARLIER[0]!, undefined],
      ["let total = 0;\nfunction readAcc() { return acc; }", undefined],
      ["for (let i = 0; i < data.length; i++) total += data[i];\ntotal", "10"],
      ["for (let i = 0; i < 4; i++) { st.n += i; arr[i] = i * 2; }\n[st.n, arr]", "[ 6, [ 0, 2, 4, 6 ] ]"],
      ["for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) acc += i * j;\n[acc, readAcc()]", "[ 9, 9 ]"],
      ["function sumTo(n: number) { for (let i = 0; i < n; i++) acc += i; return acc; }\nsumTo(4)", "15"],
      ["sumTo(2);\n[acc, readAcc()]", "[ 16, 16 ]"],
      ["for (let i = 0; i < 4; i++) acc += Math.sqrt(i * i);\nreadAcc()", "22"],
      // A loop in a function that throws: the name keeps the value it had when the loop stopped.
      [
        "function failAt(n: number) {\n  for (let i = 0; ; i++) {\n    acc++;\n    if (i === n) throw new Error(`stop at ${n}`);\n  }\n}",
        undefined,
      ],
      ["failAt(2)", null],
      ["[acc, readAcc()]", "[ 25, 25 ]"],
      // Declared again with another type: the loop and an earlier cell's function see the new one.
      ['let acc = "text";', undefined],
      ['for (let i = 0; i < 2; i++) acc += "!";\n[acc, readAcc()]', "[ 'text!!', 'text!!' ]"],
      ["const data = [10, 20];\nlet t2 = 0;\nfor (const x of data) t2 += x;\nt2", "30"],
      ["for (let i = 0; i < data.length; i++) t2 += data[i];\nt2", "60"],
    ];
    const results = await probeKernel({ cells: cells.map(([code]) => code), stop_on_error: false, mode: "sequential" });
    expectResults(cells, results);
    // The error thrown inside the rewritten loop points to the `new Error` in cell 9 (line 4, column 24).
    const trace = results[9]?.reply.traceback ?? [];
    assert.ok(
      trace.some((l) => /failAt \(<cell 9>:4:24\)/.test(l)),
      trace.join("\n"),
    );
  });
});
