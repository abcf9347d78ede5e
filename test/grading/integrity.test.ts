// Students who attack the grading, driven through plain nbgrader (scripts/grade.mjs: release,
// collect, autograde, report) on the real kernel: each attack scores 0 on the exercise it attacks,
// and a student with the right answers still gets full marks. Also: a constant copied from the
// visible test passes the visible check and fails the hidden one, whose inputs are drawn at grading
// time from GRADLAB_GRADING_SEED, which the test output names.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/jupyter";
import { cellText, exercises, fillStubs, isSolution, readNotebook, solutionAnswers, type Notebook } from "../support/exercises";
import { courseDir, freshCourse, grade, gradeOk, readCsv } from "../support/grading";

const SEED = "4242";
const GD_STEP_WRONG = "function gdStep(x: number, rate: number): number {\n  return x;\n}";

/** A student: the whole source of some solution cells (top-level attacks), or answers inside a stub. */
interface Student {
  notebook: string;
  /** Replaces the whole solution cell of these grade ids. */
  cells?: Record<string, string>;
  /** Fills the stub of these grade ids (the rest get the instructor's answer). */
  answers?: Record<string, string>;
  /** The test cells expected to score 0; all others full points. */
  failing: string[];
}

const NB06 = "06-gradient-descent";
const NB09 = "09-backpropagation";
// Every test cell of 06, in order: an attack on the environment fails all of them.
const ALL_06 = ["ex06-1-one-step-test", "ex06-2-iterations-test", "ex06-3-descent-loop-test", "ex06-4-predict-x3-test"];

const STUDENTS: Record<string, Student> = {
  solutions06: { notebook: NB06, failing: [] },
  // Shadowing the checks with functions that print a pass: the test cells import their own.
  shadow: {
    notebook: NB06,
    cells: {
      "ex06-1-one-step": [
        'const checkExercise = (..._a: unknown[]): void => console.log("✓ passed");',
        "const checkHidden = checkExercise;",
        "const checkAllClose = checkExercise;",
        "const checkClose = checkExercise;",
        GD_STEP_WRONG,
      ].join("\n"),
    },
    failing: ["ex06-1-one-step-test"],
  },
  // Replacing gradlab's exports, on the package and on every one of its modules in require.cache.
  exports: {
    notebook: NB06,
    cells: {
      "ex06-1-one-step": [
        "const pass = (..._a: unknown[]): void => undefined;",
        "for (const key of Object.keys(require.cache)) {",
        "  const exported = require.cache[key]?.exports as Record<string, unknown> | undefined;",
        "  if (!exported || typeof exported !== 'object') continue;",
        "  for (const name of ['checkExercise', 'checkHidden', 'checkClose', 'checkAllClose', 'describeMismatches', 'mismatches', 'isClose']) {",
        "    try {",
        "      if (name in exported) exported[name] = pass;",
        "    } catch {",
        "      // frozen",
        "    }",
        "  }",
        "}",
        "const fake = { checkExercise: pass, checkHidden: pass };",
        "for (const key of Object.keys(require.cache)) {",
        "  if (!/gradlab[\\\\/]dist[\\\\/]index\\.js$/.test(key)) continue;",
        "  try {",
        "    require.cache[key] = { ...require.cache[key]!, exports: fake } as NodeJS.Module;",
        "  } catch {",
        "    // pinned",
        "  }",
        "}",
        "try {",
        "  const loader = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };",
        "  const load = loader._load;",
        "  loader._load = (request: string, ...rest: unknown[]) => (request === 'gradlab' ? fake : load(request, ...rest));",
        "} catch {",
        "  // read-only",
        "}",
        GD_STEP_WRONG,
      ].join("\n"),
    },
    failing: ["ex06-1-one-step-test"],
  },
  // Overriding Math: every later test fails, right answers included (the tests cannot trust their arithmetic).
  math: {
    notebook: NB06,
    cells: { "ex06-1-one-step": `Math.abs = () => 0;\nMath.max = () => 0;\n${GD_STEP_WRONG}` },
    failing: ALL_06,
  },
  prototype: {
    notebook: NB06,
    cells: { "ex06-1-one-step": `(Object.prototype as Record<string, unknown>).rtol = 1e9;\n${GD_STEP_WRONG}` },
    failing: ALL_06,
  },
  // Ending the kernel: the remaining test cells never run, and score 0.
  exit: {
    notebook: NB06,
    cells: { "ex06-1-one-step": `${GD_STEP_WRONG}\nprocess.exit(0);` },
    failing: ALL_06,
  },
  // The number of the visible case, returned for every input: the hidden inputs catch it.
  constant: { notebook: NB06, answers: { "ex06-2-iterations": "return 35;" }, failing: ["ex06-2-iterations-test"] },
  solutions09: { notebook: NB09, failing: [] },
  // The answer copied from the notebook's own tfjs computation: right on the visible case only.
  copied: {
    notebook: NB09,
    answers: { "ex09-1-hidden-layer-grads": "return { dW1: viaTf.W1, db1: viaTf.b1 };" },
    failing: ["ex09-1-hidden-layer-grads-test"],
  },
};

const sourceFile = (name: string) => path.join(ROOT, "notebooks", `${name}.ipynb`);

function submission(released: Notebook, source: Notebook, student: Student): Notebook {
  const nb = JSON.parse(JSON.stringify(released)) as Notebook;
  nb.cells.forEach((cell, i) => {
    if (!isSolution(cell)) return;
    const id = String(cell.metadata.nbgrader?.grade_id);
    const whole = student.cells?.[id];
    if (whole !== undefined) {
      cell.source = whole;
      return;
    }
    const instructor = solutionAnswers(source.cells[i]!);
    const own = student.answers?.[id];
    cell.source = fillStubs(cellText(cell), own === undefined ? instructor : [own, ...instructor.slice(1)]);
  });
  return nb;
}

describe("grading integrity: attacks on the tests score 0", function () {
  this.timeout(60 * 60 * 1000);
  const course = courseDir("integrity");
  const previousSeed = process.env.GRADLAB_GRADING_SEED;
  let tests: Array<Record<string, string>>;
  const failedSubmissions: string[] = [];

  before(async () => {
    freshCourse("integrity");
    process.env.GRADLAB_GRADING_SEED = SEED;
    const inbox = path.join(path.dirname(course), "inbox");
    for (const name of [NB06, NB09]) {
      await gradeOk(course, ["release", path.join("notebooks", `${name}.ipynb`)]);
      const released = readNotebook(path.join(course, "release", name, `${name}.ipynb`));
      for (const [student, spec] of Object.entries(STUDENTS).filter(([, s]) => s.notebook === name)) {
        fs.mkdirSync(path.join(inbox, student), { recursive: true });
        const nb = submission(released, readNotebook(sourceFile(name)), spec);
        fs.writeFileSync(path.join(inbox, student, `${name}.ipynb`), `${JSON.stringify(nb, null, 1)}\n`);
      }
      await gradeOk(course, ["collect", inbox, "--assignment", name]);
      // nbgrader cannot finish a submission whose kernel died: it says so, records no score for
      // it (0 in the report), and grades the others.
      const result = await grade(course, ["autograde", name]);
      const output = result.stdout + result.stderr;
      failedSubmissions.push(
        ...[...output.matchAll(/error processing assignment '([^']+)' for student '([^']+)'/g)].map((m) => `${m[2]}/${m[1]}`),
      );
      if (result.code !== 0) assert.match(output, /nbgrader could not grade every submission/, output.slice(-3000));
    }
    await gradeOk(course, ["report"]);
    tests = readCsv(path.join(course, "reports", "tests.csv"));
  });

  after(() => {
    if (previousSeed === undefined) delete process.env.GRADLAB_GRADING_SEED;
    else process.env.GRADLAB_GRADING_SEED = previousSeed;
  });

  for (const [student, spec] of Object.entries(STUDENTS)) {
    it(`${student}: ${spec.failing.length === 0 ? "full marks" : `0 on ${spec.failing.join(", ")}, full marks elsewhere`}`, () => {
      const expected: Record<string, number> = {};
      for (const exercise of exercises(readNotebook(sourceFile(spec.notebook)))) {
        for (const test of exercise.tests) expected[test.id] = spec.failing.includes(test.id) ? 0 : test.points;
      }
      const mine = tests.filter((t) => t.student === student && t.assignment === spec.notebook);
      assert.deepEqual(Object.fromEntries(mine.map((t) => [t.test, Number(t.score)])), expected);
    });
  }

  const outputs = (student: string, name: string, gradeId: string) => {
    const nb = readNotebook(path.join(course, "autograded", student, name, `${name}.ipynb`));
    const cell = nb.cells.find((c) => c.metadata.nbgrader?.grade_id === gradeId)!;
    return (cell.outputs ?? []) as Array<{ output_type: string; text?: string | string[]; ename?: string; evalue?: string }>;
  };
  const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

  it("ends grading only for the submission whose kernel died", () => {
    // (Students who handed in no copy of an assignment show up in nbgrader's errors too; not ours here.)
    const handedIn = failedSubmissions.filter((f) => STUDENTS[f.split("/")[0]!]?.notebook === f.split("/")[1]);
    assert.deepEqual(handedIn, [`exit/${NB06}`]);
  });

  it("says why a tampered notebook scores 0", () => {
    assert.match(
      outputs("math", NB06, "ex06-2-iterations-test").at(-1)?.evalue ?? "",
      /^The notebook changed Math\.abs after gradlab was loaded/,
    );
    assert.match(outputs("prototype", NB06, "ex06-2-iterations-test").at(-1)?.evalue ?? "", /^The notebook added Object\.prototype\.rtol/);
  });

  it("draws the hidden inputs from GRADLAB_GRADING_SEED and names it; the constant fails there, not on the visible case", () => {
    const out = outputs("constant", NB06, "ex06-2-iterations-test");
    const printed = out.map((o) => text(o.text)).join("");
    assert.match(printed, /✓ iterationsNeeded is right on this case/);
    assert.match(printed, new RegExp(`hidden inputs for ex06-2: grading seed ${SEED} \\(GRADLAB_GRADING_SEED\\)`));
    assert.match(out.at(-1)?.evalue ?? "", /^iterationsNeeded\(.*\) is 35: too (small|large), off by about/);
    assert.doesNotMatch(out.at(-1)?.evalue ?? "", /expected \d/);
  });
});
