"""Drive the project's tslab kernel through jupyter_client, the library JupyterLab's server,
nbclient and nbgrader all use, and print what came back as JSON.

Input (stdin, JSON): {"cells": ["code", ...], "stop_on_error": bool, "mode": "batch"|"sequential",
                      "cwd": "dir", "timeout": seconds}
"batch" sends every execute_request before reading any reply (what JupyterLab's Run All does);
"sequential" waits for each reply before sending the next (what nbclient does).
Output (stdout, JSON): {"results": [{"reply": {...content}, "outputs": [{msg_type, content}]}]}
With "shutdown": true the kernel is then shut down as jupyter_client's shutdown_kernel does for
JupyterLab's server (interrupt, shutdown request, wait) and the output also has "shutdown":
{"reply": {...}, "ended": "graceful" | "terminated" | "killed", "seconds": float, "stderr": "what the
kernel wrote to its stderr"}; "graceful" means it ended by itself before jupyter_client escalated to
SIGTERM/SIGKILL. The request goes through the client's control channel so that the reply can be read.

With the arguments `protocol DIR` it probes instead, in a kernel started in DIR, what the cells above do
not cover: the kernel_info reply, comms (a target registered by a cell, an unknown target), the
history, and what the kernel wrote to its own log (stderr) meanwhile; one JSON report as well.
"""
import json
import os
import sys
import tempfile
import time

from jupyter_client.manager import start_new_kernel


def collect(kc, msg_ids, timeout):
    """Read iopub until every request's kernel status went idle; return outputs per request."""
    outputs = {m: [] for m in msg_ids}
    idle = set()
    deadline = time.time() + timeout
    while len(idle) < len(msg_ids):
        remaining = deadline - time.time()
        if remaining <= 0:
            raise TimeoutError(f"no idle status for {len(msg_ids) - len(idle)} request(s)")
        msg = kc.get_iopub_msg(timeout=remaining)
        parent = msg["parent_header"].get("msg_id")
        if parent not in outputs:
            continue
        kind = msg["msg_type"]
        if kind == "status":
            if msg["content"]["execution_state"] == "idle":
                idle.add(parent)
        elif kind in ("stream", "display_data", "update_display_data", "execute_result", "error"):
            outputs[parent].append({"msg_type": kind, "content": msg["content"]})
    return outputs


REGISTER = """
const comms = (globalThis as any)[Symbol.for("gradlab.kernel.comms")];
comms.registerTarget("gradlab.echo", (comm: any, data: any) => {
  comm.send({ opened_with: data });
  comm.onMsg = (msg: any) => comm.send({ echo: msg });
});
"""


def iopub_until(kc, want, timeout=20):
    """Iopub messages until one for which want(msg) is true (returned last)."""
    seen = []
    deadline = time.time() + timeout
    while time.time() < deadline:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        seen.append({"msg_type": msg["msg_type"], "content": msg["content"]})
        if want(msg):
            return seen
    raise TimeoutError("expected iopub message not seen: " + json.dumps(seen)[-2000:])


def protocol(cwd):
    """The protocol report (see the module's docstring)."""
    stderr = tempfile.TemporaryFile()
    km, kc = start_new_kernel(kernel_name="tslab", cwd=cwd, startup_timeout=60, stderr=stderr)
    report = {}
    try:
        report["kernel_info"] = kc.kernel_info(reply=True, timeout=20)["content"]
        reply = kc.execute_interactive(REGISTER, timeout=60, output_hook=lambda m: None)
        report["register"] = reply["content"]["status"]

        session = kc.session
        comm_id = "a1b2c3"
        kc.shell_channel.send(session.msg("comm_open", {"comm_id": comm_id, "target_name": "gradlab.echo", "data": {"x": 1}}))
        opened = iopub_until(kc, lambda m: m["msg_type"] == "comm_msg")
        kc.shell_channel.send(session.msg("comm_msg", {"comm_id": comm_id, "data": {"ping": 2}}))
        echoed = iopub_until(kc, lambda m: m["msg_type"] == "comm_msg")
        info = kc.comm_info(reply=True, timeout=20)["content"]
        kc.shell_channel.send(session.msg("comm_close", {"comm_id": comm_id, "data": {}}))
        time.sleep(0.3)
        info_after = kc.comm_info(reply=True, timeout=20)["content"]
        kc.shell_channel.send(session.msg("comm_open", {"comm_id": "d4e5", "target_name": "no.such.target", "data": {}}))
        refused = iopub_until(kc, lambda m: m["msg_type"] == "comm_close")
        history = kc.history(hist_access_type="tail", n=5, reply=True, timeout=20)["content"]
        report["comm"] = {
            "opened": opened[-1]["content"],
            "echoed": echoed[-1]["content"],
            "info": info,
            "info_after_close": info_after,
            "refused": refused[-1]["content"],
        }
        report["history"] = history
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    stderr.seek(0)
    report["stderr"] = stderr.read().decode("utf-8", "replace")
    write_report(report)


def write_report(report):
    """The JSON report on stdout, whole: the kernel shares this pipe, and Node makes it non-blocking,
    which can cut a buffered write short at exit."""
    os.set_blocking(sys.stdout.fileno(), True)
    json.dump(report, sys.stdout)
    sys.stdout.flush()

def main():
    if sys.argv[1:2] == ["protocol"]:
        protocol(sys.argv[2])
        return
    spec = json.load(sys.stdin)
    timeout = spec.get("timeout", 60)
    stderr = tempfile.TemporaryFile() if spec.get("shutdown") else None
    extra = {"stderr": stderr} if stderr else {}
    km, kc = start_new_kernel(kernel_name="tslab", cwd=spec.get("cwd"), startup_timeout=60, **extra)
    report = {}
    try:
        results = []
        if spec.get("mode", "sequential") == "batch":
            ids = [kc.execute(code, stop_on_error=spec["stop_on_error"]) for code in spec["cells"]]
            replies = {}
            while not all(i in replies for i in ids):
                reply = kc.get_shell_msg(timeout=timeout)
                replies[reply["parent_header"].get("msg_id")] = reply["content"]
            outputs = collect(kc, ids, timeout)
            results = [{"reply": replies[i], "outputs": outputs[i]} for i in ids]
        else:
            for code in spec["cells"]:
                msg_id = kc.execute(code, stop_on_error=spec["stop_on_error"])
                reply = kc.get_shell_msg(timeout=timeout)
                while reply["parent_header"].get("msg_id") != msg_id:
                    reply = kc.get_shell_msg(timeout=timeout)
                outputs = collect(kc, [msg_id], timeout)
                results.append({"reply": reply["content"], "outputs": outputs[msg_id]})
        report["results"] = results
        if spec.get("shutdown"):
            report["shutdown"] = shut_down(km, kc, stderr, timeout)
        write_report(report)
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


def shut_down(km, kc, stderr, timeout):
    """Shut the kernel down the way jupyter_client's shutdown_kernel does and report how it ended."""
    km.interrupt_kernel()  # shutdown_kernel interrupts first (interrupt_mode "signal": SIGINT)
    started = time.monotonic()
    msg_id = kc.shutdown()
    reply = kc.control_channel.get_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.control_channel.get_msg(timeout=timeout)
    km.finish_shutdown()  # waits, then escalates to SIGTERM and SIGKILL if the kernel lingers
    seconds = time.monotonic() - started
    # jupyter_client records when it had to escalate; the request went through the client, so the
    # status stays unset when the kernel ended by itself.
    status = km._shutdown_status
    ended = {None: "graceful", "SigtermRequest": "terminated", "SigkillRequest": "killed"}[status.value]
    km.cleanup_resources()
    stderr.seek(0)
    return {
        "reply": reply["content"],
        "ended": ended,
        "seconds": round(seconds, 3),
        "stderr": stderr.read().decode("utf-8", "replace"),
    }

if __name__ == "__main__":
    main()
