// `npm start` as a learner runs it: JupyterLab on 127.0.0.1 with token auth, the course's
// kernel as the only and default kernel, plotly's renderer installed, notebook 00 served.
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "../support/jupyter";
import { HAS_PROC, commandLine, isLoopback, isRunning, listeningSockets, processTree } from "../support/processes";
import { TEST_WORKSPACE, startCourseServer, type CourseServer } from "../support/server";

describe("npm start (scripts/start.mjs)", function () {
  this.timeout(180000);
  let server: CourseServer | undefined;
  let base = "";
  let token = "";

  before(async () => {
    server = await startCourseServer();
    ({ base, token } = server);
    assert.equal(server.url.hostname, "127.0.0.1");
    assert.equal(server.url.pathname, `/lab/tree/${TEST_WORKSPACE}/00-start-here.ipynb`, "learners start in their copy");
  });

  after(async () => {
    await server?.stop();
  });

  it("requires the token", async () => {
    assert.ok(token.length >= 32, "a long random token");
    assert.equal((await fetch(`${base}/api/status`)).status, 403);
    assert.equal((await fetch(`${base}/api/status?token=wrong`)).status, 403);
    assert.equal((await fetch(`${base}/api/status?token=${token}`)).status, 200);
  });

  it("listens on 127.0.0.1 only", function () {
    if (!HAS_PROC) this.skip(); // reads Linux's /proc
    const sockets = listeningSockets(processTree(server!.child.pid!));
    assert.ok(
      sockets.some((s) => s.port === server!.port),
      `the server's port ${server!.port} among its listening sockets: ${JSON.stringify(sockets)}`,
    );
    assert.deepEqual(
      sockets.filter((s) => !isLoopback(s.address)),
      [],
      "sockets listening beyond loopback",
    );
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

describe("npm start stopped with Ctrl-C", function () {
  this.timeout(180000);

  it("shuts its kernels down instead of leaving them running", async function () {
    if (!HAS_PROC) this.skip(); // reads Linux's /proc
    const server = await startCourseServer();
    let kernels: number[] = [];
    try {
      const response = await fetch(`${server.base}/api/kernels?token=${server.token}`, {
        method: "POST",
        body: JSON.stringify({ name: "tslab" }),
      });
      assert.equal(response.status, 201);
      for (let i = 0; i < 240 && kernels.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 250));
        kernels = processTree(server.child.pid!).filter((pid) => commandLine(pid).includes("kernel.cjs"));
      }
      assert.equal(kernels.length, 1, "the kernel process started");
      await server.stop(); // SIGINT to the process group, as a terminal's Ctrl-C
      assert.equal(server.child.exitCode, 0, server.log().slice(-2000));
      assert.match(server.log(), /Shutting down 1 kernel/);
      assert.deepEqual(kernels.filter(isRunning), [], "kernel processes left running");
    } finally {
      await server.stop();
      // A kernel left behind would also keep mocha's output pipe open, and mocha would never exit.
      for (const pid of kernels.filter(isRunning)) process.kill(pid, "SIGKILL");
    }
  });
});
