// scripts/collect.ts, the one way the tests, the book build and the benchmarks run a child process.
import assert from "node:assert/strict";
import { collect } from "../../scripts/collect";
import { ROOT } from "../support/jupyter";

describe("collect (scripts/collect.ts)", function () {
  this.timeout(60000);

  it("resolves with the exit code of a child that exits without reading its input (no EPIPE crash)", async () => {
    // 8 MB is more than a pipe holds: the write is still going on when the child has gone.
    const input = "x".repeat(8 * 1024 * 1024);
    for (let i = 0; i < 5; i++) {
      const run = await collect(process.execPath, ["-e", "process.stderr.write('bad arguments\\n'); process.exit(3)"], {
        cwd: ROOT,
        input,
      });
      assert.deepEqual([run.code, run.stderr], [3, "bad arguments\n"]);
    }
  });

  it("gives a child its input and collects both streams", async () => {
    const script =
      "let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => { console.log(s.length); console.error('done'); });";
    const run = await collect(process.execPath, ["-e", script], { cwd: ROOT, input: "abc" });
    assert.deepEqual(run, { code: 0, stdout: "3\n", stderr: "done\n" });
  });

  it("rejects when the command cannot be started", async () => {
    await assert.rejects(collect("/nonexistent/command", [], { cwd: ROOT }), /ENOENT/);
  });
});
