// The exercises where the learner builds a piece gradlab also has (06.3, 06.4, 09.3, 13.3, 13.4,
// 15.3), in the learner's copy as nbgrader releases it: every other answer filled in, this one with a
// wrong answer or with a call to gradlab's own version. The notebook must stop at this exercise's
// test cell, with the message that says what is wrong. (The stub is covered by the round trip's
// "unanswered" student, the right answers by its "solutions" student.)
import assert from "node:assert/strict";
import path from "node:path";
import fs from "node:fs";
import { runNotebook, describeFailure, ROOT } from "../support/jupyter";
import { cellText, fillStubs, isSolution, readNotebook, solutionAnswers, type Notebook } from "../support/exercises";
import { courseDir, freshCourse, gradeOk } from "../support/grading";

interface Variant {
  notebook: string;
  exercise: string;
  what: string;
  answer: string;
  /** What the failing test cell must say. */
  message: RegExp;
}

const VARIANTS: Variant[] = [
  {
    notebook: "06-gradient-descent",
    exercise: "ex06-3-descent-loop",
    what: "a loop handed to gradlab's gradientDescent",
    answer: "return optim.gradientDescent({ f: (x) => x, grad: slope, x0, lr, steps, tolerance: 0 }).history.map((h) => h.x);",
    message: /called the slope from inside gradlab's optim code/,
  },
  {
    notebook: "06-gradient-descent",
    exercise: "ex06-4-predict-x3",
    what: "x₂ instead of x₃",
    answer: "return 1.68;",
    message: /your prediction of x₃ is 1\.68: too small/,
  },
  {
    notebook: "09-backpropagation",
    exercise: "ex09-3-fix-residual-backward",
    what: "the planted bug left in",
    answer: "return residualLayerBackwardBuggy(X, W, b, dY);",
    message: /fails the gradient check: dX/,
  },
  {
    notebook: "13-automatic-differentiation",
    exercise: "ex13-3-exp-rule",
    what: "a rule that runs gradlab's Value engine",
    answer: "const v = new scalar.Value(a.data);\nv.exp().backward();\na.grad += v.grad * out.grad;",
    message: /myExp's backward rule ran gradlab's own engine/,
  },
  {
    notebook: "13-automatic-differentiation",
    exercise: "ex13-4-iterative-sort",
    what: "the recursive sort",
    answer: "return myTopologicalSort(out);",
    message: /topologicalSortIterative threw an error: Maximum call stack size exceeded/,
  },
  {
    notebook: "15-capstone",
    exercise: "ex15-3-training-loop",
    what: "steps uphill",
    answer:
      "const losses: number[] = [];\nfor (let t = 0; t < steps; t++) {\n  losses.push(lossAndGrads());\n  for (const p of params) for (let i = 0; i < p.value.length; i++) p.value[i] += lr * p.grad[i]!;\n}\nreturn losses;",
    message: /the loss of each step/,
  },
];

describe("build exercises in the learner's copy: wrong answers and gradlab's own version fail their test", function () {
  this.timeout(30 * 60 * 1000);
  const course = courseDir("builds");
  const released = (name: string) => path.join(course, "release", name, `${name}.ipynb`);
  before(() => freshCourse("builds"));

  for (const name of [...new Set(VARIANTS.map((v) => v.notebook))]) {
    describe(name, () => {
      before(async () => {
        await gradeOk(course, ["release", path.join("notebooks", `${name}.ipynb`)]);
      });

      for (const variant of VARIANTS.filter((v) => v.notebook === name)) {
        it(`${variant.exercise}: ${variant.what} fails its test cell`, async () => {
          const source = readNotebook(path.join(ROOT, "notebooks", `${name}.ipynb`));
          const nb = JSON.parse(JSON.stringify(readNotebook(released(name)))) as Notebook;
          let target = -1;
          nb.cells.forEach((cell, i) => {
            if (!isSolution(cell)) return;
            const id = String(cell.metadata.nbgrader?.grade_id);
            const answers = solutionAnswers(source.cells[i]!);
            if (id === variant.exercise) {
              target = i;
              answers[0] = variant.answer;
            }
            cell.source = fillStubs(cellText(cell), answers);
          });
          assert.ok(target >= 0, `${name} has exercise ${variant.exercise}`);
          const testCell = nb.cells.findIndex((c) => c.metadata.nbgrader?.grade_id === `${variant.exercise}-test`);
          const file = path.join(ROOT, "test-output", "grading", "builds", "submissions", `${name}--${variant.exercise}.ipynb`);
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, `${JSON.stringify(nb, null, 1)}\n`);
          const report = await runNotebook(file, { out: path.join(path.dirname(file), "executed", path.basename(file)) });
          assert.equal(report.ok, false, `${variant.what} must not pass`);
          assert.equal(report.failure?.cell, testCell, describeFailure(report));
          assert.match(report.failure!.lines.join("\n"), variant.message, describeFailure(report));
        });
      }
    });
  }
});
