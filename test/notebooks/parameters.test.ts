// Self-learners change the parameters cell and run everything again. These variants of the
// gradient-descent notebooks set a learning rate that diverges: every cell must still run, and
// the notebook must report the divergence (plots only draw the finite part; show() refuses NaN).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describeFailure, ROOT, runNotebook } from "../support/jupyter";

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { tags?: string[] };
  outputs?: Array<{ text?: string | string[]; data?: Record<string, unknown> }>;
}

const variants: Array<{ notebook: string; set: Record<string, string>; expect: RegExp }> = [
  {
    notebook: "06-gradient-descent.ipynb",
    set: { lr: "1.5" },
    expect: /diverged at iteration 10 .*Hint: learning rate 1.5 is above 2\/L = 1/,
  },
  {
    notebook: "08-linear-regression.ipynb",
    set: { lr: "1.5" },
    expect: /diverged at iteration \d+ .*Hint: learning rate 1.5 is above 2\/L/,
  },
];

function withParameters(file: string, set: Record<string, string>): { cells: Cell[] } {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] };
  const cell = nb.cells.find((c) => c.metadata.tags?.includes("parameters"));
  assert.ok(cell, `${file} has a parameters cell`);
  let source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
  for (const [name, value] of Object.entries(set)) {
    const pattern = new RegExp(`^const ${name}(: number)? = [^;]+;`, "m");
    assert.match(source, pattern, `parameter ${name}`);
    source = source.replace(pattern, `const ${name}$1 = ${value};`);
  }
  cell.source = source;
  return nb;
}

const outputText = (nb: { cells: Cell[] }) =>
  nb.cells
    .flatMap((c) => c.outputs ?? [])
    .map((o) => {
      const t = o.text ?? o.data?.["text/plain"] ?? "";
      return Array.isArray(t) ? t.join("") : String(t);
    })
    .join("\n");

describe("notebooks with changed parameters (self-learners)", function () {
  this.timeout(15 * 60 * 1000);
  for (const v of variants) {
    const label = Object.entries(v.set)
      .map(([k, val]) => `${k} = ${val}`)
      .join(", ");
    it(`${v.notebook} with ${label} runs and reports the divergence`, async () => {
      const dir = path.join(ROOT, "test-output", "variants");
      fs.mkdirSync(dir, { recursive: true });
      const source = path.join(dir, v.notebook.replace(".ipynb", `-${label.replace(/[^\w.]+/g, "_")}.ipynb`));
      fs.writeFileSync(source, JSON.stringify(withParameters(path.join(ROOT, "notebooks", v.notebook), v.set)));
      const out = source.replace(".ipynb", ".executed.ipynb");
      const report = await runNotebook(path.relative(ROOT, source), { out: path.relative(ROOT, out) });
      assert.ok(report.ok, describeFailure(report));
      assert.match(outputText(JSON.parse(fs.readFileSync(out, "utf8")) as { cells: Cell[] }).replace(/\n/g, " "), v.expect);
    });
  }
});
