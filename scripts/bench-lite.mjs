// `npm run bench -- --lite`: how long a learner waits for the first result in the browser (the
// static JupyterLite site of `npm run lite`, README "No install"), beside the server path.
//
//   browser: the site (the course's notebooks, as the lite test builds it; reused when its inputs
//     are unchanged) served by python's http.server on 127.0.0.1, notebook 00 opened in headless
//     Chromium, its first code cell run (import gradlab, setupTf, the environment table). Times from
//     the page load: the notebook shown, and the first result (the cell's first output after the
//     progress line); and the worker's own count of its loading (TypeScript compiler, lib and
//     TensorFlow.js), from that progress line. Each run is a first visit (a new browser profile).
//   server: bench/kernel_ready.py (jupyter_client, as `npm run bench` part 4): the kernel ready,
//     and the gradlab import cell done.
// Options: --repeat N (default 3). Results: bench/results/lite.{json,md}.
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { buildLite, SITE } from "./lite.mjs";

const require = createRequire(import.meta.url);
const { ROOT, VENV_PYTHON, projectEnv } = require("./project.cjs");
const { findChromium, HEADLESS_FLAGS } = require("./chromium.cjs");
const { chromium } = require("playwright-core");

const repeatAt = process.argv.indexOf("--repeat");
const REPEAT = repeatAt >= 0 ? Number(process.argv[repeatAt + 1]) : 3;
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error(`--repeat must be a whole number >= 1; got ${process.argv[repeatAt + 1]}`);
const NOTEBOOK = "00-start-here.ipynb";
const log = (text) => console.log(`[bench lite] ${text}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (x) => Math.round(x * 100) / 100;

/** One visit: page load -> notebook shown -> first result, in seconds. */
async function visit(context, base) {
  const page = await context.newPage();
  const outside = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.hostname !== "127.0.0.1" && !["data:", "blob:"].includes(url.protocol)) outside.push(url.href);
  });
  try {
    const t0 = Date.now();
    await page.goto(`${base}/lab/index.html?path=${NOTEBOOK}`);
    await page.locator(".jp-Notebook .jp-CodeCell").first().waitFor({ timeout: 300_000 });
    await page.locator(".jp-Toolbar-kernelName", { hasText: "in the browser" }).first().waitFor({ timeout: 300_000 });
    const shown = (Date.now() - t0) / 1000;
    const cell = page.locator(".jp-CodeCell").first();
    await cell.locator(".jp-InputArea-editor").click();
    await page.keyboard.press("Control+Enter");
    const outputs = cell.locator(".jp-OutputArea-output");
    await outputs.nth(1).waitFor({ timeout: 600_000 });
    const firstResult = (Date.now() - t0) / 1000;
    const progress = ((await outputs.first().textContent()) ?? "").trim();
    const loading = /ready in ([\d.]+) s/.exec(progress);
    if (!loading) throw new Error(`the first output is not the kernel's loading progress: ${progress.slice(0, 200)}`);
    if (outside.length > 0) throw new Error(`requests outside 127.0.0.1: ${outside.join(", ")}`);
    return { shown: round(shown), loading: Number(loading[1]), firstResult: round(firstResult), progress };
  } finally {
    await page.close();
  }
}

async function browserPath() {
  const built = await buildLite({ course: true });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(VENV_PYTHON, ["-m", "http.server", "--bind", "127.0.0.1", "--directory", SITE, String(port)], { stdio: "ignore" });
  const browser = await chromium.launch({ executablePath: findChromium(), headless: true, args: HEADLESS_FLAGS });
  try {
    for (let i = 0; ; i++) {
      if (
        await fetch(`${base}/jupyter-lite.json`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (i > 100) throw new Error("python -m http.server did not answer");
      await new Promise((r) => setTimeout(r, 200));
    }
    const runs = [];
    for (let i = 0; i < REPEAT; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const run = await visit(context, base);
        log(`browser ${i + 1}/${REPEAT}: first result ${run.firstResult} s after page load (the worker loaded in ${run.loading} s)`);
        runs.push(run);
      } finally {
        await context.close();
      }
    }
    return { siteMB: round(built.bytes / 1e6), siteFiles: built.count, runs };
  } finally {
    await browser.close();
    server.kill();
  }
}

async function serverPath() {
  const child = spawn(
    VENV_PYTHON,
    [path.join(ROOT, "bench", "kernel_ready.py"), "--repeat", String(REPEAT), "--cwd", path.join(ROOT, "notebooks")],
    {
      cwd: ROOT,
      env: projectEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const code = await new Promise((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`kernel_ready.py failed: ${err.trim().split("\n").slice(-2).join(" ")}`);
  const runs = out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  for (const r of runs)
    log(`server ${r.run + 1}/${REPEAT}: kernel ready ${r.ready} s, gradlab import cell done ${round(r.ready + r.import_cell)} s`);
  return { runs };
}

const browser = await browserPath();
const server = await serverPath();
const results = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, load: os.loadavg().map(round) },
  repeat: REPEAT,
  browser,
  server,
};
const rows = [
  ["browser: notebook shown", median(browser.runs.map((r) => r.shown))],
  ["browser: the worker loading the TypeScript compiler, lib and TensorFlow.js", median(browser.runs.map((r) => r.loading))],
  ["browser: first result (from the page load)", median(browser.runs.map((r) => r.firstResult))],
  ["server kernel: ready", median(server.runs.map((r) => r.ready))],
  ["server kernel: gradlab import cell done", median(server.runs.map((r) => r.ready + r.import_cell))],
];
const md = [
  "# Time to the first result: the browser (JupyterLite) beside the server kernel",
  "",
  `${results.date}, ${results.machine.cpus} CPUs, load ${results.machine.load.join(" ")}, median of ${REPEAT}. ` +
    `Site: ${browser.siteMB} MB in ${browser.siteFiles} files. Browser times from the page load (headless Chromium, ` +
    "served from 127.0.0.1); server times from asking jupyter_client for a kernel.",
  "",
  "| step | seconds |",
  "| --- | ---: |",
  ...rows.map(([name, s]) => `| ${name} | ${round(s)} |`),
  "",
  `Loading, last run: ${browser.runs.at(-1).progress}`,
  "",
].join("\n");
fs.mkdirSync(path.join(ROOT, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(ROOT, "bench", "results", "lite.json"), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(ROOT, "bench", "results", "lite.md"), md);
// Formatted as the repository's static check wants it (prettier aligns the table).
spawnSync(process.execPath, [require.resolve("prettier/bin/prettier.cjs"), "--write", "bench/results/lite.md", "bench/results/lite.json"], {
  cwd: ROOT,
  stdio: "ignore",
});
console.log(md);
