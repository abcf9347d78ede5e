// The course as a learner sees it: JupyterLab started by `npm start`'s own script, driven in
// headless Chromium. For every notebook in notebooks/: open it, Run → Run All Cells, wait for the
// kernel, check there is no error and that every plotly figure is drawn with all its traces,
// save, screenshot (artifacts/browser/<notebook>.png); then reopen the saved file as an untrusted
// notebook and check the figures again (artifacts/browser/<notebook>.reopened.png).
//
// Notebooks run from copies in test-output/, at the same depth as notebooks/ so relative paths
// resolve alike: saving writes outputs, and the committed notebooks have none.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { ROOT } from "../support/jupyter";
import { launchChromium, sessions, shutDownSessions } from "../support/lab";
import { reopenInLab, runInLab, TIMEOUTS, type LabVisit } from "../support/lab-visits";
import { HAS_PROC, commandLine, isRunning, processTree } from "../support/processes";
import { startCourseServer, type CourseServer } from "../support/server";

const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((name) => name.endsWith(".ipynb"))
  .sort();
const FIXTURES = path.join(ROOT, "test", "fixtures", "notebooks");
const ARTIFACTS = path.join(ROOT, "artifacts", "browser");
const WORK = "test-output";

function describeVisit(notebook: string, what: string, visit: LabVisit): string {
  return `${notebook}: ${what}:\n  ${visit.problems.join("\n  ")}\n  screenshot: ${path.relative(ROOT, visit.screenshot)}`;
}

function timings(visit: LabVisit): string {
  const total = Object.values(visit.seconds).reduce((a, b) => a + b, 0);
  const steps = Object.entries(visit.seconds).map(([step, s]) => `${step} ${s.toFixed(1)}`);
  return `${total.toFixed(1)} s: ${steps.join(", ")}`;
}

describe("the course in JupyterLab, in headless Chromium", function () {
  this.timeout(TIMEOUTS.runAllMs + 5 * 60_000);
  let server: CourseServer;
  let browser: Browser;
  let context: BrowserContext;

  /** Copies a notebook into test-output/ and returns the options for visiting it. */
  function visitOptions(source: string, stem: string) {
    fs.mkdirSync(path.join(ROOT, WORK), { recursive: true });
    const notebookPath = `${WORK}/${path.basename(source)}`;
    return { context, server, notebookPath, screenshot: path.join(ARTIFACTS, `${stem}.png`) };
  }

  before(async function () {
    this.timeout(5 * 60_000);
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    server = await startCourseServer();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  after(async function () {
    this.timeout(120_000);
    if (server) await shutDownSessions(server).catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  // mocha runs a suite's own tests before its nested suites: every group below is a suite, so
  // they run in the order written.
  describe("the server", () => {
    it("asks for the token: the lab, files and API refuse a browser without it", async () => {
      const stranger = await browser.newContext();
      try {
        const page = await stranger.newPage();
        await page.goto(`${server.base}/lab/tree/notebooks/00-start-here.ipynb`);
        assert.equal(new URL(page.url()).pathname, "/login", `expected the login page, got ${page.url()}`);
        assert.equal(await page.locator("input[type=password]").first().isVisible(), true, "a token/password field");
        assert.equal(await page.locator(".jp-Notebook").count(), 0, "no notebook without the token");
        const file = await stranger.request.get(`${server.base}/files/notebooks/00-start-here.ipynb`, { maxRedirects: 0 });
        assert.notEqual(file.status(), 200, "a file download without the token");
        assert.equal((await stranger.request.get(`${server.base}/api/contents/notebooks`)).status(), 403, "the contents API");
        assert.equal((await stranger.request.get(`${server.base}/api/contents/notebooks?token=not-it`)).status(), 403, "a wrong token");
      } finally {
        await stranger.close();
      }
    });
  });

  describe("its own checks, on a fixture", () => {
    it("browser-check.ipynb: finds every kind of figure drawn, reopened too, and reports each broken cell", async function () {
      const source = path.join(FIXTURES, "browser-check.ipynb");
      const options = visitOptions(source, "fixture-browser-check");
      fs.copyFileSync(source, path.join(ROOT, options.notebookPath));
      const run = await runInLab(options);
      this.test!.title += ` (${timings(run)})`;
      // The figures its cells draw, read back from the saved notebook.
      assert.deepEqual(
        run.plots.map((p) => [p.cell, p.figure, p.traces.join(" ")]),
        [
          [2, 0, "scatter scatter scatter"],
          [3, 0, "scatter scatter"],
          [3, 1, "scatter"],
          [4, 0, "contour scatter"],
          [5, 0, "surface"],
        ],
      );
      // Exactly the broken cells, from the saved file and from the page; no figure problem.
      const stderr = 'cell 6 (`console.error("a deliberate warning on stderr");`)';
      const error = 'cell 7 (`throw new Error("a deliberate failure");`)';
      assert.deepEqual(run.problems, [
        `${stderr} wrote to stderr: a deliberate warning on stderr`,
        `${error} failed: Error: a deliberate failure`,
        'cell 8 (`console.log("never reached");`) was not run',
        `${stderr} shows an error or stderr output: a deliberate warning on stderr`,
        ...run.problems.filter((p) => p.startsWith(`${error} shows an error or stderr output: `) && p.includes("a deliberate failure")),
      ]);
      assert.equal(run.problems.length, 5, run.problems.join("\n"));
      assert.match(
        describeVisit("browser-check.ipynb", "Run All", run),
        /\n {2}screenshot: artifacts\/browser\/fixture-browser-check\.png$/,
      );
      assert.ok(fs.existsSync(run.screenshot), run.screenshot);

      const reopened = await reopenInLab({ ...options, screenshot: path.join(ARTIFACTS, "fixture-browser-check.reopened.png") }, run);
      this.test!.title += ` (reopened ${timings(reopened)})`;
      assert.deepEqual(reopened.problems, [], describeVisit("browser-check.ipynb", "reopened", reopened));
    });
  });

  describe("every course notebook", () => {
    for (const name of NOTEBOOKS) {
      const stem = name.replace(/\.ipynb$/, "");
      let run: LabVisit | undefined;

      it(`${name}: Run All in JupyterLab, no errors, every figure drawn`, async function () {
        const source = path.join(ROOT, "notebooks", name);
        const options = visitOptions(source, stem);
        fs.copyFileSync(source, path.join(ROOT, options.notebookPath));
        run = await runInLab(options);
        this.test!.title += ` (${run.plots.length} figures; ${timings(run)})`;
        assert.deepEqual(run.problems, [], describeVisit(name, "Run All in JupyterLab", run));
      });

      it(`${name}: reopened from the saved file, untrusted: every figure drawn`, async function () {
        if (!run || run.problems.length > 0) this.skip(); // the run failed and said why
        const options = { ...visitOptions(path.join(ROOT, "notebooks", name), `${stem}.reopened`) };
        const reopened = await reopenInLab(options, run!);
        this.test!.title += ` (${timings(reopened)})`;
        assert.deepEqual(reopened.problems, [], describeVisit(name, "reopened (untrusted)", reopened));
      });
    }
  });

  describe("afterwards", () => {
    it("leaves no kernel running", async function () {
      assert.deepEqual(await sessions(server), [], "sessions left on the server");
      if (!HAS_PROC) return;
      const kernels = () => processTree(server.child.pid!).filter((pid) => commandLine(pid).includes("kernel.cjs"));
      const deadline = Date.now() + 30_000;
      while (kernels().some(isRunning) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      assert.deepEqual(kernels().map(commandLine), [], "kernel processes still running after their sessions were shut down");
    });
  });
});
