// The tslab patch (patches/tslab+<version>.patch) on an existing install. patch-package applies it
// when npm installs the packages, and only then: a checkout whose patch changed (git pull) would
// keep the old patched tslab in node_modules, since the packages themselves have not changed. So
// the set-up records a hash of the patch files it applied (node_modules/.gradlab-tslab-patch);
// when they differ, tslab's files are put back as published (the tarball npm installed, checked
// against package-lock.json's integrity) and patch-package applies the current patch to them.
// Only Node built-ins, npm and tar here: this runs from scripts/setup.mjs.
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { ROOT } = require("./project.cjs");

const STAMP_NAME = ".gradlab-tslab-patch";

function patchFiles(root) {
  const dir = path.join(root, "patches");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith("tslab+") && name.endsWith(".patch"))
    .sort()
    .map((name) => path.join(dir, name));
}

/** sha256 over the names and contents of patches/tslab+*.patch. */
function tslabPatchHash(root = ROOT) {
  const hash = createHash("sha256");
  for (const file of patchFiles(root)) hash.update(`${path.basename(file)}\n`).update(fs.readFileSync(file));
  return hash.digest("hex");
}

function stampFile(root) {
  return path.join(root, "node_modules", STAMP_NAME);
}

/** Notes that node_modules' tslab carries the current patch (after npm ci, whose postinstall applied it). */
function recordTslabPatch(root = ROOT) {
  fs.writeFileSync(stampFile(root), tslabPatchHash(root));
}

/** True when the patch files differ from the ones last applied (or none was recorded). */
function tslabPatchChanged(root = ROOT) {
  const stamp = stampFile(root);
  return !fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== tslabPatchHash(root);
}

function run(cmd, args, options) {
  const result = spawnSync(cmd, args, { encoding: "utf8", ...options });
  if (result.error) throw new Error(`could not run ${cmd}: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${result.status}):\n${output}`);
  }
  return result.stdout ?? "";
}

/**
 * Puts node_modules/tslab back as published (its own node_modules/ stays) and applies the
 * current patch with patch-package. Throws an Error saying what failed (`npm ci` then starts over).
 */
function reapplyTslabPatch(root = ROOT) {
  const pkgDir = path.join(root, "node_modules", "tslab");
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
  const locked = lock.packages?.["node_modules/tslab"];
  if (!locked?.integrity || locked.version !== version) {
    throw new Error(`package-lock.json has no integrity for tslab ${version}`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-tslab-"));
  try {
    // The tarball npm ci installed, from npm's cache when it is there.
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const packed = JSON.parse(
      run(npm, ["pack", `tslab@${version}`, "--pack-destination", tmp, "--prefer-offline", "--json", "--silent"], {
        cwd: root,
        shell: process.platform === "win32",
      }),
    );
    const tarball = path.join(tmp, packed[0].filename);
    const [algorithm, expected] = locked.integrity.split(/-(.*)/s);
    const actual = createHash(algorithm).update(fs.readFileSync(tarball)).digest("base64");
    if (actual !== expected) throw new Error(`tslab-${version}.tgz does not match package-lock.json's integrity`);
    const unpacked = path.join(tmp, "unpacked");
    fs.mkdirSync(unpacked);
    run("tar", ["-xzf", tarball, "-C", unpacked], {});
    for (const entry of fs.readdirSync(pkgDir)) {
      if (entry !== "node_modules") fs.rmSync(path.join(pkgDir, entry), { recursive: true, force: true });
    }
    fs.cpSync(path.join(unpacked, "package"), pkgDir, { recursive: true });
    const patchPackage = path.join(path.dirname(require.resolve("patch-package/package.json", { paths: [root, ROOT] })), "index.js");
    run(process.execPath, [patchPackage, "--error-on-fail"], { cwd: root });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  recordTslabPatch(root);
}

module.exports = { tslabPatchHash, recordTslabPatch, tslabPatchChanged, reapplyTslabPatch, STAMP_NAME };
