// `npm test`: the same set-up as `npm start`, plus Chromium for the browser test (installed with
// apt-get when missing, see chromium.cjs), then every test (lib, kernel, notebooks, server,
// browser, grading, static checks). The test files are split into groups (`groups` in the mocha
// config, .mocharc.cjs) that share no outputs; each group is one mocha process, and the groups
// run side by side. Their output is shown as it comes, each line marked with its group; at the end
// one table of where the time went (test-output/timing.md) and one line:
// "gradlab tests: N passed, N failed, N pending (time)". The exit status is non-zero when any
// group failed.
//   npm test                              # everything
//   npm test -- --grep kernel             # a subset, in every group (any mocha option)
//   npm test -- test/kernel/kernel.test.ts  # named files: one mocha process, no groups
//   GRADLAB_TEST_GROUPS=1 npm test        # the groups one after another (GRADLAB_TEST_GROUPS=N: N at a time)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setup, step, runMain, SetupError } from "./setup.mjs";

const require = createRequire(import.meta.url);
const { ROOT, projectEnv } = require("./project.cjs");
const { ensureChromium, ChromiumError } = require("./chromium.cjs");

const MOCHA = path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js");
// Each group writes its counts and times here; one folder per run, so two runs cannot mix.
const TIMING_DIR = path.join(ROOT, "test-output", "timing", `run-${process.pid}`);

async function chromium() {
  try {
    const { path: file, version, installed } = ensureChromium();
    return `${installed ? "installed" : "found"} ${file} (${version})`;
  } catch (error) {
    throw error instanceof ChromiumError ? new SetupError(error.message) : error;
  }
}

// Mocha options that take a value: what follows them is not a test file.
const TAKES_VALUE = new Set(
  "--config --grep -g --fgrep -f --timeout -t --slow -s --reporter -R --reporter-option --reporter-options -O --require -r --ignore --exclude --spec --file --extension --ui -u --retries --jobs -j --package --global --globals --node-option -n".split(
    " ",
  ),
);

/** The user's arguments: the config file they named, and whether they named test files themselves. */
function readArgs(args) {
  let config = path.join(ROOT, ".mocharc.cjs");
  let namesFiles = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--config") config = path.resolve(ROOT, args[++i]);
    else if (arg.startsWith("--config=")) config = path.resolve(ROOT, arg.slice("--config=".length));
    else if (arg === "--spec" || arg.startsWith("--spec=")) namesFiles = true;
    else if (TAKES_VALUE.has(arg)) i++;
    else if (!arg.startsWith("-")) namesFiles = true;
  }
  return {
    config,
    namesFiles,
    rest: args.filter((arg, i) => !(arg === "--config" || args[i - 1] === "--config" || arg.startsWith("--config="))),
  };
}

function runMocha(args, env, label) {
  const child = spawn(process.execPath, [MOCHA, ...args], { cwd: ROOT, env, stdio: label ? ["ignore", "pipe", "pipe"] : "inherit" });
  if (label) {
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let pending = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk) => {
        const lines = (pending + chunk).split("\n");
        pending = lines.pop();
        if (lines.length > 0) out.write(lines.map((line) => `${label} ${line}\n`).join(""));
      });
      stream.on("end", () => pending && out.write(`${label} ${pending}\n`));
    }
  }
  const done = new Promise((resolve) => child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, done };
}

/** The mocha processes of the groups running now (a set-up that fails stops the early ones). */
const children = new Set();
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => children.forEach((child) => child.kill(signal)));

/** Runs the groups, `parallel` at a time, in the order given; `width`: of the labels' names. */
async function runGroups(commands, userArgs, parallel, width, beforeAlone = null) {
  fs.mkdirSync(TIMING_DIR, { recursive: true });
  const codes = new Map();
  const queue = [...commands];
  async function worker() {
    for (let command = queue.shift(); command; command = queue.shift()) {
      const env = projectEnv({
        GRADLAB_TEST_GROUP: command.name,
        GRADLAB_TIMING_FILE: path.join(TIMING_DIR, `${command.name}.json`),
        ...(process.stdout.isTTY ? { FORCE_COLOR: "1" } : {}),
      });
      const color = process.stdout.isTTY ? ["--color"] : [];
      const { child, done } = runMocha([...command.args, ...color, ...userArgs], env, `[${command.name.padEnd(width)}]`);
      children.add(child);
      codes.set(command.name, await done);
      children.delete(child);
    }
  }
  // Groups marked `alone` (they change files the others read) run after the rest, one at a time.
  const alone = commands.filter((c) => c.alone);
  queue.splice(0, queue.length, ...commands.filter((c) => !c.alone));
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, worker));
  // (And after the groups started before them, which read the files these change.)
  if (beforeAlone) await beforeAlone;
  queue.push(...alone);
  await worker();
  return codes;
}

async function main() {
  const { config: configFile, namesFiles, rest } = readArgs(process.argv.slice(2));
  // Plain CommonJS without requires: readable before npm ci.
  const config = require(configFile);
  const parallel = Number(process.env.GRADLAB_TEST_GROUPS) || Infinity;
  fs.rmSync(TIMING_DIR, { recursive: true, force: true });
  // Groups marked `early` (they need only the Node packages) start as soon as npm ci is done, beside
  // the install of the Python environment; the other groups start after the set-up.
  let early = null;
  let started = Date.now();
  let loadBefore = os.loadavg();
  const startEarly = () => {
    const { groupCommands } = require("./test-groups.cjs");
    const commands = groupCommands(config).filter((c) => c.early);
    if (commands.length === 0) return;
    started = Date.now();
    loadBefore = os.loadavg();
    const width = Math.max(...groupCommands(config).map((c) => c.name.length));
    process.stdout.write(`[gradlab] test groups started before the rest of the set-up: ${commands.map((c) => c.name).join(", ")}\n`);
    early = { names: new Set(commands.map((c) => c.name)), codes: runGroups(commands, rest, commands.length, width) };
  };
  const grouped = !namesFiles && Array.isArray(config.groups) && parallel > 1;
  try {
    await setup(grouped ? { onNodeReady: startEarly } : {});
  } catch (error) {
    for (const child of children) child.kill("SIGTERM");
    throw error;
  }
  await step("Chromium for the browser test", chromium);
  if (!early) {
    started = Date.now();
    loadBefore = os.loadavg();
  }
  const { groupCommands, optionArgs } = require("./test-groups.cjs");
  if (namesFiles) {
    // Named test files: one mocha run of those files alone, with the config's options (mocha itself
    // would add the config's spec, every test file, to the ones named).
    const { done } = runMocha(["--no-config", ...optionArgs(config), ...rest], projectEnv(), null);
    process.exit(await done);
  }
  if (!config.groups) {
    // A config without groups: one mocha run, as mocha itself would do it.
    const { done } = runMocha(process.argv.slice(2), projectEnv(), null);
    process.exit(await done);
  }
  const commands = groupCommands(config);
  const width = Math.max(...commands.map((c) => c.name.length));
  const later = early ? commands.filter((c) => !early.names.has(c.name)) : commands;
  const together = later.filter((c) => !c.alone);
  const alone = later.filter((c) => c.alone);
  process.stdout.write(
    `[gradlab] ${commands.length} test groups${early ? ` (${[...early.names].join(", ")} already started)` : ""}, ${Math.min(parallel, together.length)} at a time: ${together.map((c) => c.name).join(", ")}` +
      (alone.length > 0 ? `; then alone: ${alone.map((c) => c.name).join(", ")}` : "") +
      "\n",
  );
  const codes = await runGroups(later, rest, Math.min(parallel, later.length), width, early?.codes);
  if (early) for (const [name, code] of await early.codes) codes.set(name, code);

  const reports = [];
  const missing = [];
  for (const { name } of commands) {
    const file = path.join(TIMING_DIR, `${name}.json`);
    if (fs.existsSync(file)) reports.push({ group: name, ...JSON.parse(fs.readFileSync(file, "utf8")) });
    else missing.push(name);
  }
  // Loaded after the set-up: it needs mocha, which a fresh clone has only once npm ci ran.
  const { mergeTimings, printTiming, clock } = require("../test/support/summary-reporter.cjs");
  fs.rmSync(TIMING_DIR, { recursive: true, force: true });
  const merged = mergeTimings(reports, Date.now() - started);
  // Wall times depend on how busy the machine is: the load average goes with them.
  merged.load = { cores: os.cpus().length, before: loadBefore, after: os.loadavg() };
  printTiming(merged);
  const failedGroups = [...codes].filter(([, code]) => code !== 0).map(([name, code]) => `${name} (exit ${code})`);
  if (failedGroups.length > 0) process.stdout.write(`\nfailed groups: ${failedGroups.join(", ")}\n`);
  for (const name of missing)
    process.stdout.write(`group ${name} ended without a summary (it crashed, or ran with another reporter than the summary reporter)\n`);
  const s = merged.stats;
  const failed = s.failures + missing.length;
  process.stdout.write(`\ngradlab tests: ${s.passes} passed, ${failed} failed, ${s.pending} pending (${clock(merged.duration)})\n`);
  process.exit(failedGroups.length > 0 || failed > 0 ? 1 : 0);
}

await runMain(main);
