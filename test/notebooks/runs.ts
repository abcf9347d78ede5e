// The course notebooks' test runs: each notebook from a fresh kernel (nbrun.py), then every cell a
// second time in the same kernel. The first pass's executed copy goes to test-output/executed/
// (read by the notebook checks, the book and the markdown checks), the second pass's to
// test-output/rerun/ (compared with the first by reproducibility.test.ts). A first pass that ran
// clean is kept with the key of what it was made from (test/support/reference-runs.ts), so that
// the JupyterLite test can compare with it instead of running the notebook again.
import fs from "node:fs";
import path from "node:path";
import { ROOT, runPython, type NotebookReport } from "../support/jupyter";
import { forgetRun, keepRun, referenceKey } from "../support/reference-runs";

// GRADLAB_NOTEBOOKS="00,06" runs only the notebooks whose names start with one of those prefixes
// (`npm run test:quick` runs 00); unset, every notebook runs.
const only = (process.env.GRADLAB_NOTEBOOKS ?? "")
  .split(",")
  .map((p) => p.trim())
  .filter(Boolean);

/** The course notebooks (file names), filtered by GRADLAB_NOTEBOOKS. */
export const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((name) => name.endsWith(".ipynb"))
  .filter((name) => only.length === 0 || only.some((prefix) => name.startsWith(prefix)))
  .sort();

export const executedCopy = (name: string) => path.join(ROOT, "test-output", "executed", name);
export const rerunCopy = (name: string) => path.join(ROOT, "test-output", "rerun", name);

/** Runs notebooks/<name> twice in one kernel (nbrun.py --rerun), writing both executed copies. */
export async function runTwice(name: string): Promise<NotebookReport> {
  // The key of the inputs as they are when the run starts (a change during the run makes it stale).
  const key = referenceKey(ROOT, name);
  forgetRun(path.dirname(executedCopy(name)), name);
  for (const file of [executedCopy(name), rerunCopy(name)]) fs.rmSync(file, { force: true });
  const args = [path.join("notebooks", name), "--timeout", "300", "--out", executedCopy(name), "--rerun", "--rerun-out", rerunCopy(name)];
  const result = await runPython("scripts/nbrun.py", args);
  let report: NotebookReport;
  try {
    report = JSON.parse(result.stdout) as NotebookReport;
  } catch {
    throw new Error(`nbrun.py gave no report for ${name} (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
  }
  if (report.ok && fs.existsSync(executedCopy(name))) keepRun(path.dirname(executedCopy(name)), name, key);
  return report;
}
