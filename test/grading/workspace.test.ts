// The learner workspace (scripts/workspace.mjs): learner copies made by nbgrader's release steps,
// a learner's work never overwritten, a changed course notebook arriving as a new copy with a note,
// hashes (not times) deciding, and the course notebooks never written. Runs on copies of course
// notebooks in test-output/, so a course update can be simulated.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, describeFailure, runNotebook } from "../support/jupyter";
import {
  HIDDEN,
  SOLUTION,
  cellText,
  expectedStudentText,
  fillStubs,
  isSolution,
  readNotebook,
  solutionAnswers,
  type Notebook,
} from "../support/exercises";
import { releasedCourse } from "../support/grading";

const BASE = path.join(ROOT, "test-output", "workspace");
const SOURCE = path.join(BASE, "course"); // stands in for notebooks/
const WS = path.join(BASE, "workspace");
const NAMES = ["00-start-here.ipynb", "06-gradient-descent.ipynb", "90-grading-fixture.ipynb"];
const ORIGIN: Record<string, string> = {
  "00-start-here.ipynb": path.join(ROOT, "notebooks", "00-start-here.ipynb"),
  "06-gradient-descent.ipynb": path.join(ROOT, "notebooks", "06-gradient-descent.ipynb"),
  "90-grading-fixture.ipynb": path.join(ROOT, "test", "fixtures", "grading", "90-grading-fixture.ipynb"),
};

interface SyncResult {
  done: {
    created: string[];
    refreshed: string[];
    restored: string[];
    updates: Array<{ notebook: string; kept: string; copy: string }>;
    unchanged: string[];
  };
  lines: string[];
}

/** syncWorkspace({ dir: WS, source: SOURCE }) in a fresh Node process, as `npm start` calls it. */
function sync(): Promise<SyncResult> {
  const module = pathToFileURL(path.join(ROOT, "scripts", "workspace.mjs")).href;
  const code = `import { syncWorkspace } from ${JSON.stringify(module)};
const lines = [];
const done = syncWorkspace({ dir: ${JSON.stringify(WS)}, source: ${JSON.stringify(SOURCE)}, log: (m) => lines.push(m) });
process.stdout.write(JSON.stringify({ done, lines }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) =>
      status === 0 ? resolve(JSON.parse(stdout) as SyncResult) : reject(new Error(`sync failed (${status}):\n${stderr}`)),
    );
  });
}

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const hashes = (dir: string) =>
  Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((n) => n.endsWith(".ipynb"))
      .sort()
      .map((n) => [n, sha(path.join(dir, n))]),
  );

/** What a learner copy's cells must be: each source cell as nbgrader's release makes it, no outputs. */
function assertLearnerCopy(copy: Notebook, source: Notebook, label: string) {
  assert.equal(copy.cells.length, source.cells.length, `${label}: cell count`);
  copy.cells.forEach((cell, i) => {
    assert.equal(cellText(cell), expectedStudentText(source.cells[i]!), `${label}: cell ${i}`);
    assert.deepEqual(cell.outputs ?? [], [], `${label}: cell ${i} has no outputs`);
  });
  const text = JSON.stringify(copy);
  for (const marker of [SOLUTION.begin, SOLUTION.end, HIDDEN.begin, HIDDEN.end]) assert.ok(!text.includes(marker), `${label}: ${marker}`);
}

describe("the learner workspace (npm start's copies in workspace/)", function () {
  this.timeout(10 * 60 * 1000);
  let first: SyncResult;

  before(async () => {
    fs.rmSync(BASE, { recursive: true, force: true });
    fs.mkdirSync(SOURCE, { recursive: true });
    for (const name of NAMES) fs.copyFileSync(ORIGIN[name]!, path.join(SOURCE, name));
    first = await sync();
  });

  it("makes a learner copy of every course notebook: solutions replaced by the stub, hidden tests gone, no outputs", () => {
    assert.deepEqual(first.done.created, NAMES);
    assert.match(first.lines.join("\n"), /made 3 learner copies/);
    for (const name of NAMES) assertLearnerCopy(readNotebook(path.join(WS, name)), readNotebook(path.join(SOURCE, name)), name);
  });

  it("makes the same notebook as nbgrader's generate_assignment (npm run grade:release)", async () => {
    // The fixture as the shared course's `npm run grade:release` released it (test/support/grading.ts).
    const { course } = await releasedCourse();
    const id = "90-grading-fixture";
    const release = readNotebook(path.join(course, "release", id, `${id}.ipynb`));
    const copy = readNotebook(path.join(WS, `${id}.ipynb`));
    assert.deepEqual(
      copy.cells.map((c) => [cellText(c), c.metadata]),
      release.cells.map((c) => [cellText(c), c.metadata]),
    );
  });

  it("changes nothing when run again, and decides by content, not by file times", async () => {
    const before = hashes(WS);
    const manifest = fs.readFileSync(path.join(WS, ".gradlab-workspace.json"), "utf8");
    const later = new Date(Date.now() + 3600_000);
    for (const name of NAMES) fs.utimesSync(path.join(SOURCE, name), later, later); // touched, not changed
    const again = await sync();
    assert.deepEqual(again.done.unchanged, NAMES);
    assert.deepEqual(hashes(WS), before);
    assert.equal(fs.readFileSync(path.join(WS, ".gradlab-workspace.json"), "utf8"), manifest);
    assert.match(again.lines.join("\n"), /your 3 notebooks are up to date with the course/);
    for (const entry of Object.values(JSON.parse(manifest).notebooks as Record<string, Record<string, unknown>>)) {
      assert.deepEqual(Object.keys(entry).sort(), ["copy", "copy_sha256", "source_sha256"], "hashes only, no times");
    }
  });

  it("on a course update: keeps a learner's work, brings the new version as a new copy with a note, refreshes unsaved copies, restores deleted ones", async () => {
    // The learner answers notebook 06 and saves; leaves 00 as it was made; deletes the fixture's copy.
    const mine = readNotebook(path.join(WS, "06-gradient-descent.ipynb"));
    const source06 = readNotebook(path.join(SOURCE, "06-gradient-descent.ipynb"));
    mine.cells.forEach((cell, i) => {
      if (isSolution(cell)) cell.source = fillStubs(cellText(cell), solutionAnswers(source06.cells[i]!));
    });
    fs.writeFileSync(path.join(WS, "06-gradient-descent.ipynb"), `${JSON.stringify(mine, null, 1)}\n`);
    const saved = sha(path.join(WS, "06-gradient-descent.ipynb"));
    fs.rmSync(path.join(WS, "90-grading-fixture.ipynb"));
    // The course changes 00 and 06 (git pull).
    for (const name of ["00-start-here.ipynb", "06-gradient-descent.ipynb"]) {
      const nb = readNotebook(path.join(SOURCE, name));
      nb.cells.push({ cell_type: "markdown", id: "new-in-update", source: "A paragraph added by a course update.", metadata: {} });
      fs.writeFileSync(path.join(SOURCE, name), `${JSON.stringify(nb, null, 1)}\n`);
    }
    const sources = hashes(SOURCE);

    const update = await sync();
    assert.deepEqual(update.done.updates, [
      { notebook: "06-gradient-descent.ipynb", kept: "06-gradient-descent.ipynb", copy: "06-gradient-descent.update-1.ipynb" },
    ]);
    assert.deepEqual(update.done.refreshed, ["00-start-here.ipynb"]);
    assert.deepEqual(update.done.restored, ["90-grading-fixture.ipynb"]);
    assert.equal(sha(path.join(WS, "06-gradient-descent.ipynb")), saved, "the learner's file is untouched");
    const said = update.lines.join("\n");
    assert.match(
      said,
      /COURSE UPDATE: .*06-gradient-descent\.ipynb changed .*Your work in .*06-gradient-descent\.ipynb is kept as it is; the new version is .*06-gradient-descent\.update-1\.ipynb/,
    );
    assert.ok(!said.includes(ROOT), "terminal messages name folders relative to the project");

    const fresh = readNotebook(path.join(WS, "06-gradient-descent.update-1.ipynb"));
    const note = fresh.cells[0]!;
    assert.equal(note.cell_type, "markdown");
    assert.match(cellText(note), /^\*\*Course update\.\*\* .*`06-gradient-descent\.ipynb` changed/s);
    assert.match(cellText(note), /Your work is still in `06-gradient-descent\.ipynb`/);
    assertLearnerCopy({ ...fresh, cells: fresh.cells.slice(1) }, readNotebook(path.join(SOURCE, "06-gradient-descent.ipynb")), "update-1");
    assertLearnerCopy(
      readNotebook(path.join(WS, "00-start-here.ipynb")),
      readNotebook(path.join(SOURCE, "00-start-here.ipynb")),
      "00 refreshed",
    );
    assertLearnerCopy(
      readNotebook(path.join(WS, "90-grading-fixture.ipynb")),
      readNotebook(path.join(SOURCE, "90-grading-fixture.ipynb")),
      "restored",
    );
    assert.deepEqual(hashes(SOURCE), sources, "the course notebooks are only read");

    // The new copy is now the one followed: unchanged course, nothing to do; another change while
    // the learner has saved update-1 brings update-2.
    assert.deepEqual((await sync()).done.unchanged.sort(), [
      "00-start-here.ipynb",
      "06-gradient-descent.update-1.ipynb",
      "90-grading-fixture.ipynb",
    ]);
    fs.appendFileSync(path.join(WS, "06-gradient-descent.update-1.ipynb"), " ");
    const nb = readNotebook(path.join(SOURCE, "06-gradient-descent.ipynb"));
    nb.cells.push({ cell_type: "markdown", id: "second-update", source: "Another paragraph.", metadata: {} });
    fs.writeFileSync(path.join(SOURCE, "06-gradient-descent.ipynb"), `${JSON.stringify(nb, null, 1)}\n`);
    const second = await sync();
    assert.deepEqual(
      second.done.updates.map((u) => [u.kept, u.copy]),
      [["06-gradient-descent.update-1.ipynb", "06-gradient-descent.update-2.ipynb"]],
    );
    assert.equal(sha(path.join(WS, "06-gradient-descent.ipynb")), saved, "the first copy is still untouched");
  });

  it("a learner copy runs from the workspace folder (imports gradlab, reads the course's data) once answered", async () => {
    const copy = readNotebook(path.join(WS, "90-grading-fixture.ipynb"));
    const source = readNotebook(path.join(SOURCE, "90-grading-fixture.ipynb"));
    copy.cells.forEach((cell, i) => {
      if (isSolution(cell)) cell.source = fillStubs(cellText(cell), solutionAnswers(source.cells[i]!));
    });
    // The course's data comes through gradlab, whatever folder the notebook is in.
    copy.cells.push({
      cell_type: "code",
      id: "data",
      source: 'import { datasets as courseData } from "gradlab";\ncourseData.readCsv("house-prices.csv");',
      metadata: {},
      outputs: [],
      execution_count: null,
    });
    const answered = path.join(WS, "answered-90.ipynb");
    fs.writeFileSync(answered, `${JSON.stringify(copy, null, 1)}\n`);
    const report = await runNotebook(answered);
    assert.ok(report.ok, describeFailure(report));
    const unanswered = await runNotebook(path.join(WS, "90-grading-fixture.ipynb"));
    assert.equal(unanswered.ok, false, "an unanswered copy stops at its first exercise");
    assert.match(unanswered.failure?.lines.join("\n") ?? "", /not written yet/);
  });

  it("npm run solution -- 06 2 prints that exercise's finished cell from notebooks/, and names the choices when asked wrong", () => {
    const solution = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(ROOT, "scripts", "solution.mjs"), ...args], { cwd: ROOT, encoding: "utf8" });
    const source = readNotebook(path.join(ROOT, "notebooks", "06-gradient-descent.ipynb"));
    const cells = source.cells.filter(isSolution);
    const printed = solution("06", "2");
    assert.equal(printed.status, 0, printed.stderr);
    assert.match(printed.stdout, /── exercise 2: ex06-2-iterations ──/);
    // the answer as printed inside its function: compared line by line, indentation aside
    const unindented = (text: string) => text.replace(/^[ \t]+/gm, "");
    for (const answer of solutionAnswers(cells[1]!))
      assert.ok(unindented(printed.stdout).includes(unindented(answer)), `the answer:\n${answer}`);
    assert.ok(!printed.stdout.includes(solutionAnswers(cells[0]!)[0]!), "only the exercise asked for");
    assert.ok(!printed.stdout.includes(SOLUTION.begin) && !printed.stdout.includes(HIDDEN.begin), "no delimiters, no hidden tests");
    const wrong = solution("06", "7");
    assert.equal(wrong.status, 1);
    assert.match(
      wrong.stderr,
      /notebook 06-gradient-descent\.ipynb has no exercise "7"; it has 1 \(ex06-1-one-step\), 2 \(ex06-2-iterations\)/,
    );
    assert.match(solution("99").stderr, /no single course notebook matches "99"; give its number or name: 00, 01/);
  });
});
