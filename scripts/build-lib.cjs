// Compiles lib/ to dist/ (what `import ... from "gradlab"` loads) when it is out of date,
// and writes the minified plotly.js that notebook figures embed once per kernel session.
// Used by `npm run setup` and by the kernel launcher, so restarting a kernel picks up lib/ edits.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { ROOT, newestMtime } = require("./project.cjs");

const DIST = path.join(ROOT, "dist");
const BUILD_INFO = path.join(DIST, ".tsbuildinfo");
const PLOTLY_SRC = path.join(ROOT, "node_modules", "plotly.js-dist", "plotly.js");
const PLOTLY_MIN = path.join(DIST, "vendor", "plotly.min.js");

function mtime(file) {
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
}

function libIsStale() {
  const sources = Math.max(newestMtime(path.join(ROOT, "lib"), /\.ts$/), mtime(path.join(ROOT, "tsconfig.build.json")));
  return sources > mtime(BUILD_INFO) || !fs.existsSync(path.join(DIST, "index.js"));
}

/** Returns { built, ok, output }. Never throws on a compile error: the caller decides. */
function buildLib({ force = false } = {}) {
  let result = { built: false, ok: true, output: "" };
  if (force || libIsStale()) {
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    // --force when the output is missing but the build info says "up to date".
    const again = force || !fs.existsSync(path.join(DIST, "index.js")) ? ["--force"] : [];
    const run = spawnSync(process.execPath, [tsc, "-b", path.join(ROOT, "tsconfig.build.json"), ...again], {
      cwd: ROOT,
      encoding: "utf8",
    });
    result = { built: true, ok: run.status === 0, output: `${run.stdout}${run.stderr}`.trim() };
    if (result.ok) fs.utimesSync(BUILD_INFO, new Date(), new Date());
  }
  if (!fs.existsSync(PLOTLY_MIN) || mtime(PLOTLY_MIN) < mtime(PLOTLY_SRC)) {
    const esbuild = require(path.join(ROOT, "node_modules", "esbuild"));
    const code = esbuild.transformSync(fs.readFileSync(PLOTLY_SRC, "utf8"), { minify: true, legalComments: "inline" }).code;
    fs.mkdirSync(path.dirname(PLOTLY_MIN), { recursive: true });
    fs.writeFileSync(PLOTLY_MIN, code);
  }
  return result;
}

module.exports = { buildLib, libIsStale, PLOTLY_MIN };
