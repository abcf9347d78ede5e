// A cell that declares nothing has no declarations to emit (converter.js, declaresAnything): the
// kernel emits only its JavaScript and source map, and the declarations of the earlier cells carry
// over unchanged. A cell that declares anything (a name, a namespace, a
// type) still gets its declarations. The time saved is measured by the bench, not here.
import assert from "node:assert/strict";
import { CellSession, createConverter } from "../support/converter";

// [cell, declares anything, a text its declarations must hold]
const CELLS: Array<[string, boolean, string?]> = [
  ["let a = 1;\nconst data = [1, 2, 3];\ninterface P { x: number }", true, "declare let a: number;"],
  ["1 + 1", false],
  ["a + data[0]", false],
  ["for (let i = 0; i < 2; i++) a += i;", false],
  ["if (a > 0) {\n  console.log(a);\n}", false],
  ["label: for (;;) {\n  break label;\n}", false],
  ["try {\n  JSON.parse('{');\n} catch {\n  a = 0;\n}", false],
  ["let b = a + 1;", true, "declare let b: number;"],
  ["namespace NS { export const q = 1; }", true, "declare namespace NS"],
  ["type T = P | number;", true, "type T = P | number;"],
  ["const p: T = { x: 1 };\np", true, "declare const p: T;"],
  ["b * 2", false],
];

describe("kernel: declarations emitted only for cells that declare something", function () {
  this.timeout(120_000);

  it("skips the declaration emit of a cell that declares nothing, and keeps the earlier declarations as they were", () => {
    const session = new CellSession(createConverter());
    try {
      for (const [src, declares, holds] of CELLS) {
        const prev = session.prev;
        const out = session.run(src);
        assert.deepEqual(out.diagnostics, [], src);
        assert.equal(out.declarationsEmitted, declares, `declarations emitted for ${JSON.stringify(src)}?`);
        assert.ok(out.output, `JavaScript for ${src}`);
        if (declares) {
          assert.ok(out.declOutput?.includes(holds!), `${src}\n=> declarations:\n${out.declOutput}`);
        } else {
          assert.equal(out.declOutput, prev, `${src}: the earlier cells' declarations carry over as they were`);
        }
      }
      // Everything declared along the way is still there at the end.
      for (const text of ["declare let a: number;", "declare const data: number[];", "interface P", "declare let b", "type T"]) {
        assert.ok(session.prev.includes(text), `${text} in\n${session.prev}`);
      }
    } finally {
      session.converter.close();
    }
  });
});
