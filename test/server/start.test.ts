// `npm start` as a learner runs it: JupyterLab on 127.0.0.1 with token auth, the course's
// kernel as the only and default kernel, plotly's renderer installed, notebook 00 served.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { ROOT } from "../support/jupyter";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe("npm start (scripts/start.mjs)", function () {
  this.timeout(180000);
  let child: ChildProcess | undefined;
  let base = "";
  let token = "";
  let log = "";

  before(async () => {
    const port = await freePort();
    child = spawn(process.execPath, [path.join(ROOT, "scripts", "start.mjs"), "--skip-setup", "--no-browser", "--port", String(port)], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (d: Buffer) => {
        log += d.toString();
        const match = /Open: (http:\/\/\S+)/.exec(log);
        if (match?.[1]) resolve(match[1]);
      };
      child!.stdout!.on("data", onData);
      child!.stderr!.on("data", onData);
      child!.on("exit", (code) => reject(new Error(`start.mjs exited (${code}) before printing the URL:\n${log.slice(-3000)}`)));
    });
    const parsed = new URL(url);
    base = `${parsed.protocol}//${parsed.host}`;
    token = parsed.searchParams.get("token") ?? "";
    assert.equal(parsed.hostname, "127.0.0.1");
    assert.equal(parsed.pathname, "/lab/tree/notebooks/00-start-here.ipynb");
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.on("exit", r));
      child.kill("SIGINT");
      await exited;
    }
  });

  it("requires the token", async () => {
    assert.ok(token.length >= 32, "a long random token");
    assert.equal((await fetch(`${base}/api/status`)).status, 403);
    assert.equal((await fetch(`${base}/api/status?token=wrong`)).status, 403);
    assert.equal((await fetch(`${base}/api/status?token=${token}`)).status, 200);
  });

  it("offers the course kernel only, as the default", async () => {
    const specs = (await (await fetch(`${base}/api/kernelspecs?token=${token}`)).json()) as {
      default: string;
      kernelspecs: Record<string, { spec: { display_name: string; argv: string[] } }>;
    };
    assert.equal(specs.default, "tslab");
    assert.deepEqual(Object.keys(specs.kernelspecs), ["tslab"]);
    assert.equal(specs.kernelspecs.tslab?.spec.display_name, "TypeScript (gradlab)");
    assert.ok(specs.kernelspecs.tslab?.spec.argv.includes(path.join(ROOT, "scripts", "kernel.cjs")));
  });

  it("has plotly's JupyterLab renderer installed", async () => {
    const extensions = (await (await fetch(`${base}/lab/api/extensions?token=${token}`)).json()) as Array<{
      name: string;
      enabled: boolean;
    }>;
    assert.ok(
      extensions.some((e) => e.name === "jupyterlab-plotly" && e.enabled),
      JSON.stringify(extensions.map((e) => e.name)),
    );
  });

  it("serves the course notebooks", async () => {
    const response = await fetch(`${base}/api/contents/notebooks/00-start-here.ipynb?token=${token}`);
    assert.equal(response.status, 200);
    const model = (await response.json()) as { type: string; content: { metadata: { kernelspec: { name: string } } } };
    assert.equal(model.type, "notebook");
    assert.equal(model.content.metadata.kernelspec.name, "tslab");
  });
});
