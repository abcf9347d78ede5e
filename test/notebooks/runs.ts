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
export const variantCopy = (name: string) => path.join(ROOT, "test-output", "variants", name);

/** A run's report, with the report of the run with other parameter values after it (nbrun.py --then-params). */
export type RunsReport = NotebookReport & { then?: NotebookReport };

/**
 * Parameter values (as command-line text) per notebook file name, for a third run in the kernel of
 * the first two: set by parameters.test.ts when mocha loads it, so the runs of a test process
 * that checks the parameter variants make them too, and others (test:backend) do not.
 */
const variantParams = new Map<string, Record<string, string>>();
export function requestVariants(params: Map<string, Record<string, string>>): void {
  for (const [name, values] of params) variantParams.set(name, values);
}

/** The variant runs made by runTwice in this process, by notebook file name. */
const variantRuns = new Map<string, NotebookReport>();
export const variantRun = (name: string): NotebookReport | undefined => variantRuns.get(name);

/**
 * Runs notebooks/<name> twice in one kernel (nbrun.py --rerun), writing both executed copies; then,
 * when requested (requestVariants) and both passes succeeded, once more in the same kernel with the
 * notebook's other parameter values, as a learner who changes the parameters cell and runs all
 * cells again (its copy in test-output/variants/, its report by variantRun).
 */
export async function runTwice(name: string): Promise<RunsReport> {
  variantRuns.delete(name);
  // The key of the inputs as they are when the run starts (a change during the run makes it stale).
  const key = referenceKey(ROOT, name);
  forgetRun(path.dirname(executedCopy(name)), name);
  for (const file of [executedCopy(name), rerunCopy(name), variantCopy(name)]) fs.rmSync(file, { force: true });
  const args = [path.join("notebooks", name), "--timeout", "300", "--out", executedCopy(name), "--rerun", "--rerun-out", rerunCopy(name)];
  const params = variantParams.get(name);
  if (params) args.push("--then-params", JSON.stringify(params), "--then-out", variantCopy(name));
  const result = await runPython("scripts/nbrun.py", args);
  let report: RunsReport;
  try {
    report = JSON.parse(result.stdout) as RunsReport;
  } catch {
    throw new Error(`nbrun.py gave no report for ${name} (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
  }
  if (report.ok && fs.existsSync(executedCopy(name))) keepRun(path.dirname(executedCopy(name)), name, key);
  if (report.then) variantRuns.set(name, report.then);
  return report;
}
