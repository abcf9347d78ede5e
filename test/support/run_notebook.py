"""Execute one notebook from a fresh kernel through nbclient, as JupyterLab's "Run All" would,
and report honestly whether it worked.

A notebook fails on the first cell that
  - replies "error" or "aborted" (tslab used to abort silently; aborted is never success),
  - has an error output,
  - writes to stderr (tfjs banners, warnings and console.error all count),
  - times out (the kernel is interrupted and the cell reported), or
  - kills the kernel.

Usage: run_notebook.py NOTEBOOK [--timeout SECONDS] [--out EXECUTED.ipynb]
Prints one JSON report on stdout; exit status 0 when the notebook passed, 1 when it failed.
The source notebook is never written; --out gets the executed copy.
"""
import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

KERNEL = "tslab"


class CellFailure(Exception):
    def __init__(self, kind, index, lines):
        super().__init__(f"{kind} in cell {index}")
        self.kind = kind
        self.index = index
        self.lines = lines


def head(text, n=12):
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    return lines[:n]


def strip_ansi(text):
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def check_cell(cell, index, reply):
    """Raise CellFailure if this executed cell is anything but a clean success."""
    status = reply["content"].get("status") if reply else "no reply"
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            tb = "\n".join(output.get("traceback") or []) or f"{output.get('ename')}: {output.get('evalue')}"
            raise CellFailure("error", index, head(strip_ansi(tb)))
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            raise CellFailure("stderr", index, head(strip_ansi(output.get("text", ""))))
    if status != "ok":
        content = reply["content"] if reply else {}
        detail = [f"execute_reply status: {status}"]
        if content.get("ename"):
            detail.append(f"{content['ename']}: {content.get('evalue', '')}")
        raise CellFailure(status if status in ("error", "aborted") else "bad-reply", index, detail)


def run(path, timeout, out):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=timeout,
        allow_errors=False,
        interrupt_on_timeout=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    timings = []
    started = {}

    def on_start(cell, cell_index):
        started[cell_index] = time.monotonic()

    def on_executed(cell, cell_index, execute_reply):
        seconds = time.monotonic() - started.get(cell_index, time.monotonic())
        timings.append({"cell": cell_index, "seconds": round(seconds, 3)})
        if seconds >= timeout:
            # nbclient interrupted the kernel (interrupt_on_timeout); the reply is the interrupt.
            raise CellFailure("timeout", cell_index, [f"cell ran longer than {timeout} s and was interrupted"])
        check_cell(cell, cell_index, execute_reply)

    client.on_cell_start = on_start
    client.on_cell_executed = on_executed

    report = {"notebook": path, "ok": True, "cells": len(nb.cells), "failure": None}
    t0 = time.monotonic()
    try:
        client.execute()
    except CellFailure as failure:
        report["ok"] = False
        report["failure"] = {"kind": failure.kind, "cell": failure.index, "lines": failure.lines}
    except CellTimeoutError as error:
        report["ok"] = False
        index = next((i for i in range(len(nb.cells)) if i not in {t["cell"] for t in timings} and i in started), None)
        report["failure"] = {"kind": "timeout", "cell": index, "lines": head(str(error), 4)}
    except CellExecutionError as error:
        report["ok"] = False
        index = max(started) if started else None
        report["failure"] = {"kind": "error", "cell": index, "lines": head(strip_ansi(str(error)))}
    except DeadKernelError as error:
        report["ok"] = False
        index = max(started) if started else None
        report["failure"] = {"kind": "dead-kernel", "cell": index, "lines": head(str(error), 4)}
    report["seconds"] = round(time.monotonic() - t0, 2)
    report["cell_times"] = timings
    failure = report["failure"]
    if failure and failure.get("cell") is not None:
        source = nb.cells[failure["cell"]].get("source", "")
        failure["source"] = head(source, 3)
    if out:
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        if os.path.abspath(out) == os.path.abspath(path):
            raise SystemExit("--out must not be the source notebook")
        nbformat.write(nb, out)
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--out", help="where to write the executed copy")
    args = parser.parse_args()
    report = run(args.notebook, args.timeout, args.out)
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")
    sys.exit(0 if report["ok"] else 1)


if __name__ == "__main__":
    main()
