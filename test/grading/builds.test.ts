// The exercises where the learner builds a piece gradlab also has (06.3, 06.4, 09.3, 13.3, 13.4,
// 15.3), in the learner's copy as nbgrader releases it: every other answer filled in, these with a
// wrong answer or with a call to gradlab's own version. The "builds" student of the shared course
// (test/support/grading.ts) hands in one such copy per notebook, autograded on the kernel: each
// variant's test cell must fail with the message that says what is wrong, and no other cell may
// fail. (The stub is covered by the round trip's "unanswered" student, the right answers by its
// "solutions" student.)
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
  const graded = (name: string) => readNotebook(path.join(c.course, "autograded", "builds", name, `${name}.ipynb`));
  const testCell = (nb: Notebook, exercise: string) =>
    nb.cells.findIndex((cell) => cell.metadata.nbgrader?.grade_id === `${exercise}-test`);

  before(async () => {
    c = await gradedCourse();
  });

  for (const name of [...new Set(BUILD_VARIANTS.map((v) => v.notebook))]) {
    const variants = BUILD_VARIANTS.filter((v) => v.notebook === name);
    describe(name, () => {
      it("the builds student hands in these answers; up to the last of them only their test cells fail", () => {
        const work = c.students.builds?.[name];
        assert.deepEqual(work?.answers, Object.fromEntries(variants.map((v) => [v.exercise, v.answer])));
        const nb = graded(name);
        const expected = variants.map((v) => testCell(nb, v.exercise));
        assert.ok(
          expected.every((i) => i >= 0),
          `${name} has exercises ${variants.map((v) => v.exercise).join(", ")}`,
        );
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
          const nb = graded(name);
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
