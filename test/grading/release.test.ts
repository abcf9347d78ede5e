// `npm run grade:release` on every course notebook (and the course-like fixtures): nbgrader's
// generate_assignment makes student versions with no solution or hidden test left, exactly the
// cells the convention says, which still open and run up to the first exercise, where they stop
// with the "not implemented" error.
import assert from "node:assert/strict";
import path from "node:path";
import fs from "node:fs";
import { ROOT } from "../support/jupyter";
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
  type Cell,
  type Notebook,
} from "../support/exercises";
import { gradedCourse, gradedNotebooks, nbformatProblems, notebookName, releasedCourse, stripAnsi } from "../support/grading";

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

/** The first 12 non-empty lines of `text`, as scripts/nbrun.py reports a failure. */
const head = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l.trim())
    .slice(0, 12);

type Output = { output_type: string; name?: string; text?: string | string[]; ename?: string; evalue?: string; traceback?: string[] };

/**
 * The first failure of an executed notebook by scripts/nbrun.py's rule (a cell with an error
 * output or a stderr stream, in output order): its kind, cell and lines; null when none.
 */
function firstFailure(nb: Notebook): { kind: "error" | "stderr"; cell: number; lines: string[] } | null {
  for (const [index, cell] of nb.cells.entries()) {
    for (const output of (cell.outputs ?? []) as Output[]) {
      if (output.output_type === "error") {
        const tb = (output.traceback ?? []).join("\n") || `${output.ename}: ${output.evalue}`;
        return { kind: "error", cell: index, lines: head(stripAnsi(tb)) };
      }
      if (output.output_type === "stream" && output.name === "stderr") {
        const text = Array.isArray(output.text) ? output.text.join("") : (output.text ?? "");
        return { kind: "stderr", cell: index, lines: head(stripAnsi(text)) };
      }
    }
  }
  return null;
}
const describeCell = (nb: Notebook, f: ReturnType<typeof firstFailure>) =>
  f ? `cell ${f.cell} (${f.kind}): ${cellText(nb.cells[f.cell] as Cell).slice(0, 200)}\n  ${f.lines.join("\n  ")}` : "no failure";

describe("grade:release makes student versions with nbgrader", function () {
  this.timeout(60 * 60 * 1000);
  // Every notebook is released once, in the shared course (test/support/grading.ts), with one
  // `npm run grade:release` for all of them.
  let course = "";
  const released = (name: string) => path.join(course, "release", name, `${name}.ipynb`);
  let problems: Record<string, string> = {};

  before(async () => {
    course = (await releasedCourse()).course;
    problems = await nbformatProblems(NOTEBOOKS.map((file) => released(notebookName(file))));
  });

  it("finds notebook 00 and the fixtures", () => {
    assert.ok(NOTEBOOKS.includes(path.join("notebooks", "00-start-here.ipynb")));
    assert.ok(NOTEBOOKS.includes(path.join("test", "fixtures", "grading", "90-grading-fixture.ipynb")));
  });

  for (const file of NOTEBOOKS) {
    const name = notebookName(file);
    describe(name, () => {
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
        assert.equal(problems[released(name)], "", "a valid notebook");
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

      // The unanswered student of the shared course hands in this release untouched; autograde
      // runs every cell of it on the kernel (nbrun would stop at the first failure; the rule for
      // what counts as one is the same).
      it(`the student version runs up to the first exercise and stops there with "not implemented"`, async () => {
        const graded = await gradedCourse();
        const student = readNotebook(released(name));
        const first = student.cells.findIndex(isSolution);
        const firstTest = student.cells.findIndex((c, i) => i > first && isTest(c));
        const ran = readNotebook(path.join(graded.course, "autograded", "unanswered", name, `${name}.ipynb`));
        assert.equal(ran.cells.length, student.cells.length);
        const failure = firstFailure(ran);
        assert.ok(failure, "an unanswered notebook cannot pass");
        assert.equal(failure.kind, "error", describeCell(ran, failure));
        // A stub at the top level of its cell throws there; inside a function, when a later cell
        // (the test, at the latest) calls it.
        const topLevel = cellText(student.cells[first]!)
          .split("\n")
          .some((line) => line === STUB[1]);
        if (topLevel) assert.equal(failure.cell, first, describeCell(ran, failure));
        else
          assert.ok(
            failure.cell > first && failure.cell <= firstTest,
            `fails between cells ${first} and ${firstTest}: ${describeCell(ran, failure)}`,
          );
        assert.match(failure.lines.join("\n"), /not implemented/, describeCell(ran, failure));
        ran.cells.forEach((cell, i) => {
          if (cell.cell_type === "code" && i <= failure.cell) assert.ok(typeof cell.execution_count === "number", `cell ${i} ran`);
        });
      });
    });
  }
});
