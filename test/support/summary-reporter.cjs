// mocha's spec reporter, plus one last line that a person or CI can read at a glance:
// "gradlab tests: 57 passed, 0 failed, 2 pending (3m 12s)".
"use strict";
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = this.stats;
      const seconds = Math.round((s.duration ?? 0) / 1000);
      const time = seconds >= 60 ? `${Math.floor(seconds / 60)}m ${seconds % 60}s` : `${seconds}s`;
      // After the spec reporter's epilogue (failure details), so it is the final line.
      process.stdout.write(`\ngradlab tests: ${s.passes} passed, ${s.failures} failed, ${s.pending} pending (${time})\n`);
    });
  }
}

module.exports = SummaryReporter;
