// mocha runs every test of the project: lib unit tests, kernel protocol tests, notebook runs and
// the static checks (types, lint, format). `npm test` runs it after the set-up.
module.exports = {
  require: ["ts-node/register/transpile-only", "test/support/hooks.ts"],
  spec: ["test/**/*.test.ts"],
  extension: ["ts"],
  timeout: 30000,
  reporter: "test/support/summary-reporter.cjs",
};
