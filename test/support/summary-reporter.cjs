// mocha's spec reporter, plus where the time went and one last line that a person or CI can read
// at a glance: "gradlab tests: 57 passed, 0 failed, 2 pending (3m 12s)".
//
// Time is counted per test file (wall clock from its first suite starting to its last suite
// ending, hooks included: starting a server or a browser is part of a file's cost) and per phase
// (the folder under test/, the notebook runs on their own). The table is printed before the final
// line and written to test-output/timing.json and timing.md, so a slow phase can be found without
// re-running anything.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

const ROOT = path.resolve(__dirname, "..", "..");

/** The phase a test file belongs to: its folder under test/, with the notebook runs apart. */
function phaseOf(file) {
  const rel = path.relative(path.join(ROOT, "test"), file).split(path.sep);
  if (rel.length === 1) return rel[0].replace(/\.test\.ts$/, "");
  if (rel[0] === "notebooks") return rel[1] === "notebooks.test.ts" ? "notebooks (two passes each)" : "notebooks: other checks";
  return rel[0];
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function clock(ms) {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
}

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    /** file -> { start, end, tests } */
    const files = new Map();
    const fileOf = (runnable) => runnable.file ?? runnable.parent?.file;
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (!suite.file) return;
      const entry = files.get(suite.file) ?? { start: Date.now(), end: Date.now(), tests: 0 };
      files.set(suite.file, entry);
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const entry = suite.file && files.get(suite.file);
      if (entry) entry.end = Date.now();
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
        tests: e.tests,
      }));
      const phases = new Map();
      for (const row of rows) {
        const p = phases.get(row.phase) ?? { phase: row.phase, ms: 0, tests: 0, files: 0 };
        p.ms += row.ms;
        p.tests += row.tests;
        p.files += 1;
        phases.set(row.phase, p);
      }
      const byPhase = [...phases.values()].sort((a, b) => b.ms - a.ms);
      const byFile = rows.sort((a, b) => b.ms - a.ms);
      writeTiming({ duration: s.duration ?? 0, phases: byPhase, files: byFile });
      const lines = ["", "Where the time went (wall clock, hooks included):"];
      for (const p of byPhase) lines.push(`  ${p.phase.padEnd(30)} ${seconds(p.ms).padStart(9)}  ${p.tests} tests in ${p.files} files`);
      lines.push("  slowest files:");
      for (const f of byFile.slice(0, 8)) lines.push(`    ${f.file.padEnd(48)} ${seconds(f.ms).padStart(9)}`);
      lines.push("  (all files: test-output/timing.md)");
      // After the spec reporter's epilogue (failure details), so the summary is the final line.
      process.stdout.write(`${lines.join("\n")}\n`);
      process.stdout.write(`\ngradlab tests: ${s.passes} passed, ${s.failures} failed, ${s.pending} pending (${clock(s.duration ?? 0)})\n`);
    });
  }
}

function writeTiming(report) {
  try {
    const dir = path.join(ROOT, "test-output");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "timing.json"), `${JSON.stringify(report, null, 1)}\n`);
    const md = [
      `# Test timing (${clock(report.duration)} in all)`,
      "",
      "| phase | time | tests | files |",
      "| --- | ---: | ---: | ---: |",
      ...report.phases.map((p) => `| ${p.phase} | ${seconds(p.ms)} | ${p.tests} | ${p.files} |`),
      "",
      "| file | phase | time | tests |",
      "| --- | --- | ---: | ---: |",
      ...report.files.map((f) => `| ${f.file} | ${f.phase} | ${seconds(f.ms)} | ${f.tests} |`),
      "",
    ];
    fs.writeFileSync(path.join(dir, "timing.md"), md.join("\n"));
  } catch (error) {
    process.stdout.write(`(could not write test-output/timing.*: ${error.message})\n`);
  }
}

module.exports = SummaryReporter;
