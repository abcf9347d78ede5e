// Plain nbgrader commands (what an instructor who knows nbgrader types, with the project's
// nbgrader_config.py and no wrapper script) on the grading fixture, through students who do what
// students do: hand in the release untouched, edit a read-only test cell, delete one, write to
// stderr from a right answer, loop forever. Checks that `nbgrader validate` and `autograde` agree,
// that a deleted test cell comes back in a form that compiles and is flagged in the score table,
// that a timeout states its limit, and that nothing shows a path of this machine.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { collect } from "../../scripts/collect";
import { ROOT, type ProcessResult } from "../support/jupyter";
import { cellText, fillStubs, isSolution, readNotebook, solutionAnswers, type Cell, type Notebook } from "../support/exercises";
import { freshCourse, gradeOk, readCsv } from "../support/grading";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const project = require("../../scripts/project.cjs") as {
  VENV_BIN: string;
  projectEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv;
};

const NAME = "90-grading-fixture";
const FIXTURE = path.join(ROOT, "test", "fixtures", "grading", `${NAME}.ipynb`);
const LOOP_TIMEOUT = 20;
const TESTS = ["ex90-1-product-rule-test", "ex90-2-secant-slope-test", "ex90-3-tangent-line-test", "ex90-3-tangent-line-test-2"];
const POINTS: Record<string, number> = {
  "ex90-1-product-rule-test": 2,
  "ex90-2-secant-slope-test": 1,
  "ex90-3-tangent-line-test": 1,
  "ex90-3-tangent-line-test-2": 1,
};
const FIGURE_CELL =
  'import { show as showFigure, functionPlot } from "gradlab";\nshowFigure(functionPlot({ functions: [{ f: Math.sin, name: "sin" }], range: [0, 6] }));';

/** `.venv/bin/nbgrader args` from the project folder, as an instructor runs it; GRADLAB_PLOTLY_EMBED unset. */
function nbgrader(course: string, args: string[]): Promise<ProcessResult> {
  const env = project.projectEnv({ GRADLAB_COURSE_DIR: course });
  delete env.GRADLAB_PLOTLY_EMBED;
  return collect(path.join(project.VENV_BIN, "nbgrader"), args, { cwd: ROOT, env });
}

async function nbgraderOk(course: string, args: string[]): Promise<ProcessResult> {
  const result = await nbgrader(course, args);
  assert.equal(result.code, 0, `nbgrader ${args.join(" ")}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-4000)}`);
  return result;
}

const gradeId = (cell: Cell) => cell.metadata.nbgrader?.grade_id;
const clone = (nb: Notebook) => JSON.parse(JSON.stringify(nb)) as Notebook;

/** The released notebook with every stub filled with the instructor's answer, or `own` for `exercise`. */
function answered(released: Notebook, source: Notebook, own: Record<string, string> = {}): Notebook {
  const nb = clone(released);
  nb.cells.forEach((cell, i) => {
    if (!isSolution(cell)) return;
    const instructor = solutionAnswers(source.cells[i]!);
    const mine = own[String(gradeId(cell))];
    cell.source = fillStubs(cellText(cell), mine === undefined ? instructor : [mine, ...instructor.slice(1)]);
  });
  return nb;
}

type Output = {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  data?: Record<string, unknown>;
};
const outputsOf = (nb: Notebook, id: string) => (nb.cells.find((c) => gradeId(c) === id)?.outputs ?? []) as Output[];

describe("plain nbgrader commands with the course's config: validate, autograde, feedback", function () {
  this.timeout(30 * 60 * 1000);
  let course: string;
  let released: Notebook;
  let autograde = "";
  let tests: Array<Record<string, string>>;
  const submitted = (student: string) => path.join(course, "submitted", student, NAME, `${NAME}.ipynb`);
  const autograded = (student: string) => readNotebook(path.join(course, "autograded", student, NAME, `${NAME}.ipynb`));
  const scores = (student: string) => Object.fromEntries(tests.filter((t) => t.student === student).map((t) => [t.test, Number(t.score)]));
  const flags = (student: string) => Object.fromEntries(tests.filter((t) => t.student === student).map((t) => [t.test, t.flags]));
  const full = Object.fromEntries(TESTS.map((t) => [t, POINTS[t]!]));

  before(async () => {
    course = freshCourse("nbgrader");
    fs.mkdirSync(path.join(course, "source", NAME), { recursive: true });
    fs.copyFileSync(FIXTURE, path.join(course, "source", NAME, `${NAME}.ipynb`));
    await nbgraderOk(course, ["generate_assignment", NAME, "--force"]);
    released = readNotebook(path.join(course, "release", NAME, `${NAME}.ipynb`));
    const source = readNotebook(FIXTURE);

    const students: Record<string, Notebook> = {};
    students.untouched = clone(released);
    // Replaces the first test with one that always passes; answers nothing.
    students.edited = clone(released);
    students.edited.cells.find((c) => gradeId(c) === TESTS[0])!.source = 'console.log("✓ all good");';
    // Right answers, and the first test cell deleted.
    students.deleted = answered(released, source);
    students.deleted.cells = students.deleted.cells.filter((c) => gradeId(c) !== TESTS[0]);
    // Right answers that write to stderr while the tests call them, and a figure of their own.
    students.noisy = answered(released, source, {
      "ex90-1-product-rule": 'console.error("debug: x =", x);\nreturn Math.sin(x) + x * Math.cos(x);',
    });
    students.noisy.cells.push({
      cell_type: "code",
      id: "student-figure",
      source: FIGURE_CELL,
      metadata: {},
      outputs: [],
      execution_count: null,
    });
    // An answer that never returns.
    students.loops = answered(released, source, { "ex90-1-product-rule": "while (true) {}" });
    for (const [student, nb] of Object.entries(students)) {
      fs.mkdirSync(path.dirname(submitted(student)), { recursive: true });
      fs.writeFileSync(submitted(student), `${JSON.stringify(nb, null, 1)}\n`);
    }
    const loops = await nbgraderOk(course, ["autograde", NAME, "--student", "loops", `--Execute.timeout=${LOOP_TIMEOUT}`]);
    const rest = await nbgraderOk(course, ["autograde", NAME]);
    autograde = [loops.stdout, loops.stderr, rest.stdout, rest.stderr].join("\n");
    await nbgraderOk(course, ["generate_feedback", NAME, "--force"]);
    const report = await collect(path.join(project.VENV_BIN, "python"), [path.join(ROOT, "scripts", "grading.py"), "report"], {
      cwd: ROOT,
      env: project.projectEnv({ GRADLAB_COURSE_DIR: course }),
    });
    assert.equal(report.code, 0, report.stderr);
    tests = readCsv(path.join(course, "reports", "tests.csv")).filter((t) => t.assignment === NAME);
  });

  it("untouched release: 0 for every test, with the friendly 'not written yet' message", () => {
    assert.deepEqual(scores("untouched"), Object.fromEntries(TESTS.map((t) => [t, 0])));
    // (The check functions give it; a test that calls the unanswered function itself gets the
    // stub's plain "not implemented".)
    const error = outputsOf(autograded("untouched"), TESTS[0]!).find((o) => o.output_type === "error");
    assert.match(error?.evalue ?? "", /^productDerivative is not written yet/, error?.evalue);
    assert.deepEqual(Object.values(flags("untouched")), ["", "", "", ""], "nothing to flag");
  });

  it("edited test cell: the original is run (0 for an unanswered exercise) and the score table flags it", () => {
    assert.equal(scores("edited")[TESTS[0]!], 0);
    assert.equal(flags("edited")[TESTS[0]!], "edited");
    const cell = autograded("edited").cells.find((c) => gradeId(c) === TESTS[0])!;
    // the instructor's cell, hidden tests included: autograde puts those back for every student
    assert.equal(cellText(cell), cellText(readNotebook(FIXTURE).cells.find((c) => gradeId(c) === TESTS[0])!));
  });

  it("deleted test cell: put back with a TypeScript comment, run (full marks for right answers) and flagged", () => {
    assert.deepEqual(scores("deleted"), full);
    assert.equal(flags("deleted")[TESTS[0]!], "deleted");
    assert.equal(tests.find((t) => t.student === "deleted" && t.test === TESTS[0])?.needs_manual_grade, "no");
    const cell = autograded("deleted").cells.find((c) => gradeId(c) === TESTS[0])!;
    assert.match(cellText(cell), new RegExp(`^// This cell \\(id:${TESTS[0]}\\) was missing from the submission`));
    assert.ok(!(cell.outputs as Output[]).some((o) => o.output_type === "error"), "the restored cell compiles and passes");
  });

  it("stderr from a right answer: full marks in autograde, and nbgrader validate passes it too", async () => {
    assert.deepEqual(scores("noisy"), full);
    const validate = await nbgrader(course, ["validate", submitted("noisy")]);
    const said = validate.stdout + validate.stderr;
    assert.doesNotMatch(said, /WILL NOT receive full credit|VALIDATION FAILED/, said.slice(-3000));
    assert.match(said, /Success! Your notebook passes all the tests\./);
    // The same command fails an unanswered notebook: validate can say no.
    const untouched = await nbgrader(course, ["validate", submitted("untouched")]);
    assert.match(untouched.stdout + untouched.stderr, /VALIDATION FAILED/);
  });

  it("endless loop: interrupted, 0, flagged, with a message that states the per-cell limit; later cells still graded", () => {
    assert.deepEqual(scores("loops"), { ...full, [TESTS[0]!]: 0 });
    assert.equal(flags("loops")[TESTS[0]!], "timeout");
    assert.deepEqual(
      outputsOf(autograded("loops"), TESTS[0]!).map((o) => [o.ename, o.evalue]),
      [["CellTimeoutError", `this cell ran longer than ${LOOP_TIMEOUT} s, the per-cell limit, and was stopped (score 0)`]],
      "one message, which states the limit",
    );
  });

  it("no SQLAlchemy warnings in autograde's output", () => {
    assert.match(autograde, /Autograding/, "the output was captured");
    assert.doesNotMatch(autograde, /SAWarning|MissingIDFieldWarning/);
  });

  it("no path of this machine in autograded notebooks or feedback, and no copy of plotly.js", () => {
    const roots = [...new Set([ROOT, fs.realpathSync(ROOT)])];
    const files: string[] = [];
    for (const step of ["autograded", "feedback"]) {
      for (const student of fs.readdirSync(path.join(course, step))) {
        const dir = path.join(course, step, student, NAME);
        for (const name of fs.readdirSync(dir)) if (/\.(ipynb|html)$/.test(name)) files.push(path.join(dir, name));
      }
    }
    assert.equal(files.length, 10, files.join("\n"));
    // The throwing and failing cells have Node stack traces, which name files inside the project.
    const traces = JSON.stringify(outputsOf(autograded("untouched"), TESTS[0]!));
    assert.match(
      traces,
      /at callLearner \((gradlab\/)?lib\/check\/exercise\.ts:\d+:\d+\)/,
      "the traces still say where (relative to the project)",
    );
    for (const file of files) {
      const text = fs.readFileSync(file, "utf8");
      for (const root of roots) assert.ok(!text.includes(root), `${path.relative(course, file)} contains ${root}`);
      assert.ok(!text.includes("data-gradlab-plotly"), `${path.relative(course, file)} carries plotly.js`);
      assert.ok(text.length < 1_000_000, `${path.relative(course, file)} is ${text.length} bytes`);
    }
    const own = autograded("noisy").cells.find((c) => cellText(c).includes("showFigure("));
    assert.ok(
      (own?.outputs as Output[] | undefined)?.some((o) => o.data?.["application/vnd.plotly.v1+json"]),
      "the student's figure is in the autograded notebook (without plotly.js)",
    );
  });

  it("npm run grade:report marks flagged scores, lists the flagged cells and says what each flag means", async () => {
    const { stdout } = await gradeOk(course, ["report"]);
    assert.match(stdout, /^deleted +5 \*\s+5 \/ 5$/m);
    assert.match(stdout, /^noisy +5\s+5 \/ 5$/m, "no mark without a flag");
    assert.match(stdout, /^\* flagged test cells \(3\):$/m);
    assert.match(stdout, /^deleted +90-grading-fixture +ex90-1-product-rule-test +2 \/ 2 +deleted$/m);
    assert.match(stdout, /^edited +90-grading-fixture +ex90-1-product-rule-test +0 \/ 2 +edited$/m);
    assert.match(stdout, /^loops +90-grading-fixture +ex90-1-product-rule-test +0 \/ 2 +timeout$/m);
    for (const flag of ["deleted", "edited", "timeout"]) assert.match(stdout, new RegExp(`^  ${flag}: \\w`, "m"), flag);
    assert.doesNotMatch(stdout, /^ {2}manual:/m, "only the flags that occur are explained");
  });
});
