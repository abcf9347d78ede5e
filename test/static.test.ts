// Type-check (strict), lint and format checks, as tests: a failure names the files and lines.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "./support/jupyter";

function run(bin: string, args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", ...bin.split("/")), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

// Each tool keeps a cache in node_modules/.cache/gradlab/, keyed by the content of the files
// (and by the tool's version and settings): a file whose text is unchanged since the last check
// is not parsed again, so a second run (npm run test:quick while working) takes seconds. A fresh
// clone has no cache and checks everything; `npm ci` starts again from nothing.
const CACHE = path.join(ROOT, "node_modules", ".cache", "gradlab");

describe("static checks", function () {
  this.timeout(300000);
  before(() => fs.mkdirSync(CACHE, { recursive: true }));

  it("lib, tests and scripts type-check under strict mode (tsc)", () => {
    // --incremental: the build info records each file's content hash and its diagnostics.
    const { code, output } = run("typescript/bin/tsc", [
      "-p",
      "tsconfig.json",
      "--incremental",
      "--tsBuildInfoFile",
      path.join(CACHE, "tsc.tsbuildinfo"),
    ]);
    assert.equal(code, 0, output);
  });

  it("lint is clean (eslint)", () => {
    const cache = ["--cache", "--cache-strategy", "content", "--cache-location", path.join(CACHE, "eslint.json")];
    const { code, output } = run("eslint/bin/eslint.js", ["--max-warnings", "0", ...cache, "."]);
    assert.equal(code, 0, output);
  });

  it("formatting is clean (prettier --check; fix with npm run format)", () => {
    const cache = ["--cache", "--cache-strategy", "content", "--cache-location", path.join(CACHE, "prettier.json")];
    const { code, output } = run("prettier/bin/prettier.cjs", ["--check", ...cache, "."]);
    assert.equal(code, 0, output);
  });
});
