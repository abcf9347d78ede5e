// A notebook saved from JupyterLab is small: after Run All and File → Save Notebook, the file is
// under 1 MB and no plotly figure in it carries a PNG. JupyterLab's plotly renderer adds a PNG
// snapshot to every figure it draws (Plotly.toImage, then setData on the output), so the notebook
// JupyterLab sends carries them; the server's save hook (scripts/gradlab_jupyter.py) drops them
// before writing. The test reads both: the PUT request JupyterLab sends (it must carry PNGs, or the
// test would prove nothing) and the file written. The largest notebooks of the course by default
// (each was over 1 MB saved with the PNGs); GRADLAB_SAVED_NOTEBOOKS=all, or a comma-separated list
// of numbers (07,12), chooses others. Copies in test-output/ are run, never notebooks/ itself.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { ROOT } from "../support/jupyter";
import {
  closeNotebook,
  launchChromium,
  openLab,
  openNotebook,
  runAll,
  save,
  shutDownSessions,
  waitForFigures,
  waitForKernel,
  type LabPage,
} from "../support/lab";
import { startCourseServer, type CourseServer } from "../support/server";

const PLOTLY = "application/vnd.plotly.v1+json";
const PNG = "image/png";
const LIMIT = 1_000_000;
const WORK = "test-output";
const TIMEOUTS = { kernelStartMs: 120_000, runAllMs: 10 * 60_000, drawMs: 60_000 };

const ALL = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((name) => name.endsWith(".ipynb"))
  .sort();
const LARGEST = ["07-learning-rate.ipynb", "14-practical-tips.ipynb", "12-higher-order-derivatives.ipynb", "09-backpropagation.ipynb"];

function chosenNotebooks(): string[] {
  const choice = process.env.GRADLAB_SAVED_NOTEBOOKS;
  if (!choice) return LARGEST;
  if (choice === "all") return ALL;
  return choice.split(",").map((prefix) => {
    const found = ALL.find((name) => name.startsWith(`${prefix.trim()}-`));
    if (!found) throw new Error(`GRADLAB_SAVED_NOTEBOOKS: no notebook ${prefix.trim()}-*.ipynb; use "all" or numbers such as 07,12`);
    return found;
  });
}

interface Figures {
  /** Output bundles holding a plotly figure (cells' outputs and any saved widget state). */
  figures: number;
  /** Those of them that also hold an image/png. */
  withPng: number;
}

/** Counts the plotly outputs anywhere in a notebook's JSON, and those carrying a PNG. */
function countFigures(node: unknown, into: Figures = { figures: 0, withPng: 0 }): Figures {
  if (Array.isArray(node)) {
    for (const value of node) countFigures(value, into);
  } else if (typeof node === "object" && node !== null) {
    const data = (node as { data?: unknown }).data;
    if (typeof data === "object" && data !== null && PLOTLY in data) {
      into.figures++;
      if (PNG in data) into.withPng++;
      return into;
    }
    for (const value of Object.values(node)) countFigures(value, into);
  }
  return into;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

/**
 * Runs in the page before JupyterLab loads: keeps the body of every PUT /api/contents request
 * (JupyterLab's saves go through fetch with a Request). Chromium's network events omit large
 * request bodies, so the page itself records them.
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

/** Saves again while the notebook changes after a save (a PNG the renderer made late marks it changed). */
async function saveUntilSettled(page: Page): Promise<void> {
  await save(page);
  for (let i = 0; i < 5; i++) {
    await page.waitForTimeout(1000);
    if ((await page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count()) > 0) await save(page);
  }
}

describe("notebooks saved from JupyterLab are small: under 1 MB, no PNG beside a plotly figure", function () {
  this.timeout(TIMEOUTS.runAllMs + 5 * 60_000);
  let server: CourseServer;
  let browser: Browser;
  let lab: LabPage;

  before(async function () {
    this.timeout(5 * 60_000);
    browser = await launchChromium();
    server = await startCourseServer();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(recordSaves);
    lab = await openLab(context, server, "gradlab-browser-test-saved");
  });

  after(async function () {
    this.timeout(120_000);
    if (server) await shutDownSessions(server).catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  for (const name of chosenNotebooks()) {
    it(`${name}: Run All, save`, async function () {
      const notebookPath = `${WORK}/saved-${name}`;
      const file = path.join(ROOT, notebookPath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.copyFileSync(path.join(ROOT, "notebooks", name), file);
      const cells = (JSON.parse(fs.readFileSync(file, "utf8")) as { cells: unknown[] }).cells.length;
      const { page } = lab;
      try {
        await openNotebook(lab, notebookPath, cells);
        await waitForKernel(page, server, notebookPath, TIMEOUTS.kernelStartMs);
        await runAll(page, TIMEOUTS.runAllMs);
        await waitForFigures(page, TIMEOUTS.drawMs);
        await saveUntilSettled(page);
      } finally {
        await closeNotebook(lab, server, notebookPath).catch(() => undefined);
      }
      // What JupyterLab sent on each save: the notebook as the page held it.
      const sent = (
        await page.evaluate(() => {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const saves = (globalThis as any).__gradlabSaves as Array<{ url: string; body: string }>;
          return saves.splice(0);
        })
      )
        .filter((s) => decodeURIComponent(new URL(s.url).pathname).endsWith(`/api/contents/${notebookPath}`))
        .map((s) => s.body);
      const text = fs.readFileSync(file, "utf8");
      const bytes = Buffer.byteLength(text);
      const saved = countFigures(JSON.parse(text));
      assert.ok(sent.length > 0, "JupyterLab sent no save request for the notebook");
      const last = sent[sent.length - 1]!;
      const lastSent = countFigures((JSON.parse(last) as { content: unknown }).content);
      const mostPngs = Math.max(...sent.map((body) => countFigures((JSON.parse(body) as { content: unknown }).content).withPng));
      this.test!.title +=
        ` (${saved.figures} figures; JupyterLab sent ${mb(Buffer.byteLength(last))} with ${lastSent.withPng} PNGs,` +
        ` the file is ${mb(bytes)} with ${saved.withPng})`;

      assert.ok(saved.figures > 0, `${name}: the saved notebook has no plotly figure; did Run All run?`);
      // Without PNGs in what JupyterLab sent, this test would show nothing about the save hook.
      assert.ok(
        mostPngs > 0,
        `${name}: JupyterLab sent no figure with a PNG snapshot (${sent.length} saves); the renderer did not add any`,
      );
      assert.equal(saved.withPng, 0, `${name}: ${saved.withPng} of ${saved.figures} plotly figures were saved with their PNG`);
      assert.ok(bytes < LIMIT, `${name}: the saved notebook is ${mb(bytes)} (limit 1 MB)`);
    });
  }
});
