// Runs the project's Python-side Jupyter drivers (test/support/*.py) with the project's
// environment, so tests talk to the kernel exactly as JupyterLab and nbclient do.
import { collect, type Collected } from "../../scripts/collect";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const project = require("../../scripts/project.cjs") as {
  ROOT: string;
  VENV_PYTHON: string;
  projectEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv;
};

export const ROOT: string = project.ROOT;

export type ProcessResult = Collected;

/**
 * Runs `fn` with a kernelspec named like the course's (tslab) in a folder of its own, to be found
 * first through JUPYTER_PATH, whose first `failures` starts exit before the kernel listens, as a
 * kernel that lost a port to another process does (the patched tslab exits then). Later starts
 * are the course's kernel.
 */
export async function withFlakyKernelspec<T>(failures: number, fn: (jupyterPath: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-flaky-kernel-"));
  try {
    const spec = JSON.parse(fs.readFileSync(path.join(ROOT, ".venv", "share", "jupyter", "kernels", "tslab", "kernel.json"), "utf8")) as {
      argv: string[];
    };
    const count = path.join(dir, "starts");
    const real = spec.argv.map((a) => `'${a}'`).join(" ");
    spec.argv = [
      "/bin/sh",
      "-c",
      `echo >> '${count}'; if [ "$(wc -l < '${count}')" -gt ${failures} ]; then exec ${real}; fi; ` +
        `echo 'cannot listen (EADDRINUSE)' >&2; exit 1`,
    ];
    fs.mkdirSync(path.join(dir, "kernels", "tslab"), { recursive: true });
    fs.writeFileSync(path.join(dir, "kernels", "tslab", "kernel.json"), JSON.stringify(spec));
    return await fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `.venv/bin/python script args` with the project environment; resolves when it exits. */
export function runPython(script: string, args: string[], input?: string, env: Record<string, string> = {}): Promise<ProcessResult> {
  return collect(project.VENV_PYTHON, [path.join(ROOT, script), ...args], { cwd: ROOT, env: project.projectEnv(env), input: input ?? "" });
}

export interface NotebookFailure {
  kind: "error" | "aborted" | "stderr" | "timeout" | "dead-kernel" | "bad-reply" | "tensor-leak" | "kernel-start";
  cell: number | null;
  lines: string[];
  source?: string[];
  /**
   * "start" when no kernel came up, "run" for the first pass, "rerun" for the second pass of --rerun,
   * "after-variant" for the run with the notebook's own values after the parameter variant's in the
   * same kernel.
   */
  phase: "start" | "run" | "rerun" | "after-variant";
}

export interface NotebookReport {
  notebook: string;
  ok: boolean;
  cells: number;
  seconds: number;
  failure: NotebookFailure | null;
  cell_times: Array<{ cell: number; seconds: number }>;
  /** Live tfjs tensors before and after the second pass (with rerun, or after the parameter variant). */
  tensors?: [number, number];
  /** Index of the cell that sets injected parameters (with params). */
  injected_cell: number | null;
  /** Set instead of the rest when the parameters were refused. */
  parameter_error?: string;
  /** How many kernels were started (a kernel that died while starting is started again). */
  kernel_starts?: number;
  /** With variant: the report of the parameter variant's run, before this one in its kernel. */
  variant?: NotebookReport;
}

export interface RunOptions {
  timeout?: number;
  /** Where to write the executed copy (never the source). */
  out?: string;
  /** Parameter values as command-line text, e.g. { lr: "0.5" }. */
  params?: Record<string, string>;
  /** Run every cell a second time in the same kernel and compare live tensor counts. */
  rerun?: boolean;
  /** With rerun: where to write the executed copy of the second pass. */
  rerunOut?: string;
  /**
   * First run the notebook with these parameter values (its copy to `out`), then with its own
   * values in the same kernel, comparing live tensor counts (nbrun.py --variant-params).
   */
  variant?: { params: Record<string, string>; out?: string };
  /** Extra environment variables for the kernel (e.g. GRADLAB_TF_BACKEND). */
  env?: Record<string, string>;
}

/** Executes a notebook from a fresh kernel (scripts/nbrun.py) and returns its report. */
export async function runNotebook(notebook: string, options: RunOptions = {}): Promise<NotebookReport> {
  const args = [notebook, "--timeout", String(options.timeout ?? 300)];
  if (options.out) args.push("--out", options.out);
  if (options.params) args.push("--params", JSON.stringify(options.params));
  if (options.rerun) args.push("--rerun");
  if (options.rerunOut) args.push("--rerun-out", options.rerunOut);
  if (options.variant) {
    args.push("--variant-params", JSON.stringify(options.variant.params));
    if (options.variant.out) args.push("--variant-out", options.variant.out);
  }
  const result = await runPython("scripts/nbrun.py", args, undefined, options.env);
  try {
    return JSON.parse(result.stdout) as NotebookReport;
  } catch {
    throw new Error(`nbrun.py gave no report for ${notebook} (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
  }
}

/** A readable account of a failed run: notebook, cell, kind, the cell's first lines and the error. */
export function describeFailure(report: NotebookReport): string {
  if (report.parameter_error) return `${report.notebook}: parameters refused: ${report.parameter_error}`;
  const f = report.failure;
  if (!f) return `${report.notebook}: ok`;
  const cell = f.cell === null ? "the notebook" : `cell ${f.cell}`;
  const phase =
    f.phase === "rerun"
      ? " when run a second time"
      : f.phase === "after-variant"
        ? " when run with its own values after the parameter variant, in the same kernel"
        : f.phase === "start"
          ? " before it ran: its kernel did not start"
          : "";
  const source = f.source?.length ? `\n  source: ${f.source.join("\n          ")}` : "";
  return `${report.notebook}: ${cell} failed${phase} (${f.kind})${source}\n  ${f.lines.join("\n  ")}`;
}

export interface KernelOutput {
  msg_type: string;
  content: Record<string, unknown>;
}

export interface KernelResult {
  reply: { status: string; execution_count?: number; ename?: string; evalue?: string; traceback?: string[] };
  outputs: KernelOutput[];
}

/** Sends code cells to a fresh kernel via jupyter_client (test/support/kernel_probe.py). */
export async function probeKernel(spec: {
  cells: string[];
  stop_on_error: boolean;
  mode: "batch" | "sequential";
  cwd?: string;
}): Promise<KernelResult[]> {
  return (await runKernelProbe(spec)).results;
}

export interface KernelShutdown {
  reply: Record<string, unknown>;
  /** "graceful": the kernel ended by itself; "terminated"/"killed": jupyter_client had to escalate. */
  ended: "graceful" | "terminated" | "killed";
  /** From the shutdown request until the process had ended (information, not a test criterion). */
  seconds: number;
  stderr: string;
}

/** Runs cells, then shuts the kernel down as JupyterLab's server does (interrupt, request, wait), and reports how it ended. */
export async function probeKernelShutdown(spec: {
  cells: string[];
  cwd?: string;
}): Promise<{ results: KernelResult[]; shutdown: KernelShutdown }> {
  const report = await runKernelProbe({ ...spec, stop_on_error: true, mode: "sequential", shutdown: true });
  if (!report.shutdown) throw new Error("kernel_probe.py did not report the shutdown");
  return { results: report.results, shutdown: report.shutdown };
}

async function runKernelProbe(spec: object): Promise<{ results: KernelResult[]; shutdown?: KernelShutdown }> {
  const input = JSON.stringify({ cwd: path.join(ROOT, "notebooks"), timeout: 60, ...spec });
  const result = await runPython("test/support/kernel_probe.py", [], input);
  if (result.code !== 0) throw new Error(`kernel_probe.py failed (exit ${result.code}):\n${result.stderr.slice(-3000)}`);
  try {
    return JSON.parse(result.stdout) as { results: KernelResult[]; shutdown?: KernelShutdown };
  } catch (e) {
    throw new Error(
      `kernel_probe.py printed no JSON report (${String(e)}):\n${result.stdout.slice(0, 3000)}\n${result.stderr.slice(-2000)}`,
      { cause: e },
    );
  }
}
