// Starts the course server exactly as a learner's `npm start` does (scripts/start.mjs, set-up
// skipped because `npm test` has just done it), on a free port, and reads the address it prints.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ROOT } from "./jupyter";

export interface CourseServer {
  child: ChildProcess;
  /** The "Open:" address printed by start.mjs, token included. */
  url: URL;
  /** http://127.0.0.1:PORT */
  base: string;
  port: number;
  token: string;
  /** The folder the server serves (notebook paths are relative to it). */
  root: string;
  /** Everything the server printed so far (stdout and stderr). */
  log: () => string;
  stop: () => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The learner workspace the tests' servers use (GRADLAB_WORKSPACE), not the learner's own workspace/. */
export const TEST_WORKSPACE = "test-output/learner-workspace";

export interface CourseServerOptions {
  /** The learner workspace (GRADLAB_WORKSPACE), relative to the project; TEST_WORKSPACE by default. */
  workspace?: string;
  /** More environment for start.mjs and the server (e.g. JUPYTER_CONFIG_PATH with a test's own Jupyter config). */
  env?: Record<string, string>;
  /** More arguments for start.mjs (e.g. ["--instructor"]), after its --skip-setup --no-browser --port. */
  args?: readonly string[];
}

/**
 * Starts scripts/start.mjs in a process group of its own, as a shell starts a command: `stop()`
 * then sends SIGINT to the whole group, exactly what Ctrl-C in the learner's terminal does.
 */
export async function startCourseServer(options: CourseServerOptions = {}): Promise<CourseServer> {
  const port = await freePort();
  const start = [path.join(ROOT, "scripts", "start.mjs"), "--skip-setup", "--no-browser", "--port", String(port)];
  const child = spawn(process.execPath, [...start, ...(options.args ?? [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...options.env,
      GRADLAB_WORKSPACE: options.workspace ?? process.env.GRADLAB_WORKSPACE ?? TEST_WORKSPACE,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const url = await new Promise<URL>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      const match = /Open: (http:\/\/\S+)/.exec(log);
      if (match?.[1]) resolve(new URL(match[1]));
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`start.mjs exited (${code}) before printing the URL:\n${log.slice(-3000)}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    process.kill(-child.pid!, "SIGINT");
    await exited;
  };
  return {
    child,
    url,
    base: `${url.protocol}//${url.host}`,
    port: Number(url.port),
    token: url.searchParams.get("token") ?? "",
    root: ROOT,
    log: () => log,
    stop,
  };
}
