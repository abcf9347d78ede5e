"""Drive the course kernel through jupyter_client for what kernel_probe.py does not cover: the
kernel_info reply, comms (a target registered by a cell, an unknown target), and what the kernel
wrote to its own log (stderr) meanwhile. Prints one JSON report.
"""
import json
import os
import sys
import tempfile
import time

from jupyter_client.manager import start_new_kernel

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



def write_report(report):
    """The JSON report on stdout, whole: the kernel shares this pipe, and Node makes it non-blocking,
    which can cut a buffered write short at exit."""
    os.set_blocking(sys.stdout.fileno(), True)
    json.dump(report, sys.stdout)
    sys.stdout.flush()

def main():
    stderr = tempfile.TemporaryFile()
    km, kc = start_new_kernel(kernel_name="tslab", cwd=sys.argv[1], startup_timeout=60, stderr=stderr)
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


if __name__ == "__main__":
    main()
