// `npm run test:quick`: the tier for daily work, under two minutes. The lib unit tests, the
// static checks (types, lint, format), the notebooks' markdown and hygiene checks and one notebook
// run through the real kernel (00, unless GRADLAB_NOTEBOOKS names others), in two groups side by
// side (see groups in .mocharc.cjs). `npm test` stays the full suite, and CI runs it.
const base = require("../.mocharc.cjs");

process.env.GRADLAB_NOTEBOOKS ??= "00";

const groups = [
  // markdown.test.ts also checks the math the run notebook printed (test-output/executed/).
  {
    name: "notebooks+lib",
    spec: [
      "test/notebooks/notebooks.test.ts",
      "test/notebooks/hygiene.test.ts",
      "test/notebooks/markdown.test.ts",
      "test/lib/**/*.test.ts",
    ],
  },
  // The longest part (tsc, eslint and prettier over the whole project) on the other core.
  { name: "static", spec: ["test/static.test.ts"] },
];

module.exports = { ...base, spec: groups.flatMap((g) => g.spec), groups };
