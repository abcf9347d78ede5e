// The native TensorFlow backend (@tensorflow/tfjs-node) built from a pinned PyPI wheel: where it
// lives, what it needs, whether it is built and working. Used by scripts/setup-tfjs-node.mjs and
// by its tests. Plain CommonJS with Node built-ins only (like project.cjs).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { ROOT, VENV_PYTHON } = require("./project.cjs");

const PIN = require("./tfjs-node-pin.json");
const PACKAGE_DIR = path.join(ROOT, "node_modules", "@tensorflow", "tfjs-node");
const DEPS_DIR = path.join(PACKAGE_DIR, "deps");
const LIB_DIR = path.join(DEPS_DIR, "lib");
/** Written after a complete build; its absence means "not built" (npm ci removes it with the rest). */
const STAMP = path.join(DEPS_DIR, ".gradlab-build.json");
/** Everything the build adds to the package: removing these returns the course to WebAssembly. */
const BUILD_OUTPUTS = ["deps", "lib", "build"].map((name) => path.join(PACKAGE_DIR, name));
/** Downloads and node-gyp's header cache stay inside the project (deleted with node_modules). */
const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "gradlab-tfjs-node");

const INSTALL_HINT =
  "Install them (Debian/Ubuntu: sudo apt-get install g++ make; Fedora: sudo dnf install gcc-c++ make), " +
  "then run npm run setup:tfjs-node again.";

/** Bytes unpacked into deps/lib (the two shared libraries). */
function unpackedBytes() {
  return Object.values(PIN.libraries).reduce((sum, n) => sum + n, 0);
}

function formatBytes(bytes) {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  return `${Math.round(bytes / 1e6)} MB`;
}

/** Size of a file or folder tree, not following symbolic links. */
function diskUsage(target) {
  let stat;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.isSymbolicLink() ? 0 : stat.size;
  return fs.readdirSync(target).reduce((sum, name) => sum + diskUsage(path.join(target, name)), 0);
}

/** The installed tfjs-node's version, or "" when npm left it out. */
function installedVersion() {
  try {
    return JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8")).version;
  } catch {
    return "";
  }
}

/** Where tfjs-node loads its addon from (node-pre-gyp's rule: lib/napi-v<N>/tfjs_binding.node). */
function addonPath() {
  const preGyp = require(require.resolve("@mapbox/node-pre-gyp", { paths: [PACKAGE_DIR] }));
  return preGyp.find(path.join(PACKAGE_DIR, "package.json"));
}

/** The N-API version the addon is built for (the N in lib/napi-vN). */
function napiBuildVersion(addon = addonPath()) {
  const match = /napi-v(\d+)/.exec(addon);
  if (!match) throw new Error(`cannot tell the N-API version from ${addon}`);
  return Number(match[1]);
}

/** What the stamp of a build made from the pinned wheel says. */
function expectedStamp() {
  return { tfjsNode: PIN.tfjsNode, tensorflow: PIN.wheel.version, sha256: PIN.wheel.sha256, napi: napiBuildVersion() };
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, "utf8"));
  } catch {
    return null;
  }
}

/** True when the stamp matches the pin and the addon file exists (not yet whether it loads). */
function stampMatches() {
  const stamp = readStamp();
  if (!stamp) return false;
  const want = expectedStamp();
  return Object.keys(want).every((key) => stamp[key] === want[key]) && fs.existsSync(addonPath());
}

function writeStamp(extra = {}) {
  fs.writeFileSync(STAMP, `${JSON.stringify({ ...expectedStamp(), ...extra }, null, 2)}\n`);
}

/** Finds an executable: a path is checked as is, a bare name is looked up on env.PATH. */
function findExecutable(command, env = process.env) {
  if (!command) return "";
  const canRun = (file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return fs.statSync(file).isFile();
    } catch {
      return false;
    }
  };
  if (command.includes("/")) return canRun(command) ? command : "";
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir && canRun(path.join(dir, command))) return path.join(dir, command);
  }
  return "";
}

function runs(command, args, env) {
  const result = spawnSync(command, args, { env, encoding: "utf8", timeout: 30000 });
  return result.status === 0;
}

/** The C++ compiler the build will use: $CXX if set (its first word), else g++, c++ or clang++. */
function findCompiler(env) {
  if (env.CXX) {
    const first = env.CXX.trim().split(/\s+/)[0];
    const found = findExecutable(first, env);
    return found && runs(found, ["--version"], env)
      ? { ok: true, path: env.CXX }
      : { ok: false, problem: `no C++ compiler: CXX is "${env.CXX}" but it cannot be run` };
  }
  for (const name of ["g++", "c++", "clang++"]) {
    const found = findExecutable(name, env);
    if (found && runs(found, ["--version"], env)) return { ok: true, path: found };
  }
  return { ok: false, problem: "no C++ compiler: none of g++, c++, clang++ is on PATH" };
}

/** make, as node-gyp runs it: $MAKE if set, else make. */
function findMake(env) {
  const wanted = env.MAKE || "make";
  const found = findExecutable(wanted, env);
  if (found && runs(found, ["--version"], env)) return { ok: true, path: found };
  return { ok: false, problem: env.MAKE ? `no make: MAKE is "${env.MAKE}" but it cannot be run` : "no make: make is not on PATH" };
}

/** The Python 3 node-gyp runs gyp with: $PYTHON if set, else the project's .venv Python. */
function findPython(env) {
  const wanted = env.PYTHON || VENV_PYTHON;
  const found = findExecutable(wanted, env);
  if (found && runs(found, ["-c", "import sys; sys.exit(sys.version_info < (3, 6))"], env)) return { ok: true, path: found };
  if (env.PYTHON) return { ok: false, problem: `no Python 3 for node-gyp: PYTHON is "${env.PYTHON}" but it cannot be run` };
  return { ok: false, problem: `no Python 3 for node-gyp: ${path.relative(ROOT, VENV_PYTHON)} is missing (npm run setup creates it)` };
}

/** node-gyp as bundled with npm: npm tells scripts where (npm_config_node_gyp); else next to npm. */
function findNodeGyp(env) {
  const candidates = [env.npm_config_node_gyp];
  const npmCli =
    env.npm_execpath ||
    (() => {
      const npm = findExecutable("npm", env);
      return npm ? fs.realpathSync(npm) : "";
    })();
  if (npmCli) candidates.push(path.join(path.dirname(npmCli), "..", "node_modules", "node-gyp", "bin", "node-gyp.js"));
  const found = candidates.find((file) => file && fs.existsSync(file));
  if (found) return { ok: true, path: found };
  return { ok: false, problem: "no node-gyp: it comes with npm; run this through npm (npm run setup:tfjs-node)" };
}

/**
 * Node's C headers for node-gyp, so it need not download them: npm's `nodedir` setting, else the
 * include/node folder next to this Node (Debian's nodejs package and the official tarballs have it).
 * "" means node-gyp downloads them (needs the internet) into the project's cache.
 */
function findNodeHeaders(env, execPath = process.execPath) {
  const candidates = [env.npm_config_nodedir, path.resolve(path.dirname(execPath), "..")];
  return candidates.find((dir) => dir && fs.existsSync(path.join(dir, "include", "node", "node_api.h"))) ?? "";
}

/**
 * Everything the build needs that is not downloaded: compiler, make, Python, node-gyp.
 * Throws one error listing every missing piece, with how to install them.
 */
function checkTools(env = process.env) {
  const found = { cxx: findCompiler(env), make: findMake(env), python: findPython(env), nodeGyp: findNodeGyp(env) };
  const problems = Object.values(found)
    .filter((f) => !f.ok)
    .map((f) => f.problem);
  if (problems.length > 0) {
    throw new Error(`cannot build the native TensorFlow backend:\n  - ${problems.join("\n  - ")}\n${INSTALL_HINT}`);
  }
  return {
    cxx: found.cxx.path,
    make: found.make.path,
    python: found.python.path,
    nodeGyp: found.nodeGyp.path,
    nodedir: findNodeHeaders(env),
  };
}

/**
 * Throws unless `dir` has room for the download plus the unpacked libraries. The previous build
 * (`replacedBytes`) is deleted before unpacking, so it counts as free for the unpacked part.
 */
function checkSpace(dir, replacedBytes = 0, statfs = fs.statfsSync) {
  const stats = statfs(dir);
  const free = stats.bavail * stats.bsize;
  const download = PIN.wheel.bytes;
  const unpacked = unpackedBytes();
  const need = download + Math.max(0, unpacked - replacedBytes) + 50e6;
  if (free < need) {
    throw new Error(
      `not enough disk space in ${dir}: the build needs ${formatBytes(need)} ` +
        `(${formatBytes(download)} download, deleted at the end, and ${formatBytes(unpacked)} of libraries) ` +
        `and ${formatBytes(free)} is free`,
    );
  }
  return { free, need };
}

/** The environment TensorFlow's C++ side is quiet in (lib/tf sets the same before loading it). */
function quietTfEnv(env = process.env) {
  return { ...env, TF_CPP_MIN_LOG_LEVEL: env.TF_CPP_MIN_LOG_LEVEL || "2", TF_ENABLE_ONEDNN_OPTS: env.TF_ENABLE_ONEDNN_OPTS || "0" };
}

/**
 * Loads tfjs-node in a fresh Node process and differentiates x^2 at 3 on it.
 * Returns { ok, backend, tensorflow, slope, stderr, error }.
 */
function verifyNative(env = process.env) {
  const probe = [
    'const tf = require("@tensorflow/tfjs-node");',
    "const slope = tf.tidy(() => tf.grad((x) => x.square())(tf.scalar(3)).dataSync()[0]);",
    "console.log(JSON.stringify({ backend: tf.getBackend(), tensorflow: tf.backend().binding.TF_Version, slope }));",
  ].join("\n");
  const result = spawnSync(process.execPath, ["-e", probe], { cwd: ROOT, env: quietTfEnv(env), encoding: "utf8", timeout: 120000 });
  const stderr = (result.stderr ?? "").trim();
  let report;
  try {
    report = JSON.parse((result.stdout ?? "").trim().split("\n").pop());
  } catch {
    const why = stderr.split("\n").find((line) => /Error/.test(line)) ?? stderr.split("\n")[0] ?? `exit ${result.status}`;
    return { ok: false, stderr, error: `@tensorflow/tfjs-node does not load: ${why}` };
  }
  const problems = [];
  if (report.backend !== "tensorflow") problems.push(`backend is "${report.backend}", not "tensorflow"`);
  if (report.tensorflow !== PIN.wheel.version) problems.push(`TensorFlow is ${report.tensorflow}, not ${PIN.wheel.version}`);
  if (report.slope !== 6) problems.push(`d/dx x^2 at 3 is ${report.slope}, not 6`);
  return { ok: problems.length === 0, ...report, stderr, error: problems.join("; ") };
}

/** Deletes what the build added to the package (deps/, lib/, build/) and the download cache. */
function removeNative() {
  const freed = BUILD_OUTPUTS.reduce((sum, dir) => sum + diskUsage(dir), 0) + diskUsage(CACHE_DIR);
  for (const dir of [...BUILD_OUTPUTS, CACHE_DIR]) fs.rmSync(dir, { recursive: true, force: true });
  return freed;
}

module.exports = {
  PIN,
  PACKAGE_DIR,
  DEPS_DIR,
  LIB_DIR,
  STAMP,
  BUILD_OUTPUTS,
  CACHE_DIR,
  INSTALL_HINT,
  unpackedBytes,
  formatBytes,
  diskUsage,
  installedVersion,
  addonPath,
  napiBuildVersion,
  expectedStamp,
  readStamp,
  stampMatches,
  writeStamp,
  findExecutable,
  findNodeHeaders,
  checkTools,
  checkSpace,
  quietTfEnv,
  verifyNative,
  removeNative,
};
