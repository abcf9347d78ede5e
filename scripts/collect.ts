// The one way the project runs a child process and collects what it prints: the tests (test/support,
// test/native), the book build (scripts/book) and the benchmarks (bench/) all call `collect`.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

export interface Collected {
  /** The exit code (null when a signal ended the process). */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CollectOptions {
  cwd: string;
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Written to the child's stdin, which is then closed (default: nothing). */
  input?: string;
  /** Called with each line of stdout as it arrives. */
  onLine?: (line: string) => void;
}

/**
 * Runs `command args` and resolves with its exit code, stdout and stderr once it exits, whether
 * or not it read `input`; rejects only when it cannot be started (e.g. the command does not exist).
 * @example const { code, stdout } = await collect(process.execPath, ["-v"], { cwd: ROOT });
 */
export function collect(command: string, args: readonly string[], options: CollectOptions): Promise<Collected> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    if (options.onLine) createInterface({ input: child.stdout }).on("line", options.onLine);
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    // A child may exit without reading its input (a script that fails on its arguments first): the
    // write then fails with EPIPE, which is no failure of this call; its exit code says what happened.
    child.stdin.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    child.stdin.end(options.input ?? "");
  });
}
