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

With the argument `start-log` it starts a kernel as the probes do and reports what its stderr file
holds ({"stderr"}): a start tried again leaves only the log of the kernel that answered.

With the argument `taken-port` (stdin: {"cases": [{"name", and "argv": a server's command-line
settings, or "config_dir": a folder with a server's jupyter_server_config.py, or neither:
jupyter_client's defaults}]}) it starts a kernel for each case as a Jupyter server does
(jupyter_client's AsyncIOLoopKernelManager, with its restarter, and the case's settings) while
another process holds the shell port chosen for it, and reports whether a kernel then answers:
{name: {"held_port", "cache_ports", "shell_port" (the kernel's at the end), "restarts", "dead"
(the restarter gave up), "ready", "stderr" (what the kernels wrote to their log)}}.
"""
import json
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "scripts"))
from kernel_start import start_new_kernel  # noqa: E402 (jupyter_client's, tried again on new ports)


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

def taken_port(cases):
    """For each case, a kernel started as a Jupyter server starts one (jupyter_client's
    AsyncIOLoopKernelManager, with its restarter) with that server's settings, while another
    process holds the shell port jupyter_client chose for it."""
    import asyncio
    import socket

    from jupyter_client.ioloop import AsyncIOLoopKernelManager
    from traitlets.config import Config, KVArgParseConfigLoader, PyFileConfigLoader

    class PortTakenAtFirstLaunch(AsyncIOLoopKernelManager):
        """Another process binds the shell port chosen for the kernel, just before its first launch."""

        holder = None

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            if self.holder is None:
                self.holder = socket.socket()
                self.holder.bind((self.ip, self.shell_port))
                self.holder.listen()
            return await super()._async_launch_kernel(kernel_cmd, **kw)

    def settings(case):
        if "argv" in case:  # a server's command line
            return KVArgParseConfigLoader(case["argv"]).load_config()
        if "config_dir" in case:  # a server's settings file
            return PyFileConfigLoader("jupyter_server_config.py", path=case["config_dir"]).load_config()
        return Config()  # jupyter_client's defaults

    async def run(case, stderr):
        config = settings(case)
        # The restarter polls more often than a server's (3 s): the same steps, sooner.
        config.KernelRestarter.time_to_dead = 0.5
        km = PortTakenAtFirstLaunch(kernel_name="tslab", config=config)
        events = []
        await km.start_kernel(stderr=stderr)
        km.start_restarter()
        for event in ("restart", "dead"):
            km.add_restart_callback(lambda event=event: events.append(event), event)
        report = {"held_port": km.holder.getsockname()[1], "cache_ports": km.cache_ports, "ready": False}
        try:
            deadline = time.monotonic() + 60
            while "dead" not in events and not ("restart" in events and await km.is_alive()) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            if "dead" not in events and "restart" in events:
                kc = km.client()
                kc.start_channels()
                try:
                    await kc.wait_for_ready(timeout=max(1, deadline - time.monotonic()))
                    report["ready"] = True
                except RuntimeError as error:
                    report["error"] = str(error)
                finally:
                    kc.stop_channels()
            report.update(shell_port=km.shell_port, restarts=events.count("restart"), dead="dead" in events)
        finally:
            km.stop_restarter()
            if await km.is_alive():
                await km.shutdown_kernel(now=True)
            km.holder.close()
        return report

    reports = {}
    for case in cases:
        with tempfile.TemporaryFile() as stderr:
            report = asyncio.run(run(case, stderr))
            stderr.seek(0)
            report["stderr"] = stderr.read().decode("utf8", "replace")
        reports[case["name"]] = report
    write_report(reports)


def start_log():
    """A kernel started as the probes start theirs (kernel_start.start_new_kernel, its stderr to a
    file), shut down at once; reports what that file holds."""
    with tempfile.TemporaryFile() as stderr:
        km, kc = start_new_kernel(kernel_name="tslab", startup_timeout=60, stderr=stderr)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        stderr.seek(0)
        write_report({"stderr": stderr.read().decode("utf8", "replace")})


def main():
    if sys.argv[1:2] == ["start-log"]:
        start_log()
        return
    if sys.argv[1:2] == ["protocol"]:
        protocol(sys.argv[2])
        return
    if sys.argv[1:2] == ["taken-port"]:
        taken_port(json.load(sys.stdin)["cases"])
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
