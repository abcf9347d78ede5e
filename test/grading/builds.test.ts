// The exercises where the learner builds a piece gradlab also has (06.3, 06.4, 09.3, 13.3, 13.4,
// 15.3), in the learner's copy as nbgrader releases it, with a wrong answer or with a call to
// gradlab's own version. A student of the shared course (test/support/grading.ts; BUILD_VARIANTS
// names which) hands in one such copy per notebook, autograded on the kernel: every other answer
// right ("builds", in 13 and 15), or wrong in exercises of their own (06's "wrong-06", 09's
// "copied", whose other wrong answers test/grading/integrity.test.ts checks). Each variant's test
// cell must fail with the message that says what is wrong, and no cell may fail but the test cells
// of the student's wrong answers. (The stub is covered by the round trip's "unanswered" student,
// the right answers by its "solutions" student.)
import assert from "node:assert/strict";
import path from "node:path";
import { cellText, readNotebook, type Notebook } from "../support/exercises";
import { BUILD_VARIANTS, gradedCourse, type GradedCourse, stripAnsi } from "../support/grading";

type Output = { output_type: string; name?: string; text?: string | string[]; ename?: string; evalue?: string; traceback?: string[] };

/** Every cell that failed (an error output or a stderr stream), with what it said. */
function failures(nb: Notebook): Array<{ cell: number; said: string }> {
  const found: Array<{ cell: number; said: string }> = [];
  nb.cells.forEach((cell, index) => {
    const bad = ((cell.outputs ?? []) as Output[]).filter(
      (o) => o.output_type === "error" || (o.output_type === "stream" && o.name === "stderr"),
    );
    if (bad.length === 0) return;
    const said = bad
      .map((o) => (o.output_type === "error" ? `${o.ename}: ${o.evalue}\n${(o.traceback ?? []).join("\n")}` : String(o.text)))
      .join("\n");
    found.push({ cell: index, said: stripAnsi(said) });
  });
  return found;
}

describe("build exercises in the learner's copy: wrong answers and gradlab's own version fail their test", function () {
  this.timeout(60 * 60 * 1000);
  let c: GradedCourse;
  const graded = (student: string, name: string) => readNotebook(path.join(c.course, "autograded", student, name, `${name}.ipynb`));
  const testCell = (nb: Notebook, exercise: string) =>
    nb.cells.findIndex((cell) => cell.metadata.nbgrader?.grade_id === `${exercise}-test`);

  before(async () => {
    c = await gradedCourse();
  });

  for (const name of [...new Set(BUILD_VARIANTS.map((v) => v.notebook))]) {
    const variants = BUILD_VARIANTS.filter((v) => v.notebook === name);
    const student = variants[0]!.student;
    describe(name, () => {
      it(`the ${student} student hands in these answers; up to the last of them only the test cells of its wrong answers fail`, () => {
        assert.ok(
          variants.every((v) => v.student === student),
          "one student per notebook",
        );
        const work = c.students[student]?.[name];
        for (const v of variants) assert.equal(work?.answers?.[v.exercise], v.answer, v.exercise);
        const failing = work?.failing;
        assert.ok(Array.isArray(failing), `${student} names the test cells that must fail in ${name}`);
        const nb = graded(student, name);
        const expected = failing.map((id) => nb.cells.findIndex((cell) => cell.metadata.nbgrader?.grade_id === id)).sort((a, b) => a - b);
        assert.ok(
          expected.every((i) => i >= 0),
          `${name} has test cells ${failing.join(", ")}`,
        );
        for (const v of variants) assert.ok(expected.includes(testCell(nb, v.exercise)), `${v.exercise}-test is among them`);
        // (What a wrong answer breaks after its test cell was never run by a notebook that stops at
        // the first failure; here later cells run, and may fail.)
        const failed = failures(nb).filter((f) => f.cell <= Math.max(...expected));
        assert.deepEqual(
          failed.map((f) => f.cell),
          expected,
          failed.map((f) => `cell ${f.cell}: ${cellText(nb.cells[f.cell]!).slice(0, 120)}\n  ${f.said.slice(0, 600)}`).join("\n"),
        );
      });

      for (const variant of variants) {
        it(`${variant.exercise}: ${variant.what} fails its test cell, saying what is wrong`, () => {
          const nb = graded(variant.student, name);
          const solution = nb.cells.find((cell) => cell.metadata.nbgrader?.grade_id === variant.exercise)!;
          assert.ok(cellText(solution).includes(variant.answer.split("\n")[0]!), "the wrong answer is in the graded copy");
          const failed = failures(nb).find((f) => f.cell === testCell(nb, variant.exercise));
          assert.ok(failed, `${variant.exercise}-test fails`);
          assert.match(failed.said, variant.message);
        });
      }
    });
  }
});
