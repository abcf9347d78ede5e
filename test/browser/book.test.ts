// The book (npm run book) as a reader sees it: every page of book/ opened from disk in headless
// Chromium, with no network. A page fails on any console error or uncaught exception, any request
// that leaves the disk, any link to a file the book does not have, and any plotly figure that is
// not drawn with all the traces its executed notebook (book/notebooks/) says it has.
// A full-page screenshot of each goes to artifacts/book/<page>.png.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { ROOT } from "../support/jupyter";
import { bookPlots, sharedBrowser } from "../support/lab";
import { expectedPlots, plotProblems, readNotebookFile } from "../support/lab-checks";

const BOOK = path.join(ROOT, "book");
const ARTIFACTS = path.join(ROOT, "artifacts", "book");
const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((name) => name.endsWith(".ipynb"))
  .sort();

/** Builds the book unless book/ is newer than every notebook (test/book builds it earlier in `npm test`). */
function ensureBook(): void {
  const index = path.join(BOOK, "index.html");
  const built = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const stale = NOTEBOOKS.some((name) => fs.statSync(path.join(ROOT, "notebooks", name)).mtimeMs > built);
  if (!stale) return;
  const result = spawnSync(process.execPath, [path.join(ROOT, "scripts", "book.mjs"), "--reuse"], { cwd: ROOT, encoding: "utf8" });
  assert.equal(result.status, 0, `npm run book failed:\n${result.stdout}\n${result.stderr}`);
}

interface PageVisit {
  problems: string[];
  links: string[];
  plots: number;
}

/** Opens one page from disk and reports what is wrong with it. */
async function visit(page: Page, file: string, notebook: string | undefined): Promise<PageVisit> {
  const problems: string[] = [];
  const onConsole = (message: { type(): string; text(): string }) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  };
  const onError = (error: Error) => problems.push(`uncaught exception: ${error.message}`);
  const onRequest = (request: { url(): string }) => {
    if (!/^(file|data|blob):/.test(request.url())) problems.push(`request that leaves the disk: ${request.url()}`);
  };
  const onFailed = (request: { url(): string; failure(): { errorText: string } | null }) =>
    problems.push(`failed to load ${request.url()}: ${request.failure()?.errorText ?? "?"}`);
  page.on("console", onConsole);
  page.on("pageerror", onError);
  page.on("request", onRequest);
  page.on("requestfailed", onFailed);
  try {
    await page.goto(pathToFileURL(path.join(BOOK, file)).href, { waitUntil: "load", timeout: 120_000 });
    const nb = notebook ? readNotebookFile(path.join(BOOK, "notebooks", notebook)) : undefined;
    const expected = nb ? expectedPlots(nb) : [];
    // Plotly draws after load; 3-D scenes take a moment more with software WebGL.
    await page
      .waitForFunction(
        (n) => {
          const plots = Array.from(document.querySelectorAll("div.plot"));
          return plots.length === n && plots.every((plot) => plot.querySelector("svg.main-svg"));
        },
        expected.length,
        { timeout: 60_000 },
      )
      .catch(() => undefined);
    const states = await bookPlots(page);
    if (nb) {
      if (states.length !== expected.length) problems.push(`${states.length} plots on the page, ${expected.length} in ${notebook}`);
      expected.forEach((plot, i) => problems.push(...plotProblems(nb, plot, states[i])));
    }
    const links = await page.evaluate(() => Array.from(document.querySelectorAll("a[href]")).map((a) => a.getAttribute("href") ?? ""));
    for (const href of links) {
      if (/^[a-z]+:/i.test(href) || href.startsWith("#")) continue;
      if (!fs.existsSync(path.join(BOOK, decodeURIComponent(href.split("#")[0] as string))))
        problems.push(`link to a missing file: ${href}`);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, file.replace(/\.html$/, ".png")), fullPage: true });
    return { problems, links, plots: states.length };
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onError);
    page.off("request", onRequest);
    page.off("requestfailed", onFailed);
  }
}

/** Pages open at the same time (the machine this is tuned on has two cores). */
const LANES = 2;

describe("the book in headless Chromium, offline", function () {
  this.timeout(5 * 60_000);
  const contexts: BrowserContext[] = [];
  const files = ["index.html", ...NOTEBOOKS.map((n) => n.replace(/\.ipynb$/, ".html"))];
  /** Each page's visit, started in the `before` hook: LANES pages take the next file when free. */
  const visits = new Map<string, Promise<PageVisit>>();

  before(async function () {
    this.timeout(20 * 60_000);
    ensureBook();
    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const browser = await sharedBrowser();
    // No network at all: anything that is not a file of the book is refused.
    const pages = await Promise.all(
      Array.from({ length: LANES }, async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
        contexts.push(context);
        return context.newPage();
      }),
    );
    const settle = new Map<string, (v: PageVisit | Error) => void>();
    for (const file of files) {
      const visit = new Promise<PageVisit | Error>((resolve) => settle.set(file, resolve));
      const result = visit.then((v) => (v instanceof Error ? Promise.reject(v) : v));
      result.catch(() => undefined); // reported by its test
      visits.set(file, result);
    }
    let next = 0;
    for (const page of pages) {
      void (async () => {
        for (let file = files[next++]; file; file = files[next++]) {
          const notebook = file === "index.html" ? undefined : file.replace(/\.html$/, ".ipynb");
          settle.get(file)!(await visit(page, file, notebook).catch((e: Error) => e));
        }
      })();
    }
  });

  after(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
  });

  it("index.html: loads without errors and links every notebook's page in order", async () => {
    const result = await visits.get("index.html")!;
    assert.deepEqual(result.problems, [], `index.html:\n  ${result.problems.join("\n  ")}`);
    const pages = result.links.filter((href) => /^\d\d[a-z]?-.*\.html$/.test(href));
    assert.deepEqual(
      pages,
      NOTEBOOKS.map((name) => name.replace(/\.ipynb$/, ".html")),
    );
  });

  for (const [i, notebook] of NOTEBOOKS.entries()) {
    const file = notebook.replace(/\.ipynb$/, ".html");
    it(`${file}: loads without errors, every plot drawn, links to its neighbours`, async function () {
      const result = await visits.get(file)!;
      const shot = path.relative(ROOT, path.join(ARTIFACTS, file.replace(/\.html$/, ".png")));
      assert.deepEqual(result.problems, [], `${file}:\n  ${result.problems.join("\n  ")}\n  screenshot: ${shot}`);
      const neighbours = [NOTEBOOKS[i - 1], NOTEBOOKS[i + 1]]
        .filter((n): n is string => n !== undefined)
        .map((n) => n.replace(/\.ipynb$/, ".html"));
      for (const neighbour of neighbours) assert.ok(result.links.includes(neighbour), `${file} links to ${neighbour}`);
      this.test!.title += ` (${result.plots} plots)`;
    });
  }
});
