// `npm run book`: execute every notebook (two at a time) and write a static, offline site to book/:
// an index with the course outline and one page per notebook with navigation between them.
//   npm run book             # execute all notebooks, then build
//   npm run book -- --reuse  # reuse executed copies from test-output/executed/ when they are
//                            # newer than both the notebook and the compiled lib
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { collect } from "../collect";
import { describeNotebook, renderNotebook, type Notebook } from "./render";
import { addStaticImages, bookChromium } from "./static-images";
import { BOOK_CSS, BOOK_JS, indexPage, page, type PageLink } from "./template";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const project = require("../project.cjs") as { ROOT: string; VENV_PYTHON: string; projectEnv: () => NodeJS.ProcessEnv };
const { ROOT } = project;
const OUT = path.join(ROOT, "book");
const EXECUTED = path.join(OUT, "notebooks");

interface RunReport {
  ok: boolean;
  seconds: number;
  failure: { kind: string; cell: number | null; lines: string[] } | null;
}

function log(message: string): void {
  process.stdout.write(`[book] ${message}\n`);
}

function mtime(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
}

async function execute(notebook: string, out: string): Promise<RunReport> {
  const { code, stdout, stderr } = await collect(project.VENV_PYTHON, [path.join(ROOT, "scripts", "nbrun.py"), notebook, "--out", out], {
    cwd: ROOT,
    env: project.projectEnv(),
  });
  try {
    return JSON.parse(stdout) as RunReport;
  } catch {
    throw new Error(`nbrun.py failed on ${notebook} (exit ${code}):\n${stderr.slice(-2000)}`);
  }
}

/** Runs `jobs` with at most `limit` at a time, keeping their order in the result. */
async function pool<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let nextJob = 0;
  const worker = async () => {
    while (nextJob < jobs.length) {
      const i = nextJob++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

function copyAssets(): void {
  const assets = path.join(OUT, "assets");
  fs.mkdirSync(path.join(assets, "katex"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "dist", "vendor", "plotly.min.js"), path.join(assets, "plotly.min.js"));
  const katexDist = path.join(ROOT, "node_modules", "katex", "dist");
  fs.copyFileSync(path.join(katexDist, "katex.min.css"), path.join(assets, "katex", "katex.min.css"));
  fs.cpSync(path.join(katexDist, "fonts"), path.join(assets, "katex", "fonts"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "node_modules", "highlight.js", "styles", "github.css"), path.join(assets, "highlight.css"));
  fs.writeFileSync(path.join(assets, "book.css"), BOOK_CSS);
  fs.writeFileSync(path.join(assets, "book.js"), BOOK_JS);
}

async function main(): Promise<void> {
  const started = Date.now();
  let reuse: boolean;
  try {
    reuse = parseArgs({ args: process.argv.slice(2), options: { reuse: { type: "boolean" } } }).values.reuse === true;
  } catch (error) {
    throw new Error(`${(error as Error).message}; npm run book takes only --reuse`, { cause: error });
  }
  const names = fs
    .readdirSync(path.join(ROOT, "notebooks"))
    .filter((n) => n.endsWith(".ipynb"))
    .sort();
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(EXECUTED, { recursive: true });
  const libBuilt = mtime(path.join(ROOT, "dist", ".tsbuildinfo"));

  let done = 0;
  const jobs = names.map((name) => async () => {
    const source = path.join(ROOT, "notebooks", name);
    const target = path.join(EXECUTED, name);
    const cached = path.join(ROOT, "test-output", "executed", name);
    if (reuse && mtime(cached) > Math.max(mtime(source), libBuilt)) {
      fs.copyFileSync(cached, target);
      log(`[${++done}/${names.length}] ${name}: reused test-output/executed copy`);
      return;
    }
    const report = await execute(path.join("notebooks", name), target);
    if (!report.ok) {
      const f = report.failure;
      throw new Error(`${name}: cell ${f?.cell ?? "?"} failed (${f?.kind}):\n  ${f?.lines.join("\n  ")}`);
    }
    log(`[${++done}/${names.length}] ${name}: executed in ${report.seconds.toFixed(1)} s`);
  });
  log(`executing ${names.length} notebooks, two at a time`);
  await pool(jobs, 2);

  copyAssets();
  const chromium = bookChromium();
  if (chromium) {
    const figures = await addStaticImages(
      chromium,
      names.map((n) => path.join(EXECUTED, n)),
      fs.readFileSync(path.join(OUT, "assets", "plotly.min.js"), "utf8"),
    );
    log(`static SVG and PNG images for ${figures} figures in book/notebooks/`);
  } else {
    log(
      "no Chromium found: the executed notebooks in book/notebooks/ get no static figure images (install Debian's chromium, or set GRADLAB_CHROMIUM)",
    );
  }
  const pages: PageLink[] = names.map((name) => {
    const nb = JSON.parse(fs.readFileSync(path.join(EXECUTED, name), "utf8")) as Notebook;
    return { file: name.replace(/\.ipynb$/, ".html"), ...describeNotebook(nb) };
  });
  let plots = 0;
  names.forEach((name, i) => {
    const nb = JSON.parse(fs.readFileSync(path.join(EXECUTED, name), "utf8")) as Notebook;
    const rendered = renderNotebook(nb);
    plots += rendered.plots;
    const current = pages[i] as PageLink;
    const html = page({ title: current.title, body: rendered.html, prev: pages[i - 1], next: pages[i + 1], source: `notebooks/${name}` });
    fs.writeFileSync(path.join(OUT, current.file), html);
  });
  fs.writeFileSync(path.join(OUT, "index.html"), indexPage(pages));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`wrote ${path.relative(ROOT, OUT)}/: index.html and ${pages.length} pages with ${plots} plots (${seconds} s)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[book] error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
