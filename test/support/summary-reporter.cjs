// mocha's spec reporter, plus where the time went and one last line that a person or CI can read
// at a glance: "gradlab tests: 57 passed, 0 failed, 2 pending (3m 12s)".
//
// Time is counted per test file (wall clock from its first suite starting to its last suite
// ending, hooks included: starting a server or a browser is part of a file's cost) and per phase
// (the folder under test/, the notebook runs on their own). Next to the wall clock, the CPU time
// the file cost: this process's, plus that of the child processes it started and waited for
// (kernels, servers, browsers; read from /proc/self/stat on Linux). CPU time hardly depends on
// how busy the machine is, wall time does. The table is printed before the final line and
// written to test-output/timing.json and timing.md, so a slow phase can be found without
// re-running anything.
//
// Under `npm test` each group of test files is its own mocha process (scripts/test.mjs):
// GRADLAB_TIMING_FILE then names where this process writes its counts and times, the group's
// last line starts with "group <name>:", and scripts/test.mjs prints the merged table and the
// final line (mergeTimings and printTiming below).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

const ROOT = path.resolve(__dirname, "..", "..");

/** The phase a test file belongs to: its folder under test/, with the notebook runs apart. */
function phaseOf(file) {
  const rel = path.relative(path.join(ROOT, "test"), path.resolve(ROOT, file)).split(path.sep);
  if (rel.length === 1) return rel[0].replace(/\.test\.ts$/, "");
  if (rel[0] === "notebooks") return rel[1] === "notebooks.test.ts" ? "notebooks (two passes each)" : "notebooks: other checks";
  return rel[0];
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function clock(ms) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

const TICKS = 100; // clock ticks per second (USER_HZ), 100 on every Linux Node runs on
/** CPU milliseconds of this process and of its children that have ended and been waited for. */
function cpuMs() {
  try {
    // /proc/self/stat: "pid (comm) state ppid ..."; utime stime cutime cstime are fields 14-17.
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / TICKS;
  } catch {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  }
}

/** Phases and files from per-file rows, slowest first. */
function tabulate(rows) {
  const phases = new Map();
  for (const row of rows) {
    const p = phases.get(row.phase) ?? { phase: row.phase, ms: 0, cpuMs: 0, tests: 0, files: 0 };
    p.ms += row.ms;
    p.cpuMs += row.cpuMs ?? 0;
    p.tests += row.tests;
    p.files += 1;
    phases.set(row.phase, p);
  }
  return { phases: [...phases.values()].sort((a, b) => b.ms - a.ms), files: [...rows].sort((a, b) => b.ms - a.ms) };
}

/** The reports of the groups (as written to GRADLAB_TIMING_FILE) as one, `wallMs` being the whole run. */
function mergeTimings(reports, wallMs) {
  const stats = { passes: 0, failures: 0, pending: 0 };
  const rows = [];
  const groups = [];
  for (const report of reports) {
    for (const key of Object.keys(stats)) stats[key] += report.stats[key];
    rows.push(...report.files.map((f) => ({ ...f, group: report.group })));
    groups.push({ group: report.group, ms: report.duration, cpuMs: report.cpuMs, ...report.stats });
  }
  return { duration: wallMs, stats, groups, ...tabulate(rows) };
}

const loads = (l) => l.map((x) => x.toFixed(2)).join(", ");
const loadLine = (load) =>
  `load average (1, 5, 15 min) on ${load.cores} cores: ${loads(load.before)} at the start, ${loads(load.after)} at the end`;

const cpu = (ms) => (ms === undefined ? "" : seconds(ms));

/** Prints the table of phases and slowest files, and writes test-output/timing.json and timing.md. */
function printTiming(report) {
  writeTiming(report);
  const lines = ["", "Where the time went (wall clock, hooks included; CPU: this process and the processes it started):"];
  if (report.groups) {
    lines.push("  groups (side by side):");
    for (const g of report.groups)
      lines.push(`    ${g.group.padEnd(28)} ${seconds(g.ms).padStart(9)} wall ${cpu(g.cpuMs).padStart(9)} CPU`);
    lines.push("  phases:");
  }
  for (const p of report.phases)
    lines.push(
      `  ${p.phase.padEnd(30)} ${seconds(p.ms).padStart(9)} wall ${cpu(p.cpuMs).padStart(9)} CPU  ${p.tests} tests in ${p.files} files`,
    );
  lines.push("  slowest files:");
  for (const f of report.files.slice(0, 8))
    lines.push(`    ${f.file.padEnd(48)} ${seconds(f.ms).padStart(9)} wall ${cpu(f.cpuMs).padStart(9)} CPU`);
  lines.push("  (all files: test-output/timing.md)");
  if (report.load) lines.push(`  ${loadLine(report.load)}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

function writeTiming(report) {
  try {
    const dir = path.join(ROOT, "test-output");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "timing.json"), `${JSON.stringify(report, null, 1)}\n`);
    const md = [`# Test timing (${clock(report.duration)} in all)`, ""];
    md.push("Wall clock per file from its first suite starting to its last suite ending, hooks included; CPU: the");
    md.push("test process's own and that of the child processes it started and waited for (kernels, servers, browsers).");
    if (report.load) md.push("", `${loadLine(report.load)[0].toUpperCase()}${loadLine(report.load).slice(1)}.`);
    md.push("");
    if (report.groups) {
      md.push("| group (side by side) | wall | CPU | passed | failed | pending |", "| --- | ---: | ---: | ---: | ---: | ---: |");
      for (const g of report.groups)
        md.push(`| ${g.group} | ${seconds(g.ms)} | ${cpu(g.cpuMs)} | ${g.passes} | ${g.failures} | ${g.pending} |`);
      md.push("");
    }
    md.push("| phase | wall | CPU | tests | files |", "| --- | ---: | ---: | ---: | ---: |");
    for (const p of report.phases) md.push(`| ${p.phase} | ${seconds(p.ms)} | ${cpu(p.cpuMs)} | ${p.tests} | ${p.files} |`);
    md.push("", "| file | phase | group | wall | CPU | tests |", "| --- | --- | --- | ---: | ---: | ---: |");
    for (const f of report.files)
      md.push(`| ${f.file} | ${f.phase} | ${f.group ?? ""} | ${seconds(f.ms)} | ${cpu(f.cpuMs)} | ${f.tests} |`);
    md.push("");
    fs.writeFileSync(path.join(dir, "timing.md"), md.join("\n"));
  } catch (error) {
    process.stdout.write(`(could not write test-output/timing.*: ${error.message})\n`);
  }
}

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const cpuStart = cpuMs();
    /** file -> { start, end, cpuStart, cpuEnd, tests } */
    const files = new Map();
    const fileOf = (runnable) => runnable.file ?? runnable.parent?.file;
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (!suite.file || files.has(suite.file)) return;
      const now = Date.now();
      const c = cpuMs();
      files.set(suite.file, { start: now, end: now, cpuStart: c, cpuEnd: c, tests: 0 });
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const entry = suite.file && files.get(suite.file);
      if (!entry) return;
      entry.end = Date.now();
      entry.cpuEnd = cpuMs();
    });
    for (const event of [EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING]) {
      runner.on(event, (test) => {
        const entry = files.get(fileOf(test));
        if (entry) entry.tests++;
      });
    }
    runner.once(EVENT_RUN_END, () => {
      const s = this.stats;
      const rows = [...files].map(([file, e]) => ({
        file: path.relative(ROOT, file),
        phase: phaseOf(file),
        ms: e.end - e.start,
        cpuMs: e.cpuEnd - e.cpuStart,
        tests: e.tests,
      }));
      const stats = { passes: s.passes, failures: s.failures, pending: s.pending };
      const group = process.env.GRADLAB_TEST_GROUP;
      const timingFile = process.env.GRADLAB_TIMING_FILE;
      // After the spec reporter's epilogue (failure details), so the summary is the final line.
      if (timingFile) {
        const report = { duration: s.duration ?? 0, cpuMs: cpuMs() - cpuStart, stats, files: rows };
        fs.mkdirSync(path.dirname(timingFile), { recursive: true });
        fs.writeFileSync(timingFile, `${JSON.stringify(report, null, 1)}\n`);
        process.stdout.write(
          `group ${group ?? "?"}: ${s.passes} passed, ${s.failures} failed, ${s.pending} pending (${clock(s.duration ?? 0)})\n`,
        );
        return;
      }
      printTiming({ duration: s.duration ?? 0, stats, ...tabulate(rows) });
      process.stdout.write(`\ngradlab tests: ${s.passes} passed, ${s.failures} failed, ${s.pending} pending (${clock(s.duration ?? 0)})\n`);
    });
  }
}

module.exports = SummaryReporter;
module.exports.mergeTimings = mergeTimings;
module.exports.printTiming = printTiming;
module.exports.clock = clock;
module.exports.phaseOf = phaseOf;
