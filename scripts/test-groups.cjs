// The groups of test files that `npm test` runs side by side (scripts/test.mjs): their mocha
// command lines, and the files each one runs (test/groups.test.ts checks the split). A file
// belongs to the first group whose patterns match it: each group ignores the patterns of the
// groups before it. Plain CommonJS, loaded after the set-up (it needs mocha).
"use strict";
const path = require("node:path");
const { ROOT } = require("./project.cjs");

/** The config's options (spec and groups aside) as command-line arguments, for mocha --no-config. */
function optionArgs(config) {
  const args = [];
  for (const [key, value] of Object.entries(config)) {
    if (key === "spec" || key === "groups") continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === true) args.push(`--${key}`);
      else if (v === false) args.push(`--no-${key}`);
      else args.push(`--${key}`, String(v));
    }
  }
  return args;
}

/** Each group with the patterns it runs and the patterns it leaves to earlier groups. */
function groupPatterns(config) {
  const groups = config.groups ?? [{ name: "all", spec: config.spec }];
  return groups.map((group, i) => ({
    name: group.name,
    spec: group.spec,
    alone: group.alone === true,
    early: group.early === true,
    ignore: groups.slice(0, i).flatMap((g) => g.spec),
  }));
}

/** One mocha command line (arguments after mocha.js) per group. */
function groupCommands(config) {
  const base = optionArgs(config);
  return groupPatterns(config).map(({ name, spec, alone, early, ignore }) => ({
    name,
    alone,
    early,
    args: ["--no-config", ...base, ...spec.flatMap((s) => ["--spec", s]), ...ignore.flatMap((s) => ["--ignore", s])],
  }));
}

/** The files mocha would run for these patterns, in its order (project-relative, each once). */
function filesOf(spec, ignore = [], extension = ["ts"]) {
  const collect = require("mocha/lib/cli/collect-files.cjs");
  const cwd = process.cwd();
  try {
    process.chdir(ROOT);
    const { files } = collect({ spec, ignore, extension, file: [], sort: false, recursive: false, allowEmpty: true });
    return [...new Set(files.map((f) => path.relative(ROOT, f)))];
  } finally {
    process.chdir(cwd);
  }
}

module.exports = { groupCommands, groupPatterns, filesOf, optionArgs };
