// `npm run setup:tfjs-node`: the optional native TensorFlow backend for tfjs, built without
// Google storage. @tensorflow/tfjs-node's own install script downloads libtensorflow and a prebuilt
// addon from there (unreachable or 403 for many users), so npm is told not to run it (package.json
// "allowScripts") and this script does the job instead, from a pinned PyPI wheel:
//   1. download tensorflow-cpu (scripts/tfjs-node-pin.json: version and sha256) with the .venv's pip;
//   2. unpack its two shared libraries and the C headers the addon includes into the package's deps/,
//      with the library names tfjs-node links against;
//   3. compile the addon with node-gyp (the copy bundled with npm) and check that it loads;
//   4. delete the download.
// Everything stays in node_modules/@tensorflow/tfjs-node: `npm ci` (or --remove) undoes it, and
// the course falls back to WebAssembly.
//   npm run setup:tfjs-node                  build it, or say it is up to date
//   npm run setup:tfjs-node -- --force       build it again
//   npm run setup:tfjs-node -- --check       only check the compiler, make, Python and disk space
//   npm run setup:tfjs-node -- --remove      delete it; tfjs uses WebAssembly again
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { log, runMain, setup, SetupError, step } from "./setup.mjs";

const require = createRequire(import.meta.url);
const { ROOT, VENV_PYTHON, projectEnv } = require("./project.cjs");
const native = require("./tfjs-node.cjs");
const { PIN, PACKAGE_DIR, LIB_DIR, CACHE_DIR } = native;

const OPTIONS = ["--force", "--check", "--remove", "--skip-setup"];
const WHEEL = `${PIN.wheel.project} ${PIN.wheel.version}`;

function parseArgs(argv) {
  for (const arg of argv) {
    if (!OPTIONS.includes(arg)) throw new SetupError(`unknown option ${arg}; the options are ${OPTIONS.join(", ")}`);
  }
  return Object.fromEntries(OPTIONS.map((o) => [o.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase()), argv.includes(o)]));
}

/** The child running now, so an interrupt can stop it before cleaning up. */
let running = null;

/** Runs a command with its output shown; rejects with a SetupError that says what failed. */
async function run(what, cmd, args, options = {}) {
  const child = spawn(cmd, args, { stdio: "inherit", cwd: ROOT, ...options });
  running = child;
  const { code, signal } = await new Promise((resolve, reject) => {
    child.on("error", (error) => reject(new SetupError(`${what}: could not run ${cmd}: ${error.message}`)));
    child.on("exit", (code, signal) => resolve({ code, signal }));
  }).finally(() => (running = null));
  if (signal) throw new SetupError(`${what} was interrupted (${signal})`);
  if (code !== 0) throw new SetupError(`${what} failed (exit ${code}); its messages are above`);
}

function checkPlatform() {
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new SetupError(
      `the native TensorFlow build supports Linux on x86_64 only (this is ${process.platform} ${process.arch}); ` +
        "the course runs on WebAssembly without it",
    );
  }
}

function checkPackage() {
  const version = native.installedVersion();
  if (!version) {
    throw new SetupError(
      "@tensorflow/tfjs-node is not in node_modules (npm skips optional packages it cannot install); " +
        "run npm run setup, then this again",
    );
  }
  if (version !== PIN.tfjsNode) {
    throw new SetupError(
      `node_modules has @tensorflow/tfjs-node ${version} but scripts/tfjs-node-pin.json is for ${PIN.tfjsNode}: ` +
        "update the pin (and check that the addon still builds against the wheel's headers)",
    );
  }
}

function sha256(file) {
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "r");
  const buffer = Buffer.alloc(8 << 20);
  try {
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0;) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest("hex");
}

/** pip download of the pinned wheel: the Linux x86_64 CPython 3.11 build, whatever Python runs pip. */
async function download(dir) {
  const requirement = path.join(dir, "requirement.txt");
  fs.writeFileSync(requirement, `${PIN.wheel.project}==${PIN.wheel.version} --hash=sha256:${PIN.wheel.sha256}\n`);
  await run(
    `pip download of ${WHEEL}`,
    VENV_PYTHON,
    [
      ...["-m", "pip", "download", "--no-deps", "--no-cache-dir", "--require-hashes", "--only-binary=:all:"],
      ...["--platform", PIN.wheel.platform, "--python-version", PIN.wheel.pythonVersion, "--implementation", "cp", "--abi", PIN.wheel.abi],
      ...["-d", dir, "-r", requirement],
    ],
    { env: projectEnv() },
  );
  const wheel = path.join(dir, PIN.wheel.filename);
  if (!fs.existsSync(wheel)) throw new SetupError(`pip did not save ${PIN.wheel.filename} in ${dir}`);
  const digest = sha256(wheel);
  if (digest !== PIN.wheel.sha256) {
    throw new SetupError(`${PIN.wheel.filename} has sha256 ${digest}, but scripts/tfjs-node-pin.json expects ${PIN.wheel.sha256}`);
  }
  return wheel;
}

/** The libraries and headers into deps/, then the names the addon's build and install script use. */
async function unpack(wheel) {
  for (const dir of native.BUILD_OUTPUTS) fs.rmSync(dir, { recursive: true, force: true });
  await run(`unpacking ${PIN.wheel.filename}`, VENV_PYTHON, [
    path.join(ROOT, "scripts", "tfjs_node_wheel.py"),
    wheel,
    PACKAGE_DIR,
    ...Object.keys(PIN.libraries),
  ]);
  // libtensorflow.so / libtensorflow_framework.so: what the linker's -ltensorflow -ltensorflow_framework
  // find (the wheel's libtensorflow_cc exports the C API). libtensorflow.so.2.9.1: what tfjs-node's
  // install script checks, so a later `npm rebuild` builds on these instead of downloading.
  for (const [link, target] of Object.entries(PIN.links)) {
    fs.rmSync(path.join(LIB_DIR, link), { force: true });
    fs.symlinkSync(target, path.join(LIB_DIR, link));
  }
}

async function build(tools) {
  const binary = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, "package.json"), "utf8")).binary;
  const addon = native.addonPath();
  const args = [
    tools.nodeGyp,
    "rebuild",
    `--directory=${PACKAGE_DIR}`,
    `--python=${tools.python}`,
    `--jobs=${os.availableParallelism()}`,
    "--loglevel=warn",
    // Node's headers from this machine when present, else downloaded into the project, never ~/.cache.
    tools.nodedir ? `--nodedir=${tools.nodedir}` : `--devdir=${path.join(CACHE_DIR, "node-gyp")}`,
    // What node-pre-gyp would pass: binding.gyp copies the addon to module_path.
    `--module_name=${binary.module_name}`,
    `--module_path=${path.dirname(addon)}`,
    `--napi_build_version=${native.napiBuildVersion(addon)}`,
  ];
  if (!tools.nodedir) log("Node's C headers are not on this machine: node-gyp downloads them from nodejs.org");
  await run("node-gyp (compiling the addon)", process.execPath, args, { cwd: PACKAGE_DIR, env: { ...process.env, CXX: tools.cxx } });
  return path.relative(ROOT, addon);
}

function verify() {
  const result = native.verifyNative();
  if (!result.ok) throw new SetupError(`the addon was built, but ${result.error}${result.stderr ? `\n${result.stderr}` : ""}`);
  if (result.stderr) log(`note: loading it writes to stderr:\n${result.stderr}`);
  return `backend "${result.backend}", TensorFlow ${result.tensorflow}, d/dx x² at 3 = ${result.slope}`;
}

async function remove() {
  const freed = native.removeNative();
  log(
    freed > 0
      ? `removed the native TensorFlow build (${native.formatBytes(freed)} freed); tfjs uses WebAssembly again`
      : "nothing to remove",
  );
}

async function buildNative(options) {
  const started = Date.now();
  checkPlatform();
  if (!options.check && !options.skipSetup) await setup();
  checkPackage();
  if (!options.check && !options.force && native.stampMatches()) {
    const check = native.verifyNative();
    if (check.ok) {
      log(`native TensorFlow backend: up to date (TensorFlow ${check.tensorflow}, ${path.relative(ROOT, native.addonPath())})`);
      return;
    }
    log(`the existing native build does not work (${check.error}); building it again`);
  }

  let tools;
  try {
    tools = native.checkTools(process.env);
    const space = native.checkSpace(
      PACKAGE_DIR,
      native.BUILD_OUTPUTS.reduce((sum, dir) => sum + native.diskUsage(dir), 0),
    );
    if (options.check) {
      log(`C++ compiler: ${tools.cxx}; make: ${tools.make}; Python: ${tools.python}; node-gyp: ${tools.nodeGyp}`);
      log(
        `Node headers: ${tools.nodedir ? path.join(tools.nodedir, "include", "node") : "not on this machine, node-gyp will download them"}`,
      );
      log(`disk: ${native.formatBytes(space.free)} free, ${native.formatBytes(space.need)} needed`);
      log("ready to build: npm run setup:tfjs-node");
      return;
    }
  } catch (error) {
    throw error instanceof Error && !(error instanceof SetupError) ? new SetupError(error.message) : error;
  }

  log(
    `building the native TensorFlow backend from ${WHEEL} (PyPI): ${native.formatBytes(PIN.wheel.bytes)} download, ` +
      `${native.formatBytes(native.unpackedBytes())} on disk, usually a minute or two`,
  );
  const cacheParent = path.dirname(CACHE_DIR);
  const hadCacheParent = fs.existsSync(cacheParent);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(CACHE_DIR, "download-"));
  const cleanUp = () => {
    fs.rmSync(CACHE_DIR, { recursive: true, force: true });
    if (!hadCacheParent) fs.rmSync(cacheParent, { recursive: true, force: true });
  };
  // Once unpacking starts the previous build is gone: an unfinished one is deleted, not left half-made.
  let replacing = false;
  const dropIncomplete = () => {
    if (replacing) for (const dir of native.BUILD_OUTPUTS) fs.rmSync(dir, { recursive: true, force: true });
  };
  const onSignal = async (signal) => {
    // Let the child (pip, python, node-gyp) finish exiting first, so it writes nothing after the clean-up.
    const child = running;
    if (child) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill(signal);
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10000))]);
    }
    cleanUp();
    dropIncomplete();
    const dropped = replacing ? "; the unfinished build was deleted (tfjs uses WebAssembly)" : "";
    process.stderr.write(`[gradlab] interrupted (${signal})${dropped}; npm run setup:tfjs-node starts again\n`);
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    let wheel = "";
    await step(`1/4 download ${WHEEL}`, async () => {
      wheel = await download(tmp);
      return `${native.formatBytes(fs.statSync(wheel).size)}, sha256 matches the pin`;
    });
    await step("2/4 unpack libraries and headers into node_modules/@tensorflow/tfjs-node/deps", async () => {
      replacing = true;
      await unpack(wheel);
      fs.rmSync(wheel);
      return `${native.formatBytes(native.diskUsage(native.DEPS_DIR))}; download deleted`;
    });
    await step("3/4 compile the addon (node-gyp)", () => build(tools));
    await step("4/4 load it and differentiate on it", verify);
    native.writeStamp();
  } catch (error) {
    dropIncomplete();
    if (replacing) log("the unfinished build was deleted; tfjs uses WebAssembly");
    throw error;
  } finally {
    cleanUp();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
  const used = native.BUILD_OUTPUTS.reduce((sum, dir) => sum + native.diskUsage(dir), 0);
  log(
    `native TensorFlow backend ready (${((Date.now() - started) / 1000).toFixed(1)} s, ${native.formatBytes(used)} on disk): ` +
      'setupTf() now picks "tensorflow"; npm run setup:tfjs-node -- --remove deletes it',
  );
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.remove) return remove();
  return buildNative(options);
}

await runMain(main);
