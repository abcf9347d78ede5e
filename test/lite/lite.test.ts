// The course in the browser, with no install (README "No install"): `npm run lite -- --course`
// builds the static JupyterLite site (the course's own notebooks, so that every cell succeeds; a
// site made from the same inputs is reused), python's http.server serves it on 127.0.0.1, and
// headless Chromium opens notebooks in it, runs all cells on the in-browser TypeScript kernel and
// downloads the result. For each notebook:
//   - no error output, no stderr, every cell run;
//   - every plotly figure drawn on the page with all its traces;
//   - the numbers equal those of the server kernel (same seeds): the text outputs and the figures'
//     data of `npm run notebook -- NN` (test-output/lite-server/), within float32 tolerance;
//   - no request leaves 127.0.0.1 (any other host is aborted and fails the test).
// In notebook 06 a slider of its `widgets.interact` cell is moved: the live run must finish and
// draw its figure in the output area (the widget comms of the in-browser kernel).
//
// Part of `npm test` with notebooks 00, 06, 09 and 13, in the browser group after the browser test.
// The server kernel's runs it compares with are that test's Run All of each notebook in JupyterLab
// (test/browser/course.test.ts), or else its own (`npm run notebook -- NN`, kept in
// test-output/lite-server/); either is used only while the notebook, lib/ and the kernel's other
// inputs have the content it was made from (test/support/reference-runs.ts).
// All 17 notebooks: `npm run test:lite -- --all` (or GRADLAB_LITE_NOTEBOOKS=all);
// GRADLAB_LITE_NOTEBOOKS=00,07 chooses.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ROOT } from "../support/jupyter";
import { checkPlots, launchChromium, menu, runAll, waitForFigures } from "../support/lab";
import { expectedPlots, outputProblems, PLOTLY_MIME, type NotebookJson } from "../support/lab-checks";
import { freePort } from "../support/server";
import { forgetRun, keepRun, keptRun, referenceKey } from "../support/reference-runs";
// The browser test's runs of the notebooks in JupyterLab, each kept with its key (test/browser/course.test.ts).
import { BROWSER_RUNS } from "../notebooks/runs";

const VENV_PYTHON = path.join(ROOT, ".venv", "bin", "python");
const SITE = path.join(ROOT, "build", "lite", "site");
const SERVER_RUNS = path.join(ROOT, "test-output", "lite-server");
const ALL = process.argv.includes("--all") || process.env.GRADLAB_LITE_NOTEBOOKS === "all";
const WANTED = (process.env.GRADLAB_LITE_NOTEBOOKS ?? "00,06,09,13").split(",").map((s) => s.trim());
const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((n) => n.endsWith(".ipynb") && (ALL || WANTED.some((w) => n.startsWith(w))))
  .sort();

/** Runs a program; resolves with its exit code and output. */
function run(args: string[]): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (status) => resolve({ status, output }));
  });
}

/** The server kernel's run of each notebook, one after another (they run beside the browser's). */
function serverRuns(): Map<string, Promise<string>> {
  const runs = new Map<string, Promise<string>>();
  let chain: Promise<unknown> = Promise.resolve();
  for (const name of NOTEBOOKS) {
    const key = referenceKey(ROOT, name);
    // The browser test's run (just before, in the same group) or a run of our own.
    const kept = keptRun(BROWSER_RUNS, name, key) ?? keptRun(SERVER_RUNS, name, key);
    if (kept) runs.set(name, Promise.resolve(kept));
    else {
      const done = chain.then(async () => {
        // The key of the inputs as they are when the run starts: a change during the run makes the next one run again.
        const key = referenceKey(ROOT, name);
        forgetRun(SERVER_RUNS, name);
        // The whole name: "07" alone would run 07-learning-rate for 07b-adaptive-methods too.
        const r = await run([path.join(ROOT, "scripts", "notebook.mjs"), name, "--quiet", "--out", SERVER_RUNS]);
        if (r.status !== 0) throw new Error(`npm run notebook -- ${name} failed:\n${r.output}`);
        const out = path.join(SERVER_RUNS, name);
        if (!fs.existsSync(out)) throw new Error(`npm run notebook -- ${name} wrote no ${path.relative(ROOT, out)}:\n${r.output}`);
        keepRun(SERVER_RUNS, name, key);
        return out;
      });
      done.catch(() => undefined);
      chain = done.catch(() => undefined);
      runs.set(name, done);
    }
  }
  return runs;
}

const joined = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

/** Lines that differ between machines by nature: times, versions, the tfjs backend. */
const VARIES = /\d\s*(ms|µs|s|seconds?)\b|backend|webgl|wasm|\bcpu\b|tensorflow|node\.?js|version|tslab|typescript|browser|kernel/i;

/** The numbers a cell shows: its text outputs (lines that do not vary by machine) and its figures' data. */
function cellNumbers(nb: NotebookJson, index: number): number[] {
  const numbers: number[] = [];
  const fromText = (text: string) => {
    for (const line of text.split("\n")) {
      if (VARIES.test(line)) continue;
      for (const m of line.matchAll(/-?\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi)) numbers.push(Number(m[0]));
    }
  };
  const fromFigure = (value: unknown) => {
    if (typeof value === "number") numbers.push(value);
    else if (Array.isArray(value)) value.forEach(fromFigure);
  };
  for (const output of nb.cells[index]?.outputs ?? []) {
    if (output.output_type === "stream" && output.name === "stdout") fromText(joined(output.text));
    const data = output.data ?? {};
    const plain = data["text/plain"] as string | string[] | undefined;
    if (plain !== undefined && !data[PLOTLY_MIME] && !data["text/html"]) fromText(joined(plain));
    const figure = data[PLOTLY_MIME] as { data?: Array<Record<string, unknown>> } | undefined;
    for (const trace of figure?.data ?? []) for (const key of ["x", "y", "z"]) fromFigure(trace[key]);
  }
  return numbers;
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 + 2e-4 * Math.max(Math.abs(a), Math.abs(b));
}

/** Cells whose numbers differ between the server kernel's run and the browser's. */
function numberProblems(server: NotebookJson, lite: NotebookJson): { problems: string[]; compared: number } {
  const problems: string[] = [];
  let compared = 0;
  server.cells.forEach((cell, index) => {
    if (cell.cell_type !== "code") return;
    const want = cellNumbers(server, index);
    const got = cellNumbers(lite, index);
    if (want.length !== got.length) {
      problems.push(`cell ${index}: ${want.length} numbers from the server kernel, ${got.length} in the browser`);
      return;
    }
    const first = want.findIndex((w, i) => !close(w, got[i] ?? Number.NaN));
    if (first >= 0) problems.push(`cell ${index}: number ${first + 1} is ${got[first]} in the browser, ${want[first]} on the server`);
    compared += want.length;
  });
  return { problems, compared };
}

/**
 * Moves the first slider of the first `widgets.interact` cell one step with the keyboard: the
 * kernel must run the callback again (its status line says "run 1: done") and draw a figure in
 * the interact's output area. Returns the problems found.
 */
async function moveSlider(page: Page): Promise<string[]> {
  const box = page.locator(".jp-CodeCell", { has: page.locator(".widget-slider") }).first();
  if ((await box.count()) === 0) return ["no slider widget was rendered (the widget manager or the kernel's comms do not work)"];
  const handle = box.locator(".widget-slider .noUi-handle").first();
  try {
    // Two notebooks run at a time: the keyboard goes to the page in front.
    await page.bringToFront();
    await handle.scrollIntoViewIfNeeded({ timeout: 30_000 });
    await handle.focus({ timeout: 30_000 });
    await page.keyboard.press("ArrowRight");
  } catch (e) {
    return [`the slider could not be moved: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`];
  }
  const status = box.locator('.gradlab-interact-status[data-run="1"]');
  try {
    await status.waitFor({ timeout: 60_000 });
  } catch {
    return ["moving the slider did not start a live run within 60 s"];
  }
  const outcome = await status.getAttribute("data-outcome");
  if (outcome !== "done") return [`the live run after moving the slider ended "${outcome}": ${await status.textContent()}`];
  const figure = box.locator(".widget-output .js-plotly-plot").first();
  try {
    await figure.waitFor({ timeout: 30_000 });
  } catch {
    return ["the live run drew no figure in the interact's output area"];
  }
  return [];
}

describe("the course in the browser (JupyterLite, in-browser TypeScript kernel)", function () {
  this.timeout(20 * 60_000);
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  // Started by the first notebook test (not in before(): a --grep run of the interrupt test needs none).
  let references: Map<string, Promise<string>> | undefined;
  const outside: string[] = [];

  before(async function () {
    this.timeout(10 * 60_000);
    const build = await run([path.join(ROOT, "scripts", "lite.mjs"), "--course"]);
    assert.equal(build.status, 0, `npm run lite -- --course failed:\n${build.output}`);
    console.log(`      ${build.output.trim().split("\n").join("\n      ")}`);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(VENV_PYTHON, ["-m", "http.server", "--bind", "127.0.0.1", "--directory", SITE, String(port)], { stdio: "ignore" });
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/jupyter-lite.json`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 100) throw new Error("python -m http.server did not answer");
      await new Promise((r) => setTimeout(r, 200));
    }
    browser = await launchChromium();
  });

  /** A fresh context (empty browser storage, as a first visit) that refuses every host but 127.0.0.1. */
  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    // No page action waits forever (Playwright's own default): a stuck step fails with its name.
    context.setDefaultTimeout(180_000);
    await context.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
      outside.push(url.href);
      return route.abort();
    });
    context.on("request", (request) => {
      const url = new URL(request.url());
      if (!["127.0.0.1"].includes(url.hostname) && !["data:", "blob:"].includes(url.protocol)) outside.push(url.href);
    });
    return context;
  }

  after(async function () {
    await browser?.close();
    server?.kill();
  });

  it("Kernel → Interrupt stops a running cell (the worker restarts) and the next cell runs", async function () {
    const context = await newContext();
    const page: Page = await context.newPage();
    try {
      await page.goto(`${base}/lab/index.html?path=${NOTEBOOKS[0] ?? "00-start-here.ipynb"}`);
      await page.locator(".jp-Toolbar-kernelName", { hasText: "in the browser" }).first().waitFor({ timeout: 120_000 });
      /** A new cell above the first one, with `code`, run; returns the cell. */
      const runNewCell = async (code: string) => {
        await page.locator(".jp-Notebook .jp-Cell").first().locator(".jp-InputPrompt").click();
        await page.keyboard.press("Escape");
        await page.keyboard.press("a");
        const cell = page.locator(".jp-Notebook .jp-Cell").first();
        await cell.locator(".cm-content").click();
        await page.keyboard.insertText(code);
        await page.keyboard.press("Control+Enter");
        return cell;
      };
      // First the worker loads the compiler and lib (a cell that ends), then the endless cell.
      const loaded = await runNewCell("const before = 20 + 1;\nbefore");
      await loaded.locator(".jp-OutputArea-output", { hasText: "21" }).waitFor({ timeout: 120_000 });
      const spinning = await runNewCell("let spins = 0;\nwhile (Date.now() > 0) spins++;");
      await page.waitForTimeout(2_000);
      assert.match((await spinning.locator(".jp-InputPrompt").textContent()) ?? "", /\[\*\]/, "the endless cell is not running");
      await menu(page, "Kernel", /^Interrupt Kernel/);
      const error = spinning.locator(".jp-OutputArea-output", { hasText: "KeyboardInterrupt" });
      await error.waitFor({ timeout: 30_000 });
      assert.match((await error.textContent()) ?? "", /every variable is forgotten/);
      const next = await runNewCell("[typeof spins, typeof before, 6 * 7]");
      const result = next.locator(".jp-OutputArea-output", { hasText: "42" });
      await result.waitFor({ timeout: 120_000 });
      // A new worker: the variables of the cells before are gone.
      assert.match((await result.textContent()) ?? "", /'undefined', 'undefined', 42/);
    } finally {
      await context.close();
    }
  });

  /** Opens `name`, runs all its cells, downloads it and checks it; returns the problems found. */
  async function runInBrowser(name: string): Promise<{ problems: string[]; summary: string }> {
    const context = await newContext();
    const page: Page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    try {
      const t0 = Date.now();
      await page.goto(`${base}/lab/index.html?path=${name}`);
      await page.locator(".jp-Notebook .jp-Cell").first().waitFor({ timeout: 180_000 });
      await page.locator(".jp-Toolbar-kernelName", { hasText: "in the browser" }).first().waitFor({ timeout: 120_000 });
      const shown = (Date.now() - t0) / 1000;
      // JupyterLite opens with the file browser shown; the server's JupyterLab (test/browser) without:
      // hide it (Ctrl+B), so that outputs get the same width as there.
      if (await page.locator("#jp-left-stack").isVisible()) await page.keyboard.press("Control+b");
      await page.locator("#jp-left-stack").waitFor({ state: "hidden", timeout: 10_000 });
      await page
        .locator(".jp-Notebook")
        .first()
        .click({ position: { x: 5, y: 5 } });
      const t1 = Date.now();
      // The first output of any cell other than the kernel's loading progress.
      const firstResult = page
        .locator(".jp-CodeCell .jp-OutputArea-output")
        .filter({ hasNotText: /^gradlab in the browser:/ })
        .first()
        .waitFor({ timeout: 15 * 60_000 })
        .then(
          () => (Date.now() - t0) / 1000,
          () => NaN,
        );
      await runAll(page, 15 * 60_000);
      const ran = (Date.now() - t1) / 1000;
      await waitForFigures(page, 60_000);
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), menu(page, "File", /^Download$/)]);
      const file = await download.path();
      const lite = JSON.parse(fs.readFileSync(file, "utf8")) as NotebookJson;
      fs.mkdirSync(path.join(ROOT, "test-output", "lite"), { recursive: true });
      fs.copyFileSync(file, path.join(ROOT, "test-output", "lite", name));
      const problems = [...outputProblems(lite)];
      if (name.startsWith("06")) problems.push(...(await moveSlider(page)));
      if (name.startsWith("00")) {
        // The environment table names the browser kernel, not a missing tslab.
        const texts = lite.cells.flatMap((c) => (c.outputs ?? []).map((o) => joined(o.data?.["text/plain"] as string | undefined)));
        if (!texts.some((t) => /tslab \(kernel\)\s+not used: gradlab's in-browser kernel \d+\.\d+\.\d+ \(JupyterLite \d/.test(t)))
          problems.push("the environment table of 00 does not name the in-browser kernel in its tslab row");
      }
      const serverNb = JSON.parse(
        fs.readFileSync(await ((references ??= serverRuns()).get(name) as Promise<string>), "utf8"),
      ) as NotebookJson;
      problems.push(...(await checkPlots(page, lite, expectedPlots(lite), { hover: false, timeoutMs: 30_000 })));
      const plotsOnServer = expectedPlots(serverNb).length;
      if (expectedPlots(lite).length !== plotsOnServer)
        problems.push(`${expectedPlots(lite).length} figures in the browser, ${plotsOnServer} from the server kernel`);
      // The first output of the first code cell is the kernel's loading progress, ending "ready in ...".
      const firstCode = lite.cells.find((c) => c.cell_type === "code");
      const progress = joined(firstCode?.outputs?.[0]?.data?.["text/plain"] as string | undefined);
      if (
        !/^gradlab in the browser: ready in [\d.]+ s \(the TypeScript compiler [\d.]+ s, the gradlab library and TensorFlow\.js [\d.]+ s\)/.test(
          progress,
        )
      )
        problems.push(`the first code cell does not start with the loading progress: ${JSON.stringify(progress.slice(0, 200))}`);
      const progressOutputs = (firstCode?.outputs ?? []).filter((o) =>
        joined(o.data?.["text/plain"] as string | undefined).startsWith("gradlab in the browser:"),
      ).length;
      if (progressOutputs !== 1) problems.push(`the loading progress is ${progressOutputs} outputs of the first code cell, not one`);
      const numbers = numberProblems(serverNb, lite);
      problems.push(...numbers.problems);
      if (numbers.compared < 10) problems.push(`only ${numbers.compared} numbers compared with the server kernel's`);
      problems.push(...pageErrors.map((e) => `page error: ${e}`));
      const summary =
        `      ${name}: notebook shown after ${shown.toFixed(1)} s, first result ${(await Promise.race([firstResult, new Promise<number>((r) => setTimeout(() => r(NaN), 5_000))])).toFixed(1)} s after page load, ` +
        `all cells ran in ${ran.toFixed(1)} s, ${numbers.compared} numbers compared`;
      return { problems, summary };
    } finally {
      await context.close();
    }
  }

  // The notebooks run GRADLAB_LITE_PARALLEL (default 2) at a time, each in its own browser context,
  // started by the first notebook test; each test waits for its own.
  const PARALLEL = Number(process.env.GRADLAB_LITE_PARALLEL ?? 2);
  let browserRuns: Map<string, Promise<{ problems: string[]; summary: string }>> | undefined;
  function startBrowserRuns(): Map<string, Promise<{ problems: string[]; summary: string }>> {
    const runs = new Map<string, Promise<{ problems: string[]; summary: string }>>();
    const settle = new Map<string, { resolve: (r: { problems: string[]; summary: string }) => void; reject: (e: unknown) => void }>();
    for (const name of NOTEBOOKS) {
      const promise = new Promise<{ problems: string[]; summary: string }>((resolve, reject) => settle.set(name, { resolve, reject }));
      promise.catch(() => undefined);
      runs.set(name, promise);
    }
    const queue = [...NOTEBOOKS];
    for (let i = 0; i < Math.max(1, PARALLEL); i++) {
      void (async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
          const { resolve, reject } = settle.get(name)!;
          await runInBrowser(name).then(resolve, reject);
        }
      })();
    }
    return runs;
  }

  for (const name of NOTEBOOKS) {
    it(`${name}: runs top to bottom with the server kernel's numbers, every figure drawn, nothing fetched from outside`, async function () {
      references ??= serverRuns();
      browserRuns ??= startBrowserRuns();
      const { problems, summary } = await (browserRuns.get(name) as Promise<{ problems: string[]; summary: string }>);
      console.log(summary);
      assert.deepEqual(problems, [], problems.join("\n"));
      assert.deepEqual(outside, [], `requests outside 127.0.0.1: ${outside.join(", ")}`);
    });
  }
});
