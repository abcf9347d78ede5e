// The servers' save hooks (scripts/gradlab_jupyter.py): a notebook is saved without the PNG that
// JupyterLab's plotly renderer adds to each figure it draws. First the unit tests
// (test/server/save_hooks.py: the hooks on models, in a real contents manager, with the hub's
// settings files); then `npm start` in both modes, saving through the contents API exactly as
// JupyterLab's File → Save does (a PUT of the notebook model).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { ROOT, runPython } from "../support/jupyter";
import { startCourseServer, type CourseServer } from "../support/server";

const PLOTLY = "application/vnd.plotly.v1+json";
const PNG = "image/png";
const FOLDER = "test-output/save-hooks";

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

async function saveAndRead(server: CourseServer, name: string): Promise<{ data: Record<string, unknown> }[]> {
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
      const server = await startCourseServer({ args });
      try {
        // The mode's own start page: instructors open the course's notebooks/, learners their copies.
        const opensCourse = server.url.pathname.startsWith("/lab/tree/notebooks/");
        assert.equal(opensCourse, args.length > 0, `the server opened ${server.url.pathname}`);
        const [figure, picture] = await saveAndRead(server, `${args.length ? "instructor" : "learner"}.ipynb`);
        assert.deepEqual(Object.keys(figure!.data).sort(), [PLOTLY, "text/plain"], "the figure's output as saved");
        assert.deepEqual(Object.keys(picture!.data).sort(), [PNG, "text/plain"], "a picture that is not a figure's snapshot");
      } finally {
        await server.stop();
      }
    });
  }
});
