// `npm run grade:release` on every course notebook (and the course-like fixtures): nbgrader's
// generate_assignment makes student versions with no solution or hidden test left, exactly the
// cells the convention says, which still open and run up to the first exercise, where they stop
// with the "not implemented" error.
import assert from "node:assert/strict";
import path from "node:path";
import fs from "node:fs";
import { runNotebook, describeFailure, ROOT } from "../support/jupyter";
import {
  HIDDEN,
  SOLUTION,
  STUB,
  cellText,
  expectedStudentText,
  isSolution,
  isTest,
  readNotebook,
  regions,
  stubCount,
  type Notebook,
} from "../support/exercises";
import { courseDir, freshCourse, gradeOk, gradedNotebooks, nbformatProblems, notebookName } from "../support/grading";

const NOTEBOOKS = gradedNotebooks();

/**
 * Lines only the instructor may see: inside solution regions and hidden tests, and nowhere else in
 * the instructor's notebook (a closing brace or a line repeated elsewhere gives nothing away).
 */
function secretLines(nb: Notebook): string[] {
  const secret = new Set<string>();
  const open = new Set<string>();
  for (const cell of nb.cells) {
    const text = cellText(cell);
    const lines = text.split("\n");
    const inside = new Set<number>();
    const delims = isSolution(cell) ? SOLUTION : isTest(cell) ? HIDDEN : null;
    if (delims) {
      for (const r of regions(text, delims)) for (let i = r.begin; i <= r.end; i++) inside.add(i);
    }
    lines.forEach((line, i) => {
      const t = line.trim();
      if (t.length < 4) return;
      (inside.has(i) ? secret : open).add(t);
    });
  }
  return [...secret].filter((line) => !open.has(line));
}

/** The secret lines found in a notebook's cells. */
function leaks(nb: Notebook, secrets: string[]): string[] {
  const shown = new Set(
    nb.cells.flatMap((c) =>
      cellText(c)
        .split("\n")
        .map((l) => l.trim()),
    ),
  );
  return secrets.filter((line) => shown.has(line));
}

describe("grade:release makes student versions with nbgrader", function () {
  this.timeout(20 * 60 * 1000);
  const course = courseDir("release");
  const released = (name: string) => path.join(course, "release", name, `${name}.ipynb`);

  // Each notebook is released in its own before hook, so `npm test -- --grep NN-name` releases
  // only that one.
  before(() => freshCourse("release"));

  it("finds notebook 00 and the fixtures", () => {
    assert.ok(NOTEBOOKS.includes(path.join("notebooks", "00-start-here.ipynb")));
    assert.ok(NOTEBOOKS.includes(path.join("test", "fixtures", "grading", "90-grading-fixture.ipynb")));
  });

  for (const file of NOTEBOOKS) {
    const name = notebookName(file);
    describe(name, () => {
      before(async () => {
        await gradeOk(course, ["release", file]);
      });

      it("no solution or hidden test is left in the student version", () => {
        const source = readNotebook(path.join(ROOT, file));
        const student = readNotebook(released(name));
        const secrets = secretLines(source);
        assert.ok(secrets.length > 0, "the instructor's notebook has answers to hide");
        assert.deepEqual(leaks(source, secrets), secrets, "the search finds them in the instructor's notebook");
        assert.deepEqual(leaks(student, secrets), [], "the student version shows none of them");
        const raw = fs.readFileSync(released(name), "utf8");
        for (const word of ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"]) {
          assert.ok(!raw.includes(word), `"${word}" is left in ${released(name)}`);
        }
      });

      it("the student version is the notebook with stubs for answers and without hidden tests", async () => {
        const source = readNotebook(path.join(ROOT, file));
        const student = readNotebook(released(name));
        assert.equal(await nbformatProblems(released(name)), "", "a valid notebook");
        assert.equal(student.metadata.kernelspec?.name, "tslab");
        assert.equal(student.cells.length, source.cells.length);
        source.cells.forEach((cell, i) => {
          const got = student.cells[i]!;
          assert.equal(cellText(got), expectedStudentText(cell), `cell ${i}`);
          if (isSolution(cell)) {
            assert.equal(stubCount(cellText(got)), regions(cellText(cell), SOLUTION).length, `cell ${i} shows a stub per answer`);
            assert.notEqual(got.metadata.editable, false, `cell ${i}: students can edit their answer`);
          }
          if (isTest(cell)) {
            assert.equal(got.metadata.editable, false, `cell ${i}: a test cell is read-only`);
            assert.equal(got.metadata.deletable, false, `cell ${i}: a test cell cannot be deleted`);
            assert.equal(got.metadata.nbgrader?.points, cell.metadata.nbgrader?.points);
          }
          assert.equal(got.metadata.nbgrader?.grade_id, cell.metadata.nbgrader?.grade_id);
        });
      });

      it(`the student version runs up to the first exercise and stops there with "not implemented"`, async () => {
        const student = readNotebook(released(name));
        const first = student.cells.findIndex(isSolution);
        const firstTest = student.cells.findIndex((c, i) => i > first && isTest(c));
        const out = path.join(ROOT, "test-output", "grading", "release", "executed", `${name}.ipynb`);
        const report = await runNotebook(released(name), { out });
        assert.equal(report.ok, false, "an unanswered notebook cannot pass");
        assert.equal(report.failure?.kind, "error", describeFailure(report));
        // A stub at the top level of its cell throws there; inside a function, when a later cell
        // (the test, at the latest) calls it.
        const topLevel = cellText(student.cells[first]!)
          .split("\n")
          .some((line) => line === STUB[1]);
        const failed = report.failure.cell!;
        if (topLevel) assert.equal(failed, first, describeFailure(report));
        else assert.ok(failed > first && failed <= firstTest, `fails between cells ${first} and ${firstTest}: ${describeFailure(report)}`);
        assert.match(report.failure.lines.join("\n"), /not implemented/, describeFailure(report));
        const ran = new Set(report.cell_times.map((t) => t.cell));
        student.cells.forEach((cell, i) => {
          if (cell.cell_type === "code" && i <= failed) assert.ok(ran.has(i), `cell ${i} ran`);
        });
      });
    });
  }
});
