// Kept runs of the course notebooks, each with the key of what it was made from: the server
// kernel's runs that the JupyterLite test compares the browser's numbers with (`npm run notebook
// -- NN`, test-output/lite-server/, or the notebook test's test-output/executed/), and the browser
// test's Run All that the determinism test compares the notebook test's runs with. A kept run is
// reused only when it was made from the same inputs: next to each run lies its key, a hash of the
// content of the notebook and of everything else its outputs depend on (REFERENCE_INPUTS); a
// file's time never counts, so a change to lib/ with the notebook unchanged makes a new run.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * What a notebook's outputs on the server kernel depend on besides the notebook itself, relative
 * to the project: the library, the kernel (tslab, its patch, its start-up and snapshot), the
 * package versions (npm and Python) and the runner. Folders count with every file below them.
 */
export const REFERENCE_INPUTS: readonly string[] = [
  "lib",
  "patches",
  "package-lock.json",
  "requirements.txt",
  "constraints.txt",
  "tsconfig.base.json",
  "tsconfig.build.json",
  "scripts/build-lib.cjs",
  "scripts/kernel.cjs",
  "scripts/code-cache.cjs",
  "scripts/kernel-snapshot.cjs",
  "scripts/kernel-snapshot-entry.cjs",
  "scripts/tslab-patch.cjs",
  "scripts/tfjs-node.cjs",
  "scripts/tfjs-node-pin.json",
  "scripts/project.cjs",
  "scripts/notebook.mjs",
  "scripts/nbrun.py",
];

/** Files below `dir` (or `dir` itself when it is a file), relative to `root`, in a fixed order. */
function filesOf(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  if (!fs.statSync(full).isDirectory()) return [entry];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => filesOf(root, path.posix.join(entry, name)));
}

/**
 * The key of `notebook`'s reference run (a file name in `root`/notebooks): a SHA-256 of the
 * notebook's bytes, of each file of `inputs` (its path and bytes; a missing input counts as
 * missing), of the Node version and of the tfjs backend asked for (GRADLAB_TF_BACKEND).
 */
export function referenceKey(root: string, notebook: string, inputs: readonly string[] = REFERENCE_INPUTS): string {
  const hash = crypto.createHash("sha256");
  const add = (label: string, content: Buffer | string) => {
    hash.update(`${label}\0${content.length}\0`);
    hash.update(content);
  };
  add("notebook", fs.readFileSync(path.join(root, "notebooks", notebook)));
  add("node", process.version);
  // The tfjs backend a kernel started from this process's environment would use (test:backend's).
  add("backend", process.env.GRADLAB_TF_BACKEND ?? "");
  for (const input of inputs) {
    if (!fs.existsSync(path.join(root, input))) {
      add(`missing ${input}`, "");
      continue;
    }
    for (const file of filesOf(root, input)) add(file, fs.readFileSync(path.join(root, file)));
  }
  return hash.digest("hex");
}

const keyFile = (dir: string, notebook: string) => path.join(dir, `${notebook}.key`);

/** The kept run of `notebook` in `dir` when its key is `key`, else undefined. */
export function keptRun(dir: string, notebook: string, key: string): string | undefined {
  const run = path.join(dir, notebook);
  const kept = fs.existsSync(keyFile(dir, notebook)) ? fs.readFileSync(keyFile(dir, notebook), "utf8").trim() : undefined;
  return kept === key && fs.existsSync(run) ? run : undefined;
}

/** Records that the run of `notebook` now in `dir` was made from the inputs whose key is `key`. */
export function keepRun(dir: string, notebook: string, key: string): void {
  fs.writeFileSync(keyFile(dir, notebook), `${key}\n`);
}

/** Forgets the kept run's key (before a new run overwrites the run, so that a failed run is never reused). */
export function forgetRun(dir: string, notebook: string): void {
  fs.rmSync(keyFile(dir, notebook), { force: true });
}
