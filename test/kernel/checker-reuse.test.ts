// The kernel keeps one TypeScript program and type checker across cells (patches/tslab+*.patch,
// converter.js, reuseChecker): a cell that brings no module, reference or global declaration of its
// own is put into the previous cell's program and checked by the same checker, instead of a new
// program and checker over the ~900 declaration files. Whatever the kernel makes of a cell must not
// change with it: these tests compile the same cells with and without the reuse
// (GRADLAB_KERNEL_REUSE_CHECKER=0) and compare everything, and run the cases that a checker holding
// earlier cells could get wrong through the real kernel. The speed is measured by the bench
// (`npm run bench -- --peer`).
import assert from "node:assert/strict";
import { CellSession, comparable, createConverter, type Converted, type Converter } from "../support/converter";
import { probeKernel, ROOT } from "../support/jupyter";

/**
 * Runs `cells` as the kernel does: a cell with errors, or one in `throwsAtRunTime` (by index),
 * leaves the declarations as they were.
 */
function compileAll(converter: Converter, cells: string[], reuse: boolean, throwsAtRunTime: number[] = []): Converted[] {
  const session = new CellSession(converter, reuse);
  return cells.map((src, i) => session.run(src, throwsAtRunTime.includes(i)));
}

// Each cell with the index of the cells expected to keep the checker (true) or to get a new one.
const CELLS: Array<[string, boolean]> = [
  ["1 + 1", false], // the first cell: the program of the converter's start has no checker yet
  ["let x: number = 'a';", true],
  ["let x: number = 'a';", true], // the same error again: still reported
  ["const a = 3;\na * 2", true],
  ["const a = 'redeclared';\na.length", true],
  ["a.toUpperCase()", true],
  ["// @ts-expect-error\nconst bad: string = 1;", true],
  ["// @ts-expect-error\nconst fine: string = 'x';", true], // unused directive: an error
  ["// @ts-ignore\nconst ignored: number = 'x';\nignored", true],
  ["enum Color { Red, Green }\nColor.Green", true],
  ["interface P { x: number }\nconst p: P = { x: 1 };", true],
  ["const q: P = { x: 2, z: 3 };", true],
  ["const q: P = { x: 2 };\nq", true],
  ['import { fmt, setupTf, tf } from "gradlab";', false], // a module: a new program and checker
  ["const t = tf.tensor([1, 2, 3]);\nt.shape", true],
  ["const s = t.add(t).square();\nfmt(1 / 3)", true],
  ["const pending = setupTf();", true],
  // __prev__.d.ts now has `Promise<import("./dist/tf").TfInfo>`, a module path no earlier file
  // resolved, but a declaration file the program holds (gradlab's): resolved anew, same checker.
  ["pending.then((info) => info.backend)", true],
  ['import { Matrix } from "gradlab";\nMatrix.fromFlat(1, 1, [4]).get(0, 0)', true], // imports what the program holds
  ['import type { Rng } from "gradlab";\nimport * as gl from "gradlab";\nconst r: Rng = gl.createRng(1);', true],
  ['import { notExported } from "gradlab";', true], // an error, on the same checker
  ['import { fmt as f2 } from "gradlab";\nexport { createRng } from "gradlab";\nf2(0.5)', true],
  ['import gl2 = require("gradlab");\ngl2.fmt(2)', true],
  ["const m: number = tf.scalar(2);", true],
  ["function twice(v: number) { return 2 * v; }\nconst w = { twice, a };\nw.twice(4)", true],
  ["let total = 0;\nfor (let i = 0; i < 10; i++) total += i;\ntotal", true],
  ["for (let i = 0; i < 10; i++) total += i;\ntotal", true],
  ["const timer = setTimeout(() => {}, 0);\nclearTimeout(timer);", true],
  ["const buf = Buffer.from('hi');\nbuf.length", true], // __prev__.d.ts: /// <reference types="node" />
  ["const e = await Promise.resolve(5);\ne", true],
  ["class K { constructor(public v = 1) {} }\nconst k = new K(3);\nk.v", true],
  ["const syntax = (1 + ;", true],
  ["const nope = missingName + 1;", true],
  ['import * as fs from "fs";\nfs.existsSync("x")', false],
  ["fs.statSync('.').isDirectory()", true],
  ["namespace NS { export const v = 1 }\nNS.v", true],
  ["const later: string = NS.v;", true],
  ['// to import later: "fs"\nconst words = "import, require, module, global";', true], // words only
  ['const dynamic = import("path");', false], // a dynamic import: a module
  ["declare global {\n  var probeGlobal: number;\n}\nconst g = 1;", false], // a global augmentation
  ["g + 1", false], // the cell before built a program and failed: its global declarations are in that checker
  // Not a directive: a cell's file starts with the kernel's `export {};` line.
  ['/// <reference lib="es2015" />\nconst withLib = 1;', false], // after "g + 1", which built a program and failed
  ["withLib", true],
];

describe("kernel: one type checker across cells", function () {
  this.timeout(300_000);

  it("compiles every cell exactly as a new program and checker would, and keeps the checker where it can", () => {
    const cells = CELLS.map(([src]) => src);
    const reused = createConverter();
    const fresh = createConverter();
    try {
      const withReuse = compileAll(reused, cells, true);
      const without = compileAll(fresh, cells, false);
      cells.forEach((src, i) => {
        assert.deepEqual(comparable(withReuse[i]!), comparable(without[i]!), `cell ${i}: ${src}`);
        assert.equal(without[i]!.reusedChecker, false, `cell ${i} without the reuse: ${src}`);
        assert.equal(withReuse[i]!.reusedChecker, CELLS[i]![1], `cell ${i}: checker reused? ${src}`);
        if (withReuse[i]!.reusedChecker) assert.equal(withReuse[i]!.phaseMs?.checker, 0, `cell ${i}: no new checker`);
      });
      // The cases a checker that holds the earlier cells could get wrong, spelled out.
      const messages = (i: number) => withReuse[i]!.diagnostics.map((d) => `${d.start.line}:${d.start.character} ${d.messageText}`);
      const index = (src: string) => cells.indexOf(src);
      assert.deepEqual(messages(1), ["0:4 Type 'string' is not assignable to type 'number'."]);
      assert.deepEqual(messages(2), messages(1), "the same error in the next cell is reported again");
      assert.equal(withReuse[2]!.output, undefined, "a cell with a type error is not run");
      assert.deepEqual(messages(index("// @ts-expect-error\nconst fine: string = 'x';")), ["0:0 Unused '@ts-expect-error' directive."]);
      assert.deepEqual(messages(index("// @ts-ignore\nconst ignored: number = 'x';\nignored")), []);
      assert.deepEqual(messages(index("const a = 'redeclared';\na.length")), [], "a name declared again in a later cell");
      assert.deepEqual(messages(index("const m: number = tf.scalar(2);")), ["0:6 Type 'Scalar' is not assignable to type 'number'."]);
      assert.deepEqual(messages(index("const later: string = NS.v;")), ["0:6 Type 'number' is not assignable to type 'string'."]);
      assert.deepEqual(messages(index('import { notExported } from "gradlab";')), [
        `0:9 Module '"gradlab"' has no exported member 'notExported'.`,
      ]);
    } finally {
      reused.close();
      fresh.close();
    }
  });

  it("a module cell (%module) between cells: the next program is built from the cells' program", () => {
    const run = (reuse: boolean) => {
      const converter = createConverter();
      try {
        const before = compileAll(converter, ["const c1 = 1;", "const c2 = c1 + 1;"], reuse);
        const moduleErrors = converter.addModule("checker_reuse_probe", "export const z: number = 2;\n");
        const after = compileAll(
          converter,
          ['import { z } from "./checker_reuse_probe";\nz', "const z2: number = z + 1;\nz2", "const bad: string = z;"],
          reuse,
        );
        return { results: [...before, ...after], moduleErrors };
      } finally {
        converter.close();
      }
    };
    const withReuse = run(true);
    const without = run(false);
    assert.deepEqual(withReuse.moduleErrors, []);
    assert.deepEqual(without.moduleErrors, []);
    withReuse.results.forEach((out, i) => assert.deepEqual(comparable(out), comparable(without.results[i]!), `cell ${i}`));
    assert.deepEqual(
      withReuse.results.map((r) => r.reusedChecker),
      [false, true, false, true, true],
    );
    assert.equal(withReuse.results[4]!.diagnostics.length, 1, "the type error after the module cell");
  });

  it("a cell that throws at run time: the next cells get the declarations from before it, unchanged", () => {
    // The kernel keeps the earlier declarations when a cell throws; the converter had already
    // rewritten that `__prev__.d.ts` for the cell (dropping the `Matrix` it imports again).
    const cells = [
      'import { Matrix, fmt } from "gradlab";',
      "const a = 1;",
      // throws (say); "fs" is a module no file of the program resolved (an ambient one): a new program.
      'import { Matrix } from "gradlab";\nimport { existsSync } from "fs";\nconst m = Matrix.fromFlat(1, 1, [existsSync(".") ? 1 : 0]);',
      "const a2 = 2;",
      "const z = Matrix.fromFlat(1, 1, [2]);\nfmt(z.get(0, 0))",
    ];
    const run = (reuse: boolean) => {
      const converter = createConverter();
      try {
        return compileAll(converter, cells, reuse, [2]);
      } finally {
        converter.close();
      }
    };
    const withReuse = run(true);
    const without = run(false);
    cells.forEach((src, i) => assert.deepEqual(comparable(withReuse[i]!), comparable(without[i]!), `cell ${i}: ${src}`));
    assert.deepEqual(
      withReuse.map((r) => r.reusedChecker),
      // After the cell that built a program and threw, a new program (its imports' globals are in that checker).
      [false, true, false, false, true],
    );
    assert.deepEqual(withReuse[4]!.diagnostics, []);
    assert.match(withReuse[3]!.declOutput ?? "", /import \{ Matrix, fmt \} from "gradlab"/);
  });

  it("renews the checker after 100 cells on it, so that what it caches stays bounded", () => {
    const converter = createConverter();
    try {
      const cells = Array.from({ length: 104 }, (_, i) => `const n${i} = ${i};\nn${i}`);
      const reused = compileAll(converter, cells, true).map((r) => r.reusedChecker);
      // Cell 0 makes the first checker; cells 1-100 use it; cell 101 makes a new one.
      assert.deepEqual(reused.slice(0, 3), [false, true, true]);
      assert.equal(reused.slice(1, 101).every(Boolean), true);
      assert.deepEqual(reused.slice(100), [true, false, true, true]);
    } finally {
      converter.close();
    }
  });

  it("through the kernel: a type error naming an earlier cell's or a package's type shows no path of the machine", async () => {
    // TypeScript names such a type by its file (import("/abs/dir/__tslab__").Shape); the kernel's
    // compile errors go through hidePaths (tslab's util.js, patched).
    const results = await probeKernel({
      cells: [
        "interface Shape { a: number }\nconst shape: Shape = { a: 1 };",
        "interface Shape { b: string }\nconst shape2: Shape = shape;",
        'import * as tf from "@tensorflow/tfjs";',
        "const notATensor: tf.Tensor = tf.scalar(1).dataSync();",
      ],
      stop_on_error: false,
      mode: "sequential",
    });
    const errors = results
      .filter((r) => r.reply.status === "error")
      .map((r) => `${r.reply.evalue ?? ""}\n${(r.reply.traceback ?? []).join("\n")}`);
    assert.equal(errors.length, 2, JSON.stringify(results.map((r) => r.reply)));
    assert.match(errors[0]!, /import\("\.\/[^"]+"\)\.Shape/, "the earlier cell's type by a path relative to the notebook");
    for (const text of errors)
      assert.ok(!text.includes(ROOT) && !/["'(]\/(home|work|tmp|usr|root)\//.test(text), `a machine path: ${text}`);
  });

  it("through the kernel: errors of consecutive cells stop each cell, at their cell's line:column", async () => {
    const results = await probeKernel({
      cells: [
        "const n = 1;",
        "const s: string = n;",
        "const s: string = n;",
        "// @ts-expect-error\nconst ok: number = n;",
        "const r = n + 1;\nr",
      ],
      stop_on_error: false,
      mode: "sequential",
    });
    const [first, error1, error2, unused, last] = results;
    assert.equal(first?.reply.status, "ok", JSON.stringify(first?.reply));
    for (const r of [error1, error2]) {
      assert.equal(r?.reply.status, "error", JSON.stringify(r?.reply));
      assert.equal(r?.reply.ename, "CompileError");
      assert.match(r?.reply.evalue ?? "", /1:7 - Type 'number' is not assignable to type 'string'/);
    }
    assert.equal(unused?.reply.status, "error", JSON.stringify(unused?.reply));
    assert.match(unused?.reply.evalue ?? "", /1:1 - Unused '@ts-expect-error' directive/);
    assert.equal(last?.reply.status, "ok", JSON.stringify(last?.reply));
    const out = last?.outputs.find((o) => o.msg_type === "execute_result");
    assert.equal((out?.content.data as Record<string, string> | undefined)?.["text/plain"], "2");
  });
});
