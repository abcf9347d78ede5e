// Live widgets in JupyterLab, in headless Chromium: in two course notebooks (copies in
// test-output/), run all cells, drag the "what if" slider and read from the page that the figure in
// the widget's output area changed; press the play button (05) and see the direction advance; save,
// reload the page with the kernel alive, reopen the notebook and see the widget again. No stderr in
// the notebook, no error in the page's console. A screenshot of 06's widget goes to
// artifacts/browser/widgets-06.png (the README's picture, docs/images/widgets-06.png, is one).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Locator, Page } from "playwright-core";
import { ROOT } from "../support/jupyter";
import { openLab, openNotebook, POLL_MS, runAll, save, sharedLab, shutDownSessions, waitForKernel, type LabPage } from "../support/lab";
import type { CourseServer } from "../support/server";

const WORK = "test-output";
const ARTIFACTS = path.join(ROOT, "artifacts", "browser");

interface Case {
  notebook: string;
  /** The text of the code cell that holds the widget. */
  cellText: string;
  /** The figure title in the output area must match this after the drag. */
  titleBefore: RegExp;
}

const CASES: Case[] = [
  { notebook: "06-gradient-descent.ipynb", cellText: "const rateExplorer", titleBefore: /α = 0\.1$/ },
  { notebook: "05-gradients.ipynb", cellText: "const directionExplorer", titleBefore: /θ = 0°$/ },
];

function copyNotebook(name: string): { path: string; cells: number } {
  const target = path.join(ROOT, WORK, `widgets-${name}`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "notebooks", name), target);
  const cells = (JSON.parse(fs.readFileSync(target, "utf8")) as { cells: unknown[] }).cells.length;
  return { path: `${WORK}/widgets-${name}`, cells };
}

/** The code cell whose editor shows `text`. */
function widgetCell(page: Page, text: string): Locator {
  return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").filter({ hasText: text }).first();
}

interface Figure {
  title: string;
  x: number[];
  y: number[];
}

/**
 * The figures of a cell as plotly drew them (its data and layout on the element): `inside` true,
 * those in the widget's output area; false, the cell's own outputs. Each: its title and last trace.
 */
function figures(cell: Locator, inside: boolean): Promise<Figure[]> {
  return cell.evaluate((element, wantInside) => {
    type Plot = HTMLElement & { data?: Array<{ x?: number[]; y?: number[] }>; _fullLayout?: { title?: { text?: string } } };
    return Array.from(element.querySelectorAll(".jp-RenderedPlotly"))
      .filter((plot) => Boolean(plot.closest(".widget-output")) === wantInside)
      .map((node) => {
        const plot = node as Plot;
        const last = plot.data?.[plot.data.length - 1];
        return { title: plot._fullLayout?.title?.text ?? "", x: Array.from(last?.x ?? []), y: Array.from(last?.y ?? []) };
      });
  }, inside);
}

/** The figure in the widget's output area (null when it shows none). */
async function outputFigure(cell: Locator): Promise<Figure | null> {
  const found = await figures(cell, true);
  return found[0] ?? null;
}

async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!ok(value)) {
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs / 1000} s; last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
    value = await read();
  }
  return value;
}

/** Drags the first slider handle of the cell's widget by dx pixels, in small moves as a hand does. */
async function drag(page: Page, cell: Locator, dx: number): Promise<void> {
  const handle = cell.locator(".widget-slider .noUi-handle").first();
  await handle.scrollIntoViewIfNeeded();
  const box = await handle.boundingBox();
  assert.ok(box, "the slider's handle has a box on the page");
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(x + (dx * k) / 10, y, { steps: 2 });
  await page.mouse.up();
}

describe("live widgets in JupyterLab (drag, play, reload)", function () {
  this.timeout(20 * 60_000);
  let server: CourseServer;
  let context: BrowserContext;
  let lab: LabPage;
  const consoleErrors: string[] = [];
  /** Where this file's part of the shared server's log begins. */
  let logStart = 0;

  before(async function () {
    this.timeout(5 * 60_000);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const shared = await sharedLab();
    server = shared.server;
    logStart = server.log().length;
    context = await shared.browser.newContext({ viewport: { width: 1280, height: 1000 } });
    lab = await openLab(context, server, "gradlab-widgets-test");
    lab.page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
  });

  after(async function () {
    this.timeout(2 * 60_000);
    if (server) {
      for (const c of CASES) await shutDownSessions(server, `${WORK}/widgets-${c.notebook}`).catch(() => undefined);
    }
    await context?.close();
  });

  for (const c of CASES) {
    it(`${c.notebook}: dragging the slider changes the figure; the play button; the widget is back after a reload`, async function () {
      const { page } = lab;
      const nb = copyNotebook(c.notebook);
      await openNotebook(lab, nb.path, nb.cells);
      await waitForKernel(page, server, nb.path, 180_000);
      await runAll(page, 10 * 60_000);
      const cell = widgetCell(page, c.cellText);
      try {
        await exercise(page, cell, c, nb);
      } catch (error) {
        await cell.screenshot({ path: path.join(ARTIFACTS, `widgets-failed-${c.notebook}.png`) }).catch(() => undefined);
        const text = await cell.innerText().catch(() => "(cell not readable)");
        throw new Error(`${(error as Error).message}\nthe cell shows:\n${text.slice(0, 3000)}`, { cause: error });
      }
    });
  }

  async function exercise(page: Page, cell: Locator, c: Case, nb: { path: string; cells: number }): Promise<void> {
    {
      await cell.scrollIntoViewIfNeeded();
      await cell.locator(".widget-slider .noUi-handle").first().waitFor({ timeout: 60_000 });
      // The cell's own (static) figure is the first run, for the parameters' values.
      const own = await waitFor(
        "the cell's own figure",
        () => figures(cell, false),
        (f) => f.length === 1,
        60_000,
      );
      assert.match(own[0]!.title, c.titleBefore);
      assert.equal(await outputFigure(cell), null, "the output area is empty before the first change");

      await drag(page, cell, 120);
      const after = await waitFor(
        "a figure in the output area",
        () => outputFigure(cell),
        (f) => f !== null && !c.titleBefore.test(f.title),
        60_000,
      );
      assert.ok(after!.x.length > 0 && after!.y.every((v) => Number.isFinite(v)), JSON.stringify(after));
      // The drag sent several values: wait until the last run has finished (the status says how).
      const status = await waitFor(
        "the last run's outcome",
        () => cell.locator(".gradlab-interact-status").last().getAttribute("data-outcome"),
        (v) => v !== null,
        60_000,
      );
      assert.equal(status, "done");
      if (c.notebook.startsWith("06")) {
        await cell.screenshot({ path: path.join(ARTIFACTS, "widgets-06.png") });
      }

      if (c.notebook.startsWith("05")) {
        const before = (await outputFigure(cell))!.title;
        await cell.locator(".widget-play button").first().click();
        const played = await waitFor(
          "the play button to turn the direction",
          () => outputFigure(cell),
          (f) => f !== null && f.title !== before,
          60_000,
        );
        assert.match(played!.title, /θ = \d+°$/);
        await cell.locator(".widget-play button").nth(1).click(); // pause
      }

      // No stderr anywhere in the notebook.
      const stderr = await page
        .locator(".jp-NotebookPanel:not(.lm-mod-hidden) [data-mime-type='application/vnd.jupyter.stderr']")
        .allTextContents();
      assert.deepEqual(stderr, []);

      // Save, reload the page (the kernel stays alive), reopen: the widget renders again from the kernel.
      await save(page);
      await page.reload();
      await page.locator(".lm-MenuBar-item", { hasText: /^File$/ }).waitFor({ timeout: 120_000 });
      if ((await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)").count()) === 0) await openNotebook(lab, nb.path, nb.cells);
      const back = widgetCell(page, c.cellText);
      await back.locator(".widget-slider .noUi-handle").first().waitFor({ timeout: 120_000 });
      const text = (await back.locator(".jp-OutputArea").first().textContent()) ?? "";
      assert.doesNotMatch(text, /Error displaying widget|model not found/i);
      await drag(page, back, -60);
      await waitFor(
        "a figure after the reload",
        () => outputFigure(back),
        (f) => f !== null && f.title !== after!.title,
        60_000,
      );
      await save(page);
    }
  }

  it("the page logged no console errors and the kernel wrote no comm errors or dropped messages to the server log", () => {
    assert.deepEqual(consoleErrors, []);
    // A new kernel has not loaded gradlab yet when the page first asks for the widgets' control
    // comm (there are no widgets then): that refusal, and the page's message on the refused comm, are expected.
    const log = server.log().slice(logStart).split("\n");
    const refused = new Set(
      log.map((l) => /no comm target registered for "jupyter\.widget\.control"; closing comm (\S+)/.exec(l)?.[1]).filter(Boolean),
    );
    const problems = log.filter((l) => /comm_(open|msg|close):/.test(l) && ![...refused].some((id) => l.includes(id!)));
    assert.deepEqual(problems, []);
    // The kernel's send queue logs a message it had to drop (a refused or stalled send, see the README's kernel section).
    assert.deepEqual(
      log.filter((l) => /\[gradlab kernel\] .*dropped/.test(l)),
      [],
    );
  });
});
