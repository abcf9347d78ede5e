// Drives the kernel's own send path (tslab's ZmqServer, as patched) with fake sockets that keep
// zeromq 6's contract: send() returns a promise, and a send made while an earlier one on the same
// socket is still in progress throws "Socket is busy writing" (EBUSY) at the call. One send of the
// fake iopub is held up, as a blocked socket holds it; the requests' handlers meanwhile write
// lines. Prints one JSON report: what each fake socket delivered (and when), what the kernel wrote
// to its log (stderr), and any unhandled rejection or uncaught exception.
//
//   node test/kernel/send_fake.cjs <scenario>
//   blocks:  iopub's 5th send blocks for 150 ms and then fails with EAGAIN (what zeromq does with a
//            sendTimeout); the queue's own bound is 1000 ms.
//   hangs:   iopub's 5th send never settles, and the socket stays busy for 400 ms; the queue's
//            bound is 100 ms. A last request is sent once the socket is free again.
//   rejects: every 3rd shell send fails (a reply to a peer that is gone, EHOSTUNREACH).
//   zeromq:  iopub is a real zeromq socket (PUSH, sendTimeout 100 ms, high-water mark 1) whose
//            reader (PULL over inproc, high-water mark 1) reads nothing for the first 500 ms: a send
//            blocks, the next is refused as busy, the blocked one fails with EAGAIN after 100 ms.
"use strict";
const { createHmac } = require("node:crypto");
const fs = require("node:fs");
const jupyter = require("tslab/dist/jupyter");

const scenario = process.argv[2];
const KEY = "fake-key";
const LINES = 20;
const report = { scenario, delivered: { iopub: [], shell: [] }, log: [], unhandled: [], uncaught: [], blockEnded: null };
// Every delivery and the end of a block get the next number: an order that does not depend on timing.
let seq = 0;

process.on("unhandledRejection", (e) => report.unhandled.push(String(e && e.message ? e.message : e)));
process.on("uncaughtException", (e) => report.uncaught.push(String(e && e.message ? e.message : e)));
// The kernel's log is its stderr, written with fs.writeSync(2, ...).
const writeSync = fs.writeSync;
fs.writeSync = function (fd, text, ...rest) {
  if (fd === 2) {
    report.log.push(String(text).trimEnd());
    return String(text).length;
  }
  return writeSync.call(this, fd, text, ...rest);
};

function zmqError(code, message) {
  const e = new Error(message);
  e.code = code;
  return e;
}

/** A zeromq-like socket; `plan(n)` says what its n-th send does ("ok" unless told). */
class FakeSocket {
  constructor(name, plan) {
    this.name = name;
    this.plan = plan;
    this.closed = false;
    this.busy = false;
    this.calls = 0;
  }
  send(frames) {
    if (this.busy) {
      throw zmqError("EBUSY", "Socket is busy writing; only one send operation may be in progress at any time");
    }
    const n = ++this.calls;
    const what = this.plan(n);
    if (what === "ok") {
      record(this.name, frames);
      return Promise.resolve();
    }
    this.busy = true;
    if (what.kind === "block") {
      return new Promise((_, reject) =>
        setTimeout(() => {
          this.busy = false;
          report.blockEnded = ++seq;
          reject(zmqError("EAGAIN", "Resource temporarily unavailable"));
        }, what.ms),
      );
    }
    if (what.kind === "hang") {
      setTimeout(() => (this.busy = false), what.ms);
      return new Promise(() => {});
    }
    this.busy = false;
    return Promise.reject(zmqError("EHOSTUNREACH", "Host unreachable"));
  }
  close() {
    this.closed = true;
  }
}

/** A signed execute_request as a client sends it: [identity, delimiter, hmac, header, parent, metadata, content]. */
function request(id) {
  const header = { msg_id: id, msg_type: "execute_request", session: "s", username: "u", date: new Date().toISOString(), version: "5.3" };
  const parts = [
    header,
    {},
    {},
    { code: id, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true },
  ].map((p) => JSON.stringify(p));
  const hmac = createHmac("sha256", KEY);
  for (const p of parts) hmac.update(p);
  return [Buffer.from("client"), Buffer.from("<IDS|MSG>"), Buffer.from(hmac.digest("hex")), ...parts.map((p) => Buffer.from(p))];
}

// The handler stands in for the TypeScript executor: each request writes LINES lines to stdout.
const handler = {
  async handleExecute(content, writeStream) {
    for (let i = 0; i < LINES; i++) writeStream("stdout", `${content.code}:${i}\n`);
    return { status: "ok", execution_count: 1, user_expressions: {} };
  },
  close() {},
};

const plans = {
  blocks: { iopub: (n) => (n === 5 ? { kind: "block", ms: 150 } : "ok"), shell: () => "ok", timeoutMs: 1000 },
  hangs: { iopub: (n) => (n === 5 ? { kind: "hang", ms: 400 } : "ok"), shell: () => "ok", timeoutMs: 100 },
  rejects: { iopub: () => "ok", shell: (n) => (n % 3 === 0 ? { kind: "reject" } : "ok"), timeoutMs: 1000 },
  zeromq: { shell: () => "ok", timeoutMs: 1000 },
};
const plan = plans[scenario];
if (!plan) {
  process.stderr.write(`send_fake.cjs: unknown scenario ${JSON.stringify(scenario)}; use one of ${Object.keys(plans).join(", ")}\n`);
  process.exit(2);
}
if (jupyter.sendQueueOptions) jupyter.sendQueueOptions.timeoutMs = plan.timeoutMs;

/** Records a delivered message on `name` (frames as a socket got them). */
function record(name, frames) {
  const at = frames.findIndex((f) => String(f) === "<IDS|MSG>");
  const header = JSON.parse(String(frames[at + 2]));
  const parent = JSON.parse(String(frames[at + 3]));
  const content = JSON.parse(String(frames[at + 5]));
  report.delivered[name].push({ type: header.msg_type, parent: parent.msg_id, content, seq: ++seq });
  if (scenario === "zeromq" && parent.msg_id === "r6" && header.msg_type === "status" && content.execution_state === "idle") finish();
}

function finish() {
  fs.writeSync = writeSync;
  process.stdout.write(JSON.stringify(report));
  process.exit(0);
}

async function realIopub() {
  const zmq = require("zeromq");
  const push = new zmq.Push({ sendTimeout: 100, sendHighWaterMark: 1 });
  const pull = new zmq.Pull({ receiveHighWaterMark: 1 });
  await push.bind("inproc://gradlab-send-test");
  pull.connect("inproc://gradlab-send-test");
  setTimeout(async () => {
    for await (const frames of pull) record("iopub", frames);
  }, 500);
  return push;
}

async function main() {
  const server = new jupyter.ZmqServer(handler, "unused");
  server.connInfo = { key: KEY };
  server.iopub = scenario === "zeromq" ? await realIopub() : new FakeSocket("iopub", plan.iopub);
  const shell = new FakeSocket("shell", plan.shell);
  // Named as the kernel names its sockets when it binds them (a kernel without send queues has no names).
  if (jupyter.sendQueue) {
    jupyter.sendQueue(server.iopub, "iopub");
    jupyter.sendQueue(shell, "shell");
  }
  report.requests = ["r1", "r2", "r3", "r4", "r5", "r6"];
  // As the kernel's receive loop does: each request handled as it arrives, nothing awaited.
  for (const id of report.requests) server.handleShellMessage(shell, ...request(id));
  setTimeout(() => {
    if (scenario === "hangs") {
      report.requests.push("late");
      server.handleShellMessage(shell, ...request("late"));
    }
  }, 600);
  setTimeout(finish, scenario === "zeromq" ? 10000 : 900);
}

main();
