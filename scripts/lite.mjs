// npm run lite: the course as a static JupyterLite site in build/lite/site (git-ignored), with an
// in-browser TypeScript kernel. Publish that folder on any static host (README "No install").
//
//   build/lite/extensions/@gradlab/lite-kernel/   the kernel, a federated extension made here:
//     static/remoteEntry.js   the container JupyterLite loads (lite/src/extension.ts)
//     static/worker.js        compiles and runs cells (lite/src/worker.ts)
//     static/gradlab.js       lib + TensorFlow.js for the browser (lite/src/gradlab-entry.ts)
//     static/typescript.js    the TypeScript compiler (from node_modules/typescript)
//     static/*.wasm           TensorFlow.js's wasm backend (from @tensorflow/tfjs-backend-wasm)
//     static/gradlab/         the data CSVs and lib's sources lib reads (files.json lists them)
//   build/lite/extensions/jupyterlab-plotly/  plotly's MIME renderer (from .venv, Python plotly)
//   build/lite/extensions/@jupyter-widgets/jupyterlab-manager/  the widget manager (from .venv,
//     jupyterlab_widgets), which renders lib/widgets' sliders and output areas
//   build/lite/contents/      the learner copies of the notebooks (as in workspace/)
//   build/lite/site/          the site, made by jupyterlite-core's `jupyter lite build`
//
// Options: --skip-site (only the extension), --quiet, --course (the course's own notebooks, with
// their solutions, instead of the learner copies: what the test runs, so that every cell succeeds),
// --force (build even when the site is up to date).
//
// A build is skipped when the site exists and was made from the same inputs: the sha256 of every
// file it is made from (lite/src, lib, data, notebooks, the scripts, package-lock.json, the pinned
// Python packages and the copied JupyterLab extensions) and the options, kept in
// build/lite/site/.gradlab-lite-key.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import * as esbuild from "esbuild";
import { syncWorkspace } from "./workspace.mjs";

const require = createRequire(import.meta.url);
const { ROOT, VENV_PYTHON, VENV, projectEnv } = require("./project.cjs");

export const LITE = path.join(ROOT, "build", "lite");
export const SITE = path.join(LITE, "site");
const EXT_NAME = "@gradlab/lite-kernel";
const EXT = path.join(LITE, "extensions", ...EXT_NAME.split("/"));
const STATIC = path.join(EXT, "static");
const SRC = path.join(ROOT, "lite", "src");
const KEY_FILE = path.join(SITE, ".gradlab-lite-key");
const LABEXTENSIONS = path.join(VENV, "share", "jupyter", "labextensions");
/** The JupyterLab extensions copied from .venv into the site, besides the kernel. */
const COPIED = ["jupyterlab-plotly", "@jupyter-widgets/jupyterlab-manager"];
const quiet = process.argv.includes("--quiet");
const log = (text) => quiet || console.log(`[lite] ${text}`);

class LiteError extends Error {}

/** lib/tf picks tensorflow -> wasm -> cpu for Node; in the browser the worker's order applies. */
const browserBackends = {
  name: "gradlab-browser-backends",
  setup(build) {
    build.onLoad({ filter: /[\\/]lib[\\/]tf[\\/]index\.ts$/ }, async (args) => {
      const source = fs.readFileSync(args.path, "utf8");
      const from = "options.backends ?? parsePreference(process.env.GRADLAB_TF_BACKEND)";
      if (!source.includes(from)) throw new LiteError(`lib/tf/index.ts no longer contains "${from}": update scripts/lite.mjs`);
      const to =
        "options.backends ?? (globalThis.GRADLAB_BROWSER_BACKENDS as TfBackendName[] | undefined) ?? parsePreference(process.env.GRADLAB_TF_BACKEND)";
      return { contents: source.replace(from, to), loader: "ts" };
    });
  },
};

async function bundle() {
  fs.rmSync(EXT, { recursive: true, force: true });
  fs.mkdirSync(STATIC, { recursive: true });
  const common = {
    bundle: true,
    platform: "browser",
    target: "es2022",
    format: "iife",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
  };
  await esbuild.build({ ...common, entryPoints: [path.join(SRC, "extension.ts")], outfile: path.join(STATIC, "remoteEntry.js") });
  await esbuild.build({
    ...common,
    entryPoints: [path.join(SRC, "worker.ts")],
    outfile: path.join(STATIC, "worker.js"),
    define: { GRADLAB_LITE_VERSIONS: JSON.stringify(versions()) },
  });
  const shim = (name) => path.join(SRC, "shims", `${name}.ts`);
  await esbuild.build({
    ...common,
    entryPoints: [path.join(SRC, "gradlab-entry.ts")],
    outfile: path.join(STATIC, "gradlab.js"),
    globalName: "gradlabLite",
    alias: {
      "node:fs": shim("fs"),
      "node:path": shim("path"),
      "node:util": shim("util"),
      "node:perf_hooks": shim("perf_hooks"),
      "node:vm": shim("vm"),
      "node:crypto": shim("crypto"),
    },
    // lib loads these lazily with require(); the worker's require answers them.
    external: ["tslab/dist/jupyter", "@tensorflow/tfjs-node", "node:module"],
    define: { __dirname: '"/gradlab/lib/module"' },
    plugins: [browserBackends],
  });
  fs.copyFileSync(require.resolve("typescript/lib/typescript.js"), path.join(STATIC, "typescript.js"));
  const wasmDir = path.join(path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
  for (const f of fs.readdirSync(wasmDir).filter((f) => f.endsWith(".wasm"))) fs.copyFileSync(path.join(wasmDir, f), path.join(STATIC, f));
  // The files lib reads at run time: the course data and lib's sources (showSource).
  const files = [];
  const copyTree = (from, to, keep) => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const src = path.join(from, entry.name);
      const rel = path.posix.join(to, entry.name);
      if (entry.isDirectory()) copyTree(src, rel, keep);
      else if (keep(entry.name)) {
        fs.mkdirSync(path.join(STATIC, "gradlab", to), { recursive: true });
        fs.copyFileSync(src, path.join(STATIC, "gradlab", rel));
        files.push(rel);
      }
    }
  };
  copyTree(path.join(ROOT, "data"), "data", (n) => n.endsWith(".csv"));
  copyTree(path.join(ROOT, "lib"), "lib", (n) => n.endsWith(".ts"));
  fs.writeFileSync(path.join(STATIC, "gradlab", "files.json"), JSON.stringify(files.sort()));
  const pkg = {
    name: EXT_NAME,
    version: require(path.join(ROOT, "package.json")).version,
    description: "gradlab's TypeScript kernel for JupyterLite (made by scripts/lite.mjs)",
    license: "MIT",
    jupyterlab: { _build: { load: "static/remoteEntry.js", extension: "./extension" } },
  };
  fs.writeFileSync(path.join(EXT, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  // plotly's renderer for application/vnd.plotly.v1+json and the widget manager, as the server's
  // JupyterLab has them.
  for (const name of COPIED) {
    const from = path.join(LABEXTENSIONS, ...name.split("/"));
    if (!fs.existsSync(path.join(from, "package.json")))
      throw new LiteError(`the JupyterLab extension ${name} is missing from .venv: run npm run setup`);
    const to = path.join(LITE, "extensions", ...name.split("/"));
    fs.rmSync(to, { recursive: true, force: true });
    fs.cpSync(from, to, { recursive: true });
  }
}

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

/** What the environment table of notebook 00 shows in the browser (lite/src/worker.ts). */
function versions() {
  const constraints = fs.readFileSync(path.join(ROOT, "constraints.txt"), "utf8");
  const jupyterlite = /^jupyterlite-core==(\S+)/m.exec(constraints)?.[1];
  if (!jupyterlite) throw new LiteError("constraints.txt does not pin jupyterlite-core");
  const plotly = readJson(path.join(LABEXTENSIONS, "jupyterlab-plotly", "package.json")).dependencies?.["plotly.js"];
  const version = readJson(path.join(ROOT, "package.json")).version;
  return { kernel: version, jupyterlite, gradlab: version, plotly: plotly ?? "unknown" };
}

/** sha256 over the files the site is made from, and the options. */
function inputsKey(options) {
  const hash = createHash("sha256");
  hash.update(JSON.stringify(options));
  const add = (file) => {
    hash.update(path.relative(ROOT, file));
    hash.update(fs.readFileSync(file));
  };
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else add(p);
    }
  };
  for (const dir of ["lite/src", "lib", "data", "notebooks"]) walk(path.join(ROOT, dir));
  for (const file of [
    "scripts/lite.mjs",
    "scripts/workspace.mjs",
    // what the set-up changes in plotly's renderer, which the site copies
    "scripts/plotly-renderer.cjs",
    "scripts/grading.py",
    "package-lock.json",
    "requirements.txt",
    "constraints.txt",
  ])
    add(path.join(ROOT, file));
  for (const name of COPIED) add(path.join(LABEXTENSIONS, ...name.split("/"), "package.json"));
  return hash.digest("hex");
}

function contents(course) {
  const dir = path.join(LITE, "contents");
  fs.rmSync(dir, { recursive: true, force: true });
  if (course) {
    fs.mkdirSync(dir, { recursive: true });
    for (const name of fs.readdirSync(path.join(ROOT, "notebooks")).filter((n) => n.endsWith(".ipynb")))
      fs.copyFileSync(path.join(ROOT, "notebooks", name), path.join(dir, name));
    return dir;
  }
  syncWorkspace({ dir });
  fs.rmSync(path.join(dir, ".gradlab-workspace.json"), { force: true });
  return dir;
}

function site(contentsDir) {
  const liteDir = path.join(LITE, "lite-dir");
  fs.rmSync(SITE, { recursive: true, force: true });
  fs.rmSync(liteDir, { recursive: true, force: true });
  fs.mkdirSync(liteDir, { recursive: true });
  const args = [
    "-m",
    "jupyterlite_core",
    "build",
    "--ignore-sys-prefix",
    "--no-sourcemaps",
    `--FederatedExtensionAddon.extra_labextensions_path=${path.join(LITE, "extensions")}`,
    "--contents",
    contentsDir,
    "--output-dir",
    SITE,
  ];
  const result = spawnSync(VENV_PYTHON, args, { cwd: liteDir, env: projectEnv(), encoding: "utf8" });
  if (result.status !== 0) throw new LiteError(`jupyter lite build failed:\n${result.stdout}\n${result.stderr}`);
}

function size(dir) {
  let bytes = 0;
  let count = 0;
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        bytes += fs.statSync(p).size;
        count++;
      }
    }
  };
  walk(dir);
  return { bytes, count };
}

export async function buildLite({ skipSite = false, course = false, force = false } = {}) {
  const check = spawnSync(VENV_PYTHON, ["-c", "import jupyterlite_core"], { encoding: "utf8" });
  if (!skipSite && check.status !== 0)
    throw new LiteError("jupyterlite-core is not installed in .venv: run npm run setup (requirements.txt pins it)");
  const t0 = Date.now();
  const key = skipSite ? undefined : inputsKey({ course });
  if (key && !force && fs.existsSync(KEY_FILE) && fs.readFileSync(KEY_FILE, "utf8") === key) {
    const { bytes, count } = size(SITE);
    log(
      `site: ${path.relative(ROOT, SITE)} is up to date (same inputs), ${count} files, ${(bytes / 1e6).toFixed(1)} MB (--force rebuilds)`,
    );
    return { site: SITE, bytes, count, reused: true };
  }
  fs.rmSync(KEY_FILE, { force: true });
  await bundle();
  log(`kernel extension: ${(size(EXT).bytes / 1e6).toFixed(1)} MB in ${path.relative(ROOT, EXT)}`);
  if (skipSite) return { site: undefined };
  site(contents(course));
  fs.writeFileSync(KEY_FILE, key);
  const { bytes, count } = size(SITE);
  log(
    `site: ${path.relative(ROOT, SITE)}, ${count} files, ${(bytes / 1e6).toFixed(1)} MB, built in ${((Date.now() - t0) / 1000).toFixed(0)} s`,
  );
  log(`try it: .venv/bin/python -m http.server --bind 127.0.0.1 --directory ${path.relative(ROOT, SITE)} 8000`);
  return { site: SITE, bytes, count, reused: false };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildLite({
    skipSite: process.argv.includes("--skip-site"),
    course: process.argv.includes("--course"),
    force: process.argv.includes("--force"),
  }).catch((error) => {
    console.error(`[lite] ${error instanceof LiteError ? error.message : error.stack}`);
    process.exit(1);
  });
}
