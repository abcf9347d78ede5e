"""Drive gradlab's widgets in the course kernel through jupyter_client, as JupyterLab's widget
manager does (ipywidgets message protocol 2.1.0), and print one JSON report of what came back.

Scenarios: a slider's comm_open and display; comm_info; front-end updates (echo_update, a clamped
value, the kernel's callback); request_state; a value set from TypeScript; a button click; an
interact whose run in flight is superseded by a newer value; an error in fn; an interrupt (SIGINT)
of a long synchronous run; the kernel's own log (stderr).
"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "scripts"))
from kernel_start import start_new_kernel  # noqa: E402 (jupyter_client's, tried again on new ports)


def write_report(report):
    """The JSON report on stdout, whole (the kernel shares this pipe and Node makes it non-blocking)."""
    os.set_blocking(sys.stdout.fileno(), True)
    json.dump(report, sys.stdout)
    sys.stdout.flush()


class Probe:
    def __init__(self, kc):
        self.kc = kc
        self.messages = []  # every iopub message seen: {msg_type, parent, content}

    def drain(self, seconds):
        """Read iopub for `seconds`."""
        deadline = time.time() + seconds
        while True:
            remaining = deadline - time.time()
            if remaining <= 0:
                return
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except Exception:
                return
            self.note(msg)

    def note(self, msg):
        self.messages.append(
            {"msg_type": msg["msg_type"], "parent": msg["parent_header"].get("msg_id"), "content": msg["content"], "metadata": msg.get("metadata", {})}
        )

    def execute(self, code, timeout=120):
        """Runs a cell; returns (reply content, the iopub messages it parented)."""
        msg_id = self.kc.execute(code)
        deadline = time.time() + timeout
        reply = None
        while True:
            msg = self.kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
            self.note(msg)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        return reply["content"], [m for m in self.messages if m["parent"] == msg_id]

    def value(self, code):
        """The text/plain of a cell's result (a JSON string expression: parsed)."""
        reply, msgs = self.execute(code)
        results = [m for m in msgs if m["msg_type"] == "execute_result"]
        if reply["status"] != "ok" or not results:
            raise RuntimeError(f"cell failed: {code!r}: {json.dumps(reply)[:2000]} {json.dumps(msgs)[:2000]}")
        text = results[-1]["content"]["data"]["text/plain"]
        # A string result is shown quoted (as Node's REPL shows it); JSON inside is parsed.
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"`":
            inner = text[1:-1]
            try:
                return json.loads(inner)
            except ValueError:
                return inner
        return text

    def comm_msg(self, comm_id, data):
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def parented(self, msg_id):
        return [m for m in self.messages if m["parent"] == msg_id]


def main():
    stderr = tempfile.TemporaryFile()
    km, kc = start_new_kernel(kernel_name="tslab", cwd=sys.argv[1], startup_timeout=60, stderr=stderr)
    p = Probe(kc)
    report = {}
    try:
        # --- a slider: comm_open per spec, and its display
        reply, msgs = p.execute(
            'import { widgets, setupTf } from "gradlab";\n'
            "await setupTf();\n"
            'const s = widgets.intSlider({ value: 3, min: 0, max: 10, description: "n" });\n'
            "const seen: number[] = [];\n"
            "s.onChange((v) => seen.push(v));\n"
            "s.display();\n"
        )
        report["create"] = {"status": reply["status"], "messages": msgs}
        opens = [m for m in msgs if m["msg_type"] == "comm_open"]
        slider = next(m for m in opens if m["content"]["data"]["state"].get("_model_name") == "IntSliderModel")
        sid = slider["content"]["comm_id"]
        report["slider_id"] = sid
        report["comm_info"] = kc.comm_info(target_name="jupyter.widget", reply=True, timeout=20)["content"]

        # --- the control comm a reloaded page opens: every widget's state at once
        ctl = kc.session.msg("comm_open", {"comm_id": "control-1", "target_name": "jupyter.widget.control", "data": {}})
        kc.shell_channel.send(ctl)
        p.drain(0.5)
        rs_all = p.comm_msg("control-1", {"method": "request_states"})
        p.drain(1.0)
        report["request_states"] = p.parented(rs_all)

        # --- front-end updates
        up1 = p.comm_msg(sid, {"method": "update", "state": {"value": 7}, "buffer_paths": []})
        p.drain(1.0)
        up2 = p.comm_msg(sid, {"method": "update", "state": {"value": 50}, "buffer_paths": []})
        p.drain(1.0)
        rs = p.comm_msg(sid, {"method": "request_state"})
        p.drain(1.0)
        report["update_in_range"] = p.parented(up1)
        report["update_clamped"] = p.parented(up2)
        report["request_state"] = p.parented(rs)
        report["seen"] = p.value("JSON.stringify(seen)")
        reply, msgs = p.execute("s.value = 4;")
        report["kernel_set"] = msgs
        report["kernel_set_bad"] = p.value("(() => { try { s.value = 11; return 'no error'; } catch (e) { return String(e.message); } })()")

        # --- a button click (custom message)
        reply, msgs = p.execute("const b = widgets.button({ description: 'go' });\nlet clicks = 0;\nb.onClick(() => clicks++);\nb.modelId")
        bid = p.value("b.modelId")
        p.comm_msg(bid, {"method": "custom", "content": {"event": "click"}})
        p.comm_msg(bid, {"method": "custom", "content": {"event": "click"}})
        p.drain(1.0)
        report["clicks"] = p.value("String(clicks)")

        # --- interact: a run in flight is superseded by a newer value; no tensor leaks
        reply, msgs = p.execute(
            "const log: string[] = [];\n"
            "const n = widgets.intSlider({ value: 1, min: 0, max: 100, description: 'n' });\n"
            "const live = await widgets.interact(async ({ n }, run) => {\n"
            "  log.push('start ' + n);\n"
            "  for (let i = 0; i < 10; i++) { await new Promise((r) => setTimeout(r, 100)); await run.checkpoint(); }\n"
            "  log.push('end ' + n);\n"
            "  console.log('n is ' + n);\n"
            "}, { n }, { debounceMs: 30 });\n"
        )
        report["interact_cell"] = {"status": reply["status"], "messages": msgs}
        if reply["status"] != "ok":
            raise RuntimeError(f"the interact cell failed: {json.dumps(reply)[:3000]}")
        report["output_id"] = p.value("live.output.modelId")
        nid = p.value("n.modelId")
        a = p.comm_msg(nid, {"method": "update", "state": {"value": 5}, "buffer_paths": []})
        time.sleep(0.5)  # the run for 5 is in flight (it takes 1 s)
        b = p.comm_msg(nid, {"method": "update", "state": {"value": 9}, "buffer_paths": []})
        p.drain(3.0)
        report["superseded_runs"] = p.value("await live.whenIdle(), JSON.stringify(live.runs.map((r) => [r.values.n, r.outcome]))")
        report["superseded_log"] = p.value("JSON.stringify(log)")
        report["run_a"] = p.parented(a)
        report["run_b"] = p.parented(b)

        # --- tensors: a run that leaves tensors behind does not leak them
        p.execute(
            "import { tf } from 'gradlab';\n"
            "const k = widgets.intSlider({ value: 1, min: 0, max: 100 });\n"
            "const leaky = await widgets.interact(({ k }) => { tf.ones([k + 1, 3]); tf.scalar(k).square(); }, { k }, { debounceMs: 0 });\n"
        )
        kid = p.value("k.modelId")
        for v in (2, 3, 4):
            p.comm_msg(kid, {"method": "update", "state": {"value": v}, "buffer_paths": []})
            p.drain(0.4)
        report["tensors"] = p.value("await leaky.whenIdle(), JSON.stringify({ growth: leaky.runs.map((r) => r.tensorGrowth), runs: leaky.runs.length, live: tf.memory().numTensors })")

        # --- an error in fn shows in the output area; the widget keeps working
        p.execute(
            "const e = widgets.intSlider({ value: 1, min: 0, max: 100 });\n"
            "const failing = await widgets.interact(({ e }) => { if (e === 13) throw new RangeError('unlucky ' + e); console.log('fine ' + e); }, { e }, { debounceMs: 0 });\n"
        )
        eid = p.value("e.modelId")
        bad = p.comm_msg(eid, {"method": "update", "state": {"value": 13}, "buffer_paths": []})
        p.drain(1.0)
        good = p.comm_msg(eid, {"method": "update", "state": {"value": 14}, "buffer_paths": []})
        p.drain(1.0)
        report["error_run"] = p.parented(bad)
        report["after_error_run"] = p.parented(good)
        report["error_runs"] = p.value("JSON.stringify(failing.runs.map((r) => [r.values.e, r.outcome, r.error ?? null]))")

        # --- interrupt: a long synchronous run stops on SIGINT (the stop button)
        p.execute(
            "const w = widgets.intSlider({ value: 1, min: 0, max: 100 });\n"
            "const busy = await widgets.interact(({ w }) => { if (w > 50) { const t = Date.now(); while (Date.now() - t < 30000) {} } }, { w }, { debounceMs: 0 });\n"
        )
        wid = p.value("w.modelId")
        p.comm_msg(wid, {"method": "update", "state": {"value": 60}, "buffer_paths": []})
        time.sleep(1.5)
        started = time.time()
        km.interrupt_kernel()
        report["interrupt"] = p.value("JSON.stringify(busy.runs.map((r) => [r.values.w, r.outcome]))")
        report["interrupt_seconds"] = time.time() - started
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    stderr.seek(0)
    report["stderr"] = stderr.read().decode("utf-8", "replace")
    write_report(report)


if __name__ == "__main__":
    main()
