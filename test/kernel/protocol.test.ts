// The parts of the Jupyter protocol the conformance suite does not reach, through jupyter_client:
// kernel_info against every notebook's metadata, comms, the stale-definitions record, and error
// traces a learner can read (cell positions, no paths of this machine).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { probeKernel, ROOT, runPython, type KernelResult } from "../support/jupyter";

interface ProtocolReport {
  kernel_info: { status: string; language_info: Record<string, unknown> };
  register: string;
  comm: {
    opened: { comm_id: string; data: unknown };
    echoed: { comm_id: string; data: unknown };
    info: { status: string; comms: Record<string, { target_name: string }> };
    info_after_close: { comms: Record<string, unknown> };
    refused: { comm_id: string };
  };
  history: { status: string; history: Array<[number, number, string]> };
  stderr: string;
}

function notebookFiles(): string[] {
  const dirs = [
    path.join(ROOT, "notebooks"),
    path.join(ROOT, "test", "fixtures", "notebooks"),
    path.join(ROOT, "test", "fixtures", "grading"),
  ];
  return dirs.flatMap((dir) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => f.endsWith(".ipynb"))
          .map((f) => path.join(dir, f))
      : [],
  );
}

function cellResult(r: KernelResult | undefined): string | undefined {
  const out = r?.outputs.find((o) => o.msg_type === "execute_result");
  return (out?.content.data as Record<string, string> | undefined)?.["text/plain"];
}

describe("kernel: protocol beyond the conformance suite", function () {
  this.timeout(180000);
  let report: ProtocolReport;

  before(async () => {
    const result = await runPython("test/support/kernel_probe.py", ["protocol", path.join(ROOT, "notebooks")]);
    assert.equal(result.code, 0, `kernel_probe.py protocol failed:\n${result.stderr.slice(-3000)}`);
    report = JSON.parse(result.stdout) as ProtocolReport;
  });

  it("reports the TypeScript that compiles the cells, and every notebook carries exactly that language_info", () => {
    const info = report.kernel_info;
    assert.equal(info.status, "ok");
    const tsVersion = (
      JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@tslab", "typescript-for-tslab", "package.json"), "utf8")) as {
        version: string;
      }
    ).version;
    assert.equal(info.language_info.version, tsVersion);
    const files = notebookFiles();
    assert.ok(files.length >= 16, `found ${files.length} notebooks`);
    for (const file of files) {
      const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { metadata: { language_info?: unknown } };
      assert.deepEqual(
        nb.metadata.language_info,
        info.language_info,
        `${path.relative(ROOT, file)}: metadata.language_info differs from the kernel's`,
      );
    }
  });

  it("the notebook writer (npm run nb -- from-text) writes the kernel's language_info", async () => {
    const dir = fs.mkdtempSync(path.join(ROOT, "test-output", "nb-writer-"));
    try {
      const text = path.join(dir, "x.ts");
      fs.writeFileSync(text, "// %%\n1 + 1\n");
      const out = path.join(dir, "x.ipynb");
      const result = await runPython("scripts/notebooks.py", ["from-text", text, "-o", out]);
      assert.equal(result.code, 0, result.stderr);
      const nb = JSON.parse(fs.readFileSync(out, "utf8")) as { metadata: { language_info?: unknown } };
      assert.deepEqual(nb.metadata.language_info, report.kernel_info.language_info);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("routes comms to a target a cell registered, lists them, closes them, and refuses unknown targets", () => {
    assert.equal(report.register, "ok");
    assert.deepEqual(report.comm.opened, { comm_id: "a1b2c3", data: { opened_with: { x: 1 } } });
    assert.deepEqual(report.comm.echoed, { comm_id: "a1b2c3", data: { echo: { ping: 2 } } });
    assert.deepEqual(report.comm.info, { status: "ok", comms: { a1b2c3: { target_name: "gradlab.echo" } } });
    assert.deepEqual(report.comm.info_after_close.comms, {});
    assert.equal(report.comm.refused.comm_id, "d4e5", "comm_open for an unknown target is answered with comm_close");
  });

  it("answers history requests and leaves no 'unknown msg_type' in the server log", () => {
    assert.equal(report.history.status, "ok");
    assert.equal(report.history.history.length, 1);
    assert.deepEqual(report.history.history[0]?.slice(0, 2), [0, 1]);
    assert.doesNotMatch(report.stderr, /unknown msg_type/);
  });
});

describe("kernel: the record of each top-level name's newest declaration", function () {
  this.timeout(120000);

  it("records ok, compile and runtime failures per name with the execution count", async () => {
    const results = await probeKernel({
      cells: [
        "const good = 1;\nfunction helper() { return good; }",
        'let bad: number = "x";\nconst alsoBad = 2;',
        'const thrower = 3;\nthrow new Error("after declaring")',
        "const broken = ;",
        "const d = (globalThis as any)[Symbol.for('gradlab.kernel.declarations')];\n" +
          "JSON.stringify(['good', 'helper', 'bad', 'alsoBad', 'thrower', 'broken', 'nothing'].map((n) => d.status(n) ?? null))",
        "const thrower = 6;",
        "JSON.stringify(d.status('thrower'))",
      ],
      stop_on_error: false,
      mode: "sequential",
    });
    assert.deepEqual(
      results.map((r) => r.reply.status),
      ["ok", "error", "error", "error", "ok", "ok", "ok"],
    );
    const statuses = JSON.parse((cellResult(results[4]) ?? "").slice(1, -1)) as unknown[];
    assert.deepEqual(statuses, [
      { ok: true, execution: 1 },
      { ok: true, execution: 1 },
      { ok: false, kind: "compile", execution: 2 },
      { ok: false, kind: "compile", execution: 2 },
      { ok: false, kind: "runtime", execution: 3 },
      { ok: false, kind: "compile", execution: 4 },
      null,
    ]);
    assert.equal((JSON.parse((cellResult(results[6]) ?? "").slice(1, -1)) as { execution: number }).execution, 6);
  });
});

describe("kernel + lib/check: a test cell never grades a definition whose newest cell failed", function () {
  this.timeout(180000);

  it("refuses after a compile error and after a throw, and grades again once the cell runs", async () => {
    const check = 'import { checkClose } from "gradlab";\ncheckClose("answer()", answer(), 4);';
    const results = await probeKernel({
      cells: [
        'import { setupTf } from "gradlab";\nawait setupTf();',
        "function answer(): number {\n  return 4;\n}",
        check,
        'function answer(): number {\n  return "four";\n}',
        check,
        'function answer(): number {\n  return 5;\n}\nthrow new Error("the learner\'s cell throws");',
        check,
        "function answer(): number {\n  return 4;\n}",
        check,
      ],
      stop_on_error: false,
      mode: "sequential",
    });
    const statuses = results.map((r) => r.reply.status);
    assert.deepEqual(statuses, ["ok", "ok", "ok", "error", "error", "error", "error", "ok", "ok"]);
    const text = (r: KernelResult | undefined) => JSON.stringify(r?.outputs ?? []) + (r?.reply.evalue ?? "");
    assert.match(text(results[4]), /answer did not compile the last time you ran it/);
    assert.match(text(results[6]), /answer threw an error the last time you ran it/);
    assert.doesNotMatch(text(results[8]), /last time you ran it/);
  });
});

describe("kernel: error traces a learner can read", function () {
  this.timeout(120000);

  it("gives line:column in the cell as written, also for a function an earlier cell defined", async () => {
    const results = await probeKernel({
      cells: [
        'const x = 1;\nthrow new Error("two lines")',
        'function boom(): never {\n  throw new Error("deep");\n}',
        "const y = 2;\n\nboom();",
      ],
      stop_on_error: false,
      mode: "sequential",
    });
    const first = results[0]?.reply.traceback ?? [];
    assert.ok(
      first.some((l) => l.includes("<cell 1>:2:7")),
      first.join("\n"),
    );
    const third = results[2]?.reply.traceback ?? [];
    assert.ok(
      third.some((l) => /boom \(<cell 2>:2:9\)/.test(l)),
      third.join("\n"),
    );
    assert.ok(
      third.some((l) => l.includes("<cell 3>:3:1")),
      third.join("\n"),
    );
    assert.equal(third.filter((l) => l.includes("<cell 3>")).length, 1, `one frame for the calling cell:\n${third.join("\n")}`);
  });

  it("shows lib frames as short project paths and never a path of this machine", async () => {
    const results = await probeKernel({
      cells: [
        'import { linspace } from "gradlab";',
        "linspace(0, 1, 1)",
        'console.error(new Error("printed"));\nconsole.log(process.cwd());',
        "require.resolve('gradlab')",
        'import { nothing } from "./no-such-module";',
      ],
      stop_on_error: false,
      mode: "sequential",
    });
    const lib = results[1]?.reply.traceback ?? [];
    assert.ok(
      lib.some((l) => /gradlab\/lib\/util\/array\.ts:\d+:\d+/.test(l)),
      lib.join("\n"),
    );
    assert.ok(!lib.some((l) => l.includes("node_modules")), `no frames from packages:\n${lib.join("\n")}`);
    const everything = JSON.stringify(results);
    for (const place of [ROOT, path.dirname(ROOT), process.env.HOME && process.env.HOME !== "/" ? process.env.HOME : "/nonexistent-home"]) {
      assert.ok(!everything.includes(place), `${place} appears in a cell's output:\n${everything.slice(0, 3000)}`);
    }
  });
});
