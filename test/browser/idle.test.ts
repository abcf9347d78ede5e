// Opening notebooks must not change them. A learner's `npm start` (learner mode; the shared
// server of the browser tests, its workspace made by start.mjs for this run) in headless Chromium:
// open learner copies and one of the course's own notebooks, let their kernels start, and leave
// the page alone while JupyterLab's autosave runs several times. Afterwards every tracked notebook
// is as committed (git status of notebooks/ clean, file hashes unchanged) and every learner copy
// the learner did not work in is byte for byte as it was made. While that page idles, the test
// does what a learner does next: saving the course's own notebook is refused with a message naming
// the learner's copy, and in a second page a learner copy is run (its kernel imports gradlab from
// the workspace folder), autosaved and saved, which changes that copy and no other file.
//
// JupyterLab autosaves every 120 s by default; the test sets the interval to AUTOSAVE_S (as a
// learner can, in Settings → Document Manager) before its pages load, so IDLE_MS covers
// IDLE_MS / AUTOSAVE_S autosave rounds in seconds instead of minutes. That autosave really runs at
// that interval is checked on the copy the learner runs: it is written without a click on Save.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { ROOT } from "../support/jupyter";
import {
  closeNotebook,
  menu,
  notebookState,
  openLab,
  openNotebook,
  POLL_MS,
  runAll,
  save,
  setAutosaveInterval,
  sharedLab,
  shutDownSessions,
  waitForKernel,
  type LabPage,
  type SharedLab,
} from "../support/lab";

const OPEN = ["00-start-here.ipynb", "06-gradient-descent.ipynb", "09-backpropagation.ipynb"];
const COURSE_NOTEBOOK = "notebooks/05-gradients.ipynb";
/** The learner copy the test works in (in a second page, while the first idles). */
const WORKED = "01-derivatives-rate-of-change.ipynb";
/** JupyterLab's autosave interval during this test (seconds), and how long the pages stay open. */
const AUTOSAVE_S = 5;
const IDLE_MS = 4 * AUTOSAVE_S * 1000;

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((n) => n.endsWith(".ipynb"))
      .sort()
      .map((n) => [n, sha(path.join(dir, n))]),
  );
}
const cellCount = (file: string) => (JSON.parse(fs.readFileSync(file, "utf8")) as { cells: unknown[] }).cells.length;
const gitStatus = () => spawnSync("git", ["status", "--porcelain", "--", "notebooks"], { cwd: ROOT, encoding: "utf8" }).stdout;

/** What changed between two versions of a notebook's top-level metadata (the usual culprit). */
function metadataChange(before: string, file: string): string {
  const old = (JSON.parse(before) as { metadata: unknown }).metadata;
  const now = (JSON.parse(fs.readFileSync(file, "utf8")) as { metadata: unknown }).metadata;
  return JSON.stringify(old) === JSON.stringify(now) ? "metadata unchanged" : `metadata ${JSON.stringify(old)} -> ${JSON.stringify(now)}`;
}

describe(`opening notebooks in JupyterLab leaves them unmodified (learner mode, ${IDLE_MS / 1000} s idle, autosave every ${AUTOSAVE_S} s)`, function () {
  this.timeout(IDLE_MS + 8 * 60_000);
  let shared: SharedLab;
  let WORKSPACE: string;
  const contexts: BrowserContext[] = [];
  let lab: LabPage;
  let course: Record<string, string>;
  let copies: Record<string, string>;
  const copyText: Record<string, string> = {};
  let opened = 0;

  const newLab = async (workspace: string): Promise<LabPage> => {
    const context = await shared.browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return openLab(context, shared.server, workspace);
  };
  const opening = [...OPEN.map((name) => `${WORKSPACE}/${name}`), COURSE_NOTEBOOK];

  before(async function () {
    this.timeout(8 * 60_000);
    assert.equal(gitStatus(), "", "notebooks/ is clean before the test");
    shared = await sharedLab();
    WORKSPACE = shared.workspace;
    opening.splice(0, OPEN.length, ...OPEN.map((name) => `${WORKSPACE}/${name}`));
    assert.equal(shared.server.url.pathname, `/lab/tree/${WORKSPACE}/00-start-here.ipynb`, "learners start in their copies");
    course = hashes(path.join(ROOT, "notebooks"));
    copies = hashes(path.join(ROOT, WORKSPACE));
    for (const name of Object.keys(copies)) copyText[name] = fs.readFileSync(path.join(ROOT, WORKSPACE, name), "utf8");
    assert.deepEqual(Object.keys(copies), Object.keys(course), "a copy of every course notebook");
    assert.equal(await setAutosaveInterval(shared.server, AUTOSAVE_S), AUTOSAVE_S, "the autosave interval the server reports");
    lab = await newLab("gradlab-idle-test");
    // Opened one after another, as a learner clicks; their kernels start side by side.
    for (const notebook of opening) await openNotebook(lab, notebook, cellCount(path.join(ROOT, notebook)));
    for (const notebook of opening) await waitForKernel(lab.page, shared.server, notebook, 180_000);
    opened = Date.now();
  });

  after(async function () {
    this.timeout(120_000);
    if (shared) {
      await setAutosaveInterval(shared.server, undefined).catch(() => undefined);
      for (const notebook of [...opening, `${WORKSPACE}/${WORKED}`]) await shutDownSessions(shared.server, notebook).catch(() => undefined);
    }
    for (const context of contexts) await context.close().catch(() => undefined);
  });

  it("refuses to save the course's own notebook, saying where the learner's copy is", async () => {
    // The course notebook's tab is the current one: File → Save Notebook.
    await menu(lab.page, "File", /^Save Notebook(?! As)/);
    const dialog = lab.page.locator(".jp-Dialog");
    await dialog.waitFor({ timeout: 60_000 });
    const text = (await dialog.textContent()) ?? "";
    assert.match(text, /not saved in learner mode/);
    assert.match(text, new RegExp(`Work in your copy, ${WORKSPACE.replace(/[\\/]/g, "/")}/05-gradients\\.ipynb`));
    assert.ok(!text.includes(ROOT), "no machine path in the message");
    await dialog.getByRole("button").last().click();
    await dialog.waitFor({ state: "detached", timeout: 30_000 });
  });

  it(`meanwhile a learner copy runs in a second page: Run All stops at the first exercise, unanswered; autosave (every ${AUTOSAVE_S} s) writes that copy, and so does Save`, async () => {
    const { server } = shared;
    const other = await newLab("gradlab-idle-test-work");
    const notebook = `${WORKSPACE}/${WORKED}`;
    const file = path.join(ROOT, notebook);
    // Jupyter writes a saved file in place: read half-way through a save, it is not JSON yet.
    const hasOutputs = () => {
      try {
        const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Array<{ outputs?: unknown[] }> };
        return saved.cells.some((c) => (c.outputs ?? []).length > 0);
      } catch {
        return false;
      }
    };
    try {
      await openNotebook(other, notebook, cellCount(file));
      await waitForKernel(other.page, server, notebook, 180_000);
      await runAll(other.page, 300_000);
      const ran = Date.now();
      const state = await notebookState(other.page);
      const firstError = state.cells.findIndex((c) => c.stderr.length > 0);
      assert.ok(firstError > 0, "cells before the first exercise ran (gradlab imported from the workspace folder)");
      assert.match(state.cells[firstError]!.stderr.join("\n"), /not (written yet|implemented)/);
      // No click on Save: autosave writes the run within its interval. A machine busy with the rest
      // of the suite gets 11 more: 4 intervals were once too few at a load of 17 on 2 cores.
      let autosaved = false;
      while (!(autosaved = sha(file) !== copies[WORKED] && hasOutputs()) && Date.now() - ran < 12 * AUTOSAVE_S * 1000) {
        await other.page.waitForTimeout(POLL_MS);
      }
      assert.ok(autosaved, `the run is autosaved in the learner's copy within ${12 * AUTOSAVE_S} s`);
      // The tab is not marked changed any more, so File → Save Notebook is seen by the file only.
      const before = fs.statSync(file).mtimeMs;
      await save(other.page);
      const saving = Date.now();
      while (!(fs.statSync(file).mtimeMs > before && hasOutputs()) && Date.now() - saving < 30_000)
        await other.page.waitForTimeout(POLL_MS);
      assert.ok(fs.statSync(file).mtimeMs > before, "File → Save Notebook writes the copy again");
      assert.ok(hasOutputs(), "the run is saved in the learner's copy");
      await closeNotebook(other, server, notebook);
    } finally {
      await other.page.context().close();
    }
  });

  it(`after ${IDLE_MS / 1000} s open (${IDLE_MS / 1000 / AUTOSAVE_S} autosave rounds), every tracked notebook and every other learner copy is unchanged`, async () => {
    const left = IDLE_MS - (Date.now() - opened);
    if (left > 0) await lab.page.waitForTimeout(left);
    // Anything the page was about to write has been written by now: one more autosave round.
    await lab.page.waitForTimeout(AUTOSAVE_S * 1000);
    assert.equal(gitStatus(), "", "git status of notebooks/");
    assert.deepEqual(hashes(path.join(ROOT, "notebooks")), course, "the course notebooks' contents");
    const now = hashes(path.join(ROOT, WORKSPACE));
    assert.notEqual(now[WORKED], copies[WORKED], "the copy the learner ran and saved");
    const changed = Object.keys(copies).filter((name) => name !== WORKED && now[name] !== copies[name]);
    assert.deepEqual(
      changed.map((name) => `${name}: ${metadataChange(copyText[name]!, path.join(ROOT, WORKSPACE, name))}`),
      [],
      "learner copies changed by opening them",
    );
    assert.deepEqual(Object.keys(now), Object.keys(copies), "no files added to the workspace");
  });
});
