"""How long the course's kernel takes to start, measured through jupyter_client as a notebook
front end sees it: from asking for a kernel until it answers kernel_info (ready), until a
trivial cell has run (the first cell could execute), and how long the first `gradlab` import
cell and a small cell after it take.

Usage: kernel_ready.py [--repeat N] [--cwd FOLDER]
Prints one JSON object per line: {"run": i, ...seconds...} per repetition.
"""
import argparse
import json
import time

from jupyter_client.manager import KernelManager

KERNEL = "tslab"
IMPORT_CELL = 'import { setupTf, fmt } from "gradlab";\nconst info = await setupTf();'
SMALL_CELL = "const twice = fmt(2 * 21);"


def execute(kc, code, timeout=300):
    """Run code and wait for its reply; raise if it did not succeed or wrote to stderr."""
    msg_id = kc.execute(code)
    stderr = []
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream" and msg["content"].get("name") == "stderr":
            stderr.append(msg["content"].get("text", ""))
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    status = reply["content"].get("status")
    if status != "ok" or stderr:
        raise RuntimeError(f"cell {code!r} failed: status {status}; stderr {''.join(stderr)[:500]}")


def one(cwd):
    km = KernelManager(kernel_name=KERNEL)
    t0 = time.monotonic()
    km.start_kernel(cwd=cwd)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        ready = time.monotonic()
        execute(kc, "1 + 1")
        first = time.monotonic()
        execute(kc, IMPORT_CELL)
        imported = time.monotonic()
        execute(kc, SMALL_CELL)
        small = time.monotonic()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {
        "ready": round(ready - t0, 3),
        "first_cell": round(first - t0, 3),
        "import_cell": round(imported - first, 3),
        "small_cell": round(small - imported, 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cwd", default=".")
    args = parser.parse_args()
    for i in range(args.repeat):
        print(json.dumps({"run": i, **one(args.cwd)}), flush=True)


if __name__ == "__main__":
    main()
