// `npm run setup` on an existing install whose tslab patch changed (scripts/tslab-patch.cjs): the
// new patch is applied to tslab as published, not on top of the old one, and only when the patch
// files changed. Runs on a copy: a small project folder with the real package.json,
// package-lock.json and node_modules/tslab (as the old patch left it) and a changed patch.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../support/jupyter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const tslabPatch = require("../../scripts/tslab-patch.cjs") as {
  tslabPatchHash: (root?: string) => string;
  recordTslabPatch: (root?: string) => void;
  tslabPatchChanged: (root?: string) => boolean;
  reapplyTslabPatch: (root?: string) => void;
  STAMP_NAME: string;
};

const CHANGED = "gradlab patch (changed since the last install)";

describe("set-up: a changed tslab patch is applied again on an existing install", function () {
  this.timeout(180_000);
  let project = "";
  let patchName = "";

  /** tslab's dist/*.js, one text per file. */
  const distJs = () => {
    const dist = path.join(project, "node_modules", "tslab", "dist");
    return fs
      .readdirSync(dist)
      .filter((n) => n.endsWith(".js"))
      .map((n) => fs.readFileSync(path.join(dist, n), "utf8"));
  };

  before(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-patch-test-"));
    for (const file of ["package.json", "package-lock.json"]) fs.copyFileSync(path.join(ROOT, file), path.join(project, file));
    fs.cpSync(path.join(ROOT, "node_modules", "tslab"), path.join(project, "node_modules", "tslab"), { recursive: true });
    fs.rmSync(path.join(project, "node_modules", "tslab", ".patch-package.json"), { force: true });
    fs.mkdirSync(path.join(project, "patches"));
    const found = fs.readdirSync(path.join(ROOT, "patches")).find((n) => n.startsWith("tslab+"));
    assert.ok(found, "patches/ has the tslab patch");
    patchName = found;
    fs.copyFileSync(path.join(ROOT, "patches", patchName), path.join(project, "patches", patchName));
    // node_modules as the last set-up left it: tslab patched with the patch of that time.
    tslabPatch.recordTslabPatch(project);
  });

  after(() => {
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("does nothing while the patch is the one applied", () => {
    assert.equal(tslabPatch.tslabPatchChanged(project), false);
    assert.ok(distJs().join("\n").includes("// gradlab patch"), "the copied tslab carries the current patch");
    assert.ok(!distJs().join("\n").includes(CHANGED));
  });

  it("applies a changed patch to tslab as published, then records it", () => {
    // A newer patch: one added line of the current one says something else (the hunks still fit).
    const file = path.join(project, "patches", patchName);
    const text = fs.readFileSync(file, "utf8");
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.startsWith("+") && l.includes("// gradlab patch:"));
    assert.ok(at > 0, "an added comment line to change");
    lines[at] = lines[at]!.replace("gradlab patch", CHANGED);
    fs.writeFileSync(file, lines.join("\n"));
    assert.equal(tslabPatch.tslabPatchChanged(project), true, "the changed patch is noticed");

    tslabPatch.reapplyTslabPatch(project);

    assert.ok(distJs().join("\n").includes(CHANGED), "tslab now carries the changed patch");
    // Applied once, to the published files: each of the patch's comment lines is there exactly once.
    const comments = lines.filter((l) => l.startsWith("+") && l.includes("// gradlab patch")).length;
    const inDist = distJs()
      .map((js) => js.match(/\/\/ gradlab patch/g)?.length ?? 0)
      .reduce((a, b) => a + b, 0);
    assert.equal(inDist, comments, "the patch's added comment lines, each once in dist/");
    // tslab's own dependencies (node_modules/tslab/node_modules) are still there.
    assert.deepEqual(
      fs.readdirSync(path.join(project, "node_modules", "tslab", "node_modules")).sort(),
      fs.readdirSync(path.join(ROOT, "node_modules", "tslab", "node_modules")).sort(),
    );
    assert.equal(fs.readFileSync(path.join(project, "node_modules", tslabPatch.STAMP_NAME), "utf8"), tslabPatch.tslabPatchHash(project));
    assert.equal(tslabPatch.tslabPatchChanged(project), false, "nothing left to do on the next set-up");
  });

  it("says what failed when the patch does not fit tslab", () => {
    const file = path.join(project, "patches", patchName);
    // A context line that tslab does not have: the hunk cannot apply.
    const lines = fs.readFileSync(file, "utf8").split("\n");
    const at = lines.findIndex((l) => l.startsWith(" ") && l.trim().length > 10);
    lines[at] = ` ${lines[at]!.slice(1)} /* not in tslab */`;
    fs.writeFileSync(file, lines.join("\n"));
    assert.throws(() => tslabPatch.reapplyTslabPatch(project), /patch-package.* failed \(exit 1\)/);
    assert.equal(tslabPatch.tslabPatchChanged(project), true, "a failed patch is not recorded as applied");
  });
});
