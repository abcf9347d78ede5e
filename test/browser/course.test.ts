// The course as a learner sees it: JupyterLab started by `npm start`'s own script, driven in
// headless Chromium. For every notebook in notebooks/: open it (File → Open from Path…), Run →
// Run All Cells, wait for the kernel, check there is no error and that every plotly figure is
// drawn with all its traces, save, close it (a screenshot artifacts/browser/<notebook>.jpg when
// something is wrong, or always with GRADLAB_SCREENSHOTS=1); then reopen the saved file as an
// untrusted notebook in another page, connected to the kernel the run left running, and check
// the figures again (a screenshot artifacts/browser/<notebook>.reopened.jpg when that fails).
// How an output shows untrusted depends on its kind (outputKinds: its MIME types; a figure's trace
// types, 3-D scene, sliders, buttons, frames), and its data was checked against the page in the
// run: so a notebook is reopened when its run saved a kind of output that no notebook reopened
// before it holds, and the others pass on the reopenings that showed each of their kinds
// (GRADLAB_REOPEN=all reopens every notebook).
//
// The server and Chromium are the ones all browser test files share (sharedLab). JupyterLab
// pages stay open for the whole file, as a learner keeps a JupyterLab tab: RUN_LANES pages where
// notebooks are run, one after another in each (two notebooks run at a time, one per core: a
// notebook's run leaves a core idle while it waits on the kernel, the page or the server), and
// one where each saved notebook is reopened as soon as its run is over. The work starts in the
// `before` hook of "every course notebook"; each test waits for its own notebook's result.
//
// Notebooks run from copies in test-output/, at the same depth as notebooks/ so relative paths
// resolve alike: saving writes outputs, and the committed notebooks have none.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { ROOT } from "../support/jupyter";
import { openLab, sessions, sharedLab, shutDownSessions, type LabPage, type SharedLab } from "../support/lab";
import { outputKinds } from "../support/lab-checks";
import { reopenInLab, runInLab, TIMEOUTS, type LabVisit, type VisitOptions } from "../support/lab-visits";
import { HAS_PROC, commandLine, isRunning, processTree } from "../support/processes";
import { forgetRun, keepRun, referenceKey } from "../support/reference-runs";
import { BROWSER_RUNS } from "../notebooks/runs";

// GRADLAB_NOTEBOOKS="00,06" runs only the notebooks whose names start with one of those prefixes
// (the fixture always runs); unset, every notebook runs.
const only = (process.env.GRADLAB_NOTEBOOKS ?? "")
  .split(",")
  .map((p) => p.trim())
  .filter(Boolean);
const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((name) => name.endsWith(".ipynb"))
  .filter((name) => only.length === 0 || only.some((prefix) => name.startsWith(prefix)))
  .sort();
const FIXTURES = path.join(ROOT, "test", "fixtures", "notebooks");
const ARTIFACTS = path.join(ROOT, "artifacts", "browser");
// A course notebook's copy that ran clean is kept with the key of its inputs: the determinism test
// (test/notebooks/reproducibility.test.ts) compares it with the notebook test's run.
const WORK = path.relative(ROOT, BROWSER_RUNS);
/** Pages that run notebooks at the same time (the machine this is tuned on has two cores). */
const RUN_LANES = 2;
/** Reopen every course notebook, not only those that bring a kind of output not reopened yet. */
const REOPEN_ALL = process.env.GRADLAB_REOPEN === "all";
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

function notebookPath(source: string): string {
  fs.mkdirSync(path.join(ROOT, WORK), { recursive: true });
  return `${WORK}/${path.basename(source)}`;
}

const kernelProcesses = (lab: SharedLab) =>
  HAS_PROC ? processTree(lab.server.child.pid!).filter((pid) => commandLine(pid).includes("kernel.cjs")) : [];

describe("the course in JupyterLab, in headless Chromium", function () {
  this.timeout(TIMEOUTS.runAllMs + 5 * 60_000);
  let lab: SharedLab;
  const contexts: BrowserContext[] = [];
  /** The pages where notebooks are run (one per lane), and the one where they are reopened. */
  const runLabs: LabPage[] = [];
  let reopenLab: LabPage;
  /** Kernels of other test files still running when this one began (none, normally). */
  let kernelsBefore: number[] = [];
  /** Every notebook this file opens, relative to the server's root. */
  const opened = new Set<string>();

  // A browser context each: with a second page in its context, a page's figure checks and
  // screenshots took 5-8x longer here (measured, even with the other page idle); not so apart.
  async function newLab(workspace: string): Promise<LabPage> {
    const context = await lab.browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    return openLab(context, lab.server, workspace);
  }

  /**
   * After a visit that failed, a fresh page: whatever it left open must not fail the next one. When
   * the page's context is gone too (its renderer crashed, or it was closed), a fresh context; when
   * Chromium itself is gone, this throws, and the visits that follow fail saying so.
   */
  async function freshLab(old: LabPage, workspace: string): Promise<LabPage> {
    await old.page.close().catch(() => undefined);
    try {
      return await openLab(old.page.context(), lab.server, workspace);
    } catch (error) {
      if (!lab.browser.isConnected()) throw new Error(`Chromium is gone: ${(error as Error).message.split("\n")[0]}`, { cause: error });
      return newLab(workspace);
    }
  }

  /** A visit that could not even start (no page to visit in): it fails with this, and is reported so. */
  const notVisited = (run: Pick<LabVisit, "plots">, why: string): LabVisit => ({ problems: [why], plots: run.plots, seconds: {} });

  before(async function () {
    this.timeout(5 * 60_000);
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    lab = await sharedLab();
    kernelsBefore = kernelProcesses(lab);
    const pages = await Promise.all([
      ...Array.from({ length: RUN_LANES }, (_, i) => newLab(`${RUN_WORKSPACE}-${i + 1}`)),
      newLab(REOPEN_WORKSPACE),
    ]);
    reopenLab = pages.pop()!;
    runLabs.push(...pages);
  });

  // Runs whatever happened before (a visit that failed, a page or Chromium gone): the kernels this
  // file started are shut down and its pages closed, each step with a time limit; the server and
  // Chromium are stopped by the root hook of test/support/lab.ts at the end of the run.
  after(async function () {
    this.timeout(120_000);
    if (!lab) return;
    const limit = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());
    for (const notebook of opened) await Promise.race([shutDownSessions(lab.server, notebook).catch(() => undefined), limit(15_000)]);
    await Promise.race([Promise.all(contexts.map((c) => c.close().catch(() => undefined))), limit(30_000)]);
  });

  /**
   * Each reopening, started as soon as its run is saved; one at a time, in the reopen page. It never
   * rejects: whatever goes wrong is a problem of that visit (a rejection nobody awaits yet would be
   * an uncaught error, which stops mocha half-way).
   */
  let reopenQueue: Promise<unknown> = Promise.resolve();
  /** Why the reopen page could not be replaced after a failed visit; then no more reopening is tried. */
  let reopenBroken = "";
  function reopenLater(options: VisitOptions, run: LabVisit): Promise<LabVisit> {
    const visit = reopenQueue.then(async (): Promise<LabVisit> => {
      if (reopenBroken) return notVisited(run, `not reopened: ${reopenBroken}`);
      const result = await reopenInLab({ ...options, lab: reopenLab }, run).catch((error: Error) =>
        notVisited(run, error.message.split("\n")[0]!),
      );
      if (result.problems.length > 0) {
        await freshLab(reopenLab, REOPEN_WORKSPACE).then(
          (fresh) => void (reopenLab = fresh),
          (error: Error) => void (reopenBroken = `no page to reopen notebooks in: ${error.message.split("\n")[0]}`),
        );
      }
      return result;
    });
    reopenQueue = visit;
    return visit;
  }

  interface Job {
    name: string;
    source: string;
    screenshot: string;
    /** The run; then, when the run found nothing wrong (or always, for the fixture), its reopening. */
    run?: Promise<LabVisit>;
    reopened?: Promise<LabVisit | undefined>;
    /** The fixture: its broken cells are the point, so its run's problems are expected. */
    expectProblems?: boolean;
    /** Not reopened: each kind of output its run saved, and the notebook whose reopening shows it. */
    covered?: Map<string, Job>;
  }

  /** Runs the jobs in RUN_LANES pages, each page taking the next job when it is free. */
  function startJobs(jobs: Job[]): void {
    const ready = new Map<Job, (visit: LabVisit) => void>();
    const failed = new Map<Job, (error: Error) => void>();
    for (const job of jobs) {
      job.run = new Promise<LabVisit>((resolve, reject) => {
        ready.set(job, resolve);
        failed.set(job, reject);
      });
      job.reopened = job.run.then(
        (run) => (run.problems.length === 0 || job.expectProblems ? reopened.get(job) : undefined),
        () => undefined,
      );
      // Awaited by the job's tests, later: meanwhile a rejection must not count as uncaught.
      job.run.catch(() => undefined);
      job.reopened.catch(() => undefined);
    }
    const reopened = new Map<Job, Promise<LabVisit>>();
    /** Each kind of output (outputKinds) of the course notebooks reopened so far, and which showed it first. */
    const shownReopened = new Map<string, Job>();
    let next = 0;
    runLabs.forEach((_, lane) => {
      /** Why this lane's page could not be replaced after a failed visit: its later jobs fail with it. */
      let broken = "";
      void (async () => {
        for (let job = jobs[next++]; job; job = jobs[next++]) {
          if (broken) {
            failed.get(job)!(new Error(`${job.name} was not run: ${broken}`));
            continue;
          }
          try {
            // The run's tab is closed with its kernel left running, as closing a tab does; the
            // reopened notebook connects to it, and that visit shuts it down.
            const options: VisitOptions = {
              lab: runLabs[lane]!,
              server: lab.server,
              notebookPath: notebookPath(job.source),
              screenshot: job.screenshot,
              keepKernel: true,
              // The fixture is run twice: a learner's Run All again, with its 3-D figure replaced.
              runTwice: job.expectProblems === true,
            };
            opened.add(options.notebookPath);
            // The key of the inputs as they are when the run starts (course notebooks only).
            const key = job.expectProblems ? undefined : referenceKey(ROOT, job.name);
            forgetRun(BROWSER_RUNS, job.name);
            fs.copyFileSync(job.source, path.join(ROOT, options.notebookPath));
            const run = await runInLab(options);
            if (key && run.problems.length === 0) keepRun(BROWSER_RUNS, job.name, key);
            const kinds = run.nb && !job.expectProblems ? outputKinds(run.nb) : [];
            const newKinds = kinds.filter((kind) => !shownReopened.has(kind));
            if (job.expectProblems || (run.problems.length === 0 && (REOPEN_ALL || newKinds.length > 0))) {
              for (const kind of newKinds) shownReopened.set(kind, job);
              const shot = job.screenshot.replace(/\.jpg$/, ".reopened.jpg");
              reopened.set(job, reopenLater({ ...options, screenshot: shot }, run));
            } else {
              if (run.problems.length === 0) job.covered = new Map(kinds.map((kind) => [kind, shownReopened.get(kind)!]));
              await shutDownSessions(lab.server, options.notebookPath);
            }
            ready.get(job)!(run);
            if (run.problems.length > 0 && !job.expectProblems) {
              const { name } = job;
              await freshLab(runLabs[lane]!, `${RUN_WORKSPACE}-${lane + 1}`).then(
                (fresh) => void (runLabs[lane] = fresh),
                (error: Error) => void (broken = `no page to run notebooks in after ${name} failed: ${error.message.split("\n")[0]}`),
              );
            }
          } catch (error) {
            failed.get(job)!(error as Error);
          }
        }
      })();
    });
  }

  // mocha runs a suite's own tests before its nested suites: every group below is a suite, so
  // they run in the order written.
  describe("the server", () => {
    it("asks for the token: the lab, files and API refuse a browser without it", async () => {
      const stranger = await lab.browser.newContext();
      const { server } = lab;
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

  const fixture: Job = {
    name: "browser-check.ipynb",
    source: path.join(FIXTURES, "browser-check.ipynb"),
    screenshot: path.join(ARTIFACTS, "fixture-browser-check.jpg"),
    expectProblems: true,
  };
  const course: Job[] = NOTEBOOKS.map((name) => ({
    name,
    source: path.join(ROOT, "notebooks", name),
    screenshot: path.join(ARTIFACTS, `${name.replace(/\.ipynb$/, "")}.jpg`),
  }));

  describe("its own checks, on a fixture, and every course notebook", () => {
    before(() => startJobs([fixture, ...course]));

    it("browser-check.ipynb: finds every kind of figure drawn, reopened too, and reports each broken cell", async function () {
      const run = await fixture.run!;
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

      const reopened = (await fixture.reopened!)!;
      this.test!.title += ` (reopened ${timings(reopened)})`;
      assert.deepEqual(reopened.problems, [], describeVisit("browser-check.ipynb", "reopened", reopened));
    });

    for (const job of course) {
      it(`${job.name}: Run All in JupyterLab, no errors, every figure drawn`, async function () {
        const run = await job.run!;
        this.test!.title += ` (${run.plots.length} figures; ${timings(run)})`;
        assert.deepEqual(run.problems, [], describeVisit(job.name, "Run All in JupyterLab", run));
      });
    }

    for (const job of course) {
      it(`${job.name}: reopened from the saved file, untrusted, in another page: every figure drawn`, async function () {
        const visit = await job.reopened!;
        if (job.covered) {
          // Not reopened: every kind of output it saved was shown reopened, untrusted, by another.
          const by = [...new Set(job.covered.values())];
          for (const other of by) {
            const shown = await other.reopened!;
            const kinds: string[] = [...job.covered].filter(([, j]) => j === other).map(([kind]) => kind);
            assert.ok(shown, `${other.name} was to show ${kinds.join("; ")} reopened, and was not reopened`);
            assert.deepEqual(shown.problems, [], `${other.name}, reopened to show ${kinds.join("; ")}: ${shown.problems.join("; ")}`);
          }
          this.test!.title += ` (not reopened itself: its ${job.covered.size} kinds of output were shown reopened by ${by.map((j) => j.name.replace(/-.*$/, "")).join(", ")})`;
          return;
        }
        if (!visit) this.skip(); // its run failed and said why
        this.test!.title += ` (${timings(visit)})`;
        assert.deepEqual(visit.problems, [], describeVisit(job.name, "reopened (untrusted)", visit));
      });
    }
  });

  describe("afterwards", () => {
    it("leaves no kernel running", async function () {
      const left = (await sessions(lab.server)).filter((s) => opened.has(s.path));
      assert.deepEqual(left, [], "sessions left on the server");
      if (!HAS_PROC) return;
      const kernels = () => kernelProcesses(lab).filter((pid) => !kernelsBefore.includes(pid));
      const deadline = Date.now() + 30_000;
      while (kernels().some(isRunning) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
      assert.deepEqual(kernels().map(commandLine), [], "kernel processes still running after their sessions were shut down");
    });
  });
});
