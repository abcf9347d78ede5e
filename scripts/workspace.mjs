// The learner workspace: copies of the course notebooks, with the solutions replaced by stubs and
// the hidden tests removed, in workspace/ (gitignored). `npm start` opens them; the course's
// own notebooks/ are the instructor versions and are never written in learner mode.
//
// The copies are made by nbgrader's own release preprocessors with the course's settings
// (scripts/grading.py learner-copies), so a learner copy is what `npm run grade:release` gives a
// student. A small manifest (workspace/.gradlab-workspace.json) records, for each course
// notebook, the copy the learner works in, the sha256 of the course notebook it was made from and
// the sha256 of the copy as it was written. On every start:
//   - no copy yet: one is made;
//   - the course notebook is unchanged: nothing happens;
//   - the course notebook changed (git pull) and the copy is byte for byte as it was written
//     (never saved by the learner): the copy is remade in place, nothing of the learner's is lost;
//   - the course notebook changed and the learner changed the copy: the copy is left alone and
//     the new version arrives next to it as <name>.update-<n>.ipynb, with a note at its top;
//   - the learner deleted the copy: a fresh one is made.
// A copy is never overwritten once the learner has saved it. Hashes, not times, decide.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { ROOT, VENV_PYTHON, projectEnv } = require("./project.cjs");

export const NOTEBOOKS = path.join(ROOT, "notebooks");
/** GRADLAB_WORKSPACE chooses another folder (tests do); it must be inside the project. */
export const WORKSPACE = path.resolve(ROOT, process.env.GRADLAB_WORKSPACE || "workspace");
export const MANIFEST_NAME = ".gradlab-workspace.json";
const FORMAT = 1;

export class WorkspaceError extends Error {}

export const sha256 = (file) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const rel = (file) => path.relative(ROOT, file) || ".";

function checkInsideProject(dir) {
  const inside = path.relative(ROOT, dir);
  if (inside === "" || inside.startsWith("..") || path.isAbsolute(inside)) {
    // Notebooks resolve `import ... from "gradlab"` through the project's node_modules, which
    // Node finds only from folders inside the project.
    // Named relative to the project folder: no absolute path of this machine in the message.
    throw new WorkspaceError(
      `the workspace must be a folder inside the project folder (the one with package.json); GRADLAB_WORKSPACE is ${inside || "."} from there`,
    );
  }
}

export function readManifest(dir = WORKSPACE) {
  const file = path.join(dir, MANIFEST_NAME);
  if (!fs.existsSync(file)) return { format: FORMAT, notebooks: {} };
  try {
    const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
    if (manifest.format === FORMAT && manifest.notebooks && typeof manifest.notebooks === "object") return manifest;
  } catch {
    // unreadable: treated like a missing manifest below (every existing copy is kept)
  }
  return { format: FORMAT, notebooks: {} };
}

function writeManifest(dir, manifest) {
  const file = path.join(dir, MANIFEST_NAME);
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(manifest, null, 1)}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

/** The next free `<base>.update-<n>.ipynb` in `dir`. */
function updateName(dir, name) {
  const base = name.replace(/\.ipynb$/, "");
  for (let n = 1; ; n++) {
    const candidate = `${base}.update-${n}.ipynb`;
    if (!fs.existsSync(path.join(dir, candidate))) return candidate;
  }
}

function updateNotice(name, kept) {
  return [
    "**Course update.** The course's notebook `" + name + "` changed after you started working in",
    "`" + kept + "`. This is a fresh copy of the new version. Your work is still in `" + kept + "`,",
    "exactly as you left it: copy over what you want to keep. (This note is only in this copy; delete",
    "it when you like.)",
  ].join("\n");
}

/** Makes the copies listed in `jobs` ({ source, dest, notice? }) with nbgrader's release steps. */
function makeCopies(jobs) {
  if (jobs.length === 0) return;
  if (!fs.existsSync(VENV_PYTHON)) throw new WorkspaceError("the Python environment is missing; run npm run setup first");
  const result = spawnSync(VENV_PYTHON, [path.join(ROOT, "scripts", "grading.py"), "learner-copies"], {
    cwd: ROOT,
    env: projectEnv(),
    input: JSON.stringify(jobs),
    encoding: "utf8",
  });
  if (result.status !== 0)
    throw new WorkspaceError(`could not make the learner copies:\n${(result.stderr || result.error?.message || "").trim()}`);
}

/**
 * Brings the workspace `dir` up to date with the course notebooks in `source` (see the top of this
 * file). Returns what it did, as file names:
 * { created, refreshed, restored, updates: [{ notebook, kept, copy }], unchanged }, and
 * prints a line for anything that changed through `log`.
 */
export function syncWorkspace({ dir = WORKSPACE, source = NOTEBOOKS, log = () => {} } = {}) {
  checkInsideProject(dir);
  if (path.resolve(dir) === path.resolve(source))
    throw new WorkspaceError("the workspace cannot be the folder its notebooks are copied from");
  fs.mkdirSync(dir, { recursive: true });
  const manifest = readManifest(dir);
  const names = fs
    .readdirSync(source)
    .filter((n) => n.endsWith(".ipynb"))
    .sort();
  const jobs = [];
  const done = { created: [], refreshed: [], restored: [], updates: [], unchanged: [] };
  const plan = (name, copy, sourceHash, notice) => {
    jobs.push({ source: path.join(source, name), dest: path.join(dir, copy), notice });
    manifest.notebooks[name] = { ...manifest.notebooks[name], copy, source_sha256: sourceHash };
  };
  for (const name of names) {
    const sourceHash = sha256(path.join(source, name));
    const entry = manifest.notebooks[name];
    if (!entry) {
      if (fs.existsSync(path.join(dir, name))) {
        // A file of that name the manifest does not know (the manifest was deleted): the learner's.
        const copy = updateName(dir, name);
        plan(name, copy, sourceHash, updateNotice(name, name));
        done.updates.push({ notebook: name, kept: name, copy });
      } else {
        plan(name, name, sourceHash);
        done.created.push(name);
      }
      continue;
    }
    const current = path.join(dir, entry.copy);
    if (!fs.existsSync(current)) {
      plan(name, entry.copy, sourceHash);
      done.restored.push(entry.copy);
    } else if (entry.source_sha256 === sourceHash) {
      done.unchanged.push(entry.copy);
    } else if (sha256(current) === entry.copy_sha256) {
      plan(name, entry.copy, sourceHash);
      done.refreshed.push(entry.copy);
    } else {
      const copy = updateName(dir, name);
      plan(name, copy, sourceHash, updateNotice(name, entry.copy));
      manifest.notebooks[name].earlier = [...(entry.earlier ?? []), entry.copy];
      done.updates.push({ notebook: name, kept: entry.copy, copy });
    }
  }
  makeCopies(jobs);
  for (const job of jobs) {
    const name = path.basename(job.source);
    manifest.notebooks[name].copy_sha256 = sha256(job.dest);
  }
  if (jobs.length > 0) writeManifest(dir, manifest);

  const where = rel(dir);
  if (done.created.length > 0)
    log(`${where}/: made ${done.created.length} learner copies of the course notebooks (solutions replaced by stubs)`);
  for (const copy of done.restored) log(`${where}/${copy} was deleted: made a fresh copy`);
  for (const copy of done.refreshed)
    log(`${where}/${copy}: the course notebook changed and you had not saved this copy, so it now holds the new version`);
  for (const { notebook, kept, copy } of done.updates) {
    log(
      `COURSE UPDATE: ${rel(source)}/${notebook} changed since ${where}/${kept} was made. Your work in ${where}/${kept} is kept as it is; ` +
        `the new version is ${where}/${copy} (a note at its top says the same). Copy over what you want to keep.`,
    );
  }
  if (jobs.length === 0) log(`${where}/: your ${done.unchanged.length} notebooks are up to date with the course`);
  return done;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    syncWorkspace({ log: (m) => process.stdout.write(`[gradlab] ${m}\n`) });
  } catch (error) {
    if (!(error instanceof WorkspaceError)) throw error;
    process.stderr.write(`[gradlab] error: ${error.message}\n`);
    process.exit(1);
  }
}
