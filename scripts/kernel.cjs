#!/usr/bin/env node
// The gradlab kernel: tslab (patched at install, see patches/) started in this process, after
// rebuilding lib/ when it changed, so "edit lib/, restart the kernel" is all a learner needs.
// Jupyter starts it from the kernelspec that `npm run setup` writes into .venv/.
"use strict";
const { buildLib } = require("./build-lib.cjs");

process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL || "2";
// Also for a cell that loads @tensorflow/tfjs-node itself: TF 2.21 announces oneDNN on stderr (lib/tf).
process.env.TF_ENABLE_ONEDNN_OPTS = process.env.TF_ENABLE_ONEDNN_OPTS || "0";
// Stack traces from lib/ point at the TypeScript sources. Only gradlab's own files: Node reads and
// parses a module's source map when it loads it, and tfjs's maps (megabytes) cost every notebook's
// first cell ~0.4 s; a trace through tfjs's bundles reads as well without them.
process.setSourceMapsEnabled(true);
{
  const Module = require("node:module");
  const loadJs = Module._extensions[".js"];
  const vendored = `${require("node:path").sep}node_modules${require("node:path").sep}`;
  Module._extensions[".js"] = function (module, filename) {
    if (!filename.includes(vendored)) return loadJs.call(this, module, filename);
    process.setSourceMapsEnabled(false);
    try {
      return loadJs.call(this, module, filename);
    } finally {
      process.setSourceMapsEnabled(true);
    }
  };
}

// The tfjs bundles load with V8's cached code (scripts/code-cache.cjs): ~90 ms less per kernel.
if (process.env.GRADLAB_KERNEL_CODE_CACHE !== "0") {
  const { ROOT } = require("./project.cjs");
  globalThis.__gradlabCodeCache = require("./code-cache.cjs").useCodeCache(
    require("node:path").join(ROOT, "node_modules", ".cache", "gradlab", "v8-code"),
  );
}

const args = process.argv.slice(2);
const at = args.indexOf("--config-path");
if (at < 0 || !args[at + 1]) {
  process.stderr.write("usage: kernel.cjs --config-path <connection_file>\n");
  process.exit(2);
}

const build = buildLib();
if (!build.ok) {
  // The kernel still starts, on the last good build; the server log shows why.
  process.stderr.write(`gradlab: lib/ does not compile, notebooks use the previous build:\n${build.output}\n`);
}

const tslab = require("tslab/dist/main");
const { getVersion } = require("tslab/dist/util");
tslab.startKernel({ configPath: args[at + 1], enableFindLocal: false, jsKernel: false, globalVersion: getVersion() });
