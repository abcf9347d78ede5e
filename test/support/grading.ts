// Drives the instructor scripts (scripts/grade.mjs) the way `npm run grade:*` does, on a course
// folder of the test's own under test-output/ (inside the project, so notebooks there resolve
// "gradlab" through the project's node_modules).
import { collect } from "../../scripts/collect";
import fs from "node:fs";
import path from "node:path";
import { ROOT, runPython, type ProcessResult } from "./jupyter";

/** The notebooks the grading tests cover: every course notebook, and the course-like fixtures. */
export function gradedNotebooks(): string[] {
  const list = (dir: string) =>
    fs
      .readdirSync(path.join(ROOT, dir))
      .filter((n) => n.endsWith(".ipynb"))
      .sort()
      .map((n) => path.join(dir, n));
  return [...list("notebooks"), ...list(path.join("test", "fixtures", "grading"))];
}

export const notebookName = (file: string) => path.basename(file, ".ipynb");

/** A test's course folder: test-output/grading/<name>/course. */
export const courseDir = (name: string) => path.join(ROOT, "test-output", "grading", name, "course");

/** Empties test-output/grading/<name>/ (call it in a before hook, not when the file loads). */
export function freshCourse(name: string): string {
  const dir = path.dirname(courseDir(name));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return courseDir(name);
}

/** `node scripts/grade.mjs <args> --skip-setup` with GRADLAB_COURSE_DIR=course. */
export function grade(course: string, args: string[]): Promise<ProcessResult> {
  return collect(process.execPath, [path.join(ROOT, "scripts", "grade.mjs"), ...args, "--skip-setup"], {
    cwd: ROOT,
    env: { ...process.env, GRADLAB_COURSE_DIR: course },
  });
}

/** Like grade(), but throws with the script's output when it fails. */
export async function gradeOk(course: string, args: string[]): Promise<ProcessResult> {
  const result = await grade(course, args);
  if (result.code !== 0) {
    throw new Error(`grade.mjs ${args.join(" ")} exited ${result.code}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-6000)}`);
  }
  return result;
}

/** Parses a CSV written by the report (plain fields, no quoting needed for ids and numbers). */
export function readCsv(file: string): Array<Record<string, string>> {
  const [header, ...rows] = fs.readFileSync(file, "utf8").trim().split(/\r?\n/);
  const names = header!.split(",");
  return rows.map((row) => Object.fromEntries(row.split(",").map((v, i) => [names[i]!, v])));
}

/** Validates a notebook file against the nbformat schema; resolves to the error, or "" when valid. */
export async function nbformatProblems(file: string): Promise<string> {
  const result = await runPython("test/support/grading_probe.py", ["validate", file]);
  return result.code === 0 ? "" : result.stderr.trim().split("\n").slice(-3).join("\n");
}
