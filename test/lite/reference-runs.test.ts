// The JupyterLite test's kept reference runs (reference-runs.ts): reused only while the notebook,
// lib/ and the kernel's other inputs keep their content, whatever the files' times say.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../support/jupyter";
import { forgetRun, keepRun, keptRun, REFERENCE_INPUTS, referenceKey } from "../support/reference-runs";

const NOTEBOOK = "07-learning-rate.ipynb";

describe("JupyterLite test: the reference runs are keyed by content", function () {
  let root: string;
  let runs: string;
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-lite-key-"));
    runs = path.join(root, "runs");
    write(`notebooks/${NOTEBOOK}`, '{"cells": []}\n');
    write("lib/optim/adam.ts", "export const beta1 = 0.9;\n");
    write("lib/index.ts", 'export * from "./optim/adam";\n');
    write("package-lock.json", '{"lockfileVersion": 3}\n');
    write(`runs/${NOTEBOOK}`, '{"cells": [], "outputs": "from the server kernel"}\n');
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("every input it names exists in the project (a renamed file would drop out of the key)", () => {
    assert.ok(REFERENCE_INPUTS.includes("lib"), "lib/ is an input");
    const missing = REFERENCE_INPUTS.filter((input) => !fs.existsSync(path.join(ROOT, input)));
    assert.deepEqual(missing, [], "inputs listed in test/support/reference-runs.ts that do not exist");
  });

  it("a kept run is reused while nothing changed, even when the notebook is newer than it", () => {
    keepRun(runs, NOTEBOOK, referenceKey(root, NOTEBOOK));
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, "notebooks", NOTEBOOK), later, later);
    assert.equal(keptRun(runs, NOTEBOOK, referenceKey(root, NOTEBOOK)), path.join(runs, NOTEBOOK));
  });

  it("a change in lib/ with the notebook unchanged makes the kept run stale, even when the run is newer", () => {
    keepRun(runs, NOTEBOOK, referenceKey(root, NOTEBOOK));
    write("lib/optim/adam.ts", "export const beta1 = 0.8;\n");
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(runs, NOTEBOOK), later, later);
    assert.equal(keptRun(runs, NOTEBOOK, referenceKey(root, NOTEBOOK)), undefined);
  });

  it("the key changes with the notebook, a new lib/ file or the package versions, and with nothing else", () => {
    const key = () => referenceKey(root, NOTEBOOK);
    const first = key();
    assert.match(first, /^[0-9a-f]{64}$/);
    assert.equal(key(), first, "the same inputs give the same key");
    write("test-output/other.txt", "not an input\n");
    assert.equal(key(), first, "a file that is not an input");
    const keys = new Set([first]);
    for (const [file, text] of [
      [`notebooks/${NOTEBOOK}`, '{"cells": [1]}\n'],
      ["lib/util/new.ts", "export {};\n"],
      ["package-lock.json", '{"lockfileVersion": 3, "packages": {}}\n'],
    ] as const) {
      write(file, text);
      assert.ok(!keys.has(key()), `the key after writing ${file}`);
      keys.add(key());
    }
  });

  it("a run whose key was forgotten (it is being replaced) or never kept is not reused", () => {
    const key = referenceKey(root, NOTEBOOK);
    assert.equal(keptRun(runs, NOTEBOOK, key), undefined, "never kept");
    keepRun(runs, NOTEBOOK, key);
    forgetRun(runs, NOTEBOOK);
    assert.equal(keptRun(runs, NOTEBOOK, key), undefined, "forgotten");
  });
});
