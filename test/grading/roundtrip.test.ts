// The instructor's whole round trip through the npm scripts, with real nbgrader on the real kernel:
// release -> students fill in the released notebooks -> collect -> autograde -> feedback -> report.
//
// The submissions are made here from the released student versions, by filling each stub with the
// instructor's answer or with a wrong, throwing or endless one. Every course notebook gets two
// students (all answers right: full marks; nothing answered: zero); notebook 00 and the grading
// fixture get the detailed cases. Expected scores come from the notebooks' own points.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/jupyter";
import { cellText, exercises, fillStubs, isSolution, readNotebook, solutionAnswers, type Notebook } from "../support/exercises";
import { courseDir, freshCourse, gradeOk, gradedNotebooks, notebookName, readCsv } from "../support/grading";

const NOTEBOOKS = gradedNotebooks();
const DETAILED = ["00-start-here", "90-grading-fixture"];
const LOOP_TIMEOUT = 20; // seconds per cell for the student whose answers never return

const THROW = 'throw new Error("a bug in the student\'s code");';
const LOOP = "while (true) {}";
const WRONG_INTERCEPT = "const tangentSlope = 2 * x0;\nconst tangentIntercept = f(x0);";

interface Student {
  /** The notebooks this student hands in. */
  notebooks: string[];
  /** Answers by exercise id (the rest get the instructor's answer); null leaves every stub. */
  answers: Record<string, string> | null;
  /** The test cells expected to score 0 (all others: full points). "*" for all. */
  failing: string[] | "*";
}

const STUDENTS: Record<string, Student> = {
  solutions: { notebooks: NOTEBOOKS.map(notebookName), answers: {}, failing: [] },
  unanswered: { notebooks: NOTEBOOKS.map(notebookName), answers: null, failing: "*" },
  // One wrong answer per notebook: zero for exactly the test that checks it. The wrong answer in
  // 00 also writes to stderr, which must not turn the zero into points either.
  "one-wrong": {
    notebooks: DETAILED,
    answers: {
      "ex00-1-cube-derivative": 'console.error("checking my answer at x =", x);\nreturn 3 * x;',
      "ex90-3-tangent-line": WRONG_INTERCEPT,
    },
    failing: ["ex00-1-cube-derivative-test", "ex90-3-tangent-line-test-2"],
  },
  // Passes the visible check (secantSlope(x², 1, 3) = 4) and fails the hidden ones.
  "hard-coded": {
    notebooks: ["90-grading-fixture"],
    answers: { "ex90-2-secant-slope": "return 4;" },
    failing: ["ex90-2-secant-slope-test"],
  },
  // A test that throws scores 0; the later tests still run and score on their own merits
  // (a right answer full marks, a wrong one 0), never "aborted" = full marks.
  throws: {
    notebooks: DETAILED,
    answers: { "ex00-1-cube-derivative": THROW, "ex90-1-product-rule": THROW, "ex90-3-tangent-line": WRONG_INTERCEPT },
    failing: ["ex00-1-cube-derivative-test", "ex90-1-product-rule-test", "ex90-3-tangent-line-test-2"],
  },
  // An answer that never returns: the cell is interrupted after the timeout and scores 0; the
  // kernel survives and the later tests run and score on their own merits.
  loops: {
    notebooks: DETAILED,
    answers: { "ex00-1-cube-derivative": LOOP, "ex90-1-product-rule": LOOP, "ex90-2-secant-slope": "return 4;" },
    failing: ["ex00-1-cube-derivative-test", "ex90-1-product-rule-test", "ex90-2-secant-slope-test"],
  },
  // Right answers that chatter on stderr while the tests call them: full marks.
  noisy: {
    notebooks: DETAILED,
    answers: {
      "ex00-1-cube-derivative": 'console.error("debug: x =", x);\nreturn 3 * x ** 2;',
      "ex90-1-product-rule": 'process.stderr.write("debug output\\n");\nreturn Math.sin(x) + x * Math.cos(x);',
      "ex90-2-secant-slope": 'console.warn("a warning");\nreturn (f(b) - f(a)) / (b - a);',
    },
    failing: [],
  },
};

const sourceFile = (name: string) =>
  path.join(
    ROOT,
    NOTEBOOKS.find((f) => notebookName(f) === name)!,
  );

/** The student's notebook: the released version with its stubs filled as `student` says. */
function submission(released: Notebook, source: Notebook, student: Student): Notebook {
  const nb = JSON.parse(JSON.stringify(released)) as Notebook;
  if (student.answers === null) return nb;
  nb.cells.forEach((cell, i) => {
    if (!isSolution(cell)) return;
    const id = String(cell.metadata.nbgrader?.grade_id);
    const instructor = solutionAnswers(source.cells[i]!);
    const own = student.answers![id];
    cell.source = fillStubs(cellText(cell), own === undefined ? instructor : [own, ...instructor.slice(1)]);
  });
  return nb;
}

function expectedScores(source: Notebook, student: Student): Map<string, number> {
  const scores = new Map<string, number>();
  for (const exercise of exercises(source)) {
    for (const test of exercise.tests) {
      const fails = student.failing === "*" || student.failing.includes(test.id);
      scores.set(test.id, fails ? 0 : test.points);
    }
  }
  return scores;
}

/** sha256 and modification time of every file under `dir`. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        out[path.relative(dir, full)] = `${createHash("sha256").update(fs.readFileSync(full)).digest("hex")} ${fs.statSync(full).mtimeMs}`;
    }
  };
  walk(dir);
  return out;
}

describe("grading round trip: release, collect, autograde, feedback, report", function () {
  this.timeout(60 * 60 * 1000);
  const course = courseDir("roundtrip");
  const autograded = (student: string, name: string) => readNotebook(path.join(course, "autograded", student, name, `${name}.ipynb`));
  const outputsOf = (nb: Notebook, gradeId: string) =>
    (nb.cells.find((c) => c.metadata.nbgrader?.grade_id === gradeId)?.outputs ?? []) as Array<{
      output_type: string;
      name?: string;
      text?: string | string[];
      ename?: string;
      evalue?: string;
    }>;
  const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

  // One course (one gradebook); each notebook is an assignment, graded in its own before hook,
  // so `npm test -- --grep NN-name` grades only that one.
  before(() => freshCourse("roundtrip"));

  it("covers every course notebook and the detailed cases", () => {
    const names = NOTEBOOKS.map(notebookName);
    assert.ok(
      DETAILED.every((name) => names.includes(name)),
      `${DETAILED.join(", ")} are among ${names.join(", ")}`,
    );
    assert.deepEqual(STUDENTS.solutions!.notebooks, names);
    assert.deepEqual(STUDENTS.unanswered!.notebooks, names);
  });

  for (const file of NOTEBOOKS) {
    const name = notebookName(file);
    const students = Object.entries(STUDENTS).filter(([, spec]) => spec.notebooks.includes(name));

    describe(name, () => {
      const inbox = path.join(path.dirname(course), `inbox-${name}`);
      let studentFiles: Record<string, string>;
      let submittedFiles: Record<string, string>;
      let tests: Array<Record<string, string>>;
      let grades: Array<Record<string, string>>;

      before(async () => {
        await gradeOk(course, ["release", file]);
        const released = readNotebook(path.join(course, "release", name, `${name}.ipynb`));
        for (const [student, spec] of students) {
          fs.mkdirSync(path.join(inbox, student), { recursive: true });
          const nb = submission(released, readNotebook(sourceFile(name)), spec);
          fs.writeFileSync(path.join(inbox, student, `${name}.ipynb`), `${JSON.stringify(nb, null, 1)}\n`);
        }
        studentFiles = fingerprint(inbox);
        await gradeOk(course, ["collect", inbox, "--assignment", name]);
        submittedFiles = fingerprint(path.join(course, "submitted"));
        // The endless answers first, with a short per-cell timeout; then everyone else with the
        // course's own timeout (already graded submissions are skipped).
        if (students.some(([student]) => student === "loops")) {
          await gradeOk(course, ["autograde", name, "--student", "loops", "--timeout", String(LOOP_TIMEOUT)]);
        }
        await gradeOk(course, ["autograde", name]);
        await gradeOk(course, ["feedback", name]);
        await gradeOk(course, ["report"]);
        tests = readCsv(path.join(course, "reports", "tests.csv")).filter((t) => t.assignment === name);
        grades = readCsv(path.join(course, "reports", "grades.csv"));
      });

      for (const [student, spec] of students) {
        it(`${student}: the exact score of every test cell, and the total`, () => {
          const expected = expectedScores(readNotebook(sourceFile(name)), spec);
          const mine = tests.filter((t) => t.student === student);
          assert.deepEqual(Object.fromEntries(mine.map((t) => [t.test, Number(t.score)])), Object.fromEntries(expected));
          for (const t of mine) assert.equal(t.needs_manual_grade, "no", `${t.test} is graded automatically`);
          const total = [...expected.values()].reduce((a, b) => a + b, 0);
          assert.equal(Number(grades.find((g) => g.student === student)?.[name]), total, "grades.csv");
        });

        it(`${student}: the feedback page shows the same score`, () => {
          const feedbackFile = path.join(course, "feedback", student, name, `${name}.html`);
          assert.ok(fs.existsSync(feedbackFile), `${feedbackFile} exists`);
          const match = /\(Score: ([\d.]+) \/ ([\d.]+)\)/.exec(fs.readFileSync(feedbackFile, "utf8"));
          const source = readNotebook(sourceFile(name));
          const points = [...expectedScores(source, spec).values()].reduce((a, b) => a + b, 0);
          const max = exercises(source)
            .flatMap((e) => e.tests)
            .reduce((a, t) => a + t.points, 0);
          assert.deepEqual([Number(match?.[1]), Number(match?.[2])], [points, max]);
        });
      }

      it("never modifies the students' files; autograde and feedback leave the collected copies alone", () => {
        assert.deepEqual(fingerprint(inbox), studentFiles);
        assert.deepEqual(fingerprint(path.join(course, "submitted")), submittedFiles);
      });

      it("keeps autograded notebooks small (figures without the plotly.js copy) and everything in the course folder", () => {
        const graded = path.join(course, "autograded", "solutions", name, `${name}.ipynb`);
        const text = fs.readFileSync(graded, "utf8");
        assert.ok(!text.includes("data-gradlab-plotly"), `${graded} carries a copy of plotly.js`);
        // plotly.js alone is about 4.8 MB; figure data of a whole notebook stays well under that.
        assert.ok(text.length < 3_000_000, `${graded} is ${text.length} bytes`);
        assert.ok(fs.existsSync(path.join(course, "gradebook.db")));
        for (const folder of ["source", "release", "submitted", "autograded", "feedback", "reports"]) {
          assert.ok(fs.statSync(path.join(course, folder)).isDirectory(), folder);
        }
      });

      if (name !== "90-grading-fixture") return;

      it("runs the hidden tests: a hard-coded answer passes the visible check and fails a hidden one", () => {
        const outputs = outputsOf(autograded("hard-coded", name), "ex90-2-secant-slope-test");
        assert.equal(text(outputs[0]?.text), "✓ secantSlope((x) => x * x, 1, 3) = 4\n");
        assert.equal(outputs.at(-1)?.output_type, "error");
        assert.match(
          outputs.at(-1)?.evalue ?? "",
          /^secantSlope\(Math\.exp, 0, 1\) is 4: too large, off by about 100% of the expected size/,
        );
      });

      it("interrupts an endless answer, scores that test 0 and grades the following cells on the same kernel", () => {
        const nb = autograded("loops", name);
        assert.deepEqual(
          outputsOf(nb, "ex90-1-product-rule-test").map((o) => [o.ename, o.evalue]),
          [["CellTimeoutError", `this cell ran longer than ${LOOP_TIMEOUT} s, the per-cell limit, and was stopped (score 0)`]],
        );
        assert.equal(outputsOf(nb, "ex90-2-secant-slope-test").at(-1)?.ename, "ExerciseError", "a later wrong answer still fails");
        assert.match(
          text(outputsOf(nb, "ex90-3-tangent-line-test")[0]?.text),
          /^✓ tangentSlope = 3\n/,
          "a later right answer still passes",
        );
      });

      it("scores a test that throws 0 and runs the later cells", () => {
        const nb = autograded("throws", name);
        const failed = outputsOf(nb, "ex90-1-product-rule-test").find((o) => o.output_type === "error");
        assert.equal(failed?.evalue, "productDerivative threw an error: a bug in the student's code");
        assert.match(text(outputsOf(nb, "ex90-2-secant-slope-test")[0]?.text), /^✓ secantSlope/, "a later right answer passes");
        assert.match(
          outputsOf(nb, "ex90-3-tangent-line-test-2").at(-1)?.evalue ?? "",
          /^tangentSlope \* x0 \+ tangentIntercept is 6\.75: too large, off by about 2 times the expected size/,
        );
      });

      it("keeps stderr text of passing tests in the feedback, as ordinary output", () => {
        const outputs = outputsOf(autograded("noisy", name), "ex90-1-product-rule-test");
        assert.ok(outputs.some((o) => o.name === "stdout" && text(o.text).includes("debug output")));
        assert.ok(!outputs.some((o) => o.name === "stderr" || o.output_type === "error"));
        assert.match(fs.readFileSync(path.join(course, "feedback", "noisy", name, `${name}.html`), "utf8"), /debug output/);
      });
    });
  }
});
