// The tests whose results depend on the tfjs backend: lib (every tfjs cross-check), the kernel,
// every notebook executed (twice, in one kernel) and test/native. `npm run test:backend` runs them;
// CI runs them a second time on the native backend (GRADLAB_TF_BACKEND=tensorflow). The other
// tests (grading, browser, book, parameters, determinism, server, static checks) do not compute
// with tfjs differently per backend, and run once, in `npm test`.
const base = require("../.mocharc.cjs");

module.exports = {
  ...base,
  spec: ["test/lib/**/*.test.ts", "test/kernel/**/*.test.ts", "test/notebooks/notebooks.test.ts", "test/native/**/*.test.ts"],
};
