// Drives JupyterLab in headless Chromium the way a learner uses the course: open a notebook, Run
// All from the Run menu, read the outputs and figures, save, screenshot. (lab-visits.ts puts the
// steps together; lab-page.ts is the part that runs inside the page.)
// Chromium is Debian's (scripts/chromium.cjs), driven through playwright-core; playwright's own
// browser download is never used.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import {
  cellName,
  figureWidthProblems,
  plotProblems,
  PLOTLY_MIME,
  readNotebookFile,
  SVG_TRACES,
  WEBGL_3D,
  type ExpectedPlot,
  type NotebookJson,
} from "./lab-checks";
import {
  allFiguresDrawn,
  colouredPixels,
  countCellFigures,
  nextFrames,
  readPage,
  readPrompts,
  scrollNotebook,
  stitchImages,
  holdScenes,
  scenesStillDrawing,
  type NotebookState,
  type PlotState,
} from "./lab-page";
import { ROOT } from "./jupyter";
import { startCourseServer, type CourseServer } from "./server";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findChromium, DEBIAN_CHROMIUM, HEADLESS_FLAGS } = require("../../scripts/chromium.cjs") as {
  findChromium: () => string | undefined;
  DEBIAN_CHROMIUM: string;
  HEADLESS_FLAGS: string[];
};

export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      `Chromium is not installed at ${DEBIAN_CHROMIUM}. Run the browser test through \`npm test\`, whose set-up installs it ` +
        "(node scripts/chromium.cjs does only that), or set GRADLAB_CHROMIUM to a Chromium or Chrome binary.",
    );
  }
  return chromium.launch({ executablePath, headless: true, args: HEADLESS_FLAGS });
}

export const SVG_SELECTORS = [...new Set(Object.values(SVG_TRACES))];

/**
 * The JupyterLab server and the Chromium that every browser test file shares: started on the
 * first call of sharedLab() (so a run without browser tests starts neither), stopped at the end of
 * the mocha run (a root `after` hook) or, failing that, when the process exits. Starting them
 * costs seconds of both cores; once per run is enough, since each file works in browser contexts
 * and notebook copies of its own and leaves no notebook open and no kernel running.
 *
 * The server is `npm start`'s own (scripts/start.mjs, learner mode) with two differences: the
 * learner workspace is SHARED_WORKSPACE, made afresh for the run, and JupyterLab's user settings
 * and layouts (workspaces) are the test's own (test-output/browser-lab), not the learner's
 * .jupyter/lab: they start empty (JupyterLab's defaults), and a test may change a setting
 * (setAutosaveInterval) without touching the learner's.
 */
export interface SharedLab {
  server: CourseServer;
  browser: Browser;
  /** The learner workspace of this server, relative to the project (forward slashes). */
  workspace: string;
}

export const SHARED_WORKSPACE = "test-output/browser-workspace";
const LAB_DIR = path.join(ROOT, "test-output", "browser-lab");

let shared: Promise<SharedLab> | undefined;
let sharedServer: CourseServer | undefined;
let sharedChromium: Promise<Browser> | undefined;

/** Jupyter config for the shared server: the test's own settings and layouts folders. */
function labConfig(): string {
  const config = path.join(LAB_DIR, "config");
  const settings = path.join(LAB_DIR, "user-settings");
  fs.rmSync(LAB_DIR, { recursive: true, force: true });
  fs.mkdirSync(config, { recursive: true });
  fs.mkdirSync(settings, { recursive: true });
  const lab = { LabApp: { user_settings_dir: settings, workspaces_dir: path.join(LAB_DIR, "workspaces") } };
  fs.writeFileSync(path.join(config, "jupyter_server_config.json"), JSON.stringify(lab, null, 2));
  return config;
}

/** The shared Chromium alone (the book's pages need no server): launched on first use, like sharedLab's. */
export function sharedBrowser(): Promise<Browser> {
  sharedChromium ??= launchChromium();
  return sharedChromium;
}

export function sharedLab(): Promise<SharedLab> {
  shared ??= (async () => {
    fs.rmSync(path.join(ROOT, SHARED_WORKSPACE), { recursive: true, force: true });
    const configPath = [labConfig(), ...(process.env.JUPYTER_CONFIG_PATH ?? "").split(path.delimiter).filter(Boolean)];
    const [server, browser] = await Promise.all([
      startCourseServer({ workspace: SHARED_WORKSPACE, env: { JUPYTER_CONFIG_PATH: configPath.join(path.delimiter) } }).then((s) => {
        sharedServer = s;
        return s;
      }),
      sharedBrowser(),
    ]);
    return { server, browser, workspace: SHARED_WORKSPACE };
  })();
  return shared;
}

const DOCMANAGER_SETTINGS = "@jupyterlab/docmanager-extension:plugin";

/**
 * Sets JupyterLab's autosave interval (Settings → Document Manager → Autosave Interval), or back
 * to its default (120 s) with `undefined`. JupyterLab reads its settings when a page loads, so the
 * change reaches the pages opened afterwards only. Returns the interval the server now reports.
 */
export async function setAutosaveInterval(server: CourseServer, seconds: number | undefined): Promise<number> {
  const url = `${server.base}/lab/api/settings/${DOCMANAGER_SETTINGS}?token=${server.token}`;
  const raw = JSON.stringify(seconds === undefined ? {} : { autosaveInterval: seconds });
  const put = await fetch(url, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ raw }) });
  if (!put.ok) throw new Error(`PUT ${DOCMANAGER_SETTINGS}: ${put.status} ${await put.text()}`);
  const get = await fetch(url);
  if (!get.ok) throw new Error(`GET ${DOCMANAGER_SETTINGS}: ${get.status}`);
  const { settings } = (await get.json()) as { settings: { autosaveInterval?: number } };
  return settings.autosaveInterval ?? 120;
}

/** `work`'s result, or `undefined` when it has not settled within `ms` (or failed). */
async function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([work.catch(() => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops what sharedLab() started: kernels shut down, Chromium closed, the server stopped (Ctrl-C).
 * Each step has a time limit, so a wedged page or server cannot keep the run alive: a server that
 * has not ended 60 s after its Ctrl-C is killed with its process group (kernels included).
 */
export async function stopSharedLab(): Promise<void> {
  const started = shared;
  const chromium = sharedChromium;
  shared = undefined;
  sharedChromium = undefined;
  const lab = await started?.catch(() => undefined);
  if (lab) await within(30_000, shutDownSessions(lab.server));
  const browser = await chromium?.catch(() => undefined);
  if (browser) await within(30_000, browser.close());
  const server = lab?.server ?? sharedServer;
  sharedServer = undefined;
  if (!server) return;
  const stopped = await within(
    60_000,
    server.stop().then(() => true),
  );
  if (!stopped && server.child.pid && server.child.exitCode === null && server.child.signalCode === null) {
    const exited = new Promise((resolve) => server.child.once("exit", resolve));
    try {
      process.kill(-server.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
    await within(10_000, exited);
  }
}

// At the end of the mocha run (a root hook: this module is first loaded while mocha reads the
// test files, at the top level); outside mocha, or after a crash, when the process exits: start.mjs
// gets its Ctrl-C and shuts the kernels down by itself.
if (typeof after === "function") {
  after("stop the shared JupyterLab server and Chromium", async function () {
    this.timeout(120_000);
    await stopSharedLab();
  });
}
function interruptSharedServer(): void {
  const child = sharedServer?.child;
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGINT");
    } catch {
      // already gone
    }
  }
}
process.once("exit", interruptSharedServer);
// A signal ends Node without the "exit" event: stop the server (its own process group, which a
// terminal's Ctrl-C does not reach), then let the signal do what it would have done.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    interruptSharedServer();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

/** The open notebook's cells, prompts, errors and figures, as the page shows them. */
export async function notebookState(page: Page): Promise<NotebookState> {
  const read = await page.evaluate(readPage, { svgSelectors: SVG_SELECTORS, kind: "notebook" as const });
  if (read.kind !== "notebook") throw new Error(`readPage answered ${read.kind} for a notebook`);
  return read.notebook;
}

/** The figures of a book page (scripts/book), in page order, read as notebookState reads a notebook's. */
export async function bookPlots(page: Page): Promise<PlotState[]> {
  const read = await page.evaluate(readPage, { svgSelectors: SVG_SELECTORS, kind: "book" as const });
  if (read.kind !== "book") throw new Error(`readPage answered ${read.kind} for a book page`);
  return read.plots;
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

/**
 * One JupyterLab page, kept open while the test visits notebook after notebook in it, as a learner
 * works through the course: loading JupyterLab itself costs seconds, opening a notebook in it
 * does not. `errors` collects the page's uncaught errors; a visit takes the ones it caused.
 */
export interface LabPage {
  page: Page;
  errors: string[];
}

/**
 * Loads JupyterLab in a new page of `context`, in a workspace of the test's own (`workspace`,
 * reset on load, so two pages do not share their layout), and waits until its menus answer.
 */
export async function openLab(context: BrowserContext, server: CourseServer, workspace: string): Promise<LabPage> {
  const page = await context.newPage();
  await page.addInitScript(recordSaves);
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${server.base}/lab/workspaces/${encodeURIComponent(workspace)}?reset&token=${server.token}`);
  await page.addStyleTag({ content: HIDE_NOTIFICATIONS });
  await page.locator(".lm-MenuBar-item", { hasText: /^File$/ }).waitFor({ timeout: 120_000 });
  await page.locator(".jp-DirListing-item").first().waitFor({ timeout: 120_000 });
  return { page, errors };
}

/**
 * File → Open from Path…, as a learner types a notebook's path, then waits until all its cells are
 * in the page. The file browser closes again: it takes a third of the width, and learners reading
 * a notebook often close it too.
 */
export async function openNotebook(lab: LabPage, notebookPath: string, cells: number): Promise<void> {
  const { page } = lab;
  await menu(page, "File", /^Open from Path/);
  const dialog = page.locator(".jp-Dialog");
  await dialog.locator("input").fill(notebookPath);
  await dialog.getByRole("button", { name: "Open", exact: true }).click();
  await page
    .locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    .nth(cells - 1)
    .waitFor({ state: "attached", timeout: 120_000 });
  const openPanel = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current");
  if ((await openPanel.count()) > 0) await openPanel.first().click();
}

/**
 * File → Close Tab (the notebook is saved, so JupyterLab does not ask), checking that each of its
 * 3-D figures stopped drawing (holdScenes: JupyterLab's plotly renderer purges the figures it lets
 * go; otherwise this throws, after closing), then its kernel is shut
 * down as Kernel → Shut Down Kernel would, unless `keepKernel`: closing a tab leaves its kernel
 * running (JupyterLab's default), and the notebook opened again connects to it. The page is left
 * with no notebook open.
 */
/** closeNotebook's error when the notebook closed but 3-D figures of it went on drawing. */
export class ScenesStillDrawing extends Error {}

export async function closeNotebook(
  lab: LabPage,
  server: CourseServer,
  notebookPath: string,
  options: { keepKernel?: boolean } = {},
): Promise<void> {
  const { page } = lab;
  let [scenes, drawing] = [0, 0];
  if ((await page.locator(".jp-NotebookPanel").count()) > 0) {
    scenes = await page.evaluate(holdScenes);
    await menu(page, "File", /^Close Tab(?!s)/);
    // A notebook changed since its last save (a visit that failed half-way) asks first: discard,
    // the test has saved what it checks.
    const deadline = Date.now() + 30_000;
    while ((await page.locator(".jp-NotebookPanel").count()) > 0) {
      if (Date.now() > deadline) throw new Error(`the notebook tab did not close within 30 s`);
      const discard = page.locator(".jp-Dialog").getByRole("button", { name: /^Discard/ });
      if ((await discard.count()) > 0) await discard.first().click();
      await page.waitForTimeout(100);
    }
    if (scenes > 0) drawing = await page.evaluate(scenesStillDrawing);
  }
  if (!options.keepKernel) await shutDownSessions(server, notebookPath);
  if (drawing > 0) {
    throw new ScenesStillDrawing(
      `${drawing} of its ${scenes} 3-D figures went on drawing after the notebook closed (not purged by the plotly renderer)`,
    );
  }
}

/**
 * Answers JupyterLab's "Select Kernel" dialog when it appears. It shows when the notebook opens
 * before the kernel specs have loaded (a race that a busy machine makes likely); its default
 * choice is the notebook's own kernel, which is what a learner would accept.
 */
export async function answerKernelDialog(page: Page, button: "Select" | "No Kernel"): Promise<boolean> {
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
    if (session?.kernel?.execution_state === "idle" && (await page.evaluate(readPrompts)).status === "idle") return;
    await page.waitForTimeout(POLL_MS);
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

/** How often the driver looks again while it waits for something in the page or on the server. */
export const POLL_MS = 100;

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
    const { prompts, status } = await page.evaluate(readPrompts);
    started ||= prompts.some((p) => runningPrompt(p) || countedPrompt(p));
    if (started && !prompts.some(runningPrompt) && status === "idle") return;
    if (Date.now() > deadline) {
      const state = await notebookState(page);
      const running = state.cells.map((c, i) => (runningPrompt(c.prompt) ? i : -1)).filter((i) => i >= 0);
      throw new Error(
        started
          ? `Run All did not finish within ${timeoutMs / 1000} s; cells still queued or running: ${running.join(", ")}`
          : `Run All did not start within ${timeoutMs / 1000} s`,
      );
    }
    await page.waitForTimeout(POLL_MS);
  }
}

/**
 * Waits (up to timeoutMs, without failing: checkPlots says what is missing) until every figure
 * has been drawn.
 */
export async function waitForFigures(page: Page, timeoutMs: number): Promise<void> {
  await page.waitForFunction(allFiguresDrawn, null, { timeout: timeoutMs, polling: POLL_MS }).catch(() => undefined);
}

/**
 * A notebook JupyterLab has saved. Jupyter writes a file in place, so a read that overlaps a save
 * (an autosave, say) finds it cut short: read again until it is whole (up to timeoutMs).
 */
export async function readSavedNotebook(file: string, timeoutMs = 10_000): Promise<NotebookJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return readNotebookFile(file);
    } catch (error) {
      if (!(error instanceof SyntaxError) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}

/** Plotly figures in a notebook's JSON (cells' outputs and any saved widget state), and those with a PNG. */
export interface FigureCount {
  figures: number;
  withPng: number;
}

/** Counts the output bundles holding a plotly figure anywhere in a notebook's JSON, and those also holding an image/png. */
export function countPlotlyOutputs(node: unknown, into: FigureCount = { figures: 0, withPng: 0 }): FigureCount {
  if (Array.isArray(node)) {
    for (const value of node) countPlotlyOutputs(value, into);
  } else if (typeof node === "object" && node !== null) {
    const data = (node as { data?: unknown }).data;
    if (typeof data === "object" && data !== null && PLOTLY_MIME in data) {
      into.figures++;
      if ("image/png" in data) into.withPng++;
      return into;
    }
    for (const value of Object.values(node)) countPlotlyOutputs(value, into);
  }
  return into;
}

/**
 * Runs in every lab page before JupyterLab loads: keeps the body of every PUT /api/contents request
 * (JupyterLab's saves go through fetch with a Request), so a test can compare what JupyterLab sent
 * with what the server wrote. Chromium's network events omit large request bodies.
 */
function recordSaves(): void {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const g = globalThis as any;
  const saves: Array<{ url: string; body: string }> = [];
  g.__gradlabSaves = saves;
  const original = g.fetch;
  g.fetch = function (input: unknown, init?: { method?: string; body?: unknown }) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const request = input instanceof g.Request ? (input as any) : undefined;
    const url = request ? String(request.url) : String(input);
    const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
    if (method === "PUT" && url.includes("/api/contents/")) {
      if (typeof init?.body === "string") saves.push({ url, body: init.body });
      else if (request) {
        return request
          .clone()
          .text()
          .then((body: string) => {
            saves.push({ url, body });
            return original.call(g, input, init);
          });
      }
    }
    return original.call(g, input, init);
  };
}

/** The notebooks JupyterLab sent for notebookPath since the page opened (the content of each PUT). */
export async function sentNotebooks(page: Page, notebookPath: string): Promise<unknown[]> {
  const saves = await page.evaluate(() =>
    ((globalThis as unknown as { __gradlabSaves?: Array<{ url: string; body: string }> }).__gradlabSaves ?? []).slice(),
  );
  return saves
    .filter((s) => decodeURIComponent(new URL(s.url).pathname).endsWith(`/api/contents/${notebookPath}`))
    .map((s) => (JSON.parse(s.body) as { content: unknown }).content);
}

/** What a save sent and what the server wrote, for the size checks. */
export interface SaveRecord {
  /** Plotly figures in the cells' outputs of the last notebook JupyterLab sent, and those with a PNG. */
  sent: FigureCount;
  /** The most PNGs any save of the notebook carried. */
  mostSentPngs: number;
  /** Size of the saved file in bytes, and its figures anywhere in its JSON. */
  bytes: number;
  saved: FigureCount;
}

/**
 * Saves, and saves again until the file holds every figure the page shows and the notebook
 * JupyterLab sent carries plotly's PNG snapshot for every figure in the cells' outputs (or
 * timeoutMs has passed: checkPlots then reports a figure missing from the file). A figure can reach
 * the page a moment after the kernel went idle; and after drawing one, plotly's renderer makes the
 * snapshot and adds it to the output, a moment later. The server's save hook drops those snapshots
 * (scripts/gradlab_jupyter.py); `savedSizeProblems` checks that it did, on what was really sent.
 */
export async function saveWithSnapshots(page: Page, file: string, notebookPath: string, timeoutMs: number): Promise<SaveRecord> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await save(page);
    const sent = await sentNotebooks(page, notebookPath);
    const last = sent[sent.length - 1] as { cells?: Array<{ outputs?: unknown }> } | undefined;
    const sentFigures = countPlotlyOutputs((last?.cells ?? []).map((cell) => cell.outputs ?? []));
    const saved = await readSavedNotebook(file);
    const savedFigures = countPlotlyOutputs(saved);
    const cellFigures = countPlotlyOutputs(saved.cells.map((cell) => cell.outputs ?? []));
    const done = sentFigures.withPng >= sentFigures.figures && cellFigures.figures >= (await page.evaluate(countCellFigures));
    if (done || Date.now() > deadline) {
      return {
        sent: sentFigures,
        mostSentPngs: Math.max(0, ...sent.map((content) => countPlotlyOutputs(content).withPng)),
        bytes: fs.statSync(file).size,
        saved: savedFigures,
      };
    }
    await page.waitForTimeout(POLL_MS);
  }
}

/** A notebook saved from JupyterLab stays small: under 1 MB, no PNG kept beside a plotly figure. */
export const SAVED_LIMIT_BYTES = 1_000_000;

export function savedSizeProblems(record: SaveRecord): string[] {
  const problems: string[] = [];
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  if (record.saved.withPng > 0) {
    problems.push(
      `${record.saved.withPng} of ${record.saved.figures} plotly figures were saved with their PNG (the save hook keeps them out)`,
    );
  }
  if (record.bytes >= SAVED_LIMIT_BYTES) problems.push(`the saved notebook is ${mb(record.bytes)} (limit 1 MB)`);
  // Without PNGs in what JupyterLab sent, the first check would show nothing about the save hook.
  if (record.saved.figures > 0 && record.mostSentPngs === 0) {
    problems.push("JupyterLab sent no figure with a PNG snapshot: the plotly renderer added none, so the save hook was not exercised");
  }
  return problems;
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
    // A widget's figure counts either way: with the cell's outputs or not (see CellState.widgetPlots).
    if (cell.plots.length !== want && cell.plots.length - (cell.widgetPlots ?? 0) !== want) {
      problems.push(`${cellName(nb, index)}: ${want} plotly figure(s) in the notebook, ${cell.plots.length} on the page`);
    }
    if (cell.htmlFallbacks > 0) {
      problems.push(`${cellName(nb, index)}: shows the text/html fallback of a figure instead of plotly's renderer`);
    }
    problems.push(...figureWidthProblems(nb, index, cell.wideFigures ?? []));
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
      await page.waitForTimeout(POLL_MS);
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
 * The whole notebook in one picture (a JPEG), as a reader scrolling through it sees it: the notebook
 * is scrolled one screen at a time and the pieces are put together under the menu and toolbar.
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
  const pieces: Array<{ jpeg: string; x: number; y: number }> = [];
  const shoot = async (clipped: { x: number; y: number; width: number; height: number }) =>
    (await page.screenshot({ clip: clipped, type: "jpeg", quality: 90 })).toString("base64");
  pieces.push({ jpeg: await shoot({ x: 0, y: 0, width, height: top }), x: 0, y: 0 });
  // Chromium's canvases (and most image viewers) stop well short of this.
  const limit = 16_000 - top;
  let at = await page.evaluate(scrollNotebook, 0);
  for (;;) {
    await page.evaluate(nextFrames); // cells that scroll into view are laid out and painted
    pieces.push({ jpeg: await shoot({ ...clip, y: top, height: at.view }), x: clip.x, y: top + at.scrollTop });
    const next = at.scrollTop + at.view;
    if (next >= Math.min(at.end, limit)) break;
    const moved = await page.evaluate(scrollNotebook, next);
    if (moved.scrollTop <= at.scrollTop) break;
    at = moved;
  }
  const height = top + Math.min(at.end, limit);
  const jpeg = await page.evaluate(stitchImages, { width, height, pieces });
  fs.writeFileSync(file, Buffer.from(jpeg, "base64"));
}
