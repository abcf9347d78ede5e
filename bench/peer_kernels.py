"""The course kernel against Deno's Jupyter kernel, through jupyter_client, in one run.

Rounds alternate the order of the two kernels (interleaved, so that a change in the machine's load
hits both). Each round, for each kernel: start a fresh kernel and time until its first result, a
trivial cell, the import of the project's library and a small cell after it, a loop over top-level
variables and the same loop in a function, then a notebook's worth of ordinary cells.
For a kernel marked "timings" (ours), also where one cell's time goes: the phases the kernel
reports for it (globalThis[Symbol.for("gradlab.kernel.timings")]) and the rest of the round trip.
Input (argv[1], JSON): {"kernels": [{"label", "name", "timings"?}], "rounds", "cwd", "import": {label: code}}.
Output (stdout): JSON {label: {measure: [seconds per round]}, "breakdown": {label: {cell: {phase: [ms per round]}}}}.
"""
import json
import os
import sys
import queue
import time

from jupyter_client.manager import KernelManager

TRIVIAL = "1 + 1"
LOOP = "let s = 0;\nfor (let i = 0; i < 1e6; i++) s += i;\ns"
LOOP_IN_FUNCTION = "(() => { let s = 0; for (let i = 0; i < 1e6; i++) s += i; return s; })()"
SMALL = "fmt(2 / 3)"
# A loop in a later cell over a name an earlier cell declared, timed inside the cell.
LATER_DECLARE = "let acc = 0;"
LATER_LOOP_TIMED = "let t2 = performance.now();\nfor (let i = 0; i < 1e6; i++) acc += i;\nperformance.now() - t2"
# The loops again, timed inside the cell: the run time alone, without the compile and messaging.
LOOP_TIMED = "let t0 = performance.now();\nlet s = 0;\nfor (let i = 0; i < 1e6; i++) s += i;\nperformance.now() - t0"
LOOP_IN_FUNCTION_TIMED = (
    "let t1 = performance.now();\n(() => { let s = 0; for (let i = 0; i < 1e6; i++) s += i; return s; })();\nperformance.now() - t1"
)

# A notebook's worth of ordinary cells (bench/ordinary-cells.json, which the kernel breakdown of
# `npm run bench` compiles too): declarations, small functions, array work, strings, a class,
# loops, results shown as Out[n]. Plain TypeScript that both kernels run unchanged.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "ordinary-cells.json"), encoding="utf-8") as f:
    NOTEBOOK = json.load(f)


def run_cell(kc, code, timeout=120, result=None):
    """Seconds from the execute request until the kernel is idle again; fails on an error reply.
    With `result` (a list), the cell's Out[n] text is appended to it."""
    before = len(result) if result is not None else 0
    started = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "execute_result" and result is not None:
            result.append(msg["content"]["data"]["text/plain"])
        if msg["msg_type"] == "error":
            raise RuntimeError(f"{code!r} failed: {msg['content']['ename']}: {msg['content']['evalue']}")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    elapsed = time.perf_counter() - started
    # Deno's kernel can publish the result after its idle status: wait for it a little longer
    # (outside the timed part) rather than lose the measurement.
    wanted = result is not None and len(result) == before
    deadline = time.perf_counter() + 5
    while wanted and time.perf_counter() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.perf_counter()))
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_result":
            result.append(msg["content"]["data"]["text/plain"])
            wanted = False
    if wanted:
        raise RuntimeError(f"{code!r}: no execute_result arrived")
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code!r}: reply {reply['content']['status']}")
    return elapsed


TIMINGS = 'JSON.stringify(globalThis[Symbol.for("gradlab.kernel.timings")].slice(-1)[0])'


def breakdown(kc, code, runs=5):
    """Where `code`'s time goes, in ms (the median run of `runs` by round trip): the kernel's compile
    phases and run, as it reports them, and the rest of the round trip (messages, queueing)."""
    samples = []
    for _ in range(runs):
        total = run_cell(kc, code)
        texts = []
        run_cell(kc, TIMINGS, result=texts)
        # Out[n] shows the string quoted (util.inspect); its JSON holds no quote of that kind.
        timing = json.loads(texts[0][1:-1])
        samples.append((total, timing))
    total, timing = sorted(samples, key=lambda s: s[0])[len(samples) // 2]
    phases = {f"compile: {k}": v for k, v in (timing.get("phaseMs") or {}).items() if k != "commonJs" or v}
    named = sum(phases.values())
    phases["compile: the rest"] = timing["compileMs"] - named
    phases["run"] = timing["runMs"]
    phases["round trip outside compile and run"] = total * 1000 - timing["compileMs"] - timing["runMs"]
    phases["total (client)"] = total * 1000
    return phases


def one_round(kernel, cwd, import_code, detail):
    out = {}
    started = time.perf_counter()
    km = KernelManager(kernel_name=kernel["name"])
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        run_cell(kc, TRIVIAL)
        out["start to first result"] = time.perf_counter() - started
        out["trivial cell"] = sorted(run_cell(kc, TRIVIAL) for _ in range(9))[4]
        if kernel.get("timings"):
            detail["trivial cell"] = breakdown(kc, TRIVIAL)
        out["import of the library"] = run_cell(kc, import_code)
        out["small cell after the import"] = sorted(run_cell(kc, SMALL) for _ in range(5))[2]
        if kernel.get("timings"):
            detail["small cell after the import"] = breakdown(kc, SMALL)
        out["top-level loop (1e6)"] = sorted(run_cell(kc, LOOP) for _ in range(3))[1]
        out["same loop in a function"] = sorted(run_cell(kc, LOOP_IN_FUNCTION) for _ in range(3))[1]
        run_cell(kc, LATER_DECLARE)
        timed = (
            ("top-level loop, run time only", LOOP_TIMED),
            ("loop in a function, run time only", LOOP_IN_FUNCTION_TIMED),
            ("loop over an earlier cell's let, run time only", LATER_LOOP_TIMED),
        )
        for key, code in timed:
            texts = []
            for _ in range(3):
                run_cell(kc, code, result=texts)
            out[key] = sorted(float(t) for t in texts)[1] / 1000
        out[f"notebook's worth ({len(NOTEBOOK)} cells)"] = sum(run_cell(kc, code) for code in NOTEBOOK)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return out


def main():
    spec = json.loads(sys.argv[1])
    results = {k["label"]: {} for k in spec["kernels"]}
    details = {k["label"]: {} for k in spec["kernels"] if k.get("timings")}
    for r in range(spec["rounds"]):
        order = spec["kernels"] if r % 2 == 0 else list(reversed(spec["kernels"]))
        for kernel in order:
            detail = {}
            measured = one_round(kernel, spec["cwd"], spec["import"][kernel["label"]], detail)
            for key, value in measured.items():
                results[kernel["label"]].setdefault(key, []).append(value)
            for cell, phases in detail.items():
                for phase, ms in phases.items():
                    details[kernel["label"]].setdefault(cell, {}).setdefault(phase, []).append(ms)
            print(f"round {r + 1}/{spec['rounds']}: {kernel['label']} done", file=sys.stderr, flush=True)
    os.set_blocking(sys.stdout.fileno(), True)
    json.dump({**results, "breakdown": details}, sys.stdout)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
