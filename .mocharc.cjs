// mocha runs every test of the project: lib unit tests, kernel protocol tests, notebook runs,
// grading, the browser and the static checks (types, lint, format). `npm test` runs it after the
// set-up.
//
// `groups`: how `npm test` (scripts/test.mjs) splits the files into mocha processes that run side
// by side. A file belongs to the first group whose patterns match it; the last group ("test/**")
// takes every file no other group names, so a new test file always runs. Groups must not share
// outputs: whatever reads a file another test writes sits in the writer's group, after it.
// Within a group the order is that of its patterns (mocha runs each pattern's files in
// alphabetical order, every file once).
//   notebooks: the notebook runs write test-output/executed/, which the notebook checks, the book
//              (npm run book --reuse) and then the browser's book test (book/) read. The
//              parameter variants run first in the kernel of each notebook's run, before its own
//              values (as a learner who changes the parameters cell, runs all, and changes it
//              back), so their file loads in this process (parameters.test.ts asks runs.ts for
//              them when it loads).
//   browser:   JupyterLab in headless Chromium, on copies in test-output/; and the npm start
//              server test, whose server makes the same learner copies (test-output/learner-workspace).
//              Last, the in-browser kernel's test (test/lite), which compares its numbers with the
//              browser test's runs of the same notebooks (when their key says they were made from
//              the same inputs; else with its own runs).
//              Also work that reads nothing the other groups write, moved off the two longest
//              paths (grading, notebooks) to the group that ended first: the grading files that
//              need no graded course (each works in a folder of its own under
//              test-output/grading/).
//   grading:   nbgrader round trips on the shared course (test/support/grading.ts).
//   hub:       the class server (JupyterHub, its own accounts and servers, test-output/hub-*).
//   rest:      kernel, native backend; the notebook checks that read no
//              executed copy (the run harness on its fixtures, the notebooks' hygiene), off the
//              notebooks group, the second longest.
//   static (early: true): the static checks (tsc, eslint, prettier) and the lib tests, which need
//              only the Node packages: npm test starts them during the set-up, as soon as npm ci is
//              done, beside the install of the Python environment.
//   determinism (alone: true): compares each notebook's executed copy (notebooks) with the browser
//              test's Run All of it from a fresh kernel (browser), so it runs once both are done.
//   lib-rebuild (alone: true): runs after the others, by itself.
// Plain `npx mocha` (no groups) runs `spec`: the same files, the groups one after another.
const groups = [
  // Reads what the notebooks and browser groups write: after both (alone: true), before lib-rebuild
  // (whose probe in lib/ would change the key of the runs it compares).
  { name: "determinism", spec: ["test/notebooks/reproducibility.test.ts"], alone: true },
  // Writes a probe into lib/ and dist/, which kernels started by the other groups would rebuild
  // from: it runs alone, once the side-by-side groups have ended.
  { name: "lib-rebuild", spec: ["test/kernel/lib-rebuild.test.ts"], alone: true },
  {
    name: "notebooks",
    // (A new file of test/notebooks/ goes to "rest" unless listed here: list it when it reads the runs' copies.)
    spec: [
      "test/notebooks/notebooks.test.ts",
      "test/notebooks/parameters.test.ts",
      "test/notebooks/parameter-defaults.test.ts",
      "test/notebooks/markdown.test.ts",
      "test/notebooks/saved-size.test.ts",
      "test/book/**/*.test.ts",
      "test/browser/book.test.ts",
    ],
  },
  {
    name: "browser",
    spec: [
      "test/browser/**/*.test.ts",
      "test/server/**/*.test.ts",
      "test/grading/collect.test.ts",
      "test/grading/execute.test.ts",
      "test/grading/lab.test.ts",
      "test/lite/**/*.test.ts",
    ],
  },
  { name: "grading", spec: ["test/grading/**/*.test.ts"] },
  // JupyterHub with its own accounts, servers and Chromium: apart from the rest, whose kernel tests
  // it would otherwise follow one after the other at the end of the run.
  { name: "hub", spec: ["test/hub/**/*.test.ts"] },
  // Needs only the Node packages: starts during the set-up, once npm ci is done (early: true).
  { name: "static", spec: ["test/static.test.ts", "test/static/**/*.test.ts", "test/lib/**/*.test.ts"], early: true },
  {
    name: "rest",
    spec: ["test/notebooks/harness.test.ts", "test/notebooks/hygiene.test.ts", "test/kernel/**/*.test.ts", "test/**/*.test.ts"],
  },
];

module.exports = {
  require: ["ts-node/register/transpile-only", "test/support/hooks.ts"],
  spec: groups.flatMap((g) => g.spec),
  groups,
  extension: ["ts"],
  timeout: 30000,
  reporter: "test/support/summary-reporter.cjs",
};
