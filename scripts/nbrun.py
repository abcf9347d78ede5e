"""Execute one notebook from a fresh kernel through nbclient, as JupyterLab's "Run All" would,
and report honestly whether it worked. Used by the notebook tests and by `npm run notebook`.

A notebook fails on the first cell that
  - replies "error" or "aborted" (tslab used to abort silently; aborted is never success),
  - has an error output,
  - writes to stderr (tfjs banners, warnings and console.error all count),
  - times out (the kernel is interrupted and the cell reported), or
  - kills the kernel.

Usage: nbrun.py NOTEBOOK [--timeout SECONDS] [--out EXECUTED.ipynb] [--params JSON] [--rerun]
                [--rerun-out RERUN.ipynb] [--variant-params JSON --variant-out VARIANT.ipynb]
  --params '{"lr": "0.5"}'  values (as command-line text) for the notebook's parameters cell
  --rerun                   after the run, run every code cell again in the same kernel: it must
                            succeed again and leave the number of live tfjs tensors unchanged
  --rerun-out RERUN.ipynb   with --rerun: where to write the outputs of the second pass (the tests
                            compare them with the first pass's: same seeds, same outputs)
  --variant-params JSON     first run the notebook with these parameter values from a fresh kernel
                            (a learner who changed the parameters cell), then with its own values in
                            the same kernel (Run All again): that second run must succeed, leave
                            the number of live tfjs tensors as the first left it, and is the one
                            --out gets (the tests compare it with a run from a fresh kernel: state
                            carried over from the first run shows as a difference). The variant's
                            report is "variant" (the same fields), its executed copy goes to
                            --variant-out. When the variant fails, the notebook's own values run
                            from a fresh kernel.
Prints one JSON report on stdout; exit status 0 when the notebook passed with its own values (a
failed variant shows in "variant" only), 1 when it failed, 2 when the parameters were refused. The
source notebook is never written; --out gets the executed copy of the run with the notebook's own
values (the first pass of --rerun).
"""
import argparse
import contextlib
import copy
import json
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kernel_start  # noqa: E402
from nbparams import ParameterError, inject, resolve  # noqa: E402

KERNEL = "tslab"
TENSOR_PROBE = 'import * as gradlabTensorProbe from "@tensorflow/tfjs";\nconsole.log(gradlabTensorProbe.memory().numTensors);'


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


class Runner:
    def __init__(self, nb, path, timeout):
        self.nb = nb
        self.timeout = timeout
        self.timings = []
        self.started = {}
        self.current = None
        self.client = NotebookClient(
            nb,
            kernel_name=KERNEL,
            timeout=timeout,
            allow_errors=False,
            interrupt_on_timeout=True,
            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        )
        self.client.on_cell_start = self.on_start
        self.client.on_cell_executed = self.on_executed

    def on_start(self, cell, cell_index):
        self.current = cell_index
        self.started[cell_index] = time.monotonic()

    def on_executed(self, cell, cell_index, execute_reply):
        seconds = time.monotonic() - self.started.get(cell_index, time.monotonic())
        self.timings.append({"cell": cell_index, "seconds": round(seconds, 3)})
        if seconds >= self.timeout:
            # nbclient interrupted the kernel (interrupt_on_timeout); the reply is the interrupt.
            raise CellFailure("timeout", cell_index, [f"cell ran longer than {self.timeout} s and was interrupted"])
        check_cell(cell, cell_index, execute_reply)

    def run_cells(self, cells):
        count = 0
        for index, cell in enumerate(cells):
            if cell.cell_type == "code":
                count += 1
                self.client.execute_cell(cell, index, execution_count=count)

    def live_tensors(self):
        probe = nbformat.v4.new_code_cell(TENSOR_PROBE)
        # nbclient stores the executed cell at its index, so the probe needs a slot for the call.
        self.nb.cells.append(probe)
        try:
            self.client.execute_cell(probe, len(self.nb.cells) - 1)
        finally:
            self.nb.cells.pop()
        text = "".join(o.get("text", "") for o in probe.outputs if o.get("output_type") == "stream")
        return int(text.strip())


class KernelDidNotStart(Exception):
    """No kernel came up in kernel_start.ATTEMPTS starts; `report` says so (failure kind "kernel-start")."""

    def __init__(self, report):
        super().__init__(report["failure"]["lines"][0])
        self.report = report


@contextlib.contextmanager
def started_kernel(runner, report):
    """nbclient's setup_kernel, with a kernel that never came up started again, on new ports (up to
    kernel_start.ATTEMPTS times in all; scripts/kernel_start.py says when); report["kernel_starts"]
    counts the starts."""

    def start():
        report["kernel_starts"] = report.get("kernel_starts", 0) + 1
        session = runner.client.setup_kernel()
        session.__enter__()
        return session

    def again(error, attempt):
        with contextlib.suppress(Exception):
            runner.client._cleanup_kernel()
        runner.client.km = None
        runner.client.kc = None
        sys.stderr.write(f"nbrun: the kernel did not start ({error}); starting another on new ports\n")

    try:
        session = kernel_start.retrying(start, again)
    except RuntimeError as error:
        if not kernel_start.failed_to_start(error):
            raise
        report["ok"] = False
        lines = [f"no kernel came up in {report['kernel_starts']} starts; the last: {error}"]
        report["failure"] = {"kind": "kernel-start", "cell": None, "lines": lines, "phase": "start"}
        raise KernelDidNotStart(report) from error
    try:
        yield
    except BaseException:
        if not session.__exit__(*sys.exc_info()):
            raise
    else:
        session.__exit__(None, None, None)


def run(path, timeout, out, params, rerun, rerun_out=None, variant=None):
    nb = nbformat.read(path, as_version=4)
    injected = inject(nb, resolve(nb, params)) if params else None
    # The variant's values are resolved first too: refused ones stop everything before a kernel starts.
    variant_nb = None
    if variant is not None:
        variant_nb = nbformat.read(path, as_version=4)
        variant_injected = inject(variant_nb, resolve(variant_nb, variant["params"]))
    report = {"notebook": path, "ok": True, "cells": len(nb.cells), "failure": None, "injected_cell": injected}
    # A copy on disk is always this run's: one left by an earlier run goes before a kernel starts.
    for stale in (out, rerun_out, (variant or {}).get("out")):
        if stale and os.path.exists(stale):
            os.remove(stale)
    if variant_nb is not None:
        runner = Runner(variant_nb, path, timeout)
        with started_kernel(runner, report):
            report["variant"] = run_pass(runner, variant_nb, variant_injected, variant.get("out"), path)
            if report["variant"]["ok"]:
                copy_nb = own_values(runner, nb, report, rerun, rerun_out, path, tensors_before=runner.live_tensors())
        if not report["variant"]["ok"]:
            # The notebook's own values are judged on their own, from a fresh kernel.
            runner = Runner(nb, path, timeout)
            with started_kernel(runner, report):
                copy_nb = own_values(runner, nb, report, rerun, rerun_out, path)
    else:
        runner = Runner(nb, path, timeout)
        with started_kernel(runner, report):
            copy_nb = own_values(runner, nb, report, rerun, rerun_out, path)
    if out:
        write_copy(copy_nb, out, path)
    return report


def own_values(runner, nb, report, rerun, rerun_out, source, tensors_before=None):
    """The notebook with its own values in the runner's kernel (after the variant's run in it when
    tensors_before, the live tensors that run left, is given), then with rerun every cell again.
    Fills in report; returns the notebook whose outputs are the executed copy."""
    runner.nb = runner.client.nb = nb
    runner.timings = []
    phase = "run" if tensors_before is None else "after-variant"
    t0 = time.monotonic()
    try:
        runner.run_cells(nb.cells)
        if tensors_before is not None:
            after_variant = "running every cell again (the notebook's own values after the parameter variant)"
            check_tensors(report, tensors_before, runner.live_tensors(), after_variant)
        if rerun:
            first_pass = copy.deepcopy(nb)
            phase = "rerun"
            before = runner.live_tensors()
            runner.run_cells(copy.deepcopy(nb.cells))
            after = runner.live_tensors()
            if rerun_out:
                # nbclient stored each executed cell in nb: it now holds the second pass.
                write_copy(nb, rerun_out, source)
            nb = first_pass
            check_tensors(report, before, after, "running every cell a second time")
    except PASS_ERRORS as error:
        report["failure"] = failure_of(error, runner)
    finish(report, runner, nb, t0, phase)
    return nb


def check_tensors(report, before, after, what):
    """Records the live tfjs tensors before and after a second Run All; a change is a leak."""
    report["tensors"] = [before, after]
    if after != before:
        raise CellFailure("tensor-leak", None, [f"{what} changed the number of live tfjs tensors from {before} to {after}"])


def run_pass(runner, nb, injected, out, source):
    """One run of every cell of nb in the runner's kernel, as a learner's Run All sends them (the
    parameter variant's); its report, and its executed copy written to out."""
    report = {"notebook": source, "ok": True, "cells": len(nb.cells), "failure": None, "injected_cell": injected}
    runner.nb = runner.client.nb = nb
    runner.timings = []
    t0 = time.monotonic()
    try:
        runner.run_cells(nb.cells)
    except PASS_ERRORS as error:
        report["failure"] = failure_of(error, runner)
    finish(report, runner, nb, t0, "run")
    if out:
        write_copy(nb, out, source)
    return report


# What a pass over the cells raises when a cell fails (anything else is a bug of this script).
PASS_ERRORS = (CellFailure, CellTimeoutError, CellExecutionError, DeadKernelError)


def failure_of(error, runner):
    """The report's failure for one of PASS_ERRORS, at the cell the runner was on."""
    if isinstance(error, CellFailure):
        return {"kind": error.kind, "cell": error.index, "lines": error.lines}
    if isinstance(error, CellTimeoutError):
        return {"kind": "timeout", "cell": runner.current, "lines": head(str(error), 4)}
    if isinstance(error, CellExecutionError):
        return {"kind": "error", "cell": runner.current, "lines": head(strip_ansi(str(error)))}
    return {"kind": "dead-kernel", "cell": runner.current, "lines": head(str(error), 4)}


def finish(report, runner, nb, t0, phase):
    """ok, seconds and cell times of a pass that began at t0; its failure's phase and cell source."""
    report["ok"] = report["failure"] is None
    report["seconds"] = round(time.monotonic() - t0, 2)
    report["cell_times"] = runner.timings
    failure = report["failure"]
    if failure:
        failure["phase"] = phase
        index = failure.get("cell")
        if index is not None and index < len(nb.cells):
            failure["source"] = head(nb.cells[index].get("source", ""), 3)


def write_copy(nb, out, source):
    if os.path.abspath(out) == os.path.abspath(source):
        raise SystemExit("--out and --rerun-out must not be the source notebook")
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    nbformat.write(nb, out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--out", help="where to write the executed copy")
    parser.add_argument("--params", help="JSON object: parameter name -> value as command-line text")
    parser.add_argument("--rerun", action="store_true", help="run every cell a second time and compare tensor counts")
    parser.add_argument("--rerun-out", help="with --rerun: where to write the executed copy of the second pass")
    parser.add_argument("--variant-params", help="JSON object: parameter values for a run before the notebook's own, in its kernel")
    parser.add_argument("--variant-out", help="with --variant-params: where to write the executed copy of that run")
    args = parser.parse_args()
    variant = {"params": json.loads(args.variant_params), "out": args.variant_out} if args.variant_params else None
    try:
        report = run(
            args.notebook, args.timeout, args.out, json.loads(args.params) if args.params else None, args.rerun, args.rerun_out, variant
        )
    except ParameterError as error:
        json.dump({"notebook": args.notebook, "ok": False, "parameter_error": str(error)}, sys.stdout)
        sys.stdout.write("\n")
        sys.exit(2)
    except KernelDidNotStart as error:
        report = error.report
    # The kernel shared this pipe and Node makes it non-blocking: a buffered write could be cut short.
    os.set_blocking(sys.stdout.fileno(), True)
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()
    sys.exit(0 if report["ok"] else 1)


if __name__ == "__main__":
    main()
