// The two visits the browser test pays to each notebook: a learner's first (open, Run All, save)
// and a later one to the saved file, untrusted, in another page. Each returns every problem it
// saw, one line each. Both pages stay open for the whole test: a notebook is opened in them and
// closed again, as a learner goes from notebook to notebook.
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import {
  checkPlots,
  closeNotebook,
  ScenesStillDrawing,
  notebookState,
  openNotebook,
  pageProblems,
  plotLocator,
  runAll,
  readSavedNotebook,
  saveWithSnapshots,
  savedSizeProblems,
  screenshotNotebook,
  sessions,
  shutDownSessions,
  waitForFigures,
  waitForKernel,
  answerKernelDialog,
  POLL_MS,
  type LabPage,
} from "./lab";
import { holdScenes, scenesStillDrawing } from "./lab-page";
import { cellName, expectedPlots, outputProblems, readNotebookFile, type ExpectedPlot, type NotebookJson } from "./lab-checks";
import { HAS_PROC, isLoopback, listeningSockets, processTree } from "./processes";
import type { CourseServer } from "./server";

/** Hang guards, not speed goals (the notebook test and the test titles report times). */
export const TIMEOUTS = { kernelStartMs: 120_000, runAllMs: 10 * 60_000, drawMs: 60_000, snapshotMs: 10_000 };

/**
 * A screenshot of the whole notebook costs seconds of both cores (scrolled screen by screen and
 * put together), and no check reads it: it is taken when a visit fails, or of every run with
 * GRADLAB_SCREENSHOTS=1.
 */
export const SCREENSHOT_EVERY_RUN = process.env.GRADLAB_SCREENSHOTS === "1";

export interface LabVisit {
  /** Everything wrong, one line each, naming the cell; [] when all is well. */
  problems: string[];
  /** The screenshot taken, or undefined (a notebook is photographed when the visit fails, see SCREENSHOT_EVERY_RUN). */
  screenshot?: string;
  /** The saved notebook and the figures it holds. */
  nb?: NotebookJson;
  plots: ExpectedPlot[];
  /** Seconds spent in each step. */
  seconds: Record<string, number>;
}

export interface VisitOptions {
  lab: LabPage;
  server: CourseServer;
  /** The notebook, relative to the server's root. */
  notebookPath: string;
  screenshot: string;
  /**
   * Close the tab but leave the kernel running (JupyterLab's default on closing a tab), for the
   * reopened visit to connect to; that visit shuts it down. Otherwise the visit shuts it down.
   */
  keepKernel?: boolean;
  /**
   * Run All a second time before the checks, as a learner running the notebook again: each 3-D
   * figure of the first run must stop drawing when the second replaces its output (JupyterLab's
   * plotly renderer purges it, scripts/plotly-renderer.cjs); a problem otherwise.
   */
  runTwice?: boolean;
}

function stopwatch(seconds: Record<string, number>) {
  let last = Date.now();
  return (step: string) => {
    const now = Date.now();
    seconds[step] = (now - last) / 1000;
    last = now;
  };
}

/**
 * A learner's first visit: open the notebook, Run → Run All Cells, wait for the kernel, save.
 * Then compare the saved file and the page: no error or stderr anywhere, every cell run, every
 * plotly output drawn with all its traces; and, while the kernel lives, the server and kernel
 * listen on loopback only. The kernel is shut down at the end, unless `keepKernel`.
 */
export async function runInLab(options: VisitOptions): Promise<LabVisit> {
  const { lab, server, notebookPath } = options;
  const { page } = lab;
  const file = path.join(server.root, notebookPath);
  const visit: LabVisit = { problems: [], plots: [], seconds: {} };
  const lap = stopwatch(visit.seconds);
  lab.errors.length = 0;
  try {
    await openNotebook(lab, notebookPath, readNotebookFile(file).cells.length);
    await waitForKernel(page, server, notebookPath, TIMEOUTS.kernelStartMs);
    lap("open");
    await runAll(page, TIMEOUTS.runAllMs);
    lap("run");
    if (options.runTwice) {
      await waitForFigures(page, TIMEOUTS.drawMs);
      const scenes = await page.evaluate(holdScenes);
      await runAll(page, TIMEOUTS.runAllMs);
      const drawing = await page.evaluate(scenesStillDrawing);
      if (scenes === 0)
        visit.problems.push("Run All again: the first run drew no 3-D figure, so nothing shows that replaced figures stop drawing");
      else if (drawing > 0)
        visit.problems.push(
          `Run All again: ${drawing} of the first run's ${scenes} 3-D figures went on drawing after their outputs were replaced`,
        );
      lap("run again");
    }
    await waitForFigures(page, TIMEOUTS.drawMs);
    const saved = await saveWithSnapshots(page, file, notebookPath, TIMEOUTS.snapshotMs);
    visit.problems.push(...savedSizeProblems(saved));
    const nb = await readSavedNotebook(file);
    visit.nb = nb;
    visit.plots = expectedPlots(nb);
    visit.problems.push(...outputProblems(nb));
    visit.problems.push(...pageProblems(nb, await notebookState(page)));
    visit.problems.push(...(await checkPlots(page, nb, visit.plots, { hover: false, timeoutMs: TIMEOUTS.drawMs })));
    visit.problems.push(...socketProblems(server));
    lap("check");
  } catch (error) {
    visit.problems.push((error as Error).message.split("\n")[0]!);
  }
  await endVisit(visit, options, lap, SCREENSHOT_EVERY_RUN ? "always" : "on failure");
  return visit;
}

/**
 * The end of either visit: the page's uncaught errors, the screenshot (always, or only when
 * something is wrong), then the notebook closed and its kernel shut down.
 */
async function endVisit(visit: LabVisit, options: VisitOptions, lap: (step: string) => void, screenshot: "always" | "on failure") {
  const { lab, server, notebookPath } = options;
  visit.problems.push(...lab.errors.map((e) => `uncaught error in the page: ${e}`));
  if (screenshot === "always" || visit.problems.length > 0) {
    visit.screenshot = options.screenshot;
    await screenshotNotebook(lab.page, options.screenshot).catch((e) => visit.problems.push(`no screenshot: ${(e as Error).message}`));
    lap("screenshot");
  }
  await closeNotebook(lab, server, notebookPath, { keepKernel: options.keepKernel }).catch(async (e) => {
    // (The notebook did close when its figures went on drawing: the message says what happened.)
    const what = e instanceof ScenesStillDrawing ? "" : "could not close the notebook: ";
    visit.problems.push(`${what}${(e as Error).message.split("\n")[0]}`);
    // (The page may be gone with the notebook in it: its kernel is shut down through the server.)
    if (!options.keepKernel) await shutDownSessions(server, notebookPath).catch(() => undefined);
  });
  lap("close");
}

/**
 * A later visit to the saved notebook, untrusted: JupyterLab signs what it saves, so the file as
 * saved would reopen trusted; a notebook with outputs that arrives any other way (a download, a
 * git pull, an edit outside JupyterLab) opens untrusted. So the file is changed outside JupyterLab
 * first. Then: the server and the page treat it as untrusted (no script runs), each figure shows
 * (plotly's PNG snapshot until the pointer enters it), and each becomes the interactive figure,
 * with all its traces, when the pointer enters it.
 */
export async function reopenInLab(options: VisitOptions, first: LabVisit): Promise<LabVisit> {
  const { lab, server, notebookPath } = options;
  const { page } = lab;
  const file = path.join(server.root, notebookPath);
  const nb = await readSavedNotebook(file);
  nb.metadata.gradlab = { ...(nb.metadata.gradlab as object), browser_test: "saved, then changed outside JupyterLab" };
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  const visit: LabVisit = { problems: [], nb, plots: first.plots, seconds: {} };
  const lap = stopwatch(visit.seconds);
  lab.errors.length = 0;
  try {
    await openNotebook(lab, notebookPath, nb.cells.length);
    await withoutKernel(page, server, notebookPath);
    lap("open");
    visit.problems.push(...(await trustProblems(page, server, notebookPath)));
    visit.problems.push(...(await snapshotProblems(page, nb, first.plots)));
    visit.problems.push(...(await checkPlots(page, nb, first.plots, { hover: true, timeoutMs: TIMEOUTS.drawMs })));
    lap("check");
  } catch (error) {
    visit.problems.push((error as Error).message.split("\n")[0]!);
  }
  await endVisit(visit, { ...options, keepKernel: false }, lap, "on failure");
  return visit;
}

/**
 * The reopened notebook is only looked at: its outputs come from the file. JupyterLab connects it
 * to the kernel its run left running (keepKernel), or starts one, or asks which one (a modal
 * dialog that would block the pointer): answer "No Kernel" then. The kernel is shut down when the
 * visit ends.
 */
async function withoutKernel(page: Page, server: CourseServer, notebookPath: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await answerKernelDialog(page, "No Kernel")) return;
    if ((await sessions(server, notebookPath)).length > 0) return;
    await page.waitForTimeout(POLL_MS);
  }
}

/** The server marks the reopened notebook's code cells untrusted, and JupyterLab renders them so. */
async function trustProblems(page: Page, server: CourseServer, notebookPath: string): Promise<string[]> {
  const encoded = notebookPath.split("/").map(encodeURIComponent).join("/");
  const response = await fetch(`${server.base}/api/contents/${encoded}?token=${server.token}`);
  if (!response.ok) return [`GET /api/contents/${notebookPath}: ${response.status}`];
  const model = (await response.json()) as { content: NotebookJson };
  const problems: string[] = [];
  const code = model.content.cells.filter((c) => c.cell_type === "code");
  if (code.some((c) => c.metadata?.trusted !== false)) problems.push("the server did not mark the changed notebook untrusted");
  const trusted = (await notebookState(page)).cells.reduce((n, c) => n + c.trustedOutputs, 0);
  if (trusted > 0) problems.push(`${trusted} output(s) rendered as trusted in an untrusted notebook`);
  return problems;
}

/** Before the pointer enters a saved figure, it shows as plotly's PNG snapshot (or drawn). */
async function snapshotProblems(page: Page, nb: NotebookJson, plots: ExpectedPlot[]): Promise<string[]> {
  const problems: string[] = [];
  for (const plot of plots.filter((p) => p.snapshot)) {
    const locator = plotLocator(page, plot);
    if ((await locator.count()) === 0) continue; // checkPlots reports it
    await locator.scrollIntoViewIfNeeded();
    const state = (await notebookState(page)).cells[plot.cell]?.plots[plot.figure];
    if (!state?.image.shown && !state?.drawn) {
      problems.push(`${cellName(nb, plot.cell)}, figure ${plot.figure + 1}: shows neither its saved snapshot nor the figure`);
    }
  }
  return problems;
}

/** With a kernel running, every socket the server and its kernels listen on is on loopback. */
export function socketProblems(server: CourseServer): string[] {
  if (!HAS_PROC) return [];
  const sockets = listeningSockets(processTree(server.child.pid!));
  const problems = sockets
    .filter((s) => !isLoopback(s.address))
    .map((s) => `listens on ${s.address}:${s.port}, not loopback: ${s.command.slice(0, 100)}`);
  if (!sockets.some((s) => s.port === server.port)) problems.push(`the server's port ${server.port} is not among its listening sockets`);
  if (!sockets.some((s) => s.command.includes("kernel.cjs"))) problems.push("found no listening socket of a kernel to check");
  return problems;
}
