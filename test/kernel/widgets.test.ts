// gradlab's widgets in the real kernel, driven through jupyter_client as JupyterLab's widget
// manager drives them (ipywidgets message protocol 2.1.0): see test/kernel/widgets_probe.py.
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT, runPython } from "../support/jupyter";

interface Msg {
  msg_type: string;
  parent: string;
  content: Record<string, unknown> & { data?: Record<string, unknown> };
  metadata: Record<string, unknown>;
}

interface WidgetsReport {
  create: { status: string; messages: Msg[] };
  slider_id: string;
  comm_info: { status: string; comms: Record<string, { target_name: string }> };
  request_states: Msg[];
  update_in_range: Msg[];
  update_clamped: Msg[];
  request_state: Msg[];
  seen: number[];
  kernel_set: Msg[];
  kernel_set_bad: string;
  clicks: number;
  interact_cell: { status: string; messages: Msg[] };
  output_id: string;
  superseded_runs: Array<[number, string]>;
  superseded_log: string[];
  run_a: Msg[];
  run_b: Msg[];
  tensors: { growth: number[]; runs: number; live: number };
  error_run: Msg[];
  after_error_run: Msg[];
  error_runs: Array<[number, string, string | null]>;
  interrupt: Array<[number, string]>;
  interrupt_seconds: number;
  stderr: string;
}

const commData = (m: Msg) => m.content.data as { method?: string; state?: Record<string, unknown>; buffer_paths?: unknown[] };

describe("kernel: widgets over comms (ipywidgets protocol 2.1.0)", function () {
  this.timeout(300000);
  let r: WidgetsReport;

  before(async () => {
    const result = await runPython("test/kernel/widgets_probe.py", [path.join(ROOT, "notebooks")]);
    assert.equal(result.code, 0, `widgets_probe.py failed:\n${result.stderr.slice(-3000)}`);
    r = JSON.parse(result.stdout) as WidgetsReport;
  });

  it("opens each model with target jupyter.widget, protocol version 2.1.0, its state and the ipywidgets 8 module versions", () => {
    assert.equal(r.create.status, "ok");
    const opens = r.create.messages.filter((m) => m.msg_type === "comm_open");
    const slider = opens.find((m) => m.content.comm_id === r.slider_id)!;
    assert.equal(slider.content.target_name, "jupyter.widget");
    assert.deepEqual(slider.metadata, { version: "2.1.0" });
    const data = slider.content.data as { state: Record<string, unknown>; buffer_paths: unknown[] };
    assert.deepEqual(data.buffer_paths, []);
    assert.equal(data.state._model_name, "IntSliderModel");
    assert.equal(data.state._view_name, "IntSliderView");
    assert.equal(data.state._model_module, "@jupyter-widgets/controls");
    assert.equal(data.state._model_module_version, "2.0.0");
    assert.deepEqual([data.state.value, data.state.min, data.state.max, data.state.description], [3, 0, 10, "n"]);
    // Its layout and style are models opened before it.
    for (const key of ["layout", "style"]) {
      const ref = String(data.state[key]);
      assert.match(ref, /^IPY_MODEL_/);
      const target = opens.find((m) => `IPY_MODEL_${String(m.content.comm_id)}` === ref);
      assert.ok(target && opens.indexOf(target) < opens.indexOf(slider), `${key} model opened first`);
    }
    const layout = opens.find((m) => `IPY_MODEL_${String(m.content.comm_id)}` === data.state.layout)!;
    assert.equal((layout.content.data as { state: Record<string, unknown> }).state._model_module, "@jupyter-widgets/base");
    const shown = r.create.messages.find((m) => m.msg_type === "display_data")!;
    assert.deepEqual(shown.content.data!["application/vnd.jupyter.widget-view+json"], {
      model_id: r.slider_id,
      version_major: 2,
      version_minor: 0,
    });
    assert.match(String(shown.content.data!["text/plain"]), /n = 3/);
  });

  it("lists its comms in comm_info_reply (what a reloaded page asks)", () => {
    assert.equal(r.comm_info.status, "ok");
    assert.deepEqual(r.comm_info.comms[r.slider_id], { target_name: "jupyter.widget" });
  });

  it("answers request_states on the jupyter.widget.control comm with every widget's state (a reloaded page)", () => {
    const replies = r.request_states.filter((m) => m.msg_type === "comm_msg");
    assert.equal(replies.length, 1, JSON.stringify(r.request_states));
    const data = replies[0]!.content.data as {
      method: string;
      states: Record<string, { model_name: string; model_module_version: string; state: Record<string, unknown> }>;
    };
    assert.equal(data.method, "update_states");
    const slider = data.states[r.slider_id]!;
    assert.equal(slider.model_name, "IntSliderModel");
    assert.equal(slider.model_module_version, "2.0.0");
    assert.equal(slider.state.value, 3);
    assert.ok(Object.keys(data.states).length >= 3, "the slider, its layout and its style");
  });

  it("echoes a front end's update (echo_update, parented by it) and the kernel's callback sees the value", () => {
    const echo = r.update_in_range.filter((m) => m.msg_type === "comm_msg");
    assert.equal(echo.length, 1, JSON.stringify(r.update_in_range));
    assert.deepEqual(echo[0]!.content, { comm_id: r.slider_id, data: { method: "echo_update", state: { value: 7 }, buffer_paths: [] } });
    assert.deepEqual(r.seen, [7, 10]);
  });

  it("clamps an out-of-range value to max, as ipywidgets does, and tells the front end", () => {
    const sent = r.update_clamped.filter((m) => m.msg_type === "comm_msg").map(commData);
    assert.deepEqual(sent, [
      { method: "echo_update", state: { value: 50 }, buffer_paths: [] },
      { method: "update", state: { value: 10 }, buffer_paths: [] },
    ]);
  });

  it("answers request_state with the whole state", () => {
    const sent = r.request_state.filter((m) => m.msg_type === "comm_msg").map(commData);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.method, "update");
    assert.equal(sent[0]!.state!.value, 10);
    assert.equal(sent[0]!.state!._model_name, "IntSliderModel");
  });

  it("a value set from TypeScript moves the slider (an update message); a bad one is refused with the range", () => {
    const sent = r.kernel_set.filter((m) => m.msg_type === "comm_msg");
    assert.deepEqual(
      sent.map((m) => [m.content.comm_id, commData(m)]),
      [[r.slider_id, { method: "update", state: { value: 4 }, buffer_paths: [] }]],
    );
    assert.match(r.kernel_set_bad, /value must be within \[min, max\] = \[0, 10\]; got 11/);
  });

  it("a button's click (a custom message) reaches onClick", () => {
    assert.equal(r.clicks, 2);
  });

  it("interact: the run in flight is superseded by the newer value, which runs next", () => {
    assert.equal(r.interact_cell.status, "ok");
    assert.deepEqual(r.superseded_runs, [
      [1, "done"],
      [5, "superseded"],
      [9, "done"],
    ]);
    assert.deepEqual(r.superseded_log, ["start 1", "end 1", "start 5", "start 9", "end 9"]);
  });

  it("interact: the first run's output goes to the cell; a live run's output to the output area (msg_id, clear_output wait)", () => {
    const cellText = r.interact_cell.messages.filter((m) => m.msg_type === "display_data").map((m) => m.content.data!["text/plain"]);
    assert.ok(cellText.includes("n is 1\n"), JSON.stringify(cellText));
    const b = r.run_b;
    const setMsgId = b.findIndex(
      (m) => m.msg_type === "comm_msg" && m.content.comm_id === r.output_id && commData(m).state?.msg_id === b[0]?.parent,
    );
    const clear = b.findIndex((m) => m.msg_type === "clear_output");
    const text = b.findIndex((m) => m.msg_type === "stream" && m.content.text === "n is 9\n");
    const reset = b.findIndex(
      (m, i) => i > text && m.msg_type === "comm_msg" && m.content.comm_id === r.output_id && commData(m).state?.msg_id === "",
    );
    assert.ok(setMsgId >= 0 && clear > setMsgId && text > clear && reset > text, JSON.stringify(b));
    assert.deepEqual(b[clear]!.content, { wait: true });
    // The kernel stays busy with the message until its run is over: JupyterLab routes a message's
    // output to an Output widget only until the message is done (idle).
    const idle = b.findIndex((m) => m.msg_type === "status" && m.content.execution_state === "idle");
    assert.ok(idle > text, `idle at ${idle}, the run's text at ${text}`);
    // The superseded run printed nothing.
    assert.ok(!r.run_a.some((m) => m.msg_type === "stream"), JSON.stringify(r.run_a));
  });

  it("interact: tensors a run leaves behind are disposed when it ends", () => {
    assert.equal(r.tensors.runs, 4);
    assert.deepEqual(r.tensors.growth, [0, 0, 0, 0]);
  });

  it("interact: an error in fn shows in the output area, and the next value runs", () => {
    const error = r.error_run.find((m) => m.msg_type === "error");
    assert.ok(error, JSON.stringify(r.error_run));
    assert.equal(error.content.ename, "RangeError");
    assert.equal(error.content.evalue, "unlucky 13");
    assert.ok(r.after_error_run.some((m) => m.msg_type === "stream" && m.content.text === "fine 14\n"));
    assert.deepEqual(r.error_runs, [
      [1, "done", null],
      [13, "error", "unlucky 13"],
      [14, "done", null],
    ]);
  });

  it("interact: the stop button (SIGINT) interrupts a long synchronous run", () => {
    assert.deepEqual(r.interrupt, [
      [1, "done"],
      [60, "interrupted"],
    ]);
    assert.ok(r.interrupt_seconds < 15, `the kernel answered ${r.interrupt_seconds.toFixed(1)} s after the interrupt`);
  });

  it("writes nothing to the kernel's log", () => {
    assert.equal(r.stderr, "");
  });
});
