// Drives the instructor scripts (scripts/grade.mjs) the way `npm run grade:*` does, on a course
// folder of the test's own under test-output/ (inside the project, so notebooks there resolve
// "gradlab" through the project's node_modules).
import { collect } from "../../scripts/collect";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { cellText, exercises, fillStubs, isSolution, readNotebook, solutionAnswers, type Notebook } from "./exercises";
import { ROOT, runPython, type ProcessResult } from "./jupyter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const project = require("../../scripts/project.cjs") as {
  VENV_BIN: string;
  projectEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv;
};

/** The notebooks the grading tests cover: every course notebook, and the course-like fixtures. */
export function gradedNotebooks(): string[] {
  const list = (dir: string) =>
    fs
      .readdirSync(path.join(ROOT, dir))
      .filter((n) => n.endsWith(".ipynb"))
      .sort()
      .map((n) => path.join(dir, n));
  return [...list("notebooks"), ...list(path.join("test", "fixtures", "grading"))];
}

export const notebookName = (file: string) => path.basename(file, ".ipynb");

/** A test's course folder: test-output/grading/<name>/course. */
export const courseDir = (name: string) => path.join(ROOT, "test-output", "grading", name, "course");

/** Empties test-output/grading/<name>/ (call it in a before hook, not when the file loads). */
export function freshCourse(name: string): string {
  const dir = path.dirname(courseDir(name));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return courseDir(name);
}

/** `node scripts/grade.mjs <args> --skip-setup` with GRADLAB_COURSE_DIR=course (and `env`). */
export function grade(course: string, args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  return collect(process.execPath, [path.join(ROOT, "scripts", "grade.mjs"), ...args, "--skip-setup"], {
    cwd: ROOT,
    env: { ...process.env, GRADLAB_COURSE_DIR: course, ...env },
  });
}

/** Like grade(), but throws with the script's output when it fails. */
export async function gradeOk(course: string, args: string[], env: Record<string, string> = {}): Promise<ProcessResult> {
  const result = await grade(course, args, env);
  if (result.code !== 0) {
    throw new Error(`grade.mjs ${args.join(" ")} exited ${result.code}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-6000)}`);
  }
  return result;
}

/** `text` without terminal colour codes (tracebacks in notebooks carry them). */
// eslint-disable-next-line no-control-regex -- removing control characters is the point
export const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

/** Parses a CSV written by the report (plain fields, no quoting needed for ids and numbers). */
export function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...rows] = fs.readFileSync(file, "utf8").trim().split(/\r?\n/);
  const names = header!.split(",");
  return rows.map((row) => Object.fromEntries(row.split(",").map((v, i) => [names[i]!, v])));
}

/** Validates notebook files against the nbformat schema (one Python process); file -> the error, or "" when valid. */
export async function nbformatProblems(files: string[]): Promise<Record<string, string>> {
  const result = await runPython("test/support/grading_probe.py", ["validate", ...files]);
  if (result.code !== 0) throw new Error(`grading_probe.py validate failed:\n${result.stderr.slice(-3000)}`);
  return JSON.parse(result.stdout) as Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// The shared graded course. Releasing, collecting and autograding are what cost: a kernel per
// submission. The grading tests (release, roundtrip, integrity, nbgrader, builds) assert on one
// course, built once per test process on first use: every notebook released once, every
// submission of every student autograded once.

/** What a student hands in for one notebook, and which of its test cells must score 0. */
export interface Work {
  /** Hands in the release as it is, every stub left. */
  untouched?: boolean;
  /** Fills the first stub of these exercises with this text (the rest: the instructor's answers). */
  answers?: Record<string, string>;
  /** Replaces the whole solution cell of these exercises. */
  cells?: Record<string, string>;
  /** A change made after answering: a test cell edited or deleted, a cell added. */
  edit?: (nb: Notebook) => void;
  /** The test cells expected to score 0 ("*": all); every other one scores its full points. */
  failing: string[] | "*";
}

/** A student: notebook name -> what they hand in for it. */
export type Student = Record<string, Work>;

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The student's notebook: the released version, answered as `work` says. */
export function submission(released: Notebook, source: Notebook, work: Work): Notebook {
  const nb = clone(released);
  if (!work.untouched) {
    nb.cells.forEach((cell, i) => {
      if (!isSolution(cell)) return;
      const id = String(cell.metadata.nbgrader?.grade_id);
      const whole = work.cells?.[id];
      if (whole !== undefined) {
        cell.source = whole;
        return;
      }
      const instructor = solutionAnswers(source.cells[i]!);
      const own = work.answers?.[id];
      cell.source = fillStubs(cellText(cell), own === undefined ? instructor : [own, ...instructor.slice(1)]);
    });
  }
  work.edit?.(nb);
  return nb;
}

/** Test cell id -> expected score, from the source notebook's points. */
export function expectedScores(source: Notebook, work: Work): Map<string, number> {
  const scores = new Map<string, number>();
  for (const exercise of exercises(source)) {
    for (const test of exercise.tests) {
      const fails = work.failing === "*" || work.failing.includes(test.id);
      scores.set(test.id, fails ? 0 : test.points);
    }
  }
  return scores;
}

/** sha256 and modification time of every file under `dir`. */
export function fingerprint(dir: string): Record<string, string> {
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

export const FIXTURE = "90-grading-fixture";
export const GRADING_SEED = "4242";
/**
 * The per-cell limit for the student whose answer never returns (npm run grade:autograde -- --timeout).
 * Its endless loop spins a core until then; the fixture's slowest other cell (the gradlab import)
 * takes 2-3 s on a busy machine.
 */
export const LOOP_TIMEOUT = 12;
/** Worker processes for the bulk of the shared course (npm run grade:autograde -- --jobs). */
export const GRADING_JOBS = 2;
/** The submissions graded apart from the rest, beside it: the endless answer and plain nbgrader's. */
const APART = ["loops", "noisy"].map((student) => `${student}/${FIXTURE}`);

const THROW = 'throw new Error("a bug in the student\'s code");';
/** A wrong answer to the fixture's third exercise (its second test fails). */
export const WRONG_INTERCEPT = "const tangentSlope = 2 * x0;\nconst tangentIntercept = f(x0);";
const GD_STEP_WRONG = "function gdStep(x: number, rate: number): number {\n  return x;\n}";
const ALL_06 = ["ex06-1-one-step-test", "ex06-2-iterations-test", "ex06-3-descent-loop-test", "ex06-4-predict-x3-test"];
/** A figure of the student's own, added at the end of the fixture. */
export const FIGURE_CELL =
  'import { show as showFigure, functionPlot } from "gradlab";\nshowFigure(functionPlot({ functions: [{ f: Math.sin, name: "sin" }], range: [0, 6] }));';

/**
 * The build exercises (06.3, 06.4, 09.3, 13.3, 13.4, 15.3) with a wrong answer or a call to
 * gradlab's own version, and what the failing test cell must say (test/grading/builds.test.ts).
 * Each is handed in by `student` of the shared course: in 06 and 09 one of the students whose
 * notebook is graded anyway (their other wrong answers are in exercises of their own), in 13 and
 * 15 the "builds" student, whose other answers are right.
 */
export const BUILD_VARIANTS = [
  {
    student: "wrong-06",
    notebook: "06-gradient-descent",
    exercise: "ex06-3-descent-loop",
    what: "a loop handed to gradlab's gradientDescent",
    answer: "return optim.gradientDescent({ f: (x) => x, grad: slope, x0, lr, steps, tolerance: 0 }).history.map((h) => h.x);",
    message: /called the slope from inside gradlab's optim code/,
  },
  {
    student: "wrong-06",
    notebook: "06-gradient-descent",
    exercise: "ex06-4-predict-x3",
    what: "x₂ instead of x₃",
    answer: "return 1.68;",
    message: /your prediction of x₃ is 1\.68: too small/,
  },
  {
    student: "copied",
    notebook: "09-backpropagation",
    exercise: "ex09-3-fix-residual-backward",
    what: "the planted bug left in",
    answer: "return residualLayerBackwardBuggy(X, W, b, dY);",
    message: /fails the gradient check: dX/,
  },
  {
    student: "builds",
    notebook: "13-automatic-differentiation",
    exercise: "ex13-3-exp-rule",
    what: "a rule that runs gradlab's Value engine",
    answer: "const v = new scalar.Value(a.data);\nv.exp().backward();\na.grad += v.grad * out.grad;",
    message: /myExp's backward rule ran gradlab's own engine/,
  },
  {
    student: "builds",
    notebook: "13-automatic-differentiation",
    exercise: "ex13-4-iterative-sort",
    what: "the recursive sort",
    answer: "return myTopologicalSort(out);",
    message: /topologicalSortIterative threw an error: Maximum call stack size exceeded/,
  },
  {
    student: "builds",
    notebook: "15-capstone",
    exercise: "ex15-3-training-loop",
    what: "steps uphill",
    answer:
      "const losses: number[] = [];\nfor (let t = 0; t < steps; t++) {\n  losses.push(lossAndGrads());\n  for (const p of params) for (let i = 0; i < p.value.length; i++) p.value[i] += lr * p.grad[i]!;\n}\nreturn losses;",
    message: /the loss of each step/,
  },
] as const;

const byId = (nb: Notebook, id: string) => nb.cells.findIndex((c) => c.metadata.nbgrader?.grade_id === id);

/** The notebooks every student hands in (all), and the students of the shared course. */
function courseStudents(): Record<string, Student> {
  const all = gradedNotebooks().map(notebookName);
  const every = (work: Work): Student => Object.fromEntries(all.map((name) => [name, work]));
  // Each graded submission costs a kernel run of its notebook: wrong answers to different
  // exercises of one notebook share a submission when every other cell still runs as with right
  // answers (each test cell checks its own exercise), so each test cell's score still shows
  // whether its check caught its wrong answer.
  const students: Record<string, Student> = {
    // Every course notebook: all answers right (full marks), nothing answered (zero).
    solutions: every({ failing: [] }),
    unanswered: every({ untouched: true, failing: "*" }),
    // A wrong answer: zero for exactly the test that checks it. The wrong answer in 00 also writes
    // to stderr, which must not turn the zero into points either. (The fixture's wrong answers are
    // handed in by "throws" and "loops".)
    "one-wrong": {
      "00-start-here": {
        answers: { "ex00-1-cube-derivative": 'console.error("checking my answer at x =", x);\nreturn 3 * x;' },
        failing: ["ex00-1-cube-derivative-test"],
      },
    },
    // A test that throws scores 0; the later tests still run and score on their own merits (in the
    // fixture, a wrong answer to the third exercise: 0 for exactly the test that checks it).
    throws: {
      "00-start-here": { answers: { "ex00-1-cube-derivative": THROW }, failing: ["ex00-1-cube-derivative-test"] },
      [FIXTURE]: {
        answers: { "ex90-1-product-rule": THROW, "ex90-3-tangent-line": WRONG_INTERCEPT },
        failing: ["ex90-1-product-rule-test", "ex90-3-tangent-line-test-2"],
      },
    },
    // An answer that never returns: interrupted after LOOP_TIMEOUT, 0; the later cells still graded.
    // Its second answer is hard-coded: it passes the visible check (secantSlope(x², 1, 3) = 4) and
    // fails the hidden ones.
    loops: {
      [FIXTURE]: {
        answers: { "ex90-1-product-rule": "while (true) {}", "ex90-2-secant-slope": "return 4;" },
        failing: ["ex90-1-product-rule-test", "ex90-2-secant-slope-test"],
      },
    },
    // Right answers that chatter on stderr while the tests call them (full marks), and in the
    // fixture a figure of the student's own (autograded by plain nbgrader: no plotly.js copy).
    noisy: {
      "00-start-here": { answers: { "ex00-1-cube-derivative": 'console.error("debug: x =", x);\nreturn 3 * x ** 2;' }, failing: [] },
      [FIXTURE]: {
        answers: {
          "ex90-1-product-rule":
            'console.error("debug: x =", x);\nprocess.stderr.write("debug output\\n");\nreturn Math.sin(x) + x * Math.cos(x);',
          "ex90-2-secant-slope": 'console.warn("a warning");\nreturn (f(b) - f(a)) / (b - a);',
        },
        edit: (nb) =>
          void nb.cells.push({
            cell_type: "code",
            id: "student-figure",
            source: FIGURE_CELL,
            metadata: {},
            outputs: [],
            execution_count: null,
          }),
        failing: [],
      },
    },
    // Replaces the first test with one that always passes; answers nothing.
    edited: {
      [FIXTURE]: {
        untouched: true,
        edit: (nb) => void (nb.cells[byId(nb, "ex90-1-product-rule-test")]!.source = 'console.log("✓ all good");'),
        failing: "*",
      },
    },
    // Right answers, and the first test cell deleted (nbgrader puts it back and runs it).
    deleted: {
      [FIXTURE]: { edit: (nb) => void nb.cells.splice(byId(nb, "ex90-1-product-rule-test"), 1), failing: [] },
    },
    // Attacks on the grading (test/grading/integrity.test.ts). In 06: the checks shadowed by
    // functions that print a pass (ex06-1), the number of the visible case returned for every
    // input (ex06-2; the hidden inputs catch it), and the build exercises answered wrong (ex06-3,
    // ex06-4, added from BUILD_VARIANTS below).
    "wrong-06": {
      "06-gradient-descent": {
        cells: {
          "ex06-1-one-step": [
            'const checkExercise = (..._a: unknown[]): void => console.log("✓ passed");',
            "const checkHidden = checkExercise;",
            "const checkAllClose = checkExercise;",
            "const checkClose = checkExercise;",
            GD_STEP_WRONG,
          ].join("\n"),
        },
        answers: { "ex06-2-iterations": "return 35;" },
        failing: ["ex06-1-one-step-test", "ex06-2-iterations-test"],
      },
    },
    exports: {
      "06-gradient-descent": {
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
    },
    // Overriding Math: every later test fails, right answers included.
    math: {
      "06-gradient-descent": {
        cells: { "ex06-1-one-step": `Math.abs = () => 0;\nMath.max = () => 0;\n${GD_STEP_WRONG}` },
        failing: ALL_06,
      },
    },
    prototype: {
      "06-gradient-descent": {
        cells: { "ex06-1-one-step": `(Object.prototype as Record<string, unknown>).rtol = 1e9;\n${GD_STEP_WRONG}` },
        failing: ALL_06,
      },
    },
    // Ending the kernel: the remaining test cells never run, and score 0.
    exit: { "06-gradient-descent": { cells: { "ex06-1-one-step": `${GD_STEP_WRONG}\nprocess.exit(0);` }, failing: ALL_06 } },
    // The answer copied from the notebook's own tfjs computation: right on the visible case only
    // (and the build exercise ex09-3 answered wrong, from BUILD_VARIANTS).
    copied: {
      "09-backpropagation": {
        answers: { "ex09-1-hidden-layer-grads": "return { dW1: viaTf.W1, db1: viaTf.b1 };" },
        failing: ["ex09-1-hidden-layer-grads-test"],
      },
    },
  };
  // The build exercises answered wrong; "builds" (13, 15) answers every other exercise right.
  for (const v of BUILD_VARIANTS) {
    const work = ((students[v.student] ??= {})[v.notebook] ??= { failing: [] });
    (work.answers ??= {})[v.exercise] = v.answer;
    (work.failing as string[]).push(`${v.exercise}-test`);
  }
  return students;
}

export interface GradedCourse {
  course: string;
  inbox: string;
  students: Record<string, Student>;
  /** Source notebook file (relative to the project) by notebook name. */
  sources: Record<string, string>;
  /** Fingerprints of the students' files when written, and of submitted/ right after collect. */
  studentFiles: Record<string, string>;
  submittedFiles: Record<string, string>;
  /** "student/assignment" of every submission nbgrader could not finish grading. */
  failed: string[];
  /** What every autograde run printed. */
  autogradeOutput: string;
  /** The output of the run that graded every submission but APART's, with --jobs GRADING_JOBS. */
  restAutogradeOutput: string;
  /** The output of plain `nbgrader autograde` (the fixture's noisy student). */
  plainAutogradeOutput: string;
  /** npm run grade:report's output. */
  reportOutput: string;
  tests: Array<Record<string, string>>;
  grades: Array<Record<string, string>>;
}

/** Seconds per step of the shared course, written to <course>/../timings.json (for the suite's timing notes). */
const stepTimes: Record<string, number> = {};
async function timed<T>(step: string, course: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    stepTimes[step] = (Date.now() - started) / 1000;
    fs.writeFileSync(path.join(path.dirname(course), "timings.json"), `${JSON.stringify(stepTimes, null, 1)}\n`);
  }
}

/** `.venv/bin/nbgrader args` from the project folder, as an instructor runs it; GRADLAB_PLOTLY_EMBED unset. */
export function plainNbgrader(course: string, args: string[]): Promise<ProcessResult> {
  const env = project.projectEnv({ GRADLAB_COURSE_DIR: course, GRADLAB_GRADING_SEED: GRADING_SEED });
  delete env.GRADLAB_PLOTLY_EMBED;
  return collect(path.join(project.VENV_BIN, "nbgrader"), args, { cwd: ROOT, env });
}

/** A key of everything the course is made from: a changed input never reuses a folder. */
function inputsKey(students: Record<string, Student>): string {
  const hash = createHash("sha256");
  const files = [
    ...gradedNotebooks(),
    "nbgrader_config.py",
    path.join("scripts", "grade.mjs"),
    path.join("scripts", "grading.py"),
    path.join("scripts", "gradlab_nbgrader.py"),
  ];
  for (const file of files) hash.update(`${file}\n`).update(fs.readFileSync(path.join(ROOT, file)));
  hash.update(JSON.stringify(students, (_k, v: unknown) => (typeof v === "function" ? String(v) : v)));
  return hash.digest("hex").slice(0, 12);
}

/**
 * GRADLAB_GRADING_REUSE=1 reuses a finished course of the same inputs from an earlier test process
 * (for working on the assertions only: the key does not cover lib/ or the kernel). Off by default.
 */
const reuse = () => process.env.GRADLAB_GRADING_REUSE === "1";

let releasedOnce: Promise<{ course: string; sources: Record<string, string>; students: Record<string, Student> }> | undefined;
let gradedOnce: Promise<GradedCourse> | undefined;

/** The shared course with every graded notebook released (npm run grade:release, one call). */
export function releasedCourse(): Promise<{ course: string; sources: Record<string, string>; students: Record<string, Student> }> {
  releasedOnce ??= (async () => {
    const students = courseStudents();
    const name = `shared-${inputsKey(students)}`;
    const files = gradedNotebooks();
    const sources = Object.fromEntries(files.map((f) => [notebookName(f), f]));
    if (reuse() && fs.existsSync(path.join(courseDir(name), "..", "graded.json"))) return { course: courseDir(name), students, sources };
    const course = freshCourse(name);
    await timed("release", course, () => gradeOk(course, ["release", ...files]));
    return { course, students, sources };
  })();
  return releasedOnce;
}

/** The shared course, every student's submissions collected, autograded, with feedback and report. */
export function gradedCourse(): Promise<GradedCourse> {
  gradedOnce ??= (async () => {
    const { course, students, sources } = await releasedCourse();
    const saved = path.join(path.dirname(course), "graded.json");
    if (reuse() && fs.existsSync(saved)) return { ...(JSON.parse(fs.readFileSync(saved, "utf8")) as GradedCourse), students };
    const inbox = path.join(path.dirname(course), "inbox");
    for (const [student, work] of Object.entries(students)) {
      for (const [name, spec] of Object.entries(work)) {
        const released = readNotebook(path.join(course, "release", name, `${name}.ipynb`));
        const nb = submission(released, readNotebook(path.join(ROOT, sources[name]!)), spec);
        fs.mkdirSync(path.join(inbox, student), { recursive: true });
        fs.writeFileSync(path.join(inbox, student, `${name}.ipynb`), `${JSON.stringify(nb, null, 1)}\n`);
      }
    }
    const studentFiles = fingerprint(inbox);
    // The noisy student is graded by two processes at once below (its fixture by plain nbgrader,
    // its 00 in the rest): registered first, so that neither adds the same student as the other.
    const [, addNoisy] = await Promise.all([
      timed("collect", course, () => gradeOk(course, ["collect", inbox])),
      plainNbgrader(course, ["db", "student", "add", "noisy"]),
    ]);
    if (addNoisy.code !== 0) throw new Error(`nbgrader db student add noisy failed:\n${addNoisy.stderr.slice(-3000)}`);
    const submittedFiles = fingerprint(path.join(course, "submitted"));
    const env = { GRADLAB_GRADING_SEED: GRADING_SEED };
    // Three runs side by side (their waiting overlaps with work): the endless answer with a short
    // per-cell limit; the fixture's noisy student through plain nbgrader (no GRADLAB_PLOTLY_EMBED:
    // nbgrader_config.py's default keeps plotly.js out); every other submission with the course's
    // own limit, in GRADING_JOBS worker processes (npm run grade:autograde -- --jobs).
    const others = Object.entries(students)
      .flatMap(([student, work]) => Object.keys(work).map((name) => `${student}/${name}`))
      .filter((pair) => !APART.includes(pair));
    const [loops, plain, rest] = await timed("autograde (the three side by side)", course, () =>
      Promise.all([
        timed("autograde loops", course, () =>
          grade(course, ["autograde", FIXTURE, "--student", "loops", "--timeout", String(LOOP_TIMEOUT)], env),
        ),
        timed("autograde noisy (plain nbgrader)", course, () => plainNbgrader(course, ["autograde", FIXTURE, "--student", "noisy"])),
        timed(`autograde the rest (--jobs ${GRADING_JOBS})`, course, () =>
          grade(course, ["autograde", ...others, "--jobs", String(GRADING_JOBS)], env),
        ),
      ]),
    );
    const outputs: string[] = [];
    for (const r of [loops, plain, rest]) outputs.push(r.stdout, r.stderr);
    const autogradeOutput = outputs.join("\n");
    // nbgrader's own line for a submission it could not grade, and grade.mjs's (--jobs) for one
    // a worker did not finish (a gradebook still locked after its retries, a worker that died).
    const failed = [
      ...new Set([
        ...[...autogradeOutput.matchAll(/error processing assignment '([^']+)' for student '([^']+)'/g)].map((m) => `${m[2]}/${m[1]}`),
        ...[...autogradeOutput.matchAll(/\[grade\] not graded: (\S+)/g)].map((m) => m[1]!),
      ]),
    ];
    if (loops.code !== 0 || plain.code !== 0) throw new Error(`autograde failed:\n${autogradeOutput.slice(-6000)}`);
    if (rest.code !== 0 && !/nbgrader could not grade every submission/.test(rest.stderr)) {
      throw new Error(`autograde failed:\n${autogradeOutput.slice(-6000)}`);
    }
    await timed("feedback", course, () => gradeOk(course, ["feedback", "--jobs", String(GRADING_JOBS)]));
    const report = await timed("report", course, () => gradeOk(course, ["report"]));
    const graded: GradedCourse = {
      course,
      inbox,
      students,
      sources,
      studentFiles,
      submittedFiles,
      failed,
      autogradeOutput,
      restAutogradeOutput: rest.stdout + rest.stderr,
      plainAutogradeOutput: plain.stdout + plain.stderr,
      reportOutput: report.stdout,
      tests: readCsv(path.join(course, "reports", "tests.csv")),
      grades: readCsv(path.join(course, "reports", "grades.csv")),
    };
    fs.writeFileSync(saved, `${JSON.stringify({ ...graded, students: undefined }, null, 1)}\n`);
    return graded;
  })();
  return gradedOnce;
}
