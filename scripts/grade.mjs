// `npm run grade:<step>`: the instructor's steps with nbgrader, without learning its folder layout.
// Everything happens in the course folder (course/ in the project, gitignored; GRADLAB_COURSE_DIR
// to choose another folder inside the project), with the settings of nbgrader_config.py.
//
//   npm run grade:release -- 03-derivative-rules [more notebooks] [--assignment ID] | --all
//   npm run grade:collect -- <folder of submissions> [--assignment ID]
//   npm run grade:autograde -- [assignment | student/assignment ...] [--student ID] [--jobs N] [--timeout SECONDS] [--force] [--with-plots]
//   npm run grade:feedback -- [assignment ...] [--student ID] [--jobs N]
//   npm run grade:report -- [--out FOLDER]
//
// Each command prints what it did and where the files are; README "For instructors" has the
// walk-through.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { setup, runMain, SetupError } from "./setup.mjs";

const require = createRequire(import.meta.url);
const { ROOT, VENV_BIN, VENV_PYTHON, projectEnv } = require("./project.cjs");

const NOTEBOOKS = path.join(ROOT, "notebooks");
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+-]*$/;
/** The most worker processes `autograde --jobs` starts (each runs a kernel at a time). */
export const MAX_JOBS = 32;

const USAGE = `usage: node scripts/grade.mjs <command> [options]   (npm run grade:<command> -- [options])
  release <notebook ...> [--assignment ID]   student versions of notebooks (or --all) into the release folder
  collect <folder> [--assignment ID]         copy students' notebooks (one sub-folder per student) into the course
  autograde [assignment | student/assignment ...] [--student ID] [--jobs N] [--timeout SECONDS] [--force] [--with-plots]
                                             --jobs N: grade N submissions side by side (default 1)
  feedback [assignment ...] [--student ID] [--jobs N]   HTML feedback per student and notebook
                                             --jobs N: N assignments side by side (default 1)
  report [--out FOLDER]                      grades.csv (student x assignment) and tests.csv (every test cell)
common options: --skip-setup (do not check the installation first)`;

function log(message) {
  process.stdout.write(`[grade] ${message}\n`);
}

const rel = (file) => path.relative(process.cwd(), file) || ".";
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Parses `args` into positionals and options; `spec` maps option names to "flag" or "value". */
export function parseOptions(args, spec) {
  const positional = [];
  const options = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const kind = spec[name];
    if (!kind) {
      const known = Object.keys(spec)
        .map((k) => `--${k}`)
        .join(", ");
      throw new SetupError(`unknown option --${name}; this command takes ${known || "no options"}`);
    }
    if (kind === "flag") {
      options[name] = true;
    } else {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith("--")) throw new SetupError(`--${name} needs a value`);
      if (kind === "list") (options[name] ??= []).push(value);
      else options[name] = value;
    }
  }
  return { positional, options };
}

function python(args) {
  const result = spawnSync(VENV_PYTHON, [path.join(ROOT, "scripts", "grading.py"), ...args], {
    cwd: ROOT,
    env: projectEnv(),
    encoding: "utf8",
  });
  if (result.status !== 0) throw new SetupError(`grading.py ${args[0]} failed:\n${result.stderr.trim()}`);
  return JSON.parse(result.stdout);
}

/** The course folders, from nbgrader_config.py (one source of truth). */
function coursePaths() {
  const paths = python(["paths"]);
  const inside = path.relative(ROOT, paths.root);
  if (inside.startsWith("..") || path.isAbsolute(inside)) {
    // The kernel resolves `import ... from "gradlab"` through the project's node_modules, which
    // Node finds only from folders inside the project.
    // Both named relative to the project folder: no absolute path of this machine in the message.
    throw new SetupError(
      `the course folder must be inside the project folder (the one with package.json); GRADLAB_COURSE_DIR is ${inside} from there`,
    );
  }
  return paths;
}

/**
 * Runs an nbgrader step (generate_assignment, autograde, generate_feedback) on each assignment, from
 * the project folder (where nbgrader_config.py is), all in one Python process: importing nbgrader
 * takes seconds, and a course has an assignment per notebook. nbgrader's log goes to the terminal.
 * Returns the assignments it failed on.
 */
function nbgrader(step, assignments, args = [], env = {}) {
  return gradingPy(["nbgrader", step, ...assignments, "--", ...args], `nbgrader ${step}`, env).failed;
}

/** grading.py with nbgrader's log on the terminal; returns the JSON it prints last. */
function gradingPy(args, what, env = {}) {
  const result = spawnSync(VENV_PYTHON, [path.join(ROOT, "scripts", "grading.py"), ...args], {
    cwd: ROOT,
    env: projectEnv(env),
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new SetupError(`could not run nbgrader: ${result.error.message}`);
  const lines = result.stdout.trimEnd().split("\n");
  const last = lines.pop() ?? "";
  if (lines.length > 0) process.stdout.write(`${lines.join("\n")}\n`);
  if (result.status !== 0 || !last.startsWith("{")) throw new SetupError(`${what} stopped (exit ${result.status}); its log above says why`);
  return JSON.parse(last);
}

const listDirs = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory() && !e.name.startsWith("."))
        .map((e) => e.name)
        .sort()
    : [];

const listNotebooks = (dir) =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => n.endsWith(".ipynb"))
        .sort()
    : [];

function checkId(kind, id) {
  if (!ID_PATTERN.test(id)) {
    throw new SetupError(`${kind} "${id}" is not a valid id: use letters, digits and . _ @ + - (no spaces, no slashes)`);
  }
  return id;
}

/** "03-derivative-rules", "03-derivative-rules.ipynb" or a path to any notebook. */
function resolveNotebook(name) {
  const candidates = [path.resolve(name), path.join(NOTEBOOKS, name), path.join(NOTEBOOKS, `${name}.ipynb`)];
  const found = candidates.find((file) => file.endsWith(".ipynb") && fs.existsSync(file) && fs.statSync(file).isFile());
  if (!found) {
    const have = listNotebooks(NOTEBOOKS).map((n) => n.replace(/\.ipynb$/, ""));
    throw new SetupError(`no notebook "${name}" (looked in notebooks/; it has: ${have.join(", ") || "nothing"})`);
  }
  return found;
}

function release(args) {
  const { positional, options } = parseOptions(args, { assignment: "value", all: "flag", "skip-setup": "flag" });
  const names = options.all ? listNotebooks(NOTEBOOKS) : positional;
  if (names.length === 0) throw new SetupError("release: name the notebooks to release (e.g. 03-derivative-rules), or --all");
  const files = names.map(resolveNotebook);
  const groups = new Map();
  for (const file of files) {
    const id = checkId("assignment", options.assignment ?? path.basename(file, ".ipynb"));
    groups.set(id, [...(groups.get(id) ?? []), file]);
  }
  const paths = coursePaths();
  for (const [assignment, notebooks] of groups) {
    const sourceDir = path.join(paths.source, assignment);
    fs.mkdirSync(sourceDir, { recursive: true });
    for (const file of notebooks) fs.copyFileSync(file, path.join(sourceDir, path.basename(file)));
  }
  const notMade = nbgrader("generate_assignment", [...groups.keys()], ["--force"]);
  let failed = notMade.length;
  const made = [...groups.keys()].filter((a) => !notMade.includes(a));
  for (const result of made.length > 0 ? python(["check-release", ...made]) : []) {
    const where = rel(path.join(paths.release, result.assignment, result.notebook));
    if (result.problems.length > 0) {
      failed++;
      log(`PROBLEM in ${where}:\n  ${result.problems.join("\n  ")}`);
    } else {
      log(
        `released ${where}: ${plural(result.exercises, "exercise")}, ${plural(result.tests, "test cell")}, ${plural(result.points, "point")}`,
      );
    }
  }
  if (failed) throw new SetupError(`release: ${failed} problem(s); see above`);
  log(`give students the notebooks in ${rel(paths.release)}/<assignment>/`);
}

/** Released notebooks: notebook name -> assignment ids. */
function releasedNotebooks(paths) {
  const byName = new Map();
  for (const assignment of listDirs(paths.release)) {
    for (const name of listNotebooks(path.join(paths.release, assignment))) {
      byName.set(name, [...(byName.get(name) ?? []), assignment]);
    }
  }
  return byName;
}

function findNotebooksUnder(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue; // .ipynb_checkpoints and the like
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findNotebooksUnder(full));
    else if (entry.name.endsWith(".ipynb")) found.push(full);
  }
  return found.sort();
}

function timestampOf(files) {
  // nbgrader's timestamp format; the newest file of the submission counts.
  const newest = new Date(Math.max(...files.map((f) => fs.statSync(f).mtimeMs)));
  return `${newest.toISOString().replace("T", " ").replace("Z", "")} UTC`;
}

function collect(args) {
  const { positional, options } = parseOptions(args, { assignment: "value", "skip-setup": "flag" });
  if (positional.length !== 1) throw new SetupError("collect: give one folder of submissions (one sub-folder per student)");
  const folder = path.resolve(positional[0]);
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new SetupError(`collect: ${folder} is not a folder`);
  const paths = coursePaths();
  const released = releasedNotebooks(paths);
  if (released.size === 0) throw new SetupError("collect: nothing is released yet; run npm run grade:release first");
  const only = options.assignment;
  if (only && !listDirs(paths.release).includes(only)) {
    throw new SetupError(`collect: assignment "${only}" is not released (released: ${listDirs(paths.release).join(", ")})`);
  }
  const assignmentsOf = (name) => (released.get(name) ?? []).filter((a) => !only || a === only);
  const onlyNotebooks = only ? listNotebooks(path.join(paths.release, only)) : [];

  const plan = []; // { student, assignment, notebook, from }
  const skipped = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".")) continue;
    const full = path.join(folder, entry.name);
    if (entry.isFile() && entry.name.endsWith(".ipynb")) {
      // <student>.ipynb: only when the assignment has exactly one notebook.
      if (onlyNotebooks.length === 1) {
        plan.push({
          student: checkId("student", entry.name.replace(/\.ipynb$/, "")),
          assignment: only,
          notebook: onlyNotebooks[0],
          from: full,
        });
      } else {
        skipped.push(`${entry.name}: a notebook outside a student folder needs --assignment with a one-notebook assignment`);
      }
      continue;
    }
    if (!entry.isDirectory()) continue;
    const student = checkId("student", entry.name);
    const files = findNotebooksUnder(full);
    const matched = files.filter((f) => assignmentsOf(path.basename(f)).length > 0);
    for (const file of files) {
      const assignments = assignmentsOf(path.basename(file));
      if (assignments.length === 1) {
        plan.push({ student, assignment: assignments[0], notebook: path.basename(file), from: file });
      } else if (assignments.length > 1) {
        // The notebook is in several assignments: the sub-folder name says which.
        const inFolder = assignments.find((a) => path.relative(full, file).split(path.sep).includes(a));
        if (inFolder) plan.push({ student, assignment: inFolder, notebook: path.basename(file), from: file });
        else skipped.push(`${path.relative(folder, file)}: in several assignments (${assignments.join(", ")}); use --assignment`);
      } else if (matched.length === 0 && files.length === 1 && onlyNotebooks.length === 1) {
        // A one-notebook assignment and one renamed notebook ("03-derivative-rules (1).ipynb").
        plan.push({ student, assignment: only, notebook: onlyNotebooks[0], from: file });
      } else {
        skipped.push(`${path.relative(folder, file)}: not a released notebook`);
      }
    }
  }
  const seen = new Set();
  for (const item of plan) {
    const key = `${item.student}/${item.assignment}/${item.notebook}`;
    if (seen.has(key)) throw new SetupError(`collect: two files for ${key}; keep one and collect again`);
    seen.add(key);
  }

  // Copy, never move or touch the students' files; a submission folder is replaced as a whole.
  const submissions = new Map();
  for (const item of plan) {
    const key = `${item.student}/${item.assignment}`;
    submissions.set(key, [...(submissions.get(key) ?? []), item]);
  }
  for (const [key, items] of submissions) {
    const dest = path.join(paths.submitted, key);
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true });
    for (const item of items) fs.copyFileSync(item.from, path.join(dest, item.notebook));
    fs.writeFileSync(path.join(dest, "timestamp.txt"), timestampOf(items.map((i) => i.from)));
    log(`collected ${key}: ${items.map((i) => path.relative(folder, i.from)).join(", ")}`);
  }
  for (const line of skipped) log(`skipped ${line}`);
  const students = new Set(plan.map((p) => p.student));
  log(`${submissions.size} submissions from ${students.size} students in ${rel(paths.submitted)}`);
  if (submissions.size === 0) throw new SetupError("collect: no submissions found (expected <folder>/<student>/<notebook>.ipynb)");
}

function submittedAssignments(paths) {
  const ids = new Set();
  for (const student of listDirs(paths.submitted)) for (const a of listDirs(path.join(paths.submitted, student))) ids.add(a);
  return [...ids].sort();
}

/** `--jobs`: a whole number of worker processes, 1 to MAX_JOBS; `one`: what a single worker does at a time. */
export function parseJobs(value, one = "grades one submission at a time") {
  if (value === undefined) return 1;
  const jobs = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(jobs >= 1 && jobs <= MAX_JOBS)) {
    throw new SetupError(
      `--jobs must be a whole number of worker processes from 1 to ${MAX_JOBS} (1 ${one}; about one per CPU core, e.g. --jobs 2 on a two-core machine); got "${value}"`,
    );
  }
  return jobs;
}

/**
 * The submissions to grade, "student/assignment": every collected submission of each named
 * assignment (of --student only, when given), and the named student/assignment pairs.
 */
function submissionsOf(paths, names, student) {
  const pairs = new Set();
  for (const name of names) {
    const parts = name.split("/");
    if (parts.length === 2) {
      const [who, assignment] = [checkId("student", parts[0]), checkId("assignment", parts[1])];
      if (student) throw new SetupError(`autograde: name a submission (${name}) or use --student, not both`);
      if (!fs.existsSync(path.join(paths.submitted, who, assignment))) {
        throw new SetupError(`autograde: no submission ${name} in ${rel(paths.submitted)} (collect it first: npm run grade:collect)`);
      }
      pairs.add(`${who}/${assignment}`);
      continue;
    }
    const assignment = checkId("assignment", name);
    for (const who of listDirs(paths.submitted)) {
      if ((!student || who === student) && fs.existsSync(path.join(paths.submitted, who, assignment))) pairs.add(`${who}/${assignment}`);
    }
  }
  return [...pairs].sort();
}

function autograde(args) {
  const { positional, options } = parseOptions(args, {
    student: "value",
    jobs: "value",
    timeout: "value",
    force: "flag",
    "with-plots": "flag",
    "skip-setup": "flag",
  });
  const jobs = parseJobs(options.jobs);
  const extra = [];
  if (options.student) checkId("student", options.student);
  if (options.force) extra.push("--force");
  if (options.timeout !== undefined) {
    const seconds = Number(options.timeout);
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new SetupError(`--timeout must be a whole number of seconds >= 1; got ${options.timeout}`);
    }
    extra.push(`--Execute.timeout=${seconds}`);
  }
  const paths = coursePaths();
  const assignments = positional.length > 0 ? positional : submittedAssignments(paths);
  if (assignments.length === 0) throw new SetupError("autograde: no submissions; run npm run grade:collect first");
  // Figures without the 4.8 MB plotly.js copy: autograded notebooks and feedback stay small.
  // (nbgrader_config.py makes "never" the default for nbgrader run directly, too.)
  const env = { GRADLAB_PLOTLY_EMBED: options["with-plots"] ? "once" : "never" };
  if (jobs === 1 && !positional.some((name) => name.includes("/"))) {
    // One submission at a time: nbgrader autograde per assignment, as nbgrader's command line does.
    const failed = nbgrader(
      "autograde",
      assignments.map((a) => checkId("assignment", a)),
      [...(options.student ? ["--student", options.student] : []), ...extra],
      env,
    );
    printScores(paths);
    if (failed.length > 0) {
      throw new SetupError(`autograde: nbgrader could not grade every submission of ${failed.join(", ")}; its log above says which`);
    }
    return;
  }
  const pairs = submissionsOf(paths, assignments, options.student);
  if (pairs.length === 0) throw new SetupError(`autograde: no submissions of ${assignments.join(", ")} in ${rel(paths.submitted)}`);
  const workers = Math.min(jobs, pairs.length);
  log(
    `autograding ${plural(pairs.length, "submission")} ${workers === 1 ? "one at a time" : `in ${workers} worker processes side by side`}`,
  );
  const result = gradingPy(["autograde-pairs", "--jobs", String(workers), ...pairs, "--", ...extra], "nbgrader autograde", env);
  printScores(paths);
  for (const pair of result.failed_pairs) log(`not graded: ${pair}`);
  if (result.unsaved.length > 0) {
    // Never a score table that silently lacks a grade: the autograded notebooks say otherwise.
    throw new SetupError(
      `autograde: the gradebook lacks scores that the autograded notebooks show:\n  ${result.unsaved.join("\n  ")}\ngrade these submissions again: npm run grade:autograde -- <student/assignment> --force`,
    );
  }
  if (result.failed.length > 0) {
    throw new SetupError(
      `autograde: nbgrader could not grade every submission of ${result.failed.join(", ")} (${result.failed_pairs.join(", ")}); its log above says why`,
    );
  }
}

function feedback(args) {
  const { positional, options } = parseOptions(args, { student: "value", jobs: "value", "skip-setup": "flag" });
  const jobs = parseJobs(options.jobs, "makes one assignment's feedback at a time");
  const paths = coursePaths();
  const assignments =
    positional.length > 0 ? positional : listDirs(paths.autograded).flatMap((s) => listDirs(path.join(paths.autograded, s)));
  const unique = [...new Set(assignments)].sort();
  if (unique.length === 0) throw new SetupError("feedback: nothing is autograded yet; run npm run grade:autograde first");
  const extra = options.student ? ["--student", checkId("student", options.student)] : [];
  const ids = unique.map((a) => checkId("assignment", a));
  // With --jobs, assignments side by side in forked workers (grading.py): each writes its own folders.
  const failed = gradingPy(
    ["nbgrader", "--jobs", String(jobs), "generate_feedback", ...ids, "--", "--force", ...extra],
    "nbgrader generate_feedback",
  ).failed;
  let count = 0;
  for (const student of listDirs(paths.feedback)) {
    for (const assignment of listDirs(path.join(paths.feedback, student))) {
      count += fs.readdirSync(path.join(paths.feedback, student, assignment)).filter((n) => n.endsWith(".html")).length;
    }
  }
  log(`${count} feedback files in ${rel(paths.feedback)}/<student>/<assignment>/`);
  if (failed.length > 0) throw new SetupError(`feedback: nbgrader failed for ${failed.join(", ")}; see its log above`);
}

function printScores(paths, out) {
  const result = python(out ? ["report", "--out", out] : ["report"]);
  if (result.rows.length === 0) {
    log("no submissions graded yet");
    return;
  }
  // A score with a flagged test cell gets a "*"; the flagged cells are listed below the table.
  const flaggedIn = new Set(result.flagged.map((t) => `${t.student}/${t.assignment}`));
  const header = ["student", ...result.assignments, "total"];
  const rows = result.rows.map((r) => [
    r.student,
    ...result.assignments.map((a) => (r[a] ? `${r[a]}${flaggedIn.has(`${r.student}/${a}`) ? " *" : ""}` : "-")),
    `${r.total} / ${r.max_total}`,
  ]);
  const table = (head, body) => {
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (cells) =>
      cells
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd();
    return `${line(head)}\n${body.map(line).join("\n")}\n`;
  };
  process.stdout.write(`\n${table(header, rows)}\n`);
  if (result.flagged.length > 0) {
    process.stdout.write(`* flagged test cells (${result.flagged.length}):\n`);
    const flagRows = result.flagged.map((t) => [
      t.student,
      t.assignment,
      t.test,
      `${t.score} / ${t.max_score}`,
      t.flags.replaceAll(";", ", "),
    ]);
    process.stdout.write(table(["student", "assignment", "test", "score", "flags"], flagRows));
    const used = new Set(result.flagged.flatMap((t) => t.flags.split(";")));
    for (const [flag, meaning] of Object.entries(result.flag_meanings)) if (used.has(flag)) process.stdout.write(`  ${flag}: ${meaning}\n`);
    process.stdout.write("\n");
  }
  log(
    `scores in ${rel(path.join(out ?? paths.reports, "grades.csv"))} (one row per student) and tests.csv (one row per test cell, with its flags)`,
  );
}

function report(args) {
  const { options } = parseOptions(args, { out: "value", "skip-setup": "flag" });
  printScores(coursePaths(), options.out ? path.resolve(options.out) : undefined);
}

const COMMANDS = { release, collect, autograde, feedback, report };

/** The set-up, saying what is happening and why (it prints only the steps that have work to do). */
async function setupFirst() {
  const installed = fs.existsSync(path.join(VENV_BIN, "nbgrader")) && fs.existsSync(path.join(ROOT, "node_modules", "tslab"));
  log(
    installed
      ? "checking the installation first (seconds when nothing changed; --skip-setup skips this)"
      : "the project is not set up yet, so the set-up runs first: Node packages, a Python environment with nbgrader, the kernel (a few minutes, once; the same as npm run setup)",
  );
  const started = Date.now();
  await setup({ quiet: true });
  const seconds = (Date.now() - started) / 1000;
  if (!installed || seconds >= 5) log(`installation ready (${seconds.toFixed(0)} s)`);
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command || command === "--help" || command === "-h") {
    process.stdout.write(`${USAGE}\n`);
    if (!command) process.exit(2);
    return;
  }
  const run = COMMANDS[command];
  if (!run) throw new SetupError(`unknown command "${command}"\n${USAGE}`);
  if (!args.includes("--skip-setup")) await setupFirst();
  run(args);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runMain(main);
}
