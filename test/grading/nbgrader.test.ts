// Plain nbgrader commands (what an instructor who knows nbgrader types, with the project's
// nbgrader_config.py and no wrapper script) and the score table, on the grading fixture of the
// shared course (test/support/grading.ts), through students who do what students do: hand in the
// release untouched, edit a read-only test cell, delete one, write to stderr from a right answer
// (autograded by plain `nbgrader autograde`, without GRADLAB_PLOTLY_EMBED), loop forever. Checks
// that `nbgrader validate` and `autograde` agree, that a deleted test cell comes back in a form that
// compiles and is flagged in the score table, that a timeout states its limit, and that nothing
// shows a path of this machine.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/jupyter";
import { cellText, readNotebook, type Cell } from "../support/exercises";
import { FIXTURE as NAME, LOOP_TIMEOUT, gradeOk, gradedCourse, plainNbgrader as nbgrader, type GradedCourse } from "../support/grading";

const FIXTURE = path.join(ROOT, "test", "fixtures", "grading", `${NAME}.ipynb`);
const TESTS = ["ex90-1-product-rule-test", "ex90-2-secant-slope-test", "ex90-3-tangent-line-test", "ex90-3-tangent-line-test-2"];
const POINTS: Record<string, number> = {
  "ex90-1-product-rule-test": 2,
  "ex90-2-secant-slope-test": 1,
  "ex90-3-tangent-line-test": 1,
  "ex90-3-tangent-line-test-2": 1,
};

const gradeId = (cell: Cell) => cell.metadata.nbgrader?.grade_id;

type Output = {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  data?: Record<string, unknown>;
};
const outputsOf = (nb: { cells: Cell[] }, id: string) => (nb.cells.find((c) => gradeId(c) === id)?.outputs ?? []) as Output[];

/** The score table of npm run grade:report: student -> column -> cell text. */
function scoreTable(stdout: string): Record<string, Record<string, string>> {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => l.startsWith("student "));
  const header = lines[start]!.split(/\s{2,}/);
  const rows: Record<string, Record<string, string>> = {};
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) break;
    const cells = line.split(/\s{2,}/);
    rows[cells[0]!] = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ""]));
  }
  return rows;
}

// The fixture's students in the shared course (test/support/grading.ts): "unanswered" hands in the
// release untouched; "edited" replaces the first test with one that always passes and answers
// nothing; "deleted" answers right and deletes the first test cell; "noisy" answers right, writes
// to stderr from its answers and adds a figure of its own (autograded by plain `nbgrader
// autograde`); "loops" never returns from the first exercise (and answers the second wrong).
describe("plain nbgrader commands with the course's config: validate, autograde, feedback", function () {
  this.timeout(30 * 60 * 1000);
  let c: GradedCourse;
  let course: string;
  let tests: Array<Record<string, string>>;
  const submitted = (student: string) => path.join(course, "submitted", student, NAME, `${NAME}.ipynb`);
  const autograded = (student: string) => readNotebook(path.join(course, "autograded", student, NAME, `${NAME}.ipynb`));
  const scores = (student: string) => Object.fromEntries(tests.filter((t) => t.student === student).map((t) => [t.test, Number(t.score)]));
  const flags = (student: string) => Object.fromEntries(tests.filter((t) => t.student === student).map((t) => [t.test, t.flags]));
  const full = Object.fromEntries(TESTS.map((t) => [t, POINTS[t]!]));

  before(async () => {
    c = await gradedCourse();
    course = c.course;
    tests = c.tests.filter((t) => t.assignment === NAME);
  });

  it("untouched release (the unanswered student): 0 for every test, with the friendly 'not written yet' message", () => {
    assert.deepEqual(scores("unanswered"), Object.fromEntries(TESTS.map((t) => [t, 0])));
    // (The check functions give it; a test that calls the unanswered function itself gets the
    // stub's plain "not implemented".)
    const error = outputsOf(autograded("unanswered"), TESTS[0]!).find((o) => o.output_type === "error");
    assert.match(error?.evalue ?? "", /^productDerivative is not written yet/, error?.evalue);
    assert.deepEqual(Object.values(flags("unanswered")), ["", "", "", ""], "nothing to flag");
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
    const untouched = await nbgrader(course, ["validate", submitted("unanswered")]);
    assert.match(untouched.stdout + untouched.stderr, /VALIDATION FAILED/);
  });

  it("endless loop: interrupted, 0, flagged, with a message that states the per-cell limit; later cells still graded", () => {
    assert.deepEqual(scores("loops"), { ...full, [TESTS[0]!]: 0, [TESTS[1]!]: 0 });
    assert.equal(flags("loops")[TESTS[0]!], "timeout");
    assert.deepEqual(
      outputsOf(autograded("loops"), TESTS[0]!).map((o) => [o.ename, o.evalue]),
      [["CellTimeoutError", `this cell ran longer than ${LOOP_TIMEOUT} s, the per-cell limit, and was stopped (score 0)`]],
      "one message, which states the limit",
    );
  });

  it("no SQLAlchemy warnings in autograde's output", () => {
    assert.match(c.plainAutogradeOutput, /Autograding/, "the output of plain nbgrader autograde was captured");
    assert.match(c.autogradeOutput, /Autograding/, "the output of npm run grade:autograde was captured");
    assert.doesNotMatch(c.autogradeOutput, /SAWarning|MissingIDFieldWarning/);
  });

  it("no path of this machine in autograded notebooks or feedback, and no copy of plotly.js", () => {
    const roots = [...new Set([ROOT, fs.realpathSync(ROOT)])];
    const files: string[] = [];
    for (const step of ["autograded", "feedback"]) {
      for (const student of fs.readdirSync(path.join(course, step))) {
        const dir = path.join(course, step, student, NAME);
        if (!fs.existsSync(dir)) continue; // a student without the fixture
        for (const name of fs.readdirSync(dir)) if (/\.(ipynb|html)$/.test(name)) files.push(path.join(dir, name));
      }
    }
    const students = Object.keys(c.students).filter((s) => c.students[s]![NAME]);
    assert.equal(files.length, 2 * students.length, files.join("\n"));
    // The throwing and failing cells have Node stack traces, which name files inside the project.
    const traces = JSON.stringify(outputsOf(autograded("unanswered"), TESTS[0]!));
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

  it("npm run grade:report marks flagged scores, lists the flagged cells and says what each flag means", () => {
    const stdout = c.reportOutput;
    const table = scoreTable(stdout);
    assert.deepEqual([table.deleted?.[NAME], table.deleted?.total], ["5 *", "5 / 5"]);
    assert.equal(table.noisy?.[NAME], "5", "no mark without a flag");
    assert.equal(table.unanswered?.[NAME], "0");
    assert.match(stdout, /^\* flagged test cells \(\d+\):$/m);
    const flagged = stdout.split("\n").filter((l) => new RegExp(`^\\S+ +${NAME} `).test(l));
    assert.equal(flagged.length, 3, flagged.join("\n"));
    assert.match(stdout, /^deleted +90-grading-fixture +ex90-1-product-rule-test +2 \/ 2 +deleted$/m);
    assert.match(stdout, /^edited +90-grading-fixture +ex90-1-product-rule-test +0 \/ 2 +edited$/m);
    assert.match(stdout, /^loops +90-grading-fixture +ex90-1-product-rule-test +0 \/ 2 +timeout$/m);
    for (const flag of ["deleted", "edited", "timeout"]) assert.match(stdout, new RegExp(`^  ${flag}: \\w`, "m"), flag);
    // "manual" occurs in the shared course only for the submission whose kernel died.
    const manual = stdout.split("\n").filter((l) => /^\S+ +\S+ +\S+ +\d+ \/ \d+ +.*\bmanual$/.test(l));
    assert.deepEqual([...new Set(manual.map((l) => l.split(/ +/).slice(0, 2).join("/")))], ["exit/06-gradient-descent"]);
    assert.match(stdout, /^ {2}manual: \w/m);
  });

  it("npm run grade:report explains only the flags that occur", async () => {
    // A copy of the course without the student whose submission needs manual grading.
    const copy = path.join(path.dirname(course), "without-exit", "course");
    fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    fs.cpSync(course, copy, { recursive: true, filter: (from) => !/[\\/](feedback|exchange)$/.test(from) });
    await nbgrader(copy, ["db", "student", "remove", "exit", "--force"]).then((r) => assert.equal(r.code, 0, r.stderr.slice(-3000)));
    const { stdout } = await gradeOk(copy, ["report"]);
    assert.match(stdout, /^ {2}deleted: \w/m, "the flags that occur are explained");
    assert.doesNotMatch(stdout, /\bmanual\b/, "no manual flag, no explanation of it");
  });
});
