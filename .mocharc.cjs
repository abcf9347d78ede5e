// mocha runs every test of the project: lib unit tests, kernel protocol tests, notebook runs and
// the static checks (types, lint, format). `npm test` runs it after the set-up.
module.exports = {
  require: ["ts-node/register/transpile-only", "test/support/hooks.ts"],
  // Order matters: notebook runs write test-output/executed/, which the later files reuse.
  spec: [
    "test/lib/**/*.test.ts",
    "test/kernel/**/*.test.ts",
    "test/notebooks/notebooks.test.ts",
    "test/notebooks/**/*.test.ts",
    "test/book/**/*.test.ts",
    "test/**/*.test.ts",
  ],
  extension: ["ts"],
  timeout: 30000,
  reporter: "test/support/summary-reporter.cjs",
};
