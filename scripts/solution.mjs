// `npm run solution -- 06`: the instructor's answers of a notebook's exercises, printed in the
// terminal, for a learner who asks for them. They come from the course's own notebooks/ and are
// never written into the learner's copy in workspace/.
//   npm run solution -- 06                 # every exercise of notebook 06
//   npm run solution -- 06 2               # exercise 2 of notebook 06 (or its id: ex06-2-iterations)
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { ROOT, VENV_PYTHON, projectEnv } = require("./project.cjs");
const NOTEBOOKS = path.join(ROOT, "notebooks");
const USAGE = "usage: npm run solution -- <notebook> [exercise]   e.g. npm run solution -- 06, npm run solution -- 06 2";

function fail(message) {
  process.stderr.write(`[gradlab] ${message}\n`);
  process.exit(1);
}

const [which, exercise, ...rest] = process.argv.slice(2);
if (!which || which === "--help" || which === "-h" || rest.length > 0) fail(USAGE);
const names = fs
  .readdirSync(NOTEBOOKS)
  .filter((n) => n.endsWith(".ipynb"))
  .sort();
const base = path.basename(which).replace(/\.ipynb$/, "");
// A learner copy's name works too: "06-gradient-descent.update-1" is notebook 06.
const stem = base.split(".")[0];
const matches = names.filter((n) => n === `${stem}.ipynb` || n.startsWith(`${stem}-`));
if (matches.length !== 1) {
  fail(`no single course notebook matches "${which}"; give its number or name: ${names.map((n) => n.split("-")[0]).join(", ")}`);
}
const notebook = matches[0];
if (!fs.existsSync(VENV_PYTHON)) fail("the Python environment is missing; run npm run setup first");
const result = spawnSync(VENV_PYTHON, [path.join(ROOT, "scripts", "grading.py"), "solutions", path.join(NOTEBOOKS, notebook)], {
  cwd: ROOT,
  env: projectEnv(),
  encoding: "utf8",
});
if (result.status !== 0) fail(`could not read ${notebook}:\n${result.stderr.trim()}`);
const cells = JSON.parse(result.stdout);
let chosen = cells;
if (exercise !== undefined) {
  chosen = cells.filter((c, i) => String(i + 1) === exercise || c.grade_id === exercise);
  if (chosen.length === 0) {
    const ids = cells.map((c, i) => `${i + 1} (${c.grade_id})`).join(", ");
    fail(`notebook ${notebook} has no exercise "${exercise}"; it has ${ids || "none"}`);
  }
}
if (cells.length === 0) fail(`notebook ${notebook} has no exercises`);
const out = [`Solutions of ${notebook} (from notebooks/; your copy in workspace/ is unchanged)`, ""];
for (const cell of chosen) {
  out.push(`── exercise ${cells.indexOf(cell) + 1}: ${cell.grade_id} ──`, cell.source.trimEnd(), "");
}
process.stdout.write(`${out.join("\n")}\n`);
