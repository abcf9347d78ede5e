// nbgrader installs JupyterLab and server extensions for instructors (formgrader, assignment and
// course lists, create assignment, validate). The learner's `npm start` keeps them off
// (config/jupyter) and starts cleanly; GRADLAB_NBGRADER_UI=1 (npm start -- --instructor) brings
// them back for instructors, with an exchange folder inside the course folder.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { ROOT } from "../support/jupyter";
import { freshCourse } from "../support/grading";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Lab {
  url: URL;
  base: string;
  token: string;
  log: () => string;
  stop: () => Promise<void>;
}

/** `npm start` (scripts/start.mjs) on a free port, with `env` added. */
async function startLab(env: Record<string, string>): Promise<Lab> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(ROOT, "scripts", "start.mjs"), "--skip-setup", "--no-browser", "--port", String(port)],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += d.toString();
      const match = /Open: (http:\/\/\S+)/.exec(log);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("exit", (code) => reject(new Error(`start.mjs exited (${code}) before printing the URL:\n${log.slice(-3000)}`)));
  });
  const parsed = new URL(url);
  return {
    url: parsed,
    base: `${parsed.protocol}//${parsed.host}`,
    token: parsed.searchParams.get("token") ?? "",
    log: () => log,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.on("exit", r));
      child.kill("SIGINT");
      await exited;
    },
  };
}

async function nbgraderExtension(lab: Lab): Promise<{ name: string; enabled: boolean } | undefined> {
  const extensions = (await (await fetch(`${lab.base}/lab/api/extensions?token=${lab.token}`)).json()) as Array<{
    name: string;
    enabled: boolean;
  }>;
  return extensions.find((e) => /nbgrader/.test(e.name));
}

describe("nbgrader's JupyterLab tools: off for learners, on for instructors who ask", function () {
  this.timeout(180000);

  it("npm start: nbgrader's extensions are installed but disabled, and the server log is clean", async () => {
    const lab = await startLab({ GRADLAB_NBGRADER_UI: "", GRADLAB_WORKSPACE: path.join("test-output", "grading", "lab-workspace") });
    try {
      assert.equal(lab.url.pathname, "/lab/tree/test-output/grading/lab-workspace/00-start-here.ipynb", "learners open their copies");
      const extension = await nbgraderExtension(lab);
      assert.ok(extension, "nbgrader's lab extension is installed");
      assert.equal(extension.enabled, false);
      const page = await (await fetch(`${lab.base}/lab?token=${lab.token}`)).text();
      assert.match(page, /"disabledExtensions": \[[^\]]*"@jupyter\/nbgrader"/);
      assert.equal((await fetch(`${lab.base}/formgrader?token=${lab.token}`)).status, 404);
      const plotly = (await (await fetch(`${lab.base}/lab/api/extensions?token=${lab.token}`)).json()) as Array<{
        name: string;
        enabled: boolean;
      }>;
      assert.ok(
        plotly.some((e) => e.name === "jupyterlab-plotly" && e.enabled),
        "the other extensions are unaffected",
      );
      assert.doesNotMatch(lab.log(), /server_extensions|nbgrader_config\.py|NbGrader|Traceback/, "nothing of nbgrader in the server log");
    } finally {
      await lab.stop();
    }
  });

  it("GRADLAB_NBGRADER_UI=1 npm start: the formgrader, assignment list and course list work, on an exchange in the course folder", async () => {
    // The formgrader opens the course's gradebook: a test course, not the project's course/.
    const course = freshCourse("lab");
    const lab = await startLab({ GRADLAB_NBGRADER_UI: "1", GRADLAB_COURSE_DIR: course });
    try {
      assert.equal(lab.url.pathname, "/lab/tree/notebooks/00-start-here.ipynb", "instructors open the course's own notebooks");
      assert.equal((await nbgraderExtension(lab))?.enabled, true);
      const formgrader = await fetch(`${lab.base}/formgrader/api/assignments?token=${lab.token}`);
      assert.equal(formgrader.status, 200);
      assert.ok(Array.isArray(await formgrader.json()));
      // What the Assignment List and the course list ask for ("Error fetching courses!" when these fail).
      const api = async (route: string) =>
        (await (await fetch(`${lab.base}${route}?course_id=gradlab&token=${lab.token}`)).json()) as { success: boolean; value: unknown };
      for (const route of ["/assignments", "/courses"]) {
        const reply = await api(route);
        assert.equal(reply.success, true, `${route}: ${JSON.stringify(reply.value)}`);
      }
      assert.deepEqual((await api("/formgraders")).value, [{ course_id: "gradlab", url: `${lab.base}/formgrader`, kind: "local" }]);
      assert.ok(fs.statSync(path.join(course, "exchange")).isDirectory(), "the exchange is in the course folder");
      assert.doesNotMatch(lab.log(), /No nbgrader_config\.py file found/, "it finds the course's nbgrader_config.py");
      assert.doesNotMatch(lab.log(), /Unwritable directory|could not be created|Exception while loading config|Traceback/);
    } finally {
      await lab.stop();
    }
  });
});
