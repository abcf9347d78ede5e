// Type-check (strict), lint and format checks, as tests: a failure names the files and lines.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT } from "./support/jupyter";

function run(bin: string, args: string[]) {
  const result = spawnSync(process.execPath, [path.join(ROOT, "node_modules", ...bin.split("/")), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`.trim() };
}

describe("static checks", function () {
  this.timeout(180000);

  it("lib, tests and scripts type-check under strict mode (tsc)", () => {
    const { code, output } = run("typescript/bin/tsc", ["-p", "tsconfig.json"]);
    assert.equal(code, 0, output);
  });

  it("lint is clean (eslint)", () => {
    const { code, output } = run("eslint/bin/eslint.js", ["--max-warnings", "0", "."]);
    assert.equal(code, 0, output);
  });

  it("formatting is clean (prettier --check; fix with npm run format)", () => {
    const { code, output } = run("prettier/bin/prettier.cjs", ["--check", "."]);
    assert.equal(code, 0, output);
  });
});
