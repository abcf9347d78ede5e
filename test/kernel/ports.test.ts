// A port the kernel cannot listen on. jupyter_client picks a kernel's ports by binding free ones and
// letting them go; on a busy machine another process can take one before the kernel binds it. The
// patched tslab then ends its process, naming the port (unpatched, it lived on without that socket
// and its client waited for a kernel_info reply that never came). The servers the project starts
// restart such a kernel on new ports (SERVER_KERNEL_ARGS, scripts/project.cjs), and the runners
// start another (scripts/kernel_start.py; test/notebooks/harness.test.ts, test/grading/execute.test.ts).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ROOT, runPython, withFlakyKernelspec } from "../support/jupyter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const project = require("../../scripts/project.cjs") as {
  SERVER_KERNEL_ARGS: string[];
  projectEnv: (extra?: Record<string, string>) => NodeJS.ProcessEnv;
};

const KERNEL_JSON = path.join(ROOT, ".venv", "share", "jupyter", "kernels", "tslab", "kernel.json");
const PORTS = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"] as const;

/** A server listening on a free port of 127.0.0.1, as another process holding it. */
function holdPort(): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}
const portOf = (server: net.Server) => (server.address() as net.AddressInfo).port;

/** Starts the course's kernel (its kernelspec's command) on a connection file whose `taken` port is held. */
async function startWithTakenPort(
  taken: (typeof PORTS)[number],
): Promise<{ code: number | null; stderr: string; port: number; ended: boolean }> {
  const held = await holdPort();
  const others = await Promise.all(PORTS.map(() => holdPort()));
  const free = others.map(portOf);
  await Promise.all(others.map((s) => new Promise((r) => s.close(r))));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-ports-"));
  try {
    const info: Record<string, unknown> = {
      transport: "tcp",
      ip: "127.0.0.1",
      key: "k",
      signature_scheme: "hmac-sha256",
      kernel_name: "tslab",
    };
    PORTS.forEach((name, i) => (info[name] = name === taken ? portOf(held) : free[i]));
    const file = path.join(dir, "kernel.json");
    fs.writeFileSync(file, JSON.stringify(info));
    const spec = JSON.parse(fs.readFileSync(KERNEL_JSON, "utf8")) as { argv: string[]; env?: Record<string, string> };
    const argv = spec.argv.map((a) => a.replace("{connection_file}", file));
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: ROOT,
      env: project.projectEnv(spec.env ?? {}),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const result = await new Promise<{ code: number | null; ended: boolean }>((resolve) => {
      // The kernel's whole start (the gradlab import included) takes about a second when idle.
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve({ code: null, ended: false });
      }, 30_000);
      child.on("exit", (code) => {
        clearTimeout(timer);
        resolve({ code, ended: true });
      });
    });
    return { ...result, stderr, port: portOf(held) };
  } finally {
    held.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("kernel: a port it cannot listen on", function () {
  this.timeout(120_000);

  // iopub is bound first, the other four together (the patch in jupyter.js): one of each.
  for (const taken of ["iopub_port", "hb_port"] as const) {
    it(`ends its process, naming the port (${taken} held by another process)`, async () => {
      const r = await startWithTakenPort(taken);
      assert.ok(r.ended, `the kernel still ran after 30 s; its stderr:\n${r.stderr}`);
      assert.equal(r.code, 1);
      assert.equal(
        r.stderr.trim(),
        `gradlab kernel: cannot listen on tcp://127.0.0.1:${r.port} (EADDRINUSE: Address already in use); exiting so that it can be started again on other ports`,
      );
    });
  }

  it("the probes' start (scripts/kernel_start.py) starts another kernel, and keeps only its log", async () => {
    const result = await withFlakyKernelspec(1, (dir) =>
      runPython("test/support/kernel_probe.py", ["start-log"], "", { JUPYTER_PATH: dir }),
    );
    assert.equal(result.code, 0, result.stderr.slice(-3000));
    assert.match(result.stderr, /the kernel did not start \(Kernel died before replying to kernel_info\); starting another on new ports/);
    const log = (JSON.parse(result.stdout) as { stderr: string }).stderr;
    assert.doesNotMatch(log, /cannot listen/, "the failed start's line is not in the log of the kernel that answered");
  });

  describe("a server's kernel manager, with another process holding a port chosen for the kernel", () => {
    interface Case {
      held_port: number;
      cache_ports: boolean;
      ready: boolean;
      shell_port: number;
      restarts: number;
      dead: boolean;
      error?: string;
      stderr: string;
    }
    let cases: Record<string, Case>;

    before(async () => {
      const input = {
        cases: [
          { name: "npm start", argv: project.SERVER_KERNEL_ARGS },
          { name: "hub student", config_dir: path.join(ROOT, "hub", "jupyter", "student") },
          { name: "hub instructor", config_dir: path.join(ROOT, "hub", "jupyter", "instructor") },
          { name: "jupyter_client's defaults" },
        ],
      };
      const result = await runPython("test/support/kernel_probe.py", ["taken-port"], JSON.stringify(input));
      assert.equal(result.code, 0, result.stderr.slice(-3000));
      cases = JSON.parse(result.stdout) as Record<string, Case>;
    });

    for (const name of ["npm start", "hub student", "hub instructor"]) {
      it(`${name}: the restarter starts the kernel again on new ports, and it answers`, () => {
        const c = cases[name]!;
        assert.equal(c.ready, true, JSON.stringify(c));
        assert.equal(c.restarts, 1);
        assert.notEqual(c.shell_port, c.held_port);
        assert.match(c.stderr, new RegExp(`cannot listen on tcp://127\\.0\\.0\\.1:${c.held_port} \\(EADDRINUSE`));
      });
    }

    it("jupyter_client's defaults (its port cache): the restarted kernel gets the same ports and dies again", () => {
      const c = cases["jupyter_client's defaults"]!;
      assert.equal(c.cache_ports, true);
      assert.equal(c.ready, false);
      assert.equal(c.shell_port, c.held_port);
      assert.ok(c.restarts >= 1);
    });
  });
});
