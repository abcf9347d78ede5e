// The servers' save hooks (scripts/gradlab_jupyter.py): a notebook is saved without the PNG that
// JupyterLab's plotly renderer adds to each figure it draws. First the unit tests
// (test/server/save_hooks.py: the hooks on models, in a real contents manager, with the hub's
// settings files); then `npm start` in both modes, saving through the contents API exactly as
// JupyterLab's File → Save does (a PUT of the notebook model).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, runPython } from "../support/jupyter";
import { freePort, TEST_WORKSPACE } from "../support/server";

const PLOTLY = "application/vnd.plotly.v1+json";
const PNG = "image/png";
const FOLDER = "test-output/save-hooks";

interface Started {
  base: string;
  token: string;
  stop: () => Promise<void>;
}

/** scripts/start.mjs with `args`, in a process group of its own; stop() is Ctrl-C to the group. */
async function start(args: string[]): Promise<Started> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "scripts", "start.mjs"), "--skip-setup", "--no-browser", "--port", String(port), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, GRADLAB_WORKSPACE: process.env.GRADLAB_WORKSPACE ?? TEST_WORKSPACE },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    },
  );
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
  return {
    base: `${url.protocol}//${url.host}`,
    token: url.searchParams.get("token") ?? "",
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(-child.pid!, "SIGINT");
      await exited;
    },
  };
}

/** A notebook with one figure output as JupyterLab holds it after drawing: plotly JSON plus its PNG. */
function drawnNotebook() {
  const figure = { data: [{ type: "scatter", x: [0, 1, 2], y: [0, 1, 4] }], layout: { height: 300 } };
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript (gradlab)", language: "typescript" } },
    cells: [
      {
        cell_type: "code",
        id: "a1",
        execution_count: 1,
        metadata: {},
        source: "show(figure)",
        outputs: [
          {
            output_type: "display_data",
            metadata: {},
            data: { [PLOTLY]: figure, [PNG]: "iVBORw0KGgo=", "text/plain": "figure: 1 scatter trace" },
          },
          { output_type: "display_data", metadata: {}, data: { [PNG]: "iVBORw0KGgo=", "text/plain": "<image>" } },
        ],
      },
    ],
  };
}

async function saveAndRead(server: Started, name: string): Promise<{ data: Record<string, unknown> }[]> {
  fs.mkdirSync(path.join(ROOT, FOLDER), { recursive: true });
  const apiPath = `${FOLDER}/${name}`;
  const response = await fetch(`${server.base}/api/contents/${apiPath}?token=${server.token}`, {
    method: "PUT",
    body: JSON.stringify({ type: "notebook", format: "json", content: drawnNotebook() }),
  });
  assert.ok(response.ok, `PUT /api/contents/${apiPath}: ${response.status} ${await response.text()}`);
  const saved = JSON.parse(fs.readFileSync(path.join(ROOT, apiPath), "utf8")) as {
    cells: Array<{ outputs: { data: Record<string, unknown> }[] }>;
  };
  return saved.cells[0]!.outputs;
}

describe("save hooks: notebooks are saved without plotly's PNG snapshots", function () {
  this.timeout(240_000);

  it("unit tests of scripts/gradlab_jupyter.py (test/server/save_hooks.py)", async () => {
    const result = await runPython("test/server/save_hooks.py", []);
    const report = result.stderr;
    assert.equal(result.code, 0, `save_hooks.py failed:\n${report.slice(-6000)}`);
    const ran = /Ran (\d+) tests?/.exec(report);
    assert.ok(ran && Number(ran[1]) >= 8, `expected all its tests to run:\n${report.slice(-3000)}`);
    assert.match(report, /\nOK\s*$/);
  });

  for (const [mode, args] of [
    ["learner mode (npm start)", []],
    ["instructor mode (npm start -- --instructor)", ["--instructor"]],
  ] as const) {
    it(`${mode}: a save through the contents API drops the figure's PNG and keeps other pictures`, async () => {
      const server = await start([...args]);
      try {
        const [figure, picture] = await saveAndRead(server, `${args.length ? "instructor" : "learner"}.ipynb`);
        assert.deepEqual(Object.keys(figure!.data).sort(), [PLOTLY, "text/plain"], "the figure's output as saved");
        assert.deepEqual(Object.keys(picture!.data).sort(), [PNG, "text/plain"], "a picture that is not a figure's snapshot");
      } finally {
        await server.stop();
      }
    });
  }
});
