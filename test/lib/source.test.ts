import assert from "node:assert/strict";
import { captureDisplays, type DisplayMessage } from "../../lib/display";
import { showSource, sourceOf } from "../../lib/display/source";
import { gradientDescent } from "../../lib/optim/gradient-descent";
import { backprop } from "../../lib/nn/mlp";
import { Value } from "../../lib/autodiff/value";

describe("display/source: showSource shows lib's own TypeScript", () => {
  it("finds a function by value, with its doc comment, up to its closing brace", () => {
    const s = sourceOf(gradientDescent);
    assert.equal(s.file, "lib/optim/gradient-descent.ts");
    const lines = s.code.split("\n");
    assert.match(lines[0]!, /^\/\*\*/, "starts with the doc comment");
    assert.ok(lines.some((l) => l.startsWith("export function gradientDescent")));
    assert.equal(lines.at(-1), "}");
    assert.equal(s.code.split("{").length, s.code.split("}").length, "braces balance");
    assert.equal(s.lines[1] - s.lines[0] + 1, lines.length);
    assert.ok(!sourceOf(gradientDescent, { doc: false }).code.startsWith("/**"));
  });

  it("keeps every overload of a function and stops at the implementation's end", () => {
    const s = sourceOf(backprop);
    assert.equal(s.code.split("export function backprop(").length - 1, 3);
    assert.ok(s.code.includes("dYHat"), "the body is included");
    assert.equal(s.code.split("\n").at(-1), "}");
  });

  it("shows one method of a class, dedented", () => {
    const s = sourceOf("Value.backward");
    assert.equal(s.file, "lib/autodiff/value.ts");
    assert.match(s.code, /^\/\*\*/);
    assert.ok(s.code.includes("backward(): void {"));
    assert.ok(s.code.includes("topologicalOrder(this)"));
    assert.equal(s.code.split("\n").at(-1), "}");
    assert.ok(!s.code.includes("toString()"), "stops before the next method");
    assert.ok(sourceOf(Value).code.includes("export class Value"));
    // a class the module does not export: the optimizer behind sgd()
    assert.match(sourceOf("Sgd.update").code, /value\[i\] = f64\(value, i\) - lr \* f64\(grad, i\)/);
  });

  it("refuses unknown, ambiguous and malformed names with a message that says what works", () => {
    assert.throws(() => sourceOf("noSuchThing"), /no top-level function, class or const named "noSuchThing"/);
    assert.throws(() => sourceOf("sum"), /"sum" is declared in .*choose one with \{ file:/);
    assert.equal(sourceOf("sum", { file: "lib/tape/ops/reductions.ts" }).file, "lib/tape/ops/reductions.ts");
    assert.throws(() => sourceOf("Value.noMethod"), /has no method "noMethod"/);
    assert.throws(() => sourceOf("a b"), /target must be a lib function or class/);
    assert.throws(() => sourceOf("sum", { file: "lib/nowhere.ts" }), /is not a file of the project/);
  });

  it("displays highlighted TypeScript under a relative link, never an absolute path", () => {
    const seen: DisplayMessage[] = [];
    const restore = captureDisplays((m) => seen.push(m));
    try {
      showSource(gradientDescent);
    } finally {
      restore();
    }
    const md = seen[0]!.data["text/markdown"] as string;
    assert.match(md, /^`gradientDescent` in \[lib\/optim\/gradient-descent\.ts\]\(lib\/optim\/gradient-descent\.ts\), lines \d+–\d+:/);
    assert.match(md, /\n```typescript\n\/\*\*[\s\S]*\n}\n```\n$/);
    assert.ok(!md.includes(process.cwd()) && !(seen[0]!.data["text/plain"] as string).includes(process.cwd()));
  });
});
