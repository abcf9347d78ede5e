// How notebooks are kept in the repository: without outputs (see README, "Notebooks in git"),
// on the tslab kernel, with stable cell ids, and with exercises that nbgrader understands.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/jupyter";

interface Cell {
  cell_type: string;
  id?: string;
  source: string | string[];
  metadata: { tags?: string[]; nbgrader?: Record<string, unknown> };
  outputs?: unknown[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string; language?: string } };
}

const dirs = [path.join(ROOT, "notebooks"), path.join(ROOT, "test", "fixtures", "notebooks")];
const notebooks = dirs.flatMap((dir) =>
  fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".ipynb"))
    .map((n) => path.join(dir, n)),
);
const courseNotebooks = notebooks.filter((p) => p.startsWith(path.join(ROOT, "notebooks")));
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

describe("notebook hygiene", () => {
  for (const file of notebooks) {
    const name = path.relative(ROOT, file);
    it(`${name} is committed without outputs, on the tslab kernel`, () => {
      const nb = read(file);
      assert.equal(nb.metadata.kernelspec?.name, "tslab");
      assert.equal(nb.metadata.kernelspec?.language, "typescript");
      nb.cells.forEach((cell, i) => {
        if (cell.cell_type !== "code") return;
        assert.deepEqual(cell.outputs, [], `${name} cell ${i} has outputs`);
        assert.equal(cell.execution_count, null, `${name} cell ${i} has an execution count`);
      });
      const ids = nb.cells.map((c) => c.id);
      assert.equal(new Set(ids).size, ids.length, `${name}: cell ids are unique`);
    });
  }

  for (const file of courseNotebooks) {
    const name = path.relative(ROOT, file);
    it(`${name} follows the exercise convention`, () => {
      const nb = read(file);
      const solutions = nb.cells.filter((c) => c.metadata.nbgrader?.solution === true);
      const tests = nb.cells.filter((c) => c.metadata.nbgrader?.grade === true);
      assert.ok(solutions.length > 0, `${name} has at least one exercise`);
      for (const cell of solutions) {
        const src = text(cell);
        assert.match(
          src,
          /\/\/ BEGIN SOLUTION\n[\s\S]*\/\/ END SOLUTION/,
          `${String(cell.metadata.nbgrader?.grade_id)} marks its solution`,
        );
        assert.equal(cell.metadata.nbgrader?.locked, false);
      }
      for (const cell of tests) {
        assert.equal(cell.metadata.nbgrader?.locked, true, `${String(cell.metadata.nbgrader?.grade_id)} is read-only`);
        assert.ok(Number(cell.metadata.nbgrader?.points) > 0, `${String(cell.metadata.nbgrader?.grade_id)} is worth points`);
      }
      const gradeIds = nb.cells.map((c) => c.metadata.nbgrader?.grade_id).filter(Boolean);
      assert.equal(new Set(gradeIds).size, gradeIds.length, `${name}: grade ids are unique`);
      const parameters = nb.cells.filter((c) => c.metadata.tags?.includes("parameters"));
      assert.equal(parameters.length, 1, `${name} has exactly one cell tagged "parameters"`);
    });
  }
});
