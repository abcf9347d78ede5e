// `npm run nb -- to-text|from-text ...`: the notebook authoring tool (scripts/notebooks.py),
// run with the project's Python.
import path from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { ROOT, VENV_PYTHON, projectEnv } = require("./project.cjs");

const result = spawnSync(VENV_PYTHON, [path.join(ROOT, "scripts", "notebooks.py"), ...process.argv.slice(2)], {
  stdio: "inherit",
  env: projectEnv(),
});
if (result.error) {
  process.stderr.write(`could not run ${VENV_PYTHON} (run npm run setup first): ${result.error.message}\n`);
  process.exit(1);
}
process.exit(result.status ?? 1);
