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

/**
 * V8 options of the snapshot's build and of every kernel started from it (V8 refuses a blob built
 * with other options). A kernel starts with ~110 MB of live heap (the blob's parsed declaration
 * files and tslab), above V8's default first old-generation limit: it began a full mark-compact
 * within the first cells after start (incremental steps up to ~50 ms, 25-55 ms on each of several
 * trivial cells). With a first limit of 192 MB that collection waits until a cell has allocated
 * for it, e.g. the gradlab import; the kernel's memory after the import stays about the same.
 */
const KERNEL_NODE_FLAGS = ["--initial-old-space-size=192"];

/** What the blob depends on: the Node binary and flags, the entry, the packages, the tslab patch, gradlab's types. */
function snapshotKey() {
  const hash = createHash("sha256");
  hash.update(`${process.execPath}\n${process.version}\n${process.arch}\n${KERNEL_NODE_FLAGS.join(" ")}\n`);
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
  const run = spawnSync(process.execPath, [...KERNEL_NODE_FLAGS, "--snapshot-blob", blob, CHECK_ARG], { encoding: "utf8", cwd: ROOT });
  const info = run.status === 0 ? /^\{.*\}$/m.exec(run.stdout) : null;
  if (!info)
    throw new Error(`the kernel snapshot does not start (exit ${run.status}): ${`${run.stdout}${run.stderr}`.trim().slice(0, 500)}`);
  return JSON.parse(info[0]);
}

const LOCK = path.join(DIR, "kernel-snapshot.lock");
/** A build that holds the lock longer than this is taken for dead (it takes ~10-60 s). */
const LOCK_STALE_MS = 10 * 60 * 1000;

function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function lockOwnerGone(lock) {
  let owner;
  let stat;
  try {
    owner = Number.parseInt(fs.readFileSync(lock, "utf8"), 10);
    stat = fs.statSync(lock);
  } catch {
    return false; // released meanwhile: try again
  }
  if (Date.now() - stat.mtimeMs > LOCK_STALE_MS) return true;
  if (!Number.isInteger(owner) || owner <= 0) return Date.now() - stat.mtimeMs > 5000;
  try {
    process.kill(owner, 0);
    return false;
  } catch (error) {
    return error.code === "ESRCH";
  }
}

/**
 * Runs fn while holding the build lock (a file created with O_EXCL), so that two set-ups started
 * together (two `npm run notebook`) build the blob once: the second waits, then finds it up to date.
 * A lock whose process is gone is removed. Safety does not depend on it: every build writes to its
 * own temporary files and renames them into place (atomic), so a kernel never reads half a blob.
 */
function withBuildLock(fn, lock = LOCK, waitMs = LOCK_STALE_MS) {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      if (lockOwnerGone(lock)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) break; // build anyway, on temporary files of our own
      sleepSync(100);
    }
  }
  try {
    return fn();
  } finally {
    try {
      if (Number.parseInt(fs.readFileSync(lock, "utf8"), 10) === process.pid) fs.rmSync(lock, { force: true });
    } catch {
      // already gone
    }
  }
}

function readStamp() {
  try {
    return JSON.parse(fs.readFileSync(STAMP, "utf8"));
  } catch {
    return {}; // none, or (from an older set-up) half written
  }
}

/**
 * Builds the snapshot unless an up-to-date one is there. Returns { blob, built, files } when the
 * kernel can start from it, or { blob: undefined, reason } when it cannot (the kernel then starts
 * as plain `node scripts/kernel.cjs`, only slower). Safe to run in several processes at once.
 */
function ensureKernelSnapshot() {
  if (!enabled()) return { blob: undefined, reason: "off (GRADLAB_KERNEL_SNAPSHOT=0)" };
  const key = snapshotKey();
  const upToDate = () => {
    const stamp = readStamp();
    // Checked by starting it when it was built; the key says nothing it depends on has changed since.
    return stamp.key === key && fs.existsSync(BLOB) ? { blob: BLOB, built: false, files: stamp.files } : undefined;
  };
  const ready = upToDate();
  if (ready) return ready;
  fs.mkdirSync(DIR, { recursive: true });
  return withBuildLock(() => upToDate() ?? buildSnapshot(key));
}

function buildSnapshot(key) {
  // Own temporary names: a second build running at the same time (its lock wait timed out) never
  // writes into this one's files. The blob is renamed into place before the stamp that names its
  // key, so a reader that sees the new stamp also sees the new blob.
  const partial = `${BLOB}.${process.pid}.partial`;
  const stampPartial = `${STAMP}.${process.pid}.partial`;
  const build = spawnSync(
    process.execPath,
    ["--no-warnings", ...KERNEL_NODE_FLAGS, "--snapshot-blob", partial, "--build-snapshot", ENTRY],
    {
      encoding: "utf8",
      cwd: ROOT,
      env: { ...process.env, GRADLAB_ROOT: ROOT },
    },
  );
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
  fs.writeFileSync(stampPartial, `${JSON.stringify({ key, node: process.version, files }, null, 2)}\n`);
  fs.renameSync(stampPartial, STAMP);
  return { blob: BLOB, built: true, files };
}

module.exports = { ensureKernelSnapshot, checkSnapshot, withBuildLock, BLOB, KERNEL_NODE_FLAGS };
