// The kernel's outgoing messages: zeromq 6 refuses a send while an earlier one on the same socket
// is still in progress ("Socket is busy writing"), and before the patch's send queues a burst of
// output lost lines and could end the kernel with an unhandled rejection. First the kernel's own
// send path with fake sockets that block, hang or fail (test/kernel/send_fake.cjs); then the real
// kernel through jupyter_client with bursts of output that must all arrive, in order. One case
// gives the kernel a real zeromq socket that blocks (send_fake.cjs zeromq).
import assert from "node:assert/strict";
import path from "node:path";
import { collect } from "../../scripts/collect";
import { probeKernel, ROOT, type KernelResult } from "../support/jupyter";

interface Delivered {
  type: string;
  parent: string;
  content: { execution_state?: string; text?: string; name?: string };
  /** Deliveries and the end of a block are numbered in the order they happened. */
  seq: number;
}

interface FakeReport {
  scenario: string;
  requests: string[];
  delivered: { iopub: Delivered[]; shell: Delivered[] };
  log: string[];
  unhandled: string[];
  uncaught: string[];
  blockEnded: number | null;
}

const LINES = 20;

async function runFake(scenario: string): Promise<FakeReport> {
  const result = await collect(process.execPath, [path.join(ROOT, "test", "kernel", "send_fake.cjs"), scenario], { cwd: ROOT, input: "" });
  assert.equal(result.code, 0, `send_fake.cjs ${scenario} exited with ${result.code}:\n${result.stderr.slice(-3000)}`);
  return JSON.parse(result.stdout) as FakeReport;
}

/** What request `id` publishes on iopub, in order: busy, its lines, idle. */
function expectedIopub(id: string): string[] {
  return ["status busy", ...Array.from({ length: LINES }, (_, i) => `stream ${id}:${i}\n`), "status idle"];
}

function iopubOf(report: FakeReport, id: string): string[] {
  return report.delivered.iopub
    .filter((m) => m.parent === id)
    .map((m) => (m.type === "status" ? `status ${m.content.execution_state}` : `${m.type} ${m.content.text}`));
}

/** True when `part` is `whole` with some elements left out, order kept. */
function isSubsequence(part: string[], whole: string[]): boolean {
  let at = 0;
  for (const item of part) {
    at = whole.indexOf(item, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** Each request's iopub messages arrived in order, some perhaps missing; returns how many are missing. */
function missingIopub(report: FakeReport, ids: readonly string[]): number {
  let missing = 0;
  for (const id of ids) {
    const got = iopubOf(report, id);
    const want = expectedIopub(id);
    assert.ok(isSubsequence(got, want), `${id}: iopub out of order:\n${got.join("")}`);
    missing += want.length - got.length;
  }
  return missing;
}

/** One shell reply per request, in the order of the requests. */
function assertShellRepliesInOrder(report: FakeReport): void {
  assert.deepEqual(
    report.delivered.shell.map((m) => m.parent),
    report.requests,
    "shell replies, one per request, in order",
  );
}

function assertNoCrash(report: FakeReport): void {
  assert.deepEqual(report.unhandled, [], "unhandled rejections");
  assert.deepEqual(report.uncaught, [], "uncaught exceptions");
}

function assertNoMachinePaths(log: string[]): void {
  for (const line of log)
    assert.ok(!line.includes(ROOT) && !/\/(home|work|tmp|usr)\//.test(line), `a machine path in the kernel log: ${line}`);
}

describe("kernel: sends on a socket that blocks, hangs or fails (fake sockets in the kernel's send path)", function () {
  this.timeout(60000);

  it("a blocked iopub send is dropped with one log line; the later messages go out, in order; shell replies do not wait", async () => {
    const report = await runFake("blocks");
    assertNoCrash(report);
    const drops = report.log.filter((l) => l.includes("dropped"));
    assert.equal(drops.length, 1, report.log.join("\n"));
    assert.match(drops[0]!, /^\[gradlab kernel\] iopub: dropped a message \(stream\): Resource temporarily unavailable$/);
    assertNoMachinePaths(report.log);
    let missing = 0;
    for (const id of report.requests) {
      const got = iopubOf(report, id);
      const want = expectedIopub(id);
      assert.ok(isSubsequence(got, want), `${id}: iopub out of order:\n${got.join("")}`);
      missing += want.length - got.length;
    }
    assert.equal(missing, 1, "exactly the blocked message is missing");
    // The message after the blocked one waited for it instead of being refused, and the replies on
    // shell went out while iopub was blocked.
    const ended = report.blockEnded ?? Infinity;
    assert.ok(
      report.delivered.iopub.some((m) => m.seq > ended),
      "no iopub message went out after the block",
    );
    assertShellRepliesInOrder(report);
    for (const reply of report.delivered.shell) assert.ok(reply.seq < ended, `a shell reply waited for iopub: ${reply.parent}`);
  });

  it("a send that never settles is given up after the bound; once the socket is free, messages go out again", async () => {
    const report = await runFake("hangs");
    assertNoCrash(report);
    assert.match(report.log[0] ?? "", /^\[gradlab kernel\] iopub: dropped a message \(stream\): the send did not finish within 100 ms$/);
    assert.ok(report.log.length <= 10, `at most 10 drop lines a minute:\n${report.log.join("\n")}`);
    assertNoMachinePaths(report.log);
    missingIopub(report, report.requests.slice(0, -1));
    assert.deepEqual(iopubOf(report, "late"), expectedIopub("late"), "the request after the socket was free again");
    assertShellRepliesInOrder(report);
  });

  it("a real zeromq socket whose reader stops: blocked sends fail after sendTimeout, are logged, and the rest goes out in order", async () => {
    const report = await runFake("zeromq");
    assertNoCrash(report);
    const drops = report.log.filter((l) => l.includes("dropped"));
    assert.ok(drops.length >= 1, "the reader read nothing for 500 ms: some send must have timed out");
    for (const line of drops)
      assert.match(line, /^\[gradlab kernel\] iopub: dropped a message \((status|stream)\): Operation was not possible or timed out$/);
    assertNoMachinePaths(report.log);
    assert.equal(missingIopub(report, report.requests), drops.length, "what is missing is what the log says was dropped");
    assert.deepEqual(iopubOf(report, "r6").slice(-2), ["stream r6:19\n", "status idle"], "the last messages went out");
    assertShellRepliesInOrder(report);
  });

  it("a failing shell send is logged and does not become an unhandled rejection; iopub is untouched", async () => {
    const report = await runFake("rejects");
    assertNoCrash(report);
    const drops = report.log.filter((l) => l.includes("dropped"));
    assert.deepEqual(drops, [
      "[gradlab kernel] shell: dropped a message (execute_reply): Host unreachable",
      "[gradlab kernel] shell: dropped a message (execute_reply): Host unreachable",
    ]);
    assert.equal(report.delivered.shell.length, report.requests.length - 2);
    for (const id of report.requests) assert.deepEqual(iopubOf(report, id), expectedIopub(id), id);
  });
});

function streamText(r: KernelResult | undefined, name: string): string {
  return (r?.outputs ?? [])
    .filter((o) => o.msg_type === "stream" && o.content.name === name)
    .map((o) => String(o.content.text))
    .join("");
}

describe("kernel: bursts of output through jupyter_client arrive whole and in order", function () {
  this.timeout(300000);

  it("10,000 printed lines, 2,000 displays and stdout/stderr interleaved, then the kernel still answers", async () => {
    const results = await probeKernel({
      cells: [
        'for (let i = 0; i < 10000; i++) console.log("line " + i);',
        'import * as tslab from "tslab";\nfor (let i = 0; i < 2000; i++) tslab.display.text("shown " + i);',
        'for (let i = 0; i < 1000; i++) { console.log("out " + i); console.error("err " + i); }',
        "6 * 7",
      ],
      stop_on_error: true,
      mode: "sequential",
    });
    assert.deepEqual(
      results.map((r) => r.reply.status),
      ["ok", "ok", "ok", "ok"],
    );
    const lines = streamText(results[0], "stdout").split("\n");
    assert.equal(lines.pop(), "");
    assert.equal(lines.length, 10000, `lines received: ${lines.length}`);
    lines.forEach((line, i) => assert.equal(line, `line ${i}`));
    const shown = (results[1]?.outputs ?? [])
      .filter((o) => o.msg_type === "display_data")
      .map((o) => (o.content.data as Record<string, string>)["text/plain"]);
    assert.deepEqual(
      shown,
      Array.from({ length: 2000 }, (_, i) => `shown ${i}`),
    );
    const mixed = (results[2]?.outputs ?? []).filter((o) => o.msg_type === "stream").map((o) => String(o.content.text));
    assert.deepEqual(mixed.join(""), Array.from({ length: 1000 }, (_, i) => `out ${i}\nerr ${i}\n`).join(""));
    const last = results[3]?.outputs.find((o) => o.msg_type === "execute_result");
    assert.equal((last?.content.data as Record<string, string> | undefined)?.["text/plain"], "42");
  });
});
