// The kernel's faster cells (patches/tslab+*.patch, converter.js): TypeScript emits each cell as
// CommonJS in one pass (tslab emitted an ES module and transpiled it a second time), and the
// declaration diagnostics come from that emit instead of a separate pass. These tests hold what must
// not change with it; the speed itself is measured by the bench (`npm run bench -- --peer`).
// Also the lock that lets two set-ups rebuild the kernel's start-up snapshot at the same time.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { probeKernel, ROOT, type KernelResult } from "../support/jupyter";

function cellResult(r: KernelResult | undefined): string | undefined {
  const out = r?.outputs.find((o) => o.msg_type === "execute_result");
  return (out?.content.data as Record<string, string> | undefined)?.["text/plain"];
}

describe("kernel: cells compiled in one emit", function () {
  this.timeout(120_000);

  it("Out[n] is the cell's last expression, never an export the module transform added", async () => {
    // Expected Out[n]; undefined: the cell has none.
    const cells: Array<[string, string | undefined]> = [
      ["const a = 1", undefined],
      ["enum E { A, B }", undefined],
      ["E.B", "1"],
      ["let b = 2;\nb * 10", "20"],
      ["a + b", "3"],
      ["b = 7", "7"],
      ["interface P {\n  x: number;\n}\nconst p: P = { x: b };\np.x", "7"],
      ["function g() {\n  return a;\n}", undefined],
      ["g()", "1"],
      ["class K {\n  v = 5;\n}", undefined],
      ["new K().v", "5"],
      ["await Promise.resolve(a + 41)", "42"],
      ['import * as path from "path";\npath.basename("x/y.txt")', "'y.txt'"],
      ['path.extname("y.txt")', "'.txt'"],
      ['import { fmt } from "gradlab";', undefined],
      ["fmt(2 / 3)", "'0.666667'"],
    ];
    const results = await probeKernel({ cells: cells.map(([code]) => code), stop_on_error: true, mode: "sequential" });
    cells.forEach(([code, expected], i) => {
      const r = results[i];
      assert.equal(r?.reply.status, "ok", `${code}\n${JSON.stringify(r?.reply)}`);
      assert.equal(cellResult(r), expected, code);
    });
  });

  it("reports a declaration error (found by the emit) for the cell that has it, and the next cell runs", async () => {
    const results = await probeKernel({
      cells: ["const Counter = class {\n  private n = 0;\n};", "1 + 1", 'const z: number = "s";', "typeof Counter"],
      stop_on_error: false,
      mode: "sequential",
    });
    const [declError, next, typeError, after] = results;
    assert.equal(declError?.reply.status, "error", JSON.stringify(declError?.reply));
    assert.equal(declError?.reply.ename, "CompileError");
    assert.match(declError?.reply.evalue ?? "", /1:7 - Property 'n' of exported class expression may not be private or protected/);
    assert.equal(next?.reply.status, "ok", JSON.stringify(next?.reply));
    assert.equal(cellResult(next), "2");
    assert.equal(typeError?.reply.status, "error");
    assert.match(typeError?.reply.evalue ?? "", /Type 'string' is not assignable to type 'number'/);
    // The failed cell declared nothing: Counter is unknown to later cells.
    assert.equal(after?.reply.status, "error");
    assert.match(after?.reply.evalue ?? "", /Cannot find name 'Counter'/);
  });

  it("records where each cell's time in the kernel went (what the bench reads)", async () => {
    const read = 'JSON.stringify(globalThis[Symbol.for("gradlab.kernel.timings")].slice(-1)[0])';
    const results = await probeKernel({
      cells: ["const big = Array.from({ length: 10 }, (_, i) => i);", read],
      stop_on_error: true,
      mode: "sequential",
    });
    const text = cellResult(results[1]);
    assert.ok(text, JSON.stringify(results[1]));
    const timing = JSON.parse(text.slice(1, -1)) as {
      execution: number;
      compileMs: number;
      runMs: number;
      phaseMs: { names: number; program: number; checker: number; check: number; emit: number; commonJs: number };
    };
    assert.equal(timing.execution, results[0]?.reply.execution_count);
    assert.deepEqual(Object.keys(timing.phaseMs).sort(), ["check", "checker", "commonJs", "emit", "names", "program"]);
    assert.equal(timing.phaseMs.commonJs, 0, "no second transpile");
    for (const [phase, ms] of Object.entries(timing.phaseMs)) assert.ok(ms >= 0, `${phase}: ${ms}`);
    assert.ok(timing.phaseMs.program > 0 && timing.phaseMs.check > 0 && timing.phaseMs.emit > 0, text);
    const phases = Object.values(timing.phaseMs).reduce((s, ms) => s + ms, 0);
    assert.ok(timing.compileMs >= phases - 1e-6, `compile ${timing.compileMs} < phases ${phases}`);
    assert.ok(timing.runMs >= 0, text);
  });
});

describe("kernel: start-up snapshot built by two set-ups at once", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-snapshot-lock-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A process that holds the build lock for holdMs and writes "start"/"end" lines with times. */
  function holder(lock: string, log: string, holdMs: number): Promise<number> {
    const script = `
      const fs = require("node:fs");
      const { withBuildLock } = require(${JSON.stringify(path.join(ROOT, "scripts", "kernel-snapshot.cjs"))});
      withBuildLock(() => {
        fs.appendFileSync(${JSON.stringify(log)}, "start " + process.pid + " " + Date.now() + "\\n");
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs});
        fs.appendFileSync(${JSON.stringify(log)}, "end " + process.pid + " " + Date.now() + "\\n");
      }, ${JSON.stringify(lock)}, 30000);`;
    const child = spawn(process.execPath, ["-e", script], { stdio: "inherit" });
    return new Promise((resolve) => child.on("exit", (code) => resolve(code ?? 1)));
  }

  it("builds one at a time: the second waits for the first (the lock), and the lock is released", async () => {
    const lock = path.join(dir, "kernel-snapshot.lock");
    const log = path.join(dir, "log");
    const codes = await Promise.all([holder(lock, log, 700), holder(lock, log, 700), holder(lock, log, 700)]);
    assert.deepEqual(codes, [0, 0, 0]);
    const lines = fs.readFileSync(log, "utf8").trim().split("\n");
    assert.equal(lines.length, 6, lines.join("\n"));
    // Each start is followed by the end of the same process before anything else.
    for (let i = 0; i < lines.length; i += 2) {
      const [start, end] = [lines[i]!.split(" "), lines[i + 1]!.split(" ")];
      assert.equal(start[0], "start", lines.join("\n"));
      assert.equal(end[0], "end", lines.join("\n"));
      assert.equal(start[1], end[1], lines.join("\n"));
    }
    assert.ok(!fs.existsSync(lock), "the lock file is removed");
  });

  it("takes over a lock whose process is gone", async () => {
    const lock = path.join(dir, "kernel-snapshot.lock");
    const log = path.join(dir, "log");
    // A pid that is not running: a short-lived child that has exited.
    const gone = spawn(process.execPath, ["-e", ""]);
    const pid = gone.pid;
    await new Promise((resolve) => gone.on("exit", resolve));
    fs.writeFileSync(lock, `${pid}\n`);
    const started = Date.now();
    assert.equal(await holder(lock, log, 10), 0);
    assert.ok(Date.now() - started < 20_000, "did not wait for the whole lock timeout");
    assert.match(fs.readFileSync(log, "utf8"), /^start \d+ \d+\nend \d+ \d+\n$/);
  });
});
