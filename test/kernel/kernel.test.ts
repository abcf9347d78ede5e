// The kernel must tell the truth to every Jupyter client (JupyterLab, nbclient, nbgrader):
// failures are Jupyter errors with ename/evalue/traceback, aborted requests say "aborted",
// and stop_on_error: false really runs the following cells. These tests talk to the
// project's kernelspec through jupyter_client, the library those clients are built on.
import assert from "node:assert/strict";
import { probeKernel, probeKernelShutdown, type KernelResult } from "../support/jupyter";

function streams(result: KernelResult, name: "stdout" | "stderr"): string {
  return result.outputs
    .filter((o) => o.msg_type === "stream" && o.content.name === name)
    .map((o) => String(o.content.text))
    .join("");
}

/** The cell's Out[n]: text/plain of its execute_result (undefined when it has none). */
function cellResult(r: KernelResult): string | undefined {
  const out = r.outputs.filter((o) => o.msg_type === "execute_result");
  assert.ok(out.length <= 1, "at most one execute_result per cell");
  return (out[0]?.content.data as Record<string, string> | undefined)?.["text/plain"];
}

function errorOutput(result: KernelResult) {
  return result.outputs.find((o) => o.msg_type === "error")?.content as { ename: string; evalue: string; traceback: string[] } | undefined;
}

describe("kernel: errors and aborts through a real Jupyter client", function () {
  this.timeout(120000);

  it("reports a runtime error as an error output and an error reply with ename/evalue/traceback", async () => {
    const [ok, failed] = await probeKernel({
      cells: ["const a = 41;\na + 1", 'throw new RangeError("step must be positive")'],
      stop_on_error: true,
      mode: "sequential",
    });
    assert.equal(ok?.reply.status, "ok");
    assert.equal(cellResult(ok), "42");
    assert.equal(streams(ok, "stdout"), "", "the value is an execute_result, not printed");
    assert.equal(failed?.reply.status, "error");
    assert.equal(failed?.reply.ename, "RangeError");
    assert.equal(failed?.reply.evalue, "step must be positive");
    assert.match(failed?.reply.traceback?.[0] ?? "", /RangeError.*step must be positive/);
    const output = errorOutput(failed);
    assert.ok(output, "an iopub error message was published");
    assert.equal(output.ename, "RangeError");
    assert.equal(streams(failed, "stderr"), "", "the error is not (also) written to stderr");
  });

  it("reports a TypeScript compile error with the diagnostic and its position", async () => {
    const [result] = await probeKernel({ cells: ['let n: number = "three";'], stop_on_error: true, mode: "sequential" });
    assert.equal(result?.reply.status, "error");
    assert.equal(result?.reply.ename, "CompileError");
    assert.match(result?.reply.evalue ?? "", /^1:5 - Type 'string' is not assignable to type 'number'/);
    assert.equal(errorOutput(result)?.ename, "CompileError");
  });

  it("with stop_on_error: false runs the cells queued after a failing one (Run All as graders do)", async () => {
    const results = await probeKernel({
      cells: ["const x = 1;", 'throw new Error("boom")', "x + 1", "x + 2"],
      stop_on_error: false,
      mode: "batch",
    });
    assert.deepEqual(
      results.map((r) => r.reply.status),
      ["ok", "error", "ok", "ok"],
    );
    assert.equal(cellResult(results[2]!), "2");
    assert.equal(cellResult(results[3]!), "3");
  });

  it("with stop_on_error: true aborts the queued cells and says so with status 'aborted'", async () => {
    const results = await probeKernel({ cells: ["1", 'throw new Error("boom")', "2", "3"], stop_on_error: true, mode: "batch" });
    assert.deepEqual(
      results.map((r) => r.reply.status),
      ["ok", "error", "aborted", "aborted"],
    );
    assert.deepEqual(results[2]?.outputs, [], "aborted cells produce no output");
  });

  it("runs a request sent right after an error reply (the next Run All works)", async () => {
    const results = await probeKernel({
      cells: ['throw new Error("first")', 'const later = "ran";\nlater'],
      stop_on_error: true,
      mode: "sequential",
    });
    assert.equal(results[0]?.reply.status, "error");
    // Sequential: the client sends the second request after it has the error reply, so it runs,
    // however soon after the error it arrives (only requests sent before the error are aborted).
    const second = results[1]!;
    assert.equal(second.reply.status, "ok");
    assert.equal(cellResult(second), "'ran'");
  });
});

describe("kernel: shutdown (JupyterLab's shut down and restart)", function () {
  this.timeout(120000);

  it("replies, then ends by itself even when a cell left a timer running", async () => {
    const { results, shutdown } = await probeKernelShutdown({
      cells: [
        'import { setupTf, tf } from "gradlab";\nawait setupTf();\ntf.tidy(() => tf.tensor([1, 2, 3]).square().sum().dataSync()[0])',
        "const ticker = setInterval(() => {}, 1000);",
      ],
    });
    assert.deepEqual(
      results.map((r) => r.reply.status),
      ["ok", "ok"],
    );
    assert.equal(cellResult(results[0]!), "14");
    assert.deepEqual(shutdown.reply, { restart: false });
    // A live interval keeps Node's event loop alive: without the kernel ending itself,
    // jupyter_client would have had to terminate it.
    assert.equal(shutdown.ended, "graceful");
    assert.equal(shutdown.stderr, "", "the kernel wrote nothing to stderr while shutting down");
  });

  it("ends by itself even when a notebook handles SIGTERM, whose output reaches the kernel's log", async () => {
    const { results, shutdown } = await probeKernelShutdown({
      cells: ['process.on("SIGTERM", () => console.error("cleaned up"));\nconst ticker = setInterval(() => {}, 1000);'],
    });
    assert.equal(results[0]?.reply.status, "ok", JSON.stringify(results[0]?.reply));
    assert.deepEqual(shutdown.reply, { restart: false });
    assert.equal(shutdown.ended, "graceful");
    // Also shows that the other tests' empty stderr means something: once the sockets are closed,
    // the kernel writes to its own stderr again (tslab had pointed it at iopub).
    assert.equal(shutdown.stderr, "cleaned up\n");
  });
});

describe("kernel: notebooks import gradlab by name", function () {
  this.timeout(120000);

  it('resolves `import ... from "gradlab"` from notebooks/ with its types', async () => {
    const results = await probeKernel({
      cells: ['import { fmt, linspace } from "gradlab";\nfmt(2 / 3)', "linspace(0, 1, 3).join(' ')", 'fmt("two")'],
      stop_on_error: false,
      mode: "sequential",
    });
    assert.equal(results[0]?.reply.status, "ok", JSON.stringify(results[0]));
    assert.equal(cellResult(results[0]), "'0.666667'");
    assert.equal(cellResult(results[1]!), "'0 0.5 1'");
    // The type of fmt's parameter reached the kernel's compiler: a wrong argument is a compile error.
    assert.equal(results[2]?.reply.ename, "CompileError");
    assert.match(results[2]?.reply.evalue ?? "", /not assignable to parameter of type 'number'/);
  });

  it("shows lib errors with stack frames in the TypeScript sources of lib/", async () => {
    const [, failed] = await probeKernel({
      cells: ['import { linspace } from "gradlab";', "linspace(0, 1, 1)"],
      stop_on_error: false,
      mode: "sequential",
    });
    assert.equal(failed?.reply.ename, "RangeError");
    assert.match(failed?.reply.evalue ?? "", /n must be an integer >= 2; got 1/);
    assert.ok(
      failed?.reply.traceback?.some((line) => /lib[\\/]util[\\/]array\.ts:\d+/.test(line)),
      `a frame points into lib/util/array.ts:\n${failed?.reply.traceback?.join("\n")}`,
    );
  });

  it("lets a later cell use an earlier cell's variable in a shorthand property ({ f })", async () => {
    const results = await probeKernel({
      cells: ["const f = (x: number) => x * x;", "const o = { f };\no.f(3)"],
      stop_on_error: true,
      mode: "sequential",
    });
    assert.equal(results[1]?.reply.status, "ok", JSON.stringify(results[1]?.reply));
    assert.equal(cellResult(results[1]), "9");
  });

  it("carries every kind of top-level declaration to later cells", async () => {
    const results = await probeKernel({
      cells: [
        [
          'import { fmt as format } from "gradlab";',
          "const { a, b: [c] } = { a: 1, b: [2] };",
          "let counter = 0;",
          "function square(x: number): number { return x * x; }",
          "class Point { constructor(readonly x: number) {} }",
          "interface Named { name: string }",
          "type Pair = [number, number];",
          "enum Step { Small = 1, Large = 10 }",
        ].join("\n"),
        "counter += 1;\nconst named: Named = { name: 'n' };\nconst pair: Pair = [a, c];\n" +
          "format(square(new Point(pair[1]).x) + Step.Large + counter) + ' ' + named.name",
      ],
      stop_on_error: true,
      mode: "sequential",
    });
    assert.deepEqual(
      results.map((r) => r.reply.status),
      ["ok", "ok"],
      JSON.stringify(results.map((r) => r.reply)),
    );
    assert.equal(cellResult(results[1]!), "'15 n'");
  });

  it("re-runs a cell that declares constants without a redeclaration error", async () => {
    const cell = "const rate = 0.1;\nrate * 2";
    const results = await probeKernel({ cells: [cell, cell, cell], stop_on_error: true, mode: "sequential" });
    assert.deepEqual(
      results.map((r) => r.reply.status),
      ["ok", "ok", "ok"],
    );
  });
});
