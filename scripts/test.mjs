// `npm test`: the same set-up as `npm start`, plus Chromium for the browser test (installed with
// apt-get when missing, see chromium.cjs), then every test (lib, kernel, notebooks, server,
// browser, static checks) in one mocha run that ends with "gradlab tests: N passed, N failed, N pending".
//   npm test                      # everything
//   npm test -- --grep kernel     # a subset (any mocha option)
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setup, step, runMain, SetupError } from "./setup.mjs";

const require = createRequire(import.meta.url);
const { ROOT, projectEnv } = require("./project.cjs");
const { ensureChromium, ChromiumError } = require("./chromium.cjs");

async function chromium() {
  try {
    const { path: file, version, installed } = ensureChromium();
    return `${installed ? "installed" : "found"} ${file} (${version})`;
  } catch (error) {
    throw error instanceof ChromiumError ? new SetupError(error.message) : error;
  }
}

async function main() {
  await setup();
  await step("Chromium for the browser test", chromium);
  const mocha = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");
  const child = spawn(process.execPath, [mocha, ...process.argv.slice(2)], { cwd: ROOT, env: projectEnv(), stdio: "inherit" });
  const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  process.exit(code);
}

await runMain(main);
