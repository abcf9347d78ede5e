// `npm run setup`: everything gradlab needs, installed into the project and nowhere else.
// Each step checks whether it is already done (hash stamps), so a second run takes seconds.
//   1. Node packages (npm ci), with tslab patched by patch-package
//   2. a Python virtualenv in .venv with the pinned Jupyter packages (requirements.txt), installed
//      with uv (pinned there too; pip installs uv itself, and everything when uv cannot)
//   3. the tslab kernelspec inside .venv (never ~/.local or system folders), and JupyterLab's
//      plotly renderer made to purge the figures it lets go (scripts/plotly-renderer.cjs)
//   4. lib/ compiled to dist/ (what notebooks import as "gradlab")
// Only Node built-ins here: this file runs before anything is installed.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { ROOT, VENV, VENV_PYTHON, KERNELS_DIR, KERNEL_NAME, projectEnv } = require("./project.cjs");

const NODE_STAMP = path.join(ROOT, "node_modules", ".gradlab-deps");
const PY_STAMP = path.join(VENV, ".gradlab-requirements");
/** Present when `npm run setup:tfjs-node` built the native backend. */
const { STAMP: NATIVE_STAMP } = require("./tfjs-node.cjs");
const tslabPatch = require("./tslab-patch.cjs");
const MIN_PYTHON = [3, 11]; // ipython 9 (pinned in constraints.txt, needed by JupyterLab and nbgrader) needs 3.11

export class SetupError extends Error {}

export function log(message) {
  process.stdout.write(`[gradlab] ${message}\n`);
}

let quietSteps = false;

export async function step(title, fn) {
  const started = Date.now();
  if (!quietSteps) log(`${title} ...`);
  const detail = await fn();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // Quiet mode (npm run notebook) only mentions steps that had work to do.
  if (!quietSteps || !/^(up to date|unchanged)/.test(detail ?? "")) log(`${title}: ${detail ?? "done"} (${seconds} s)`);
}

function hashFiles(...files) {
  const hash = createHash("sha256");
  for (const file of files) hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "");
  return hash.digest("hex");
}

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", cwd: ROOT, ...options });
  if (result.error) throw new SetupError(`could not run ${cmd}: ${result.error.message}`);
  if (result.status !== 0) throw new SetupError(`${cmd} ${args.join(" ")} failed (exit ${result.status})`);
  return result;
}

/**
 * As run(), without blocking: the Python packages install while the Node steps run. `label` names
 * the command in an error (default: the whole command line).
 */
function runAsync(cmd, args, { label = `${cmd} ${args.join(" ")}`, ...options } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: "inherit", cwd: ROOT, ...options });
    child.on("error", (error) => reject(new SetupError(`could not run ${label}: ${error.message}`)));
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new SetupError(`${label} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

function checkNode() {
  const major = Number(process.versions.node.split(".")[0]);
  if (major < 20) throw new SetupError(`gradlab needs Node.js 20 or newer; this is ${process.version}`);
}

async function nodePackages() {
  const want = hashFiles(path.join(ROOT, "package.json"), path.join(ROOT, "package-lock.json"));
  const tslabPatched = (() => {
    try {
      return fs.readFileSync(path.join(ROOT, "node_modules", "tslab", "dist", "jupyter.js"), "utf8").includes("gradlab patch");
    } catch {
      return false;
    }
  })();
  const have = fs.existsSync(NODE_STAMP) ? fs.readFileSync(NODE_STAMP, "utf8") : "";
  if (have === want && tslabPatched) {
    // A changed tslab patch (git pull) is applied again to tslab as published (scripts/tslab-patch.cjs).
    if (!tslabPatch.tslabPatchChanged()) return "up to date";
    try {
      tslabPatch.reapplyTslabPatch();
    } catch (error) {
      throw new SetupError(`the tslab patch changed and could not be applied again (${error.message}); run npm ci`);
    }
    return "up to date; the changed tslab patch applied again";
  }
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const useCi = fs.existsSync(path.join(ROOT, "package-lock.json"));
  const hadNative = fs.existsSync(NATIVE_STAMP);
  run(npm, useCi ? ["ci", "--no-audit", "--no-fund"] : ["install", "--no-audit", "--no-fund"]);
  fs.writeFileSync(NODE_STAMP, want);
  tslabPatch.recordTslabPatch();
  if (hadNative && !fs.existsSync(NATIVE_STAMP)) {
    log("the reinstall removed the native TensorFlow backend (tfjs now uses WebAssembly); npm run setup:tfjs-node builds it again");
  }
  return useCi ? "installed with npm ci" : "installed with npm install";
}

function findPython() {
  const candidates = [process.env.GRADLAB_PYTHON, "python3", "python"].filter(Boolean);
  for (const cmd of candidates) {
    const probe = spawnSync(cmd, ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], { encoding: "utf8" });
    if (probe.status !== 0) continue;
    const [major, minor] = probe.stdout.trim().split(".").map(Number);
    if (major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1])) return cmd;
  }
  throw new SetupError(
    `no Python ${MIN_PYTHON.join(".")}+ found (tried ${candidates.join(", ")}). ` +
      "Install Python 3 (with its venv module), or point GRADLAB_PYTHON at one.",
  );
}

/** The version `file` (a constraints file) pins for the package `name`, or undefined. */
export function pinnedVersion(file, name) {
  const norm = (n) => n.toLowerCase().replace(/[-_.]+/g, "-");
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const found = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([^\s;#]+)/.exec(line);
    if (found && norm(found[1]) === norm(name)) return found[2];
  }
  return undefined;
}

/** The uv executable inside the venv `venv` (uv is pinned in constraints.txt like every package). */
export function uvOf(venv) {
  return path.join(venv, process.platform === "win32" ? "Scripts" : "bin", process.platform === "win32" ? "uv.exe" : "uv");
}

function uvVersion(uv) {
  if (!fs.existsSync(uv)) return undefined;
  const probe = spawnSync(uv, ["--version"], { encoding: "utf8" });
  return probe.status === 0 ? /^uv (\S+)/.exec(probe.stdout)?.[1] : undefined;
}

/** The nearest existing folder at or above `dir`. */
function existingAncestor(dir) {
  let current = path.resolve(dir);
  while (!fs.existsSync(current) && current !== path.dirname(current)) current = path.dirname(current);
  return current;
}

/**
 * The environment uv runs with: no Python downloads (the venv's own Python is used), and files
 * copied rather than hard-linked from uv's cache when the cache is on another file system than
 * the venv (uv would warn and copy anyway).
 */
function uvEnv(uv, venv, base = process.env) {
  const env = { ...base, UV_PYTHON_DOWNLOADS: "never" };
  if (!env.UV_LINK_MODE) {
    const cache = spawnSync(uv, ["cache", "dir"], { encoding: "utf8", env });
    if (cache.status === 0 && fs.statSync(existingAncestor(cache.stdout.trim())).dev !== fs.statSync(venv).dev) {
      env.UV_LINK_MODE = "copy";
    }
  }
  return env;
}

/**
 * Installs `requirements` with the pins of `constraints` into the venv `venv` with uv (from
 * `uvVenv`, the project's .venv by default): resolving, unpacking and (with `compile`) byte-compiling
 * take a fraction of pip's CPU time. Throws a SetupError when uv fails.
 */
export async function uvInstall({ venv, requirements, constraints, quiet, compile = true, uvVenv = VENV, env = process.env }) {
  const uv = uvOf(uvVenv);
  const python = path.join(venv, process.platform === "win32" ? "Scripts" : "bin", process.platform === "win32" ? "python.exe" : "python");
  const args = ["pip", "install", "--python", python, ...(quiet ? ["--quiet"] : []), ...(compile ? ["--compile-bytecode"] : [])];
  args.push("-r", requirements, "-c", constraints);
  await runAsync(uv, args, { env: uvEnv(uv, venv, env), label: "uv pip install" });
}

/**
 * uv at the version constraints.txt pins, in .venv (installed with .venv's pip, as a wheel only:
 * never built from source). Returns false, with the reason logged, when it cannot be had.
 */
async function ensureUv(constraints, env) {
  const want = pinnedVersion(constraints, "uv");
  if (!want) return false;
  if (uvVersion(uvOf(VENV)) === want) return true;
  try {
    await runAsync(VENV_PYTHON, ["-m", "pip", "install", "--quiet", "--only-binary=:all:", "--no-deps", `uv==${want}`], {
      env,
      label: `pip install uv==${want}`,
    });
  } catch (error) {
    log(`${error.message}; pip installs the packages instead`);
    return false;
  }
  return uvVersion(uvOf(VENV)) === want;
}

async function pythonEnv() {
  const requirements = path.join(ROOT, "requirements.txt");
  const constraints = path.join(ROOT, "constraints.txt");
  const want = hashFiles(requirements, constraints);
  const have = fs.existsSync(PY_STAMP) ? fs.readFileSync(PY_STAMP, "utf8") : "";
  if (have === want && fs.existsSync(VENV_PYTHON)) return "up to date";
  const fresh = !fs.existsSync(VENV_PYTHON);
  if (fresh) {
    const python = findPython();
    log(`creating the virtualenv .venv with ${python}`);
    const made = spawnSync(python, ["-m", "venv", VENV], { stdio: "inherit" });
    if (made.status !== 0) {
      throw new SetupError(
        `"${python} -m venv" failed. On Debian/Ubuntu install the python3-venv package; ` +
          "elsewhere use a Python that includes the venv module (GRADLAB_PYTHON=/path/to/python).",
      );
    }
  }
  log(
    `installing the pinned Python packages (JupyterLab, plotly, nbclient ...) into .venv${fresh ? "; less than a minute the first time" : ""}`,
  );
  const env = projectEnv();
  // uv (pinned in constraints.txt, installed first with pip) does pip's work for a fraction of its
  // CPU time; pip stays the fallback (a platform without a uv wheel, an index only pip is set up for).
  // A fresh install shows the packages installed; an update of an existing .venv only what changes.
  if (fs.existsSync(constraints) && (await ensureUv(constraints, env))) {
    try {
      await uvInstall({ venv: VENV, requirements, constraints, quiet: !fresh, env });
      fs.writeFileSync(PY_STAMP, want);
      return `installed with uv ${pinnedVersion(constraints, "uv")}`;
    } catch (error) {
      log(`${error.message}; pip installs the packages instead`);
    }
  }
  const pipArgs = ["-m", "pip", "install", ...(fresh ? [] : ["--quiet"]), "-r", requirements];
  if (fs.existsSync(constraints)) pipArgs.push("-c", constraints);
  await runAsync(VENV_PYTHON, pipArgs, { env });
  fs.writeFileSync(PY_STAMP, want);
  return "installed with pip";
}

/** Builds the kernel's start-up snapshot if needed; `result.blob` is undefined when kernels cannot use one. */
function kernelSnapshot(result) {
  const { ensureKernelSnapshot } = require("./kernel-snapshot.cjs");
  Object.assign(result, ensureKernelSnapshot());
  if (!result.blob) return `not used, kernels start without it: ${result.reason}`;
  const size = `${(fs.statSync(result.blob).size / 2 ** 20).toFixed(0)} MB`;
  return `${result.built ? "built" : "up to date"}: ${result.files} declaration files parsed in advance (${size})`;
}

/** Writes the kernelspec: `node [<V8 flags> --snapshot-blob <blob>] scripts/kernel.cjs ...`. */
function kernelSpec(snapshotBlob) {
  const dir = path.join(KERNELS_DIR, KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  const { KERNEL_NODE_FLAGS } = require("./kernel-snapshot.cjs");
  const node = snapshotBlob ? [process.execPath, ...KERNEL_NODE_FLAGS, "--snapshot-blob", snapshotBlob] : [process.execPath];
  const spec = {
    argv: [...node, path.join(ROOT, "scripts", "kernel.cjs"), "--config-path", "{connection_file}"],
    display_name: "TypeScript (gradlab)",
    language: "typescript",
    interrupt_mode: "signal",
    env: { TF_CPP_MIN_LOG_LEVEL: "2" },
    metadata: { gradlab: { root: ROOT } },
  };
  const file = path.join(dir, "kernel.json");
  const text = `${JSON.stringify(spec, null, 2)}\n`;
  const same = fs.existsSync(file) && fs.readFileSync(file, "utf8") === text;
  if (!same) fs.writeFileSync(file, text);
  return `${same ? "unchanged" : "written"}: ${path.relative(ROOT, file)}`;
}

/**
 * JupyterLab's plotly renderer in `venv`, with the `dispose` that purges a figure
 * (scripts/plotly-renderer.cjs); also for the hub users' own venv (scripts/hub.mjs).
 */
export function plotlyRenderer(venv = VENV) {
  const { patchPlotlyRenderer } = require("./plotly-renderer.cjs");
  let result;
  try {
    result = patchPlotlyRenderer(venv);
  } catch (error) {
    // An improvement, not a need: a file it cannot write (permissions, a full disk) stops nothing.
    return `left as it is (${error.code ?? error.message}); 3-D figures keep drawing after their output is gone`;
  }
  if (result.state === "not found") return `left as it is: ${result.reason}; 3-D figures keep drawing after their output is gone`;
  const done = result.state === "patched" ? "figures are purged when their output goes" : "up to date";
  return result.cached ? `${done}; ${result.cached}` : done;
}

function libBuild() {
  const { buildLib } = require("./build-lib.cjs");
  const result = buildLib();
  if (!result.ok) throw new SetupError(`lib/ does not compile:\n${result.output}`);
  return result.built ? "compiled lib/ to dist/" : "up to date";
}

/**
 * The set-up. `onNodeReady`, when given, is called once the Node packages are installed, while the
 * Python environment may still be installing (npm test starts the test groups that need only Node
 * then: the static checks and lib tests, beside uv's downloads and byte-compiling).
 */
export async function setup({ quiet = false, onNodeReady } = {}) {
  const started = Date.now();
  quietSteps = quiet;
  checkNode();
  // Two independent chains side by side: the Python packages (uv: downloads, then byte-compiling)
  // and the Node steps (npm ci, then the lib build and the snapshot, which need node_modules).
  const snapshot = {};
  await Promise.all([
    (async () => {
      await step("Python environment (.venv)", pythonEnv);
      await step("JupyterLab's plotly renderer", () => plotlyRenderer());
    })(),
    (async () => {
      await step("Node packages", nodePackages);
      onNodeReady?.();
      await step("lib build", libBuild);
      await step("kernel start-up snapshot", () => kernelSnapshot(snapshot));
    })(),
  ]);
  await step("tslab kernelspec", () => kernelSpec(snapshot.blob));
  if (!quiet) log(`set-up complete (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

export async function runMain(main) {
  try {
    await main();
  } catch (error) {
    if (error instanceof SetupError) {
      process.stderr.write(`[gradlab] error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runMain(setup);
}
