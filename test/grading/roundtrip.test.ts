// The instructor's whole round trip through the npm scripts, with real nbgrader on the real kernel:
// release -> students fill in the released notebooks -> collect -> autograde -> feedback -> report.
//
// The submissions are made from the released student versions, by filling each stub with the
// instructor's answer or with a wrong, throwing or endless one (test/support/grading.ts, the shared
// course every grading test asserts on). Every course notebook gets two students (all answers
// right: full marks; nothing answered: zero); notebook 00 and the grading fixture get the detailed
// cases. Expected scores come from the notebooks' own points.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { collect } from "../../scripts/collect";
import { ROOT } from "../support/jupyter";
import { exercises, readNotebook, type Notebook } from "../support/exercises";
import {
  FIXTURE,
  GRADING_JOBS,
  LOOP_TIMEOUT,
  WRONG_INTERCEPT,
  expectedScores,
  fingerprint,
  gradedCourse,
  freshCourse,
  gradedNotebooks,
  notebookName,
  type GradedCourse,
} from "../support/grading";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const project = require("../../scripts/project.cjs") as {
  VENV_PYTHON: string;
  projectEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv;
};

const NOTEBOOKS = gradedNotebooks();
const DETAILED = ["00-start-here", FIXTURE];

describe("grading round trip: release, collect, autograde, feedback, report", function () {
  this.timeout(60 * 60 * 1000);
  let c: GradedCourse;
  const autograded = (student: string, name: string) => readNotebook(path.join(c.course, "autograded", student, name, `${name}.ipynb`));
  const outputsOf = (nb: Notebook, gradeId: string) =>
    (nb.cells.find((cell) => cell.metadata.nbgrader?.grade_id === gradeId)?.outputs ?? []) as Array<{
      output_type: string;
      name?: string;
      text?: string | string[];
      ename?: string;
      evalue?: string;
    }>;
  const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));
  const source = (name: string) => readNotebook(path.join(ROOT, c.sources[name]!));

  before(async () => {
    c = await gradedCourse();
  });

  it("covers every course notebook and the detailed cases", () => {
    const names = NOTEBOOKS.map(notebookName);
    assert.ok(
      DETAILED.every((name) => names.includes(name)),
      `${DETAILED.join(", ")} are among ${names.join(", ")}`,
    );
    assert.deepEqual(Object.keys(c.students.solutions!), names);
    assert.deepEqual(Object.keys(c.students.unanswered!), names);
    // In 00 a wrong answer, one that throws and one that writes to stderr, each handed in apart;
    // in the fixture also a hard-coded and an endless answer, and the wrong answer goes with the
    // one that throws (a later exercise).
    const detailed: Record<string, string[]> = {
      "00-start-here": ["one-wrong", "throws", "noisy"],
      [FIXTURE]: ["throws", "loops", "noisy"],
    };
    for (const name of DETAILED) {
      const students = Object.keys(c.students).filter((s) => c.students[s]![name]);
      for (const s of detailed[name]!) assert.ok(students.includes(s), `${name}: ${s}`);
    }
    assert.equal(c.students.throws?.[FIXTURE]?.answers?.["ex90-3-tangent-line"], WRONG_INTERCEPT, "a wrong answer in the fixture");
    assert.equal(c.students.loops?.[FIXTURE]?.answers?.["ex90-2-secant-slope"], "return 4;", "a hard-coded answer in the fixture");
  });

  it("grades every submission but the one whose kernel died (exit/06-gradient-descent)", () => {
    const handedIn = c.failed.filter((f) => c.students[f.split("/")[0]!]?.[f.split("/")[1]!]);
    assert.deepEqual(handedIn, ["exit/06-gradient-descent"], c.autogradeOutput.slice(-4000));
  });

  // The scores compared below (every test cell of every submission, against the expected failing
  // lists) are the gradebook's rows after this grading: a row a worker did not write fails them.
  it(`grades the course's bulk with --jobs ${GRADING_JOBS}: every submission once, by ${GRADING_JOBS} worker processes side by side`, () => {
    const apart = ["loops", "noisy"].map((s) => `${s}/${FIXTURE}`);
    const bulk = Object.entries(c.students)
      .flatMap(([student, work]) => Object.keys(work).map((name) => `${student}/${name}`))
      .filter((pair) => !apart.includes(pair))
      .sort();
    const out = c.restAutogradeOutput;
    assert.match(out, new RegExp(`autograding ${bulk.length} submissions in ${GRADING_JOBS} worker processes side by side`));
    const runs = [...out.matchAll(/\[grade\] worker (\d+): nbgrader autograde (\S+) --student (\S+)/g)].map((m) => ({
      worker: m[1]!,
      pair: `${m[3]}/${m[2]}`,
    }));
    // (A submission graded again after a locked gradebook is graded again by the same worker.)
    const by = new Map<string, Set<string>>();
    for (const r of runs) by.set(r.pair, (by.get(r.pair) ?? new Set()).add(r.worker));
    assert.deepEqual([...by.keys()].sort(), bulk, "every submission of the bulk, and only those");
    assert.deepEqual(
      [...by].filter(([, w]) => w.size !== 1),
      [],
      "each by one worker",
    );
    const workers = new Set(runs.map((r) => r.worker));
    assert.deepEqual(
      [...workers].sort(),
      Array.from({ length: GRADING_JOBS }, (_, i) => String(i + 1)),
      "every worker graded",
    );
  });

  it("--jobs checks the gradebook against the autograded notebooks: a score missing from it is reported", async () => {
    // A copy of the graded course's gradebook and of two autograded submissions, then one score
    // taken out of the copy and one submission removed from it: grading.py's check (what
    // autograde --jobs runs after its workers) must name both.
    const copy = freshCourse("scores-check");
    const pairs = ["solutions/00-start-here", `throws/${FIXTURE}`];
    fs.mkdirSync(copy, { recursive: true });
    fs.copyFileSync(path.join(c.course, "gradebook.db"), path.join(copy, "gradebook.db"));
    for (const pair of pairs) fs.cpSync(path.join(c.course, "autograded", pair), path.join(copy, "autograded", pair), { recursive: true });
    const python = (args: string[]) =>
      collect(project.VENV_PYTHON, args, { cwd: ROOT, env: project.projectEnv({ GRADLAB_COURSE_DIR: copy }) });
    const check = async () => {
      const result = await python([path.join(ROOT, "scripts", "grading.py"), "check-scores", ...pairs]);
      assert.equal(result.code, 0, result.stderr.slice(-3000));
      return JSON.parse(result.stdout) as string[];
    };
    assert.deepEqual(await check(), [], "the graded course's gradebook agrees with its notebooks");
    const edit = await python([
      "-c",
      [
        "import sys; sys.path.insert(0, 'scripts')",
        "from grading import course_paths, load_config",
        "from nbgrader.api import Gradebook",
        "paths = course_paths(load_config())",
        "with Gradebook(paths['db_url'], paths['course_id']) as gb:",
        `    gb.find_grade('ex90-2-secant-slope-test', '${FIXTURE}', '${FIXTURE}', 'throws').auto_score = None`,
        "    gb.db.commit()",
        "    gb.remove_submission('00-start-here', 'solutions')",
      ].join("\n"),
    ]);
    assert.equal(edit.code, 0, edit.stderr.slice(-3000));
    assert.deepEqual(await check(), [
      "solutions/00-start-here: 00-start-here is not in the gradebook",
      `throws/${FIXTURE}: ${FIXTURE} ex90-2-secant-slope-test scores 1 in the notebook, no score in the gradebook`,
    ]);
  });

  it("never modifies the students' files; autograde and feedback leave the collected copies alone", () => {
    assert.deepEqual(fingerprint(c.inbox), c.studentFiles);
    assert.deepEqual(fingerprint(path.join(c.course, "submitted")), c.submittedFiles);
  });

  for (const file of NOTEBOOKS) {
    const name = notebookName(file);

    describe(name, () => {
      // Every student who hands in this notebook (known once the course is built; the students of
      // the detailed cases are listed in test/support/grading.ts).
      const students = () => Object.entries(c.students).filter(([, work]) => work[name]);

      it("every student: the exact score of every test cell, and the total", () => {
        assert.ok(students().length >= 2);
        for (const [student, work] of students()) {
          const expected = expectedScores(source(name), work[name]!);
          const mine = c.tests.filter((t) => t.student === student && t.assignment === name);
          assert.deepEqual(
            Object.fromEntries(mine.map((t) => [t.test, Number(t.score)])),
            Object.fromEntries(expected),
            `${student}'s scores`,
          );
          // (A submission nbgrader could not finish, the one whose kernel died, waits for a person.)
          const manual = c.failed.includes(`${student}/${name}`) ? "yes" : "no";
          for (const t of mine) assert.equal(t.needs_manual_grade, manual, `${student}: ${t.test} needs_manual_grade`);
          const total = [...expected.values()].reduce((a, b) => a + b, 0);
          assert.equal(Number(c.grades.find((g) => g.student === student)?.[name]), total, `${student}: grades.csv`);
        }
      });

      it("every student: the feedback page shows the same score", () => {
        for (const [student, work] of students()) {
          if (student === "exit") continue; // not graded (see above): no feedback
          const feedbackFile = path.join(c.course, "feedback", student, name, `${name}.html`);
          assert.ok(fs.existsSync(feedbackFile), `${feedbackFile} exists`);
          const match = /\(Score: ([\d.]+) \/ ([\d.]+)\)/.exec(fs.readFileSync(feedbackFile, "utf8"));
          const points = [...expectedScores(source(name), work[name]!).values()].reduce((a, b) => a + b, 0);
          const max = exercises(source(name))
            .flatMap((e) => e.tests)
            .reduce((a, t) => a + t.points, 0);
          assert.deepEqual([Number(match?.[1]), Number(match?.[2])], [points, max], `${student}'s feedback`);
        }
      });

      it("keeps autograded notebooks small (figures without the plotly.js copy) and everything in the course folder", () => {
        const graded = path.join(c.course, "autograded", "solutions", name, `${name}.ipynb`);
        const content = fs.readFileSync(graded, "utf8");
        assert.ok(!content.includes("data-gradlab-plotly"), `${graded} carries a copy of plotly.js`);
        // plotly.js alone is about 4.8 MB; figure data of a whole notebook stays well under that.
        assert.ok(content.length < 3_000_000, `${graded} is ${content.length} bytes`);
        assert.ok(fs.existsSync(path.join(c.course, "gradebook.db")));
        for (const folder of ["source", "release", "submitted", "autograded", "feedback", "reports"]) {
          assert.ok(fs.statSync(path.join(c.course, folder)).isDirectory(), folder);
        }
      });

      if (name !== FIXTURE) return;

      it("runs the hidden tests: a hard-coded answer passes the visible check and fails a hidden one", () => {
        // (the loops student's second answer, graded after the endless first one was stopped)
        const outputs = outputsOf(autograded("loops", name), "ex90-2-secant-slope-test");
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
        assert.match(fs.readFileSync(path.join(c.course, "feedback", "noisy", name, `${name}.html`), "utf8"), /debug output/);
      });
    });
  }
});
