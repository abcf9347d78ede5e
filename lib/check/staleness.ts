import { checkString } from "../util/validate";
/**
 * Stale definitions: when a learner's cell fails (a compile error, or a throw while it runs), the
 * kernel keeps the previous definition of its names, and a test cell run afterwards would grade
 * that previous definition. The patched kernel records, for each declared top-level name, the
 * status of the newest cell execution that declared it, as
 * `globalThis[Symbol.for("gradlab.kernel.declarations")].status(name)`. The checks ask it about
 * the learner's names and say so instead of grading the old code. Outside that kernel (plain
 * node, the library's own tests) the record is absent and nothing is checked.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */

export interface DeclarationStatus {
  ok: boolean;
  kind?: "compile" | "runtime";
  execution: number;
}

interface DeclarationRecord {
  status(name: string): DeclarationStatus | undefined;
}

const KEY = Symbol.for("gradlab.kernel.declarations");

function record(): DeclarationRecord | undefined {
  const value = (globalThis as Record<symbol, unknown>)[KEY] as Partial<DeclarationRecord> | undefined;
  return value && typeof value.status === "function" ? (value as DeclarationRecord) : undefined;
}

/** The identifier a check's display name starts with: "cubeDerivative" for "cubeDerivative(2)". */
export function leadingIdentifier(name: string): string | undefined {
  checkString("leadingIdentifier: name", name, true);
  return /^\s*([A-Za-z_$][\w$]*)/.exec(name)?.[1];
}

/**
 * Why the learner's newest definition of `name` is not the one a test would grade, or "" when it
 * is (or when the kernel keeps no record).
 */
export function staleProblem(name: string): string {
  checkString("staleProblem: name", name, true);
  const rec = record();
  const id = leadingIdentifier(name);
  if (!rec || !id) return "";
  const status = rec.status(id);
  if (!status || status.ok) return "";
  const what = status.kind === "compile" ? "did not compile" : status.kind === "runtime" ? "threw an error" : "failed";
  return (
    `The cell that defines ${id} ${what} the last time you ran it (execution [${status.execution}]), so ${id} is still ` +
    "the previous definition and this test would grade that instead of your newest code. Fix the error shown under " +
    "that cell, run it again, then run this test."
  );
}
