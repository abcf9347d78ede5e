// `npm run test:quick`: the tier for daily work, a couple of minutes. The lib unit tests, the
// static checks (types, lint, format), the notebooks' markdown and hygiene checks and one notebook
// run through the real kernel (00, unless GRADLAB_NOTEBOOKS names others). `npm test` stays the
// full suite, and CI runs it.
const base = require("../.mocharc.cjs");

process.env.GRADLAB_NOTEBOOKS ??= "00";

module.exports = {
  ...base,
  spec: [
    "test/lib/**/*.test.ts",
    "test/notebooks/notebooks.test.ts",
    "test/notebooks/hygiene.test.ts",
    "test/notebooks/markdown.test.ts",
    "test/static.test.ts",
  ],
};
