// Drives JupyterLab in headless Chromium the way a learner uses the course: open a notebook, Run
// All from the Run menu, read the outputs, save; then reopen the saved file and look again.
// Chromium is Debian's (scripts/chromium.cjs), driven through playwright-core; playwright's own
// browser download is never used.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { allFiguresDrawn, colouredPixels, readNotebook, scrollNotebook, stitchPngs, type NotebookState, type PlotState } from "./lab-page";
import { HAS_PROC, isLoopback, listeningSockets, processTree } from "./processes";
import type { CourseServer } from "./server";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findChromium, DEBIAN_CHROMIUM } = require("../../scripts/chromium.cjs") as {
  findChromium: () => string | undefined;
  DEBIAN_CHROMIUM: string;
};

/**
 * Headless Chromium as it runs on a CI machine without a GPU or internet: software rendering
 * (WebGL through SwiftShader, enough for 3-D plots), no sandbox (CI runs as root), and none of
 * Chromium's background connections to Google (without these flags they are refused again and
 * again). Playwright gives every launch a fresh, temporary --user-data-dir.
 */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      `Chromium is not installed at ${DEBIAN_CHROMIUM}. Run the browser test through \`npm test\`, whose set-up installs it ` +
        "(node scripts/chromium.cjs does only that), or set GRADLAB_CHROMIUM to a Chromium or Chrome binary.",
    );
  }
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
}

// ---------------------------------------------------------------------------------------------
// What the notebook file says should be on the page

export interface NotebookOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  data?: Record<string, unknown>;
}

export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: NotebookOutput[];
  metadata?: Record<string, unknown>;
}

export interface NotebookJson {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
}

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * Where each 2-D trace type draws its SVG group (plotly.js 4: scatter traces are
 * `g.trace.scatter` in the scatter layer, contours `g.contour`, heatmaps `g.hm`, ...).
 * A figure with a trace type missing here and in WEBGL_3D fails with a message saying so.
 */
export const SVG_TRACES: Record<string, string> = {
  scatter: ".scatterlayer g.trace.scatter",
  bar: ".barlayer g.trace.bars",
  histogram: ".barlayer g.trace.bars",
  contour: ".contourlayer g.contour",
  heatmap: ".heatmaplayer g.hm",
  box: ".boxlayer g.trace.boxes",
};

/** Trace types drawn with WebGL inside a 3-D scene (no SVG per trace). */
export const WEBGL_3D = new Set(["surface", "scatter3d", "mesh3d", "cone", "streamtube", "isosurface", "volume"]);

export interface ExpectedPlot {
  /** Index of the cell in the notebook (0-based, as the notebook test reports cells). */
  cell: number;
  /** Which figure of that cell (0-based). */
  figure: number;
  /** The trace types, in order ("scatter" when a trace names none, as plotly assumes). */
  traces: string[];
  /** The saved output carries plotly's PNG snapshot of the figure. */
  snapshot: boolean;
}

export function readNotebookFile(file: string): NotebookJson {
  return JSON.parse(fs.readFileSync(file, "utf8")) as NotebookJson;
}

function joined(text: string | string[] | undefined): string {
  return Array.isArray(text) ? text.join("") : (text ?? "");
}

/** "cell 4 (`show(tangentPlot({`)": a cell named the way a person finds it. */
export function cellName(nb: NotebookJson, index: number): string {
  const first = joined(nb.cells[index]?.source)
    .split("\n")
    .find((line) => line.trim() !== "");
  return first === undefined ? `cell ${index}` : `cell ${index} (\`${first.trim().slice(0, 60)}\`)`;
}

/** Every plotly figure among the outputs of the executed notebook. */
export function expectedPlots(nb: NotebookJson): ExpectedPlot[] {
  const plots: ExpectedPlot[] = [];
  nb.cells.forEach((cell, index) => {
    let figure = 0;
    for (const output of cell.outputs ?? []) {
      const figureJson = output.data?.[PLOTLY_MIME] as { data?: Array<{ type?: string }> } | undefined;
      if (!figureJson) continue;
      plots.push({
        cell: index,
        figure: figure++,
        traces: (figureJson.data ?? []).map((trace) => trace.type ?? "scatter"),
        snapshot: typeof output.data?.["image/png"] === "string",
      });
    }
  });
  return plots;
}

/** Errors, stderr and cells left unrun in the saved notebook: each one a failure. */
export function outputProblems(nb: NotebookJson): string[] {
  const problems: string[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    // JupyterLab's Run All stops at the first error and leaves the rest unrun. (It never runs a
    // blank cell: that one keeps no execution count.)
    if (typeof cell.execution_count !== "number" && joined(cell.source).trim() !== "") {
      problems.push(`${cellName(nb, index)} was not run`);
    }
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "error") {
        problems.push(`${cellName(nb, index)} failed: ${output.ename}: ${output.evalue}`);
      } else if (output.output_type === "stream" && output.name === "stderr") {
        problems.push(`${cellName(nb, index)} wrote to stderr: ${joined(output.text).trim().split("\n").slice(0, 3).join(" | ")}`);
      }
    }
  });
  return problems;
}

function tally(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => `${n} ${item}`).join(", ");
}

/** Compares one figure on the page with the figure in the notebook; [] when it is fully drawn. */
export function plotProblems(nb: NotebookJson, expected: ExpectedPlot, state: PlotState | undefined): string[] {
  const where = `${cellName(nb, expected.cell)}, figure ${expected.figure + 1} (${tally(expected.traces) || "no traces"})`;
  if (!state) return [`${where}: not on the page (no plotly renderer output for it)`];
  if (state.message) return [`${where}: plotly could not draw it: ${state.message}`];
  if (!state.drawn) return [`${where}: plotly's SVG is not in the page`];
  const problems: string[] = [];
  const wantBySelector = new Map<string, number>();
  let want3d = 0;
  for (const type of expected.traces) {
    const selector = SVG_TRACES[type];
    if (selector) wantBySelector.set(selector, (wantBySelector.get(selector) ?? 0) + 1);
    else if (WEBGL_3D.has(type)) want3d++;
    else
      problems.push(
        `${where}: the browser test has no way to count "${type}" traces; add it to SVG_TRACES or WEBGL_3D in test/support/lab.ts`,
      );
  }
  for (const [selector, want] of wantBySelector) {
    const got = state.svg[selector] ?? 0;
    if (got !== want) problems.push(`${where}: ${got} of ${want} trace groups drawn (${selector})`);
  }
  const got3d = state.scenes.reduce((a, b) => a + b, 0);
  if (got3d !== want3d) problems.push(`${where}: ${got3d} of ${want3d} 3-D traces in the WebGL scenes`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Driving the page

export const SVG_SELECTORS = [...new Set(Object.values(SVG_TRACES))];

export function notebookState(page: Page): Promise<NotebookState> {
  return page.evaluate(readNotebook, SVG_SELECTORS);
}

/** A notebook's address in the lab, in a workspace of the test's own (reset on each load). */
export function labUrl(server: CourseServer, notebookPath: string): string {
  const encoded = notebookPath.split("/").map(encodeURIComponent).join("/");
  return `${server.base}/lab/workspaces/gradlab-browser-test/tree/${encoded}?reset&token=${server.token}`;
}

export interface SessionModel {
  id: string;
  path: string;
  kernel: { id: string; name: string; execution_state: string } | null;
}

export async function sessions(server: CourseServer, notebookPath?: string): Promise<SessionModel[]> {
  const response = await fetch(`${server.base}/api/sessions?token=${server.token}`);
  if (!response.ok) throw new Error(`GET /api/sessions: ${response.status}`);
  const all = (await response.json()) as SessionModel[];
  return notebookPath === undefined ? all : all.filter((s) => s.path === notebookPath);
}

/** Shuts down the kernels of the notebook's sessions (as Kernel → Shut Down Kernel would). */
export async function shutDownSessions(server: CourseServer, notebookPath?: string): Promise<void> {
  for (const session of await sessions(server, notebookPath)) {
    const response = await fetch(`${server.base}/api/sessions/${session.id}?token=${server.token}`, { method: "DELETE" });
    if (!response.ok && response.status !== 404) throw new Error(`DELETE /api/sessions/${session.id}: ${response.status}`);
  }
}

/**
 * JupyterLab's notifications (the "official Jupyter news?" question, for one) sit over the bottom
 * right of the page: they would cover figures in screenshots and catch the pointer meant for a
 * figure. Answering them would change the learner's settings, so the test pages hide them.
 */
const HIDE_NOTIFICATIONS = ".Toastify { display: none !important; }";

export async function openNotebook(page: Page, server: CourseServer, notebookPath: string, cells: number): Promise<void> {
  await page.goto(labUrl(server, notebookPath));
  await page.addStyleTag({ content: HIDE_NOTIFICATIONS });
  await page
    .locator(".jp-Notebook .jp-Cell")
    .nth(cells - 1)
    .waitFor({ state: "attached", timeout: 120_000 });
  // The file browser takes a third of the width; learners reading a notebook often close it too.
  const openPanel = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current");
  if ((await openPanel.count()) > 0) await openPanel.first().click();
}

/**
 * Answers JupyterLab's "Select Kernel" dialog when it appears. It shows when the notebook opens
 * before the kernel specs have loaded (a race that a busy machine makes likely); its default
 * choice is the notebook's own kernel, which is what a learner would accept.
 */
async function answerKernelDialog(page: Page, button: "Select" | "No Kernel"): Promise<boolean> {
  const dialog = page.locator(".jp-Dialog");
  if ((await dialog.count()) === 0) return false;
  const title =
    (await dialog
      .locator(".jp-Dialog-header")
      .textContent()
      .catch(() => "")) ?? "";
  if (!/Select Kernel/.test(title)) throw new Error(`unexpected dialog "${title.trim()}": ${(await dialog.textContent())?.trim()}`);
  await dialog.getByRole("button", { name: button, exact: true }).click();
  return true;
}

/** Waits until the notebook's kernel has started and is idle. */
export async function waitForKernel(page: Page, server: CourseServer, notebookPath: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await answerKernelDialog(page, "Select");
    const [session] = await sessions(server, notebookPath);
    if (session?.kernel?.execution_state === "idle" && (await notebookState(page)).status === "idle") return;
    await page.waitForTimeout(250);
  }
  throw new Error(`the kernel did not start within ${timeoutMs / 1000} s`);
}

/**
 * A menu command, clicked as a learner clicks it: menu bar, then item. This is the robust way in:
 * JupyterLab exposes its command registry to page scripts (window.jupyterapp) only when started
 * with expose_app_in_browser, which `npm start` does not set, and a keyboard shortcut depends on
 * where the focus is. The menus are also what the README tells learners to use.
 */
export async function menu(page: Page, top: string, item: RegExp): Promise<void> {
  await page.locator(".lm-MenuBar-item", { hasText: new RegExp(`^${top}$`) }).click();
  await page.locator(".lm-Menu-item", { hasText: item }).first().click();
}

const runningPrompt = (prompt: string) => /\[\*\]/.test(prompt);
const countedPrompt = (prompt: string) => /\[\d+\]/.test(prompt);

/**
 * Run → Run All Cells, then wait until the run is over: every queued cell has left "[*]" and the
 * kernel is idle. JupyterLab's Run All stops at the first error and leaves later cells unrun;
 * the caller reports those.
 */
export async function runAll(page: Page, timeoutMs: number): Promise<void> {
  await menu(page, "Run", /^Run All Cells/);
  const deadline = Date.now() + timeoutMs;
  let started = false;
  for (;;) {
    const state = await notebookState(page);
    const prompts = state.cells.filter((c) => c.type === "code").map((c) => c.prompt);
    started ||= prompts.some((p) => runningPrompt(p) || countedPrompt(p));
    if (started && !prompts.some(runningPrompt) && state.status === "idle") return;
    if (Date.now() > deadline) {
      const running = state.cells.map((c, i) => (runningPrompt(c.prompt) ? i : -1)).filter((i) => i >= 0);
      throw new Error(
        started
          ? `Run All did not finish within ${timeoutMs / 1000} s; cells still queued or running: ${running.join(", ")}`
          : `Run All did not start within ${timeoutMs / 1000} s`,
      );
    }
    await page.waitForTimeout(250);
  }
}

/**
 * Waits (up to timeoutMs, without failing: checkPlots says what is missing) until every figure
 * has been drawn, and a moment more: after drawing, plotly's renderer adds a PNG snapshot of the
 * figure to the output, which the next save stores.
 */
export async function waitForFigures(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(allFiguresDrawn, null, { timeout: timeoutMs, polling: 250 }).catch(() => undefined);
  await page.waitForTimeout(1000);
}

/** File → Save Notebook, then wait until JupyterLab no longer marks the tab as changed. */
export async function save(page: Page): Promise<void> {
  await menu(page, "File", /^Save Notebook(?! As)/);
  await page.locator(".lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)").first().waitFor({ timeout: 60_000 });
}

export function plotLocator(page: Page, expected: ExpectedPlot): Locator {
  return page.locator(".jp-Notebook .jp-Cell").nth(expected.cell).locator(".jp-RenderedPlotly").nth(expected.figure);
}

/**
 * Compares every figure on the page with the notebook, scrolling each into view first (as a
 * reader does) and giving plotly time to draw. With `hover`, the pointer enters each figure
 * first: the plotly renderer shows a saved figure as its PNG snapshot until then.
 */
export async function checkPlots(
  page: Page,
  nb: NotebookJson,
  expected: ExpectedPlot[],
  options: { hover: boolean; timeoutMs: number },
): Promise<string[]> {
  const problems: string[] = [];
  const state = await notebookState(page);
  if (state.cells.length !== nb.cells.length) {
    return [`the page shows ${state.cells.length} cells, the notebook has ${nb.cells.length}`];
  }
  // Figures on the page that the notebook does not have (or the other way round).
  state.cells.forEach((cell, index) => {
    const want = expected.filter((p) => p.cell === index).length;
    if (cell.plots.length !== want) {
      problems.push(`${cellName(nb, index)}: ${want} plotly figure(s) in the notebook, ${cell.plots.length} on the page`);
    }
    if (cell.htmlFallbacks > 0) {
      problems.push(`${cellName(nb, index)}: shows the text/html fallback of a figure instead of plotly's renderer`);
    }
  });
  for (const plot of expected) {
    const locator = plotLocator(page, plot);
    if ((await locator.count()) === 0) continue; // reported above
    await locator.scrollIntoViewIfNeeded();
    if (options.hover) await locator.hover();
    const deadline = Date.now() + options.timeoutMs;
    let found: string[];
    for (;;) {
      const plotState = (await notebookState(page)).cells[plot.cell]?.plots[plot.figure];
      found = plotProblems(nb, plot, plotState);
      if (found.length === 0 && plot.traces.some((t) => WEBGL_3D.has(t))) found = await sceneProblems(page, nb, plot);
      if (found.length === 0 || Date.now() > deadline) break;
      await page.waitForTimeout(250);
    }
    problems.push(...found);
  }
  return problems;
}

/**
 * A 3-D scene is WebGL: no SVG per trace, so look at its pixels. A drawn surface or 3-D trace is
 * coloured; an empty scene (axes, grid, labels) is grey.
 */
async function sceneProblems(page: Page, nb: NotebookJson, plot: ExpectedPlot): Promise<string[]> {
  const scenes = plotLocator(page, plot).locator(".gl-container > div");
  const problems: string[] = [];
  const count = await scenes.count();
  if (count === 0) return [`${cellName(nb, plot.cell)}, figure ${plot.figure + 1}: no 3-D scene in the page`];
  for (let i = 0; i < count; i++) {
    const png = await scenes.nth(i).screenshot();
    const { coloured, total } = await page.evaluate(colouredPixels, png.toString("base64"));
    // A surface covers a good part of its scene; a few markers still make hundreds of pixels.
    if (coloured < 200) {
      problems.push(
        `${cellName(nb, plot.cell)}, figure ${plot.figure + 1}: 3-D scene ${i + 1} looks empty (${coloured} of ${total} pixels coloured)`,
      );
    }
  }
  return problems;
}

/** Problems visible on the page: error and stderr outputs, and cells that did not run. */
export function pageProblems(nb: NotebookJson, state: NotebookState): string[] {
  const problems: string[] = [];
  state.cells.forEach((cell, index) => {
    for (const text of cell.stderr)
      problems.push(`${cellName(nb, index)} shows an error or stderr output: ${text.split("\n").slice(0, 3).join(" | ")}`);
  });
  return problems;
}

/**
 * The whole notebook in one picture, as a reader scrolling through it sees it: the notebook is
 * scrolled one screen at a time and the pieces are put together under the menu and toolbar.
 * (Making the page as tall as the notebook instead makes plotly's renderer redraw every figure,
 * and the first such redraw can collapse them to zero height.)
 */
export async function screenshotNotebook(page: Page, file: string): Promise<void> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const scroller = await page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first().boundingBox();
  const width = page.viewportSize()?.width ?? 1280;
  if (!scroller) {
    await page.screenshot({ path: file });
    return;
  }
  // The menu, tab bar and notebook toolbar once; then the notebook itself, one screen at a time.
  const top = Math.round(scroller.y);
  const clip = { x: Math.round(scroller.x), width: Math.round(scroller.width) };
  const pieces: Array<{ png: string; x: number; y: number }> = [];
  const header = await page.screenshot({ clip: { x: 0, y: 0, width, height: top } });
  pieces.push({ png: header.toString("base64"), x: 0, y: 0 });
  // Chromium's canvases (and most image viewers) stop well short of this.
  const limit = 16_000 - top;
  let at = await page.evaluate(scrollNotebook, 0);
  for (;;) {
    await page.waitForTimeout(200); // cells that scroll into view are laid out and painted
    const shot = await page.screenshot({ clip: { ...clip, y: top, height: at.view } });
    pieces.push({ png: shot.toString("base64"), x: clip.x, y: top + at.scrollTop });
    const next = at.scrollTop + at.view;
    if (next >= Math.min(at.end, limit)) break;
    const moved = await page.evaluate(scrollNotebook, next);
    if (moved.scrollTop <= at.scrollTop) break;
    at = moved;
  }
  const height = top + Math.min(at.end, limit);
  const png = await page.evaluate(stitchPngs, { width, height, pieces });
  fs.writeFileSync(file, Buffer.from(png, "base64"));
}

// ---------------------------------------------------------------------------------------------
// The two visits the browser test pays to each notebook

/** Hang guards, not speed goals (the notebook test and the test titles report times). */
export const TIMEOUTS = { kernelStartMs: 120_000, runAllMs: 10 * 60_000, drawMs: 60_000 };

export interface LabVisit {
  /** Everything wrong, one line each, naming the cell; [] when all is well. */
  problems: string[];
  screenshot: string;
  /** The saved notebook and the figures it holds. */
  nb?: NotebookJson;
  plots: ExpectedPlot[];
  /** Seconds spent in each step. */
  seconds: Record<string, number>;
}

export interface VisitOptions {
  context: BrowserContext;
  server: CourseServer;
  /** The notebook, relative to the server's root. */
  notebookPath: string;
  screenshot: string;
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
 * listen on loopback only. The kernel is shut down at the end.
 */
export async function runInLab(options: VisitOptions): Promise<LabVisit> {
  const { context, server, notebookPath } = options;
  const file = path.join(server.root, notebookPath);
  const visit: LabVisit = { problems: [], screenshot: options.screenshot, plots: [], seconds: {} };
  const lap = stopwatch(visit.seconds);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await openNotebook(page, server, notebookPath, readNotebookFile(file).cells.length);
    await waitForKernel(page, server, notebookPath, TIMEOUTS.kernelStartMs);
    lap("open");
    await runAll(page, TIMEOUTS.runAllMs);
    lap("run");
    await waitForFigures(page, TIMEOUTS.drawMs);
    await save(page);
    const nb = readNotebookFile(file);
    visit.nb = nb;
    visit.plots = expectedPlots(nb);
    visit.problems.push(...outputProblems(nb));
    visit.problems.push(...pageProblems(nb, await notebookState(page)));
    visit.problems.push(...(await checkPlots(page, nb, visit.plots, { hover: false, timeoutMs: TIMEOUTS.drawMs })));
    visit.problems.push(...socketProblems(server));
    lap("check");
  } catch (error) {
    visit.problems.push((error as Error).message.split("\n")[0]!);
  } finally {
    visit.problems.push(...pageErrors.map((e) => `uncaught error in the page: ${e}`));
    await screenshotNotebook(page, visit.screenshot).catch((e) => visit.problems.push(`no screenshot: ${(e as Error).message}`));
    await page.close();
    await shutDownSessions(server, notebookPath);
    lap("screenshot");
  }
  return visit;
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
  const { context, server, notebookPath } = options;
  const file = path.join(server.root, notebookPath);
  const nb = readNotebookFile(file);
  nb.metadata.gradlab = { ...(nb.metadata.gradlab as object), browser_test: "saved, then changed outside JupyterLab" };
  fs.writeFileSync(file, JSON.stringify(nb, null, 1));
  const visit: LabVisit = { problems: [], screenshot: options.screenshot, nb, plots: first.plots, seconds: {} };
  const lap = stopwatch(visit.seconds);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  try {
    await openNotebook(page, server, notebookPath, nb.cells.length);
    await withoutKernel(page, server, notebookPath);
    lap("open");
    visit.problems.push(...(await trustProblems(page, server, notebookPath)));
    visit.problems.push(...(await snapshotProblems(page, nb, first.plots)));
    visit.problems.push(...(await checkPlots(page, nb, first.plots, { hover: true, timeoutMs: TIMEOUTS.drawMs })));
    lap("check");
  } catch (error) {
    visit.problems.push((error as Error).message.split("\n")[0]!);
  } finally {
    visit.problems.push(...pageErrors.map((e) => `uncaught error in the page: ${e}`));
    await screenshotNotebook(page, visit.screenshot).catch((e) => visit.problems.push(`no screenshot: ${(e as Error).message}`));
    await page.close();
    await shutDownSessions(server, notebookPath);
    lap("screenshot");
  }
  return visit;
}

/**
 * The reopened notebook is only looked at: its outputs come from the file. JupyterLab starts a
 * kernel for it anyway, or asks which one (a modal dialog that would block the pointer): answer
 * "No Kernel" then. A kernel that starts is shut down when the visit ends.
 */
async function withoutKernel(page: Page, server: CourseServer, notebookPath: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await answerKernelDialog(page, "No Kernel")) return;
    if ((await sessions(server, notebookPath)).length > 0) return;
    await page.waitForTimeout(250);
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
