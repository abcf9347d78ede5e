// The tests whose results depend on the tfjs backend: lib (every tfjs cross-check), the kernel,
// every notebook executed (twice, in one kernel, both passes printing the same) and test/native. `npm run test:backend` runs them;
// CI runs them a second time on the native backend (GRADLAB_TF_BACKEND=tensorflow). The other
// tests (grading, browser, book, parameters, server, static checks) do not compute
// with tfjs differently per backend, and run once, in `npm test`. Two groups side by side (see
// groups in .mocharc.cjs).
const base = require("../.mocharc.cjs");

const groups = [
  // Writes a probe into lib/ and dist/ that kernels of the other group would rebuild from: alone, last.
  { name: "lib-rebuild", spec: ["test/kernel/lib-rebuild.test.ts"], alone: true },
  // reproducibility.test.ts only compares the two passes notebooks.test.ts wrote: free here.
  { name: "notebooks", spec: ["test/notebooks/notebooks.test.ts", "test/notebooks/reproducibility.test.ts"] },
  { name: "rest", spec: ["test/lib/**/*.test.ts", "test/kernel/**/*.test.ts", "test/native/**/*.test.ts"] },
];

module.exports = { ...base, spec: groups.flatMap((g) => g.spec), groups };
