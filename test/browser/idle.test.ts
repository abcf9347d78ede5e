// Opening notebooks must not change them. A learner's `npm start` (learner mode, its workspace in
// test-output/) in headless Chromium: open learner copies and one of the course's own notebooks,
// let their kernels start, and leave the page alone for three minutes (JupyterLab autosaves every
// two). Afterwards every tracked notebook is as committed (git status of notebooks/ clean, file
// hashes unchanged) and every learner copy the learner did not work in is byte for byte as it was
// made. While that page idles, the test does what a learner does next: saving the course's own
// notebook is refused with a message naming the learner's copy, and in a second page a learner
// copy is run (its kernel imports gradlab from the workspace folder) and saved, which changes
// that copy and no other file.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { ROOT } from "../support/jupyter";
import {
  closeNotebook,
  launchChromium,
  menu,
  notebookState,
  openLab,
  openNotebook,
  runAll,
  save,
  shutDownSessions,
  waitForKernel,
  type LabPage,
} from "../support/lab";
import { startCourseServer, type CourseServer } from "../support/server";

const WORKSPACE = path.join("test-output", "idle-workspace");
const OPEN = ["00-start-here.ipynb", "06-gradient-descent.ipynb", "09-backpropagation.ipynb"];
const COURSE_NOTEBOOK = "notebooks/05-gradients.ipynb";
/** The learner copy the test works in (in a second page, while the first idles). */
const WORKED = "01-derivatives-rate-of-change.ipynb";
const IDLE_MS = 3 * 60_000;

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

describe("opening notebooks in JupyterLab leaves them unmodified (learner mode, three minutes idle)", function () {
  this.timeout(IDLE_MS + 8 * 60_000);
  let server: CourseServer;
  let browser: Browser;
  let lab: LabPage;
  let course: Record<string, string>;
  let copies: Record<string, string>;
  const copyText: Record<string, string> = {};
  let opened = 0;

  before(async function () {
    this.timeout(8 * 60_000);
    assert.equal(gitStatus(), "", "notebooks/ is clean before the test");
    fs.rmSync(path.join(ROOT, WORKSPACE), { recursive: true, force: true });
    const previous = process.env.GRADLAB_WORKSPACE;
    process.env.GRADLAB_WORKSPACE = WORKSPACE; // start.mjs makes the learner copies there
    try {
      server = await startCourseServer();
    } finally {
      if (previous === undefined) delete process.env.GRADLAB_WORKSPACE;
      else process.env.GRADLAB_WORKSPACE = previous;
    }
    assert.equal(server.url.pathname, `/lab/tree/${WORKSPACE}/00-start-here.ipynb`, "learners start in their copies");
    course = hashes(path.join(ROOT, "notebooks"));
    copies = hashes(path.join(ROOT, WORKSPACE));
    for (const name of Object.keys(copies)) copyText[name] = fs.readFileSync(path.join(ROOT, WORKSPACE, name), "utf8");
    assert.deepEqual(Object.keys(copies), Object.keys(course), "a copy of every course notebook");
    browser = await launchChromium();
    lab = await openLab(await browser.newContext({ viewport: { width: 1280, height: 900 } }), server, "gradlab-idle-test");
    for (const name of OPEN) {
      const notebook = `${WORKSPACE}/${name}`;
      await openNotebook(lab, notebook, cellCount(path.join(ROOT, notebook)));
      await waitForKernel(lab.page, server, notebook, 180_000);
    }
    await openNotebook(lab, COURSE_NOTEBOOK, cellCount(path.join(ROOT, COURSE_NOTEBOOK)));
    await waitForKernel(lab.page, server, COURSE_NOTEBOOK, 180_000);
    opened = Date.now();
  });

  after(async function () {
    this.timeout(120_000);
    if (server) await shutDownSessions(server).catch(() => undefined);
    await browser?.close();
    await server?.stop();
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

  it("meanwhile a learner copy runs in a second page: Run All stops at the first exercise, unanswered; Save writes that copy", async () => {
    const other = await openLab(await browser.newContext({ viewport: { width: 1280, height: 900 } }), server, "gradlab-idle-test-work");
    try {
      const notebook = `${WORKSPACE}/${WORKED}`;
      await openNotebook(other, notebook, cellCount(path.join(ROOT, notebook)));
      await waitForKernel(other.page, server, notebook, 180_000);
      await runAll(other.page, 300_000);
      const state = await notebookState(other.page);
      const firstError = state.cells.findIndex((c) => c.stderr.length > 0);
      assert.ok(firstError > 0, "cells before the first exercise ran (gradlab imported from the workspace folder)");
      assert.match(state.cells[firstError]!.stderr.join("\n"), /not (written yet|implemented)/);
      await save(other.page);
      const saved = JSON.parse(fs.readFileSync(path.join(ROOT, notebook), "utf8")) as { cells: Array<{ outputs?: unknown[] }> };
      assert.ok(
        saved.cells.some((c) => (c.outputs ?? []).length > 0),
        "the run is saved in the learner's copy",
      );
      await closeNotebook(other, server, notebook);
    } finally {
      await other.page.context().close();
    }
  });

  it("after three minutes open (autosave every two), every tracked notebook and every other learner copy is unchanged", async () => {
    const left = IDLE_MS - (Date.now() - opened);
    if (left > 0) await lab.page.waitForTimeout(left);
    // Anything the page was about to write has been written by now.
    await lab.page.waitForTimeout(5_000);
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
