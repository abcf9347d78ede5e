// Self-learners change the parameters cell and re-run: every notebook must run with a second set
// of values (kept in parameter-variants.json) and show the change; bad values are refused with a
// message, before any kernel starts. Reads nothing the other test files write: it runs in a group
// apart from the notebook runs (.mocharc.cjs).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describeFailure, ROOT, runNotebook } from "../support/jupyter";
import { notebookTexts } from "../support/outputs";
import { requestVariants, variantCopy, variantRun } from "./runs";

interface Variant {
  params: Record<string, string>;
  /** Text that must appear in the outputs with these values (and not with the defaults). */
  expect: string[];
}

const variants = JSON.parse(fs.readFileSync(path.join(__dirname, "parameter-variants.json"), "utf8")) as Record<string, Variant>;
const NOTEBOOKS = fs
  .readdirSync(path.join(ROOT, "notebooks"))
  .filter((n) => n.endsWith(".ipynb"))
  .sort();
const fixture = path.join("test", "fixtures", "notebooks", "parameters.ipynb");
// The notebook runs of this process (notebooks.test.ts, before this file) run each notebook with
// these values first, from a fresh kernel, and then with its own values in the same kernel (a
// learner who changes the parameters cell, runs all, changes it back and runs all again). A
// notebook whose runs did not happen here (this file alone) runs from a fresh kernel instead.
requestVariants(
  new Map(
    NOTEBOOKS.filter((name) => variants[name.replace(/\.ipynb$/, "")]).map((name) => [
      name,
      variants[name.replace(/\.ipynb$/, "")]!.params,
    ]),
  ),
);

describe("parameters: every notebook runs with a second set of values and shows the change", function () {
  this.timeout(15 * 60 * 1000);

  for (const name of NOTEBOOKS) {
    const stem = name.replace(/\.ipynb$/, "");
    it(`${stem} with ${JSON.stringify(variants[stem]?.params ?? "(no variant)")}`, async function () {
      const variant = variants[stem];
      assert.ok(variant, `add a variant for ${stem} to test/notebooks/parameter-variants.json`);
      const out = variantCopy(name);
      let report = variantRun(name);
      if (report) this.test!.title += " (in the kernel of the notebook's run, before its own values)";
      else report = await runNotebook(path.join("notebooks", name), { params: variant.params, out });
      assert.ok(report.ok, describeFailure(report));
      assert.ok(report.injected_cell !== null, "the values were set in a cell of their own");
      const changed = notebookTexts(out).join("\n");
      for (const text of variant.expect)
        assert.ok(changed.includes(text), `${stem} with ${JSON.stringify(variant.params)} should show "${text}"`);
      // (That these texts are absent from the run with the default values, test-output/executed/,
      // is checked next to that run: parameter-defaults.test.ts, in the notebooks group.)
    });
  }
});

describe("parameters: injection and refusal (scripts/nbparams.py)", function () {
  this.timeout(120000);

  it("injects numbers, strings, booleans and lists after the parameters cell", async () => {
    const out = path.join(ROOT, "test-output", "fixtures", "parameters.ipynb");
    const report = await runNotebook(fixture, {
      out,
      params: { lr: "0.5", steps: "3", optimizer: "sgd", start: "[0, 1e-3]", verbose: "true" },
    });
    assert.ok(report.ok, describeFailure(report));
    assert.equal(report.injected_cell, 2, "right after the parameters cell");
    assert.ok(
      notebookTexts(out).includes("lr=0.5 steps=3 optimizer=sgd start=0,0.001 verbose=true size=8\n"),
      notebookTexts(out).join("|"),
    );
  });

  const refusals: Array<[Record<string, string>, string]> = [
    [{ rate: "0.5" }, "unknown parameter 'rate'; this notebook's parameters are: lr, steps, optimizer, start, verbose, size"],
    [{ lr: "NaN" }, "lr must be a finite number; got NaN"],
    [{ lr: "abc" }, "lr must be a number; got 'abc'"],
    [{ lr: "-0.1" }, "lr must be > 0; got -0.1"],
    [{ steps: "-5" }, "steps must be >= 1; got -5"],
    [{ steps: "2.5" }, "steps must be an integer; got 2.5"],
    [{ optimizer: "rmsprop" }, 'optimizer must be one of sgd, adam; got "rmsprop"'],
    [{ start: "[1]" }, "start must have 2 numbers; got 1"],
    [{ verbose: "yes" }, "verbose must be true or false; got 'yes'"],
    [{ size: "4" }, "size is computed in the notebook (2 ** 3) and cannot be set from the command line"],
  ];
  for (const [params, message] of refusals) {
    it(`refuses ${JSON.stringify(params)}: ${message}`, async () => {
      const report = await runNotebook(fixture, { params });
      assert.equal(report.ok, false);
      assert.equal(report.parameter_error, message);
    });
  }

  it("reports every refused value at once", async () => {
    const report = await runNotebook(fixture, { params: { lr: "0", steps: "0" } });
    assert.equal(report.parameter_error, "lr must be > 0; got 0\nsteps must be >= 1; got 0");
  });
});

describe("npm run notebook (scripts/notebook.mjs)", function () {
  this.timeout(120000);
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "scripts", "notebook.mjs"), ...args], { cwd: ROOT, encoding: "utf8" });

  it("runs a notebook with new values, prints its outputs and saves the copy under runs/", () => {
    const result = cli("00", "-p", "x0=-1", "--out", path.join(ROOT, "test-output", "runs"));
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /f\(-1\) = 1, {2}f'\(-1\) = -2/);
    assert.match(
      result.stdout,
      /✓ notebooks\/00-start-here\.ipynb ran in [\d.]+ s; executed copy: test-output\/runs\/00-start-here__x0--1\.ipynb/,
    );
    assert.ok(fs.existsSync(path.join(ROOT, "test-output", "runs", "00-start-here__x0--1.ipynb")));
  });

  it("names an unknown parameter and lists the real ones, without a stack trace", () => {
    const result = cli("00", "-p", "lr=0.5");
    assert.equal(result.status, 1);
    assert.match(result.stderr, /unknown parameter 'lr'; this notebook's parameters are: x0/);
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  });

  it("refuses a NaN value and an unknown notebook", () => {
    assert.match(cli("00", "-p", "x0=NaN").stderr, /x0 must be a finite number; got NaN/);
    const unknown = cli("99");
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /no notebook matches "99"; the notebooks are:\n {2}00-start-here/);
  });

  it("refuses an option without its value (a bare --out used to write to the current folder)", () => {
    for (const args of [
      ["00", "--out"],
      ["00", "--out="],
      ["00", "-p"],
    ]) {
      const result = cli(...args);
      assert.equal(result.status, 1, args.join(" "));
      assert.match(
        result.stderr,
        /^\[gradlab\] error: (Option '--out <value>' argument missing|--out needs a folder|Option '-p, --param <value>' argument missing)/,
      );
      assert.match(result.stderr, /usage: npm run notebook/);
    }
    assert.match(cli("00", "--out", "--quiet").stderr, /Option '--out' argument is ambiguous/);
  });

  it("lists a notebook's parameters", () => {
    const result = cli("00", "--params");
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /Parameters of notebooks\/00-start-here\.ipynb:\n {2}x0 = 2/);
  });
});
