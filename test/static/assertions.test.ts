// Type assertions in lib/ (`x!`, `x as T`, `<T>x`; `as const` asserts nothing): with
// noUncheckedIndexedAccess on, an indexed read is narrowed, destructured with a check, read through
// at() or f64() (lib/util/array.ts), or kept with its reason. The count may fall, never grow:
// lower LIB_CEILING when it falls. `node -r ts-node/register/transpile-only scripts/count-assertions.ts --all`
// lists each one with its line.
import assert from "node:assert/strict";
import path from "node:path";
import { assertionsIn, countAssertions, perFile } from "../../scripts/count-assertions";
import { ROOT } from "../support/jupyter";

/** The count in lib/ when the assertions the types made unnecessary were removed (631 before). */
const LIB_CEILING = 226;

describe("static checks: type assertions in lib/", () => {
  it("the counter finds !, as and <T> assertions on the syntax tree and leaves out as const", () => {
    const source = [
      "const a = xs[0]!;",
      "const b = v as number;",
      "const c = <string>w;",
      "const d = [1, 2] as const;",
      "const e = (m.get(k) as number[])!.length;",
      "// x! and y as T in a comment, and 'z as T' in a string, are not code",
      "const f = 'z as T';",
    ].join("\n");
    const found = assertionsIn("probe.ts", source);
    assert.deepEqual(
      found.map((a) => [a.line, a.kind]),
      [
        [1, "non-null"],
        [2, "as"],
        [3, "angle"],
        [5, "non-null"],
        [5, "as"],
      ],
    );
  });

  it(`lib/ has at most ${LIB_CEILING} type assertions`, () => {
    const found = countAssertions(path.join(ROOT, "lib"), ROOT);
    const table = perFile(found)
      .slice(0, 15)
      .map(([file, n]) => `${String(n).padStart(4)}  ${file}`)
      .join("\n");
    assert.ok(
      found.length <= LIB_CEILING,
      `lib/ has ${found.length} type assertions, more than ${LIB_CEILING}: narrow, destructure with a check or use at()/f64() ` +
        `instead (scripts/count-assertions.ts --all lists them). Most per file:\n${table}`,
    );
  });
});
