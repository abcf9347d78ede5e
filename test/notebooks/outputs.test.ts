// The form in which the determinism test compares two runs (test/support/outputs.ts): a notebook
// saved by nbclient and the same outputs saved by JupyterLab compare equal; any other change does not.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { comparableOutputsAcrossRuns } from "../support/outputs";

type Output = Record<string, unknown>;
const stream = (text: string, name = "stdout"): Output => ({ output_type: "stream", name, text });
const html = (s: string): Output => ({ output_type: "display_data", data: { "text/html": s, "text/plain": "table" }, metadata: {} });
const widget = (id: string): Output => ({
  output_type: "display_data",
  data: { "application/vnd.jupyter.widget-view+json": { model_id: id, version_major: 2, version_minor: 0 } },
  metadata: {},
});

describe("comparing the outputs of two runs (test/support/outputs.ts)", () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-outputs-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  let n = 0;
  const compare = (...cells: Output[][]) => {
    const file = path.join(dir, `${n++}.ipynb`);
    const nb = { cells: cells.map((outputs) => ({ cell_type: "code", metadata: {}, source: "", outputs })) };
    fs.writeFileSync(file, JSON.stringify(nb));
    return comparableOutputsAcrossRuns(file);
  };

  it("equal: nbclient's stream messages one by one, JupyterLab's joined; lines overwritten by a carriage return", () => {
    const nbclient = compare([stream("a = 1\n"), stream("b = 2\n"), html("<table/>"), stream("c\n")], [stream("10%\r50%\r100%\n")]);
    const lab = compare([stream("a = 1\nb = 2\n"), html("<table/>"), stream("c\n")], [stream("100%\n")]);
    assert.deepEqual(nbclient, lab);
  });

  it("equal: durations and progress lines; widget ids, which are new in every kernel", () => {
    const a = compare(
      [stream("took 1.2 s\ntraining: step 40 / 300, loss 0.5 (2.0 s)\nloss 0.25\n")],
      [widget("aaa"), widget("bbb"), widget("aaa")],
    );
    const b = compare([stream("took 35 ms\nloss 0.25\n")], [widget("x1"), widget("x2"), widget("x1")]);
    assert.deepEqual(a, b);
  });

  it("different: a digit, a stream's name, the order of outputs, a missing output, which widget is shown where", () => {
    const base = compare([stream("a = 1\n"), html("<table/>")], [widget("p"), widget("q")]);
    for (const changed of [
      compare([stream("a = 2\n"), html("<table/>")], [widget("p"), widget("q")]),
      compare([stream("a = 1\n", "stderr"), html("<table/>")], [widget("p"), widget("q")]),
      compare([html("<table/>"), stream("a = 1\n")], [widget("p"), widget("q")]),
      compare([stream("a = 1\n")], [widget("p"), widget("q")]),
      compare([stream("a = 1\n"), html("<table/>")], [widget("p"), widget("p")]),
    ]) {
      assert.notDeepEqual(changed, base);
    }
  });
});
