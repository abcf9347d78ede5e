// The optional native backend: `npm run setup:tfjs-node` (scripts/setup-tfjs-node.mjs) and what it
// changes for setupTf() and the notebooks. Tests that need the build skip, saying so, when it is
// absent, except in a GRADLAB_TF_BACKEND=tensorflow run (CI's second pass), where they must run.
import assert from "node:assert/strict";
import { collect, type Collected } from "../../scripts/collect";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { tf, tfInfo } from "../../lib/tf";
import { describeFailure, ROOT, runNotebook } from "../support/jupyter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const native = require("../../scripts/tfjs-node.cjs") as {
  PIN: { tfjsNode: string; wheel: { version: string; bytes: number }; libraries: Record<string, number> };
  CACHE_DIR: string;
  STAMP: string;
  INSTALL_HINT: string;
  installedVersion: () => string;
  stampMatches: () => boolean;
  addonPath: () => string;
  checkSpace: (
    dir: string,
    replacedBytes: number,
    statfs: (dir: string) => { bavail: number; bsize: number },
  ) => { free: number; need: number };
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const project = require("../../scripts/project.cjs") as { VENV_PYTHON: string };

const SCRIPT = path.join(ROOT, "scripts", "setup-tfjs-node.mjs");
const FORCED = process.env.GRADLAB_TF_BACKEND?.trim().toLowerCase();

type Run = Collected;

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return collect(process.execPath, args, { cwd: ROOT, env });
}

/** The project's .venv Python (what the set-up script runs the unpacker with). */
function runPython(args: string[], input = ""): Promise<Run> {
  return collect(project.VENV_PYTHON, args, { cwd: ROOT, input });
}

/** The environment without anything that would pick a backend or a tool for the child. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["GRADLAB_TF_BACKEND", "CXX", "MAKE", "PYTHON"]) delete env[key];
  return { ...env, ...extra };
}

function isBuilt(): boolean {
  return native.installedVersion() === native.PIN.tfjsNode && native.stampMatches();
}

describe("npm run setup:tfjs-node: prerequisites and options", function () {
  this.timeout(60000);
  const tool = (name: string) => path.join(os.tmpdir(), "gradlab-no-such-dir", name);

  it("lists every missing tool at once, with how to install them, and downloads nothing", async () => {
    const run = await runNode([SCRIPT, "--check"], cleanEnv({ CXX: tool("g++"), MAKE: tool("make"), PYTHON: tool("python3") }));
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.equal(
      run.stderr,
      "[gradlab] error: cannot build the native TensorFlow backend:\n" +
        `  - no C++ compiler: CXX is "${tool("g++")}" but it cannot be run\n` +
        `  - no make: MAKE is "${tool("make")}" but it cannot be run\n` +
        `  - no Python 3 for node-gyp: PYTHON is "${tool("python3")}" but it cannot be run\n` +
        `${native.INSTALL_HINT}\n`,
    );
    assert.ok(!fs.existsSync(native.CACHE_DIR), "no download folder was created");
  });

  it("looks for g++, c++ or clang++, make and npm's node-gyp on PATH", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-empty-path-"));
    try {
      const run = await runNode(
        [SCRIPT, "--check"],
        cleanEnv({ PATH: empty, npm_config_node_gyp: tool("node-gyp.js"), npm_execpath: tool("npm-cli.js") }),
      );
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.equal(
        run.stderr,
        "[gradlab] error: cannot build the native TensorFlow backend:\n" +
          "  - no C++ compiler: none of g++, c++, clang++ is on PATH\n" +
          "  - no make: make is not on PATH\n" +
          "  - no node-gyp: it comes with npm; run this through npm (npm run setup:tfjs-node)\n" +
          `${native.INSTALL_HINT}\n`,
      );
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it("--force without a compiler fails before touching the current build", async () => {
    const addon = isBuilt() ? native.addonPath() : "";
    const before = addon ? fs.statSync(addon).mtimeMs : 0;
    const run = await runNode([SCRIPT, "--force", "--skip-setup"], cleanEnv({ CXX: tool("g++") }));
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /^\[gradlab\] error: cannot build the native TensorFlow backend:\n {2}- no C\+\+ compiler: CXX is /);
    assert.ok(!fs.existsSync(native.CACHE_DIR), "no download folder was created");
    if (addon) assert.equal(fs.statSync(addon).mtimeMs, before, "the built addon is untouched");
  });

  it("rejects an unknown option, naming the valid ones", async () => {
    const run = await runNode([SCRIPT, "--fast"], cleanEnv({}));
    assert.equal(run.code, 1);
    assert.equal(run.stderr, "[gradlab] error: unknown option --fast; the options are --force, --check, --remove, --skip-setup\n");
  });

  it("says how much disk space it needs and how much is free", () => {
    const mb = 1e6;
    const statfs = (free: number) => () => ({ bavail: free / 4096, bsize: 4096 });
    // 273.8 MB wheel + 788.1 MB + 65.2 MB of libraries + 50 MB slack = 1.18 GB.
    assert.throws(() => native.checkSpace("/data", 0, statfs(1000 * mb)), {
      message:
        "not enough disk space in /data: the build needs 1.2 GB (274 MB download, deleted at the end, and 853 MB of libraries) " +
        "and 1.0 GB is free",
    });
    // Rebuilding over an existing build: the old libraries are deleted before unpacking.
    const libraries = Object.values(native.PIN.libraries).reduce((a, b) => a + b, 0);
    const { need } = native.checkSpace("/data", libraries, statfs(400 * mb));
    assert.equal(need, native.PIN.wheel.bytes + 50 * mb);
  });
});

describe("scripts/tfjs_node_wheel.py: what it unpacks from a wheel", function () {
  this.timeout(30000);
  let dir = "";
  const members: Record<string, string> = {
    "tensorflow/include/tensorflow/c/c_api.h": '#include "tensorflow/c/tf_status.h"\n#include <stdint.h>\n',
    "tensorflow/include/tensorflow/c/tf_status.h": '#  include "tsl/c/status.h"\n',
    "tensorflow/include/tsl/c/status.h": "typedef int TSL_Code;\n",
    "tensorflow/include/tensorflow/core/unused.h": "int unused;\n",
    "tensorflow/libfake.so.2": "stands in for a shared library\n",
  };

  /** A wheel (a zip) with `names` of the members above, and a package whose addon includes c_api.h. */
  async function fixture(names: string[]): Promise<{ wheel: string; pkg: string }> {
    const wheel = path.join(dir, "fake.whl");
    const pkg = path.join(dir, "pkg");
    fs.rmSync(pkg, { recursive: true, force: true });
    fs.mkdirSync(path.join(pkg, "binding"), { recursive: true });
    fs.writeFileSync(path.join(pkg, "binding", "addon.cc"), '#include "tensorflow/c/c_api.h"\n#include "own.h"\n');
    fs.writeFileSync(path.join(pkg, "binding", "own.h"), "#pragma once\n");
    const write =
      "import json, sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z:\n    for n, c in json.load(sys.stdin).items(): z.writestr(n, c)\n";
    const chosen = Object.fromEntries(names.map((n) => [n, members[n]]));
    const made = await runPython(["-c", write, wheel], JSON.stringify(chosen));
    assert.equal(made.code, 0, made.stderr);
    return { wheel, pkg };
  }

  const unpack = (wheel: string, pkg: string, ...libs: string[]) =>
    runPython([path.join(ROOT, "scripts", "tfjs_node_wheel.py"), wheel, pkg, ...libs]);

  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-wheel-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("takes the named libraries and only the headers the addon includes, followed through their includes", async () => {
    const { wheel, pkg } = await fixture(Object.keys(members));
    const run = await unpack(wheel, pkg, "libfake.so.2");
    assert.equal(run.code, 0, run.stderr);
    const listed = (base: string): string[] =>
      fs
        .readdirSync(base, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(base, path.join(e.parentPath, e.name)))
        .sort();
    assert.deepEqual(listed(path.join(pkg, "deps", "include")), ["tensorflow/c/c_api.h", "tensorflow/c/tf_status.h", "tsl/c/status.h"]);
    assert.deepEqual(listed(path.join(pkg, "deps", "lib")), ["libfake.so.2"]);
    assert.equal(fs.readFileSync(path.join(pkg, "deps", "lib", "libfake.so.2"), "utf8"), members["tensorflow/libfake.so.2"]);
  });

  it("names a header the wheel lacks", async () => {
    const { wheel, pkg } = await fixture(Object.keys(members).filter((n) => n !== "tensorflow/include/tsl/c/status.h"));
    const run = await unpack(wheel, pkg, "libfake.so.2");
    assert.equal(run.code, 1);
    assert.equal(run.stderr, "error: the wheel has no header tsl/c/status.h (looked for tensorflow/include/tsl/c/status.h)\n");
  });

  it("names a library the wheel lacks", async () => {
    const { wheel, pkg } = await fixture(Object.keys(members));
    const run = await unpack(wheel, pkg, "libtensorflow_cc.so.2");
    assert.equal(run.code, 1);
    assert.equal(run.stderr, "error: the wheel has no tensorflow/libtensorflow_cc.so.2\n");
    assert.deepEqual(fs.readdirSync(path.join(pkg, "deps", "lib")), [], "no partial file is left");
  });
});

describe("native TensorFlow backend, when built (npm run setup:tfjs-node)", function () {
  this.timeout(120000);

  beforeEach(function () {
    if (isBuilt()) return;
    // The CI pass with GRADLAB_TF_BACKEND=tensorflow must exercise these, never skip them.
    assert.notEqual(FORCED, "tensorflow", "GRADLAB_TF_BACKEND=tensorflow but the native addon is not built: run npm run setup:tfjs-node");
    this.currentTest!.title += " (skipped: the native addon is not built; npm run setup:tfjs-node builds it)";
    this.skip();
  });

  it("a second run changes nothing and says it is up to date", async () => {
    const addon = native.addonPath();
    const before = fs.statSync(addon).mtimeMs;
    const run = await runNode([SCRIPT, "--skip-setup"], cleanEnv({}));
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      new RegExp(`native TensorFlow backend: up to date \\(TensorFlow ${native.PIN.wheel.version.replace(/\./g, "\\.")},`),
    );
    assert.equal(fs.statSync(addon).mtimeMs, before, "the addon was not rebuilt");
  });

  it('setupTf() picks "tensorflow" first, and loading it writes nothing to stderr', async () => {
    const probe = 'require("./lib/tf").setupTf().then((info) => console.log(JSON.stringify(info)));';
    const run = await runNode(["-r", "ts-node/register/transpile-only", "-e", probe], cleanEnv({}));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, "", "nothing on stderr (TensorFlow's C++ logs included)");
    const info = JSON.parse(run.stdout) as { backend: string; nativeVersion: string; attempts: unknown[] };
    assert.equal(info.backend, "tensorflow");
    assert.equal(info.nativeVersion, native.PIN.wheel.version);
    assert.deepEqual(info.attempts, [{ backend: "tensorflow", ok: true, reason: "" }]);
  });

  it("this test run computes on the native library when GRADLAB_TF_BACKEND=tensorflow", function () {
    if (FORCED !== "tensorflow") {
      this.test!.title += " (skipped: only in a GRADLAB_TF_BACKEND=tensorflow run)";
      this.skip();
    }
    assert.equal(tfInfo().backend, "tensorflow");
    assert.equal(tf.getBackend(), "tensorflow");
    assert.equal(tfInfo().nativeVersion, native.PIN.wheel.version);
    const binding = (tf.backend() as unknown as { binding: { TF_Version: string } }).binding;
    assert.equal(binding.TF_Version, native.PIN.wheel.version, "the addon reports the pinned TensorFlow");
  });

  it("notebook 00 names the native backend in its environment table", async () => {
    const out = path.join("test-output", "native", "00-start-here.ipynb");
    const report = await runNotebook(path.join("notebooks", "00-start-here.ipynb"), { out, env: { GRADLAB_TF_BACKEND: "tensorflow" } });
    assert.ok(report.ok, describeFailure(report));
    const executed = JSON.parse(fs.readFileSync(path.join(ROOT, out), "utf8")) as {
      cells: Array<{ outputs?: Array<{ data?: Record<string, string | string[]> }> }>;
    };
    const texts = executed.cells.flatMap((c) => c.outputs ?? []).map((o) => [o.data?.["text/plain"] ?? ""].flat().join(""));
    const table = texts.find((t) => t.startsWith("Environment"));
    assert.ok(table, "notebook 00 shows the Environment table");
    assert.match(
      table,
      new RegExp(`tfjs backend in use +tensorflow \\(native TensorFlow ${native.PIN.wheel.version.replace(/\./g, "\\.")}\\)`),
    );
  });
});

describe("without the native build", () => {
  it("setupTf() says why it skipped tensorflow and uses WebAssembly", function () {
    const addonExists = native.installedVersion() !== "" && fs.existsSync(native.addonPath());
    if (addonExists || FORCED) {
      this.test!.title += ` (skipped: ${FORCED ? `GRADLAB_TF_BACKEND=${FORCED} chose the backend` : "the native addon is built"})`;
      this.skip();
    }
    const reason = native.installedVersion()
      ? "@tensorflow/tfjs-node is installed but its native addon is not built (npm run setup:tfjs-node)"
      : "@tensorflow/tfjs-node is not installed";
    assert.deepEqual(tfInfo().attempts, [
      { backend: "tensorflow", ok: false, reason },
      { backend: "wasm", ok: true, reason: "" },
    ]);
    assert.equal(tf.getBackend(), "wasm");
  });
});
