// The course notebooks' test runs, one nbrun.py call (one kernel) per notebook:
//   - with a parameter variant requested (parameters.test.ts asks when it loads, as npm test does):
//     first the variant's values from a fresh kernel (its copy in test-output/variants/), then the
//     notebook's own values in the same kernel, as a learner who changes the parameters cell back
//     and runs all again: it must succeed and leave as many live tfjs tensors as the variant left.
//     Its copy is test-output/executed/; reproducibility.test.ts compares it with a run from a fresh
//     kernel that happens anyway (the browser test's Run All), so that both an unseeded number and
//     state carried over from the run before show as a difference.
//   - without (test:backend, test:quick, a file run alone): the notebook from a fresh kernel
//     (test-output/executed/), then every cell a second time in the same kernel
//     (test-output/rerun/, compared with the first by reproducibility.test.ts).
// An executed copy that ran clean is kept with the key of what it was made from
// (test/support/reference-runs.ts): the JupyterLite test may compare with it instead of running
// the notebook again, and reproducibility.test.ts compares it only with a run of the same key.
import fs from "node:fs";
import path from "node:path";
import { ROOT, runNotebook, type NotebookReport } from "../support/jupyter";
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
/**
 * Where the browser test (test/browser/course.test.ts) runs and saves its copies of the notebooks,
 * keeping the key of the inputs of each that ran clean (reference-runs.ts).
 */
export const BROWSER_RUNS = path.join(ROOT, "test-output");

/**
 * Parameter values (as command-line text) per notebook file name, for a run before the notebook's
 * own in its kernel: set by parameters.test.ts when mocha loads it, so the runs of a test process
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
 * Runs notebooks/<name> twice in one kernel (see the top of this file): the parameter variant
 * then the notebook's own values when a variant was requested (requestVariants), else its own
 * values twice. Writes the executed copies and returns the report of the run with its own values.
 */
export async function runTwice(name: string): Promise<NotebookReport> {
  variantRuns.delete(name);
  // The key of the inputs as they are when the run starts (a change during the run makes it stale).
  const key = referenceKey(ROOT, name);
  forgetRun(path.dirname(executedCopy(name)), name);
  for (const file of [executedCopy(name), rerunCopy(name), variantCopy(name)]) fs.rmSync(file, { force: true });
  const params = variantParams.get(name);
  const report = await runNotebook(path.join("notebooks", name), {
    out: executedCopy(name),
    ...(params ? { variant: { params, out: variantCopy(name) } } : { rerun: true, rerunOut: rerunCopy(name) }),
  });
  if (report.ok && fs.existsSync(executedCopy(name))) keepRun(path.dirname(executedCopy(name)), name, key);
  if (report.variant) variantRuns.set(name, report.variant);
  return report;
}
