// Builds the kernel's V8 start-up snapshot (scripts/kernel-snapshot-entry.cjs says what is in it)
// for `npm run setup`, which then starts kernels from it. The blob only works with the Node binary
// that built it, so it is rebuilt when that, TypeScript/tslab, the entry or gradlab's types change,
// and it is checked by starting it once. GRADLAB_KERNEL_SNAPSHOT=0 turns it off.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { createHash } = require("node:crypto");
const { spawnSync } = require("node:child_process");
const { ROOT, VENV } = require("./project.cjs");

const DIR = path.join(VENV, "share", "gradlab");
const BLOB = path.join(DIR, "kernel-snapshot.blob");
const STAMP = path.join(DIR, "kernel-snapshot.json");
const ENTRY = path.join(ROOT, "scripts", "kernel-snapshot-entry.cjs");

function enabled(env = process.env) {
  return env.GRADLAB_KERNEL_SNAPSHOT !== "0";
}

/** What the blob depends on: the Node binary, the entry, the packages, the tslab patch, gradlab's types. */
function snapshotKey() {
  const hash = createHash("sha256");
  hash.update(`${process.execPath}\n${process.version}\n${process.arch}\n`);
  for (const file of [
    ENTRY,
    path.join(ROOT, "package-lock.json"), // tslab's TypeScript, tfjs's types, @types/node
    ...fs.readdirSync(path.join(ROOT, "patches")).map((name) => path.join(ROOT, "patches", name)),
  ]) {
    hash.update(fs.existsSync(file) ? fs.readFileSync(file) : "-");
  }
  const buildInfo = path.join(ROOT, "dist", ".tsbuildinfo");
  hash.update(fs.existsSync(buildInfo) ? String(fs.statSync(buildInfo).mtimeMs) : "-");
  return hash.digest("hex");
}

/** Starts the blob once; returns what it holds, or throws with what went wrong. */
function checkSnapshot(blob = BLOB) {
  const { CHECK_ARG } = require(ENTRY);
  const run = spawnSync(process.execPath, ["--snapshot-blob", blob, CHECK_ARG], { encoding: "utf8", cwd: ROOT });
  const info = run.status === 0 ? /^\{.*\}$/m.exec(run.stdout) : null;
  if (!info)
    throw new Error(`the kernel snapshot does not start (exit ${run.status}): ${`${run.stdout}${run.stderr}`.trim().slice(0, 500)}`);
  return JSON.parse(info[0]);
}

/**
 * Builds the snapshot unless an up-to-date one is there. Returns { blob, built, files } when the
 * kernel can start from it, or { blob: undefined, reason } when it cannot (the kernel then starts
 * as plain `node scripts/kernel.cjs`, only slower).
 */
function ensureKernelSnapshot() {
  if (!enabled()) return { blob: undefined, reason: "off (GRADLAB_KERNEL_SNAPSHOT=0)" };
  const key = snapshotKey();
  const stamp = fs.existsSync(STAMP) ? JSON.parse(fs.readFileSync(STAMP, "utf8")) : {};
  // Checked by starting it when it was built; the key says nothing it depends on has changed since.
  if (stamp.key === key && fs.existsSync(BLOB)) return { blob: BLOB, built: false, files: stamp.files };
  fs.mkdirSync(DIR, { recursive: true });
  fs.rmSync(STAMP, { force: true });
  const partial = `${BLOB}.partial`;
  const build = spawnSync(process.execPath, ["--no-warnings", "--snapshot-blob", partial, "--build-snapshot", ENTRY], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, GRADLAB_ROOT: ROOT },
  });
  if (build.status !== 0) {
    fs.rmSync(partial, { force: true });
    return { blob: undefined, reason: `could not be built (exit ${build.status}): ${build.stderr.trim().slice(0, 500)}` };
  }
  let files;
  try {
    files = checkSnapshot(partial).files;
  } catch (error) {
    fs.rmSync(partial, { force: true });
    return { blob: undefined, reason: error.message };
  }
  fs.renameSync(partial, BLOB);
  fs.writeFileSync(STAMP, `${JSON.stringify({ key, node: process.version, files }, null, 2)}\n`);
  return { blob: BLOB, built: true, files };
}

module.exports = { ensureKernelSnapshot, checkSnapshot, BLOB };
