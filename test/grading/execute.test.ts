// The course's nbgrader settings (nbgrader_config.py) as nbgrader itself loads them, and the verdict
// GradlabExecute (scripts/gradlab_nbgrader.py) gives a test cell: the kernel's reply decides, so
// stderr noise costs no points and a cell that did not run scores 0. Each case is compared with
// what nbgrader alone would have given, to show the difference is real.
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT, runPython, withFlakyKernelspec } from "../support/jupyter";

interface Verdict {
  score: number | null;
  plain_score: number | string | null;
  max_score: number | null;
  outputs: Array<{ output_type: string; name?: string; text?: string; ename?: string; evalue?: string }>;
}

const testCell = (outputs: unknown[]) => ({
  cell_type: "code",
  source: 'checkClose("x", x, 1);',
  metadata: { nbgrader: { grade: true, solution: false, locked: true, points: 2, grade_id: "ex90-1-x-test", schema_version: 3 } },
  outputs,
  execution_count: 1,
});
const stream = (name: "stdout" | "stderr", text: string) => ({ output_type: "stream", name, text });
const error = (ename: string, evalue: string) => ({ output_type: "error", ename, evalue, traceback: [`${ename}: ${evalue}`] });
const reply = (status: string, extra: Record<string, unknown> = {}) => ({ content: { status, ...extra } });
const errorReply = (ename: string) => reply("error", { ename, evalue: "", traceback: [ename] });

describe("nbgrader configuration (nbgrader_config.py)", function () {
  this.timeout(60000);

  it("gives TypeScript exercises a stub, whole-line delimiters, a per-cell timeout and GradlabExecute", async () => {
    const result = await runPython("test/support/grading_probe.py", ["config"], "", { GRADLAB_COURSE_DIR: "" });
    assert.equal(result.code, 0, result.stderr);
    const config = JSON.parse(result.stdout) as Record<string, unknown>;
    assert.deepEqual(config.code_stub, { typescript: '// YOUR CODE HERE\nthrow new Error("not implemented");' });
    assert.deepEqual(config.solution_delimiters, ["// BEGIN SOLUTION", "// END SOLUTION"]);
    assert.deepEqual(config.hidden_delimiters, ["// BEGIN HIDDEN TESTS", "// END HIDDEN TESTS"]);
    assert.equal(config.timeout, 120);
    assert.equal(config.interrupt_on_timeout, true);
    assert.equal(config.course_root, path.join(ROOT, "course"), "the course folder is in the project, not in $HOME");
    // nbgrader's own steps, with its Execute replaced by GradlabExecute (a subclass of it).
    const steps = config.autograde_preprocessors as string[];
    const defaults = config.nbgrader_default_autograde_preprocessors as string[];
    assert.equal(defaults[0], "nbgrader.preprocessors.execute.Execute");
    assert.deepEqual(steps, ["gradlab_nbgrader.GradlabExecute", ...defaults.slice(1)]);
    assert.deepEqual(config.execute_subclasses, ["gradlab_nbgrader.GradlabExecute"]);
  });

  it("puts the course folder where GRADLAB_COURSE_DIR says", async () => {
    const elsewhere = path.join(ROOT, "test-output", "grading", "elsewhere");
    const result = await runPython("scripts/grading.py", ["paths"], "", { GRADLAB_COURSE_DIR: elsewhere });
    assert.equal(result.code, 0, result.stderr);
    const paths = JSON.parse(result.stdout) as Record<string, string>;
    assert.equal(paths.root, elsewhere);
    assert.equal(paths.release, path.join(elsewhere, "release"));
    // nbgrader's own place for the gradebook, with a busy timeout for autograde's workers (--jobs)
    assert.equal(paths.db_url, `sqlite:///${path.join(elsewhere, "gradebook.db")}?timeout=60`);
  });
});

// Every case goes through one Python process (importing nbgrader takes seconds).
const CASES = {
  noisyPass: { cell: testCell([stream("stderr", "a library banner\n"), stream("stdout", "✓ x = 1\n")]), reply: reply("ok") },
  noisyFail: {
    cell: testCell([stream("stderr", "noise\n"), error("ExerciseError", "x is 2; expected 1")]),
    reply: errorReply("ExerciseError"),
  },
  fail: { cell: testCell([error("ExerciseError", "x is 2; expected 1")]), reply: errorReply("ExerciseError") },
  aborted: { cell: testCell([]), reply: reply("aborted") },
  noReply: { cell: testCell([]), reply: null },
  timedOut: { cell: testCell([error("KeyboardInterrupt", "execution interrupted")]), reply: errorReply("CellTimeoutError") },
  quietPass: { cell: testCell([]), reply: reply("ok") },
  // A trace and a printed line naming files inside the project, as Node prints them.
  paths: {
    cell: testCell([
      stream("stdout", `reading ${path.join(ROOT, "data", "house-prices.csv")}\n`),
      {
        output_type: "error",
        ename: "ExerciseError",
        evalue: `x is 2; expected 1 (see file://${ROOT}/lib/check/exercise.ts)`,
        traceback: [
          "ExerciseError: x is 2; expected 1",
          `    at callLearner (${ROOT}/lib/check/exercise.ts:26:13)`,
          `    at ${ROOT}x/elsewhere.js:1:1`,
        ],
      },
    ]),
    reply: errorReply("ExerciseError"),
  },
  solution: {
    cell: {
      ...testCell([stream("stderr", "debug print\n")]),
      metadata: { nbgrader: { solution: true, grade: false, locked: false, grade_id: "ex90-1-x", schema_version: 3 } },
    },
    reply: reply("ok"),
  },
};
type CaseName = keyof typeof CASES;

describe("GradlabExecute: a test cell's score follows the kernel's reply", function () {
  this.timeout(60000);
  let v: Record<CaseName, Verdict>;

  before(async () => {
    const names = Object.keys(CASES) as CaseName[];
    const result = await runPython("test/support/grading_probe.py", ["verdict"], JSON.stringify({ cells: names.map((n) => CASES[n]) }));
    assert.equal(result.code, 0, result.stderr);
    const list = JSON.parse(result.stdout) as Verdict[];
    v = Object.fromEntries(names.map((n, i) => [n, list[i]!])) as Record<CaseName, Verdict>;
  });

  it("gives full marks to a passing test that also wrote to stderr, and keeps the text", () => {
    assert.equal(v.noisyPass.plain_score, 0, "nbgrader alone scores any stderr as a failure");
    assert.equal(v.noisyPass.score, 2);
    assert.deepEqual(
      v.noisyPass.outputs.map((o) => [o.name, o.text]),
      [
        ["stdout", "a library banner\n"],
        ["stdout", "✓ x = 1\n"],
      ],
    );
  });

  it("scores 0 for a failing test, with or without stderr", () => {
    assert.equal(v.noisyFail.score, 0);
    assert.equal(v.noisyFail.outputs[0]!.name, "stderr", "a failing cell's outputs are left as they were");
    assert.equal(v.fail.score, 0);
  });

  it("scores 0 for a test cell the kernel aborted or never answered (nbgrader alone: full marks or a crash)", () => {
    assert.equal(v.aborted.plain_score, 2, "nbgrader alone gives an aborted cell full marks");
    assert.equal(v.aborted.score, 0);
    assert.equal(v.aborted.outputs[0]!.ename, "CellNotRun");
    assert.equal(v.aborted.outputs[0]!.evalue, "the kernel replied aborted");
    assert.equal(v.noReply.plain_score, "TypeError", "nbgrader's own hook fails without a reply");
    assert.equal(v.noReply.score, 0);
    assert.equal(v.noReply.outputs[0]!.evalue, "the kernel replied nothing");
  });

  it("scores 0 for a timed-out cell (the reply nbclient makes up after interrupting the kernel), saying the limit", () => {
    assert.equal(v.timedOut.score, 0);
    // One message, which states the limit (the kernel's KeyboardInterrupt is dropped). The limit is
    // nbgrader's own Execute.timeout default (30 s): the probe does not read nbgrader_config.py.
    assert.deepEqual(
      v.timedOut.outputs.map((o) => [o.ename, o.evalue]),
      [["CellTimeoutError", "this cell ran longer than 30 s, the per-cell limit, and was stopped (score 0)"]],
    );
  });

  it("makes paths inside the project relative in every output; other paths stay", () => {
    const [printed, error] = v.paths.outputs as Array<Verdict["outputs"][number] & { traceback?: string[] }>;
    assert.equal(printed!.text, "reading data/house-prices.csv\n");
    assert.equal(error!.evalue, "x is 2; expected 1 (see lib/check/exercise.ts)");
    assert.deepEqual(error!.traceback, [
      "ExerciseError: x is 2; expected 1",
      "    at callLearner (lib/check/exercise.ts:26:13)",
      `    at ${ROOT}x/elsewhere.js:1:1`,
    ]);
    assert.equal(v.paths.score, 0);
  });

  it("gives full marks to a passing test with no output, and leaves other cells alone", () => {
    assert.equal(v.quietPass.score, 2);
    assert.equal(v.solution.score, null);
    assert.equal(v.solution.outputs[0]!.name, "stderr");
  });
});

// nbgrader fails a whole submission when its kernel does not come up. A port taken by another
// process between jupyter_client's choice and the kernel's start does that (the kernel exits:
// test/kernel/ports.test.ts); GradlabExecute starts another kernel, on new ports.
describe("GradlabExecute: a kernel that did not start is started again", function () {
  this.timeout(120000);
  const notebook = path.join(ROOT, "test", "fixtures", "notebooks", "good.ipynb");
  interface Executed {
    outputs?: Array<Array<{ text?: string }>>;
    error?: string;
    log: string[];
  }
  const execute = (jupyterPath: string) =>
    runPython("test/support/grading_probe.py", ["execute", notebook], "", { JUPYTER_PATH: jupyterPath });

  it("runs the notebook on the second start, with a warning saying why", async () => {
    const result = await withFlakyKernelspec(1, execute);
    assert.equal(result.code, 0, result.stderr.slice(-3000));
    const report = JSON.parse(result.stdout) as Executed;
    assert.equal(report.error, undefined);
    assert.equal(report.outputs![1]![0]!.text, "0.666667\n");
    assert.equal(report.log.length, 1, report.log.join("\n"));
    assert.match(
      report.log[0]!,
      /^The kernel did not start \(Kernel died before replying to kernel_info\); starting another on new ports \(start 2 of 3\)$/,
    );
  });

  it("stops after three starts, with nbclient's error", async () => {
    const result = await withFlakyKernelspec(3, execute);
    assert.equal(result.code, 0, result.stderr.slice(-3000));
    const report = JSON.parse(result.stdout) as Executed;
    assert.equal(report.error, "RuntimeError: Kernel died before replying to kernel_info");
    assert.deepEqual(
      report.log.map((line) => line.match(/start \d of 3/)?.[0]),
      ["start 2 of 3", "start 3 of 3"],
    );
  });
});
