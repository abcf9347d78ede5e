// Students who attack the grading, driven through plain nbgrader (scripts/grade.mjs: release,
// collect, autograde, report) on the real kernel: each attack scores 0 on the exercise it attacks,
// and a student with the right answers still gets full marks. Also: a constant copied from the
// visible test passes the visible check and fails the hidden one, whose inputs are drawn at grading
// time from GRADLAB_GRADING_SEED, which the test output names.
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/jupyter";
import { exercises, readNotebook } from "../support/exercises";
import { GRADING_SEED as SEED, gradedCourse, type GradedCourse } from "../support/grading";

const NB06 = "06-gradient-descent";
const NB09 = "09-backpropagation";
// Every test cell of 06, in order: an attack on the environment fails all of them.
const ALL_06 = ["ex06-1-one-step-test", "ex06-2-iterations-test", "ex06-3-descent-loop-test", "ex06-4-predict-x3-test"];
// The attacks (their submissions are made in test/support/grading.ts, the shared course), each with
// the test cells it must fail; "solutions" is the student with every answer right.
const ATTACKS: Array<[student: string, notebook: string, failing: string[]]> = [
  ["solutions", NB06, []],
  // Shadowing the checks with functions that print a pass (ex06-1): the test cells import their
  // own. The same student returns the number of the visible case for every input (ex06-2): the
  // hidden inputs catch it. And answers the build exercises ex06-3 and ex06-4 wrong
  // (test/grading/builds.test.ts says how each fails).
  ["wrong-06", NB06, ALL_06],
  // Replacing gradlab's exports, on the package and on every one of its modules in require.cache.
  ["exports", NB06, ["ex06-1-one-step-test"]],
  // Overriding Math or Object.prototype: every later test fails, right answers included.
  ["math", NB06, ALL_06],
  ["prototype", NB06, ALL_06],
  // Ending the kernel: the remaining test cells never run, and score 0.
  ["exit", NB06, ALL_06],
  ["solutions", NB09, []],
  // The answer copied from the notebook's own tfjs computation: right on the visible case only
  // (and the build exercise ex09-3 answered wrong).
  ["copied", NB09, ["ex09-1-hidden-layer-grads-test", "ex09-3-fix-residual-backward-test"]],
];
const sourceFile = (name: string) => path.join(ROOT, "notebooks", `${name}.ipynb`);

describe("grading integrity: attacks on the tests score 0", function () {
  this.timeout(60 * 60 * 1000);
  let c: GradedCourse;

  before(async () => {
    c = await gradedCourse();
  });

  for (const [student, name, failing] of ATTACKS) {
    it(`${student} on ${name}: ${failing.length === 0 ? "full marks" : `0 on ${failing.join(", ")}, full marks elsewhere`}`, () => {
      assert.deepEqual(c.students[student]?.[name]?.failing, failing, "the shared course grades this attack");
      const expected: Record<string, number> = {};
      for (const exercise of exercises(readNotebook(sourceFile(name)))) {
        for (const test of exercise.tests) expected[test.id] = failing.includes(test.id) ? 0 : test.points;
      }
      const mine = c.tests.filter((t) => t.student === student && t.assignment === name);
      assert.deepEqual(Object.fromEntries(mine.map((t) => [t.test, Number(t.score)])), expected);
    });
  }

  const outputs = (student: string, name: string, gradeId: string) => {
    const nb = readNotebook(path.join(c.course, "autograded", student, name, `${name}.ipynb`));
    const cell = nb.cells.find((cell) => cell.metadata.nbgrader?.grade_id === gradeId)!;
    return (cell.outputs ?? []) as Array<{ output_type: string; text?: string | string[]; ename?: string; evalue?: string }>;
  };
  const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

  it("ends grading only for the submission whose kernel died", () => {
    const handedIn = c.failed.filter((f) => c.students[f.split("/")[0]!]?.[f.split("/")[1]!]);
    assert.deepEqual(handedIn, [`exit/${NB06}`]);
    assert.match(c.autogradeOutput, /nbgrader could not grade every submission of 06-gradient-descent/);
  });

  it("says why a tampered notebook scores 0", () => {
    assert.match(
      outputs("math", NB06, "ex06-2-iterations-test").at(-1)?.evalue ?? "",
      /^The notebook changed Math\.abs after gradlab was loaded/,
    );
    assert.match(outputs("prototype", NB06, "ex06-2-iterations-test").at(-1)?.evalue ?? "", /^The notebook added Object\.prototype\.rtol/);
  });

  it("draws the hidden inputs from GRADLAB_GRADING_SEED and names it; the constant fails there, not on the visible case", () => {
    const out = outputs("wrong-06", NB06, "ex06-2-iterations-test");
    const printed = out.map((o) => text(o.text)).join("");
    assert.match(printed, /✓ iterationsNeeded is right on this case/);
    assert.match(printed, new RegExp(`hidden inputs for ex06-2: grading seed ${SEED} \\(GRADLAB_GRADING_SEED\\)`));
    assert.match(out.at(-1)?.evalue ?? "", /^iterationsNeeded\(.*\) is 35: too (small|large), off by about/);
    assert.doesNotMatch(out.at(-1)?.evalue ?? "", /expected \d/);
  });
});
