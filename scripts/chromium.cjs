// The browser for the browser test (test/browser): Debian's Chromium, installed with apt-get when
// it is missing. Only `npm test` needs it; `npm start` never does (learners use their own browser).
// Playwright's own browser download is never used: it fetches from a host outside the package
// registries, and the distribution's build is the one a Debian learner or CI machine has.
//   node scripts/chromium.cjs       # install if missing, print the path and version
// GRADLAB_CHROMIUM=/path/to/chrome uses another Chromium or Chrome instead (no install).
// Plain CommonJS with Node built-ins only: scripts/test.mjs and the tests both load it.
"use strict";
const fs = require("node:fs");
const { spawnSync } = require("node:child_process");

const DEBIAN_CHROMIUM = "/usr/bin/chromium";
// fonts-liberation: the metric-compatible Arial/Times/Courier that JupyterLab's and plotly's CSS
// ask for (a recommendation of the chromium package, which --no-install-recommends leaves out).
const APT_PACKAGES = ["chromium", "fonts-liberation"];

/**
 * Flags for headless Chromium as it runs on a CI machine without a GPU or internet: software
 * rendering (WebGL through SwiftShader, enough for 3-D plots), no sandbox (CI runs as root), and
 * none of Chromium's background connections to Google (without these flags they are refused again
 * and again). Used by the browser test and by the book's static images.
 */
const HEADLESS_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--enable-unsafe-swiftshader",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

class ChromiumError extends Error {}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The Chromium binary the browser test drives, or undefined when none is installed. */
function findChromium(env = process.env) {
  if (env.GRADLAB_CHROMIUM) {
    if (!isExecutable(env.GRADLAB_CHROMIUM)) {
      throw new ChromiumError(`GRADLAB_CHROMIUM must name an executable Chromium or Chrome; got ${env.GRADLAB_CHROMIUM}`);
    }
    return env.GRADLAB_CHROMIUM;
  }
  return isExecutable(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined;
}

function chromiumVersion(file) {
  const result = spawnSync(file, ["--version"], { encoding: "utf8", timeout: 30000 });
  return result.status === 0 ? result.stdout.trim() : `unknown version (${file} --version failed)`;
}

function aptGet(args, log) {
  log(`apt-get ${args.join(" ")}`);
  const result = spawnSync("apt-get", args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) throw new ChromiumError(`could not run apt-get: ${result.error.message}`);
  if (result.status !== 0) throw new ChromiumError(`apt-get ${args.join(" ")} failed (exit ${result.status}); see its output above`);
}

function hasAptGet() {
  return spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
}

/**
 * Returns the Chromium to drive; installs Debian's `chromium` package first when there is none.
 * Throws ChromiumError, saying what to do, when it cannot (not root, no apt-get).
 */
function ensureChromium(log = (message) => process.stdout.write(`[gradlab] ${message}\n`)) {
  const found = findChromium();
  if (found) return { path: found, version: chromiumVersion(found), installed: false };
  const manual =
    `The browser test needs Chromium at ${DEBIAN_CHROMIUM}. Install it with ` +
    `"sudo apt-get install --no-install-recommends ${APT_PACKAGES.join(" ")}", ` +
    "or set GRADLAB_CHROMIUM to a Chromium or Chrome binary.";
  if (process.platform !== "linux" || !hasAptGet()) {
    throw new ChromiumError(`Chromium is not installed and this system has no apt-get to install it. ${manual}`);
  }
  if (process.getuid?.() !== 0) {
    throw new ChromiumError(`Chromium is not installed, and installing it needs root (this is uid ${process.getuid?.()}). ${manual}`);
  }
  log(`installing Debian's ${APT_PACKAGES.join(" and ")} with apt-get (about 100 MB to download, once)`);
  // The package lists of a fresh machine may be missing or stale; read them first.
  aptGet(["update"], log);
  aptGet(["install", "-y", "--no-install-recommends", ...APT_PACKAGES], log);
  const installed = findChromium();
  if (!installed)
    throw new ChromiumError(`apt-get installed ${APT_PACKAGES.join(", ")} but ${DEBIAN_CHROMIUM} is still missing. ${manual}`);
  return { path: installed, version: chromiumVersion(installed), installed: true };
}

module.exports = { DEBIAN_CHROMIUM, HEADLESS_FLAGS, ChromiumError, findChromium, chromiumVersion, ensureChromium };

if (require.main === module) {
  try {
    const { path, version } = ensureChromium();
    process.stdout.write(`${path}: ${version}\n`);
  } catch (error) {
    if (!(error instanceof ChromiumError)) throw error;
    process.stderr.write(`[gradlab] error: ${error.message}\n`);
    process.exit(1);
  }
}
