// The course as a learner sees it: JupyterLab started by `npm start`'s own script, driven in
// headless Chromium. For every notebook in notebooks/: open it (File → Open from Path…), Run →
// Run All Cells, wait for the kernel, check there is no error and that every plotly figure is
// drawn with all its traces, save, screenshot (artifacts/browser/<notebook>.jpg), close it; then
// reopen the saved file as an untrusted notebook in another page and check the figures again
// (a screenshot artifacts/browser/<notebook>.reopened.jpg when that fails).
//
// Two JupyterLab pages stay open for the whole run, one for first visits and one for reopening,
// as a learner keeps one JupyterLab tab: loading JupyterLab costs seconds per load on 2 cores.
// A notebook is reopened while the next one runs in the other page; the reopen results are
// reported after all the runs.
//
// Notebooks run from copies in test-output/, at the same depth as notebooks/ so relative paths
// resolve alike: saving writes outputs, and the committed notebooks have none.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { ROOT } from "../support/jupyter";
import { launchChromium, openLab, sessions, shutDownSessions, type LabPage } from "../support/lab";
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
const RUN_WORKSPACE = "gradlab-browser-test-run";
const REOPEN_WORKSPACE = "gradlab-browser-test-reopen";

function describeVisit(notebook: string, what: string, visit: LabVisit): string {
  const screenshot = visit.screenshot ? path.relative(ROOT, visit.screenshot) : "none taken";
  return `${notebook}: ${what}:\n  ${visit.problems.join("\n  ")}\n  screenshot: ${screenshot}`;
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
  /** The page where notebooks are run, and the one where they are reopened. */
  let runLab: LabPage;
  let reopenLab: LabPage;

  function notebookPath(source: string): string {
    fs.mkdirSync(path.join(ROOT, WORK), { recursive: true });
    return `${WORK}/${path.basename(source)}`;
  }

  /** After a visit that failed, a fresh page: whatever it left open must not fail the next one. */
  async function freshLab(lab: LabPage, workspace: string): Promise<LabPage> {
    const own = lab.page.context();
    await lab.page.close().catch(() => undefined);
    return openLab(own, server, workspace);
  }

  before(async function () {
    this.timeout(5 * 60_000);
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
    server = await startCourseServer();
    // A browser context each: with a second page in its context, a page's figure checks and
    // screenshots took 5-8x longer here (measured, even with the other page idle); not so apart.
    const newWindow = () => browser.newContext({ viewport: { width: 1280, height: 900 } });
    context = await newWindow();
    runLab = await openLab(context, server, RUN_WORKSPACE);
    reopenLab = await openLab(await newWindow(), server, REOPEN_WORKSPACE);
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
      const options = {
        lab: runLab,
        server,
        notebookPath: notebookPath(source),
        screenshot: path.join(ARTIFACTS, "fixture-browser-check.jpg"),
      };
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
          [4, 0, "contour scatter scatter"], // the path and its end label
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
        /\n {2}screenshot: artifacts\/browser\/fixture-browser-check\.jpg$/,
      );
      assert.ok(run.screenshot && fs.existsSync(run.screenshot), run.screenshot);

      const reopened = await reopenInLab(
        { ...options, lab: reopenLab, screenshot: path.join(ARTIFACTS, "fixture-browser-check.reopened.jpg") },
        run,
      );
      this.test!.title += ` (reopened ${timings(reopened)})`;
      assert.deepEqual(reopened.problems, [], describeVisit("browser-check.ipynb", "reopened", reopened));
    });
  });

  describe("every course notebook", () => {
    /** Each notebook's reopening, started as soon as its run is saved; one at a time, in order. */
    const reopened = new Map<string, Promise<LabVisit>>();
    let queue: Promise<unknown> = Promise.resolve();

    function reopenLater(name: string, run: LabVisit): void {
      const visit = queue.then(async (): Promise<LabVisit> => {
        const screenshot = path.join(ARTIFACTS, `${name.replace(/\.ipynb$/, "")}.reopened.jpg`);
        const options = { lab: reopenLab, server, notebookPath: notebookPath(name), screenshot };
        const result = await reopenInLab(options, run).catch((error: Error): LabVisit => ({
          problems: [error.message.split("\n")[0]!],
          plots: run.plots,
          seconds: {},
        }));
        if (result.problems.length > 0) reopenLab = await freshLab(reopenLab, REOPEN_WORKSPACE);
        return result;
      });
      queue = visit.catch(() => undefined);
      reopened.set(name, visit);
    }

    for (const name of NOTEBOOKS) {
      const stem = name.replace(/\.ipynb$/, "");
      it(`${name}: Run All in JupyterLab, no errors, every figure drawn`, async function () {
        const source = path.join(ROOT, "notebooks", name);
        const options = { lab: runLab, server, notebookPath: notebookPath(source), screenshot: path.join(ARTIFACTS, `${stem}.jpg`) };
        fs.copyFileSync(source, path.join(ROOT, options.notebookPath));
        const run = await runInLab(options);
        this.test!.title += ` (${run.plots.length} figures; ${timings(run)})`;
        if (run.problems.length > 0) runLab = await freshLab(runLab, RUN_WORKSPACE);
        else reopenLater(name, run);
        assert.deepEqual(run.problems, [], describeVisit(name, "Run All in JupyterLab", run));
      });
    }

    for (const name of NOTEBOOKS) {
      it(`${name}: reopened from the saved file, untrusted, in another page: every figure drawn`, async function () {
        const visit = await reopened.get(name);
        if (!visit) this.skip(); // its run failed and said why
        this.test!.title += ` (${timings(visit)})`;
        assert.deepEqual(visit.problems, [], describeVisit(name, "reopened (untrusted)", visit));
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
