"""gradlab's additions to nbgrader, named in nbgrader_config.py.

GradlabExecute (autograde and validate). nbgrader decides a test cell's score from its outputs
after execution: 0 if the cell has an `error` output or writes anything to stderr, full marks
otherwise. For this course's kernel that is corrected in `GradlabExecute.on_cell_executed`:

- stderr is not a verdict. tslab (as patched in patches/) reports every failing cell with an
  `error` output and an error reply, and a test cell only passes when its checks ran to the end
  without throwing. A library that prints a banner or a warning to stderr (tfjs does on first
  use), or a student's own debugging output, must not cost the points of a test that passed, so
  in a test cell whose reply is "ok", stderr streams are relabelled stdout: the text stays in the
  feedback, the score follows the checks. `nbgrader validate` runs the same class (see
  use_for_validate), so validate and autograde agree.
- a test cell that did not run is not a pass. nbgrader gives full marks to a cell with no
  outputs, so a cell the kernel aborted, or that got no reply, would score as if it passed.
  Such a cell gets an `error` output saying why it scored 0.
- a timeout says what happened, once: nbclient interrupts the kernel and nbgrader records a
  CellTimeoutError ("No reply from kernel before timeout") after the kernel's own
  "KeyboardInterrupt: execution interrupted". The cell keeps one error: "this cell ran longer than
  120 s, the per-cell limit, and was stopped (score 0)", with the limit in force.
- a kernel that never came up is started again: a port taken by another process between
  jupyter_client's choice and the kernel's start makes the kernel exit before it answers
  kernel_info, and nbgrader would fail the whole submission for it. Up to kernel_start.ATTEMPTS
  starts, on new ports (scripts/kernel_start.py); no cell has run before a kernel is up.
- no machine paths: every output's text (tracebacks, error values, streams) is rewritten so paths
  inside the project are relative to it. Autograded notebooks and the feedback made from them show
  `lib/check/exercise.ts:26:13`, never where the grading machine keeps the project.

GradlabOverwriteCells (autograde's sanitizing step). With `add_missing_cells` (on in
nbgrader_config.py) nbgrader puts a deleted test cell back, starting with a notice written as a
Python comment (`# This cell ... was missing`), which is a syntax error in TypeScript: the restored
cell would fail for every student. Here the notice is a `//` comment, so the restored test runs.
"""
import os
import re

import kernel_start
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute, OverwriteCells

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MISSING_NOTICE = "This cell (id:{cell_id}) was missing from the submission. It was added back by nbgrader.\n\n"


def _is_test_cell(cell):
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


def _project_paths():
    """The project folder as this process and Node (which resolves symbolic links) may spell it."""
    roots = {ROOT, os.path.realpath(ROOT)}
    # Longest first, and as a whole path component: /work/x must not eat /work/xy.
    pattern = "|".join(re.escape(r) for r in sorted(roots, key=len, reverse=True))
    return re.compile(f"(?:file://)?(?:{pattern})(?:/|(?![\\w.-]))")


_ROOT_PATTERN = _project_paths()


def relative_paths(text):
    """`text` with every absolute path inside the project made relative to it."""
    if not isinstance(text, str):
        return text
    return _ROOT_PATTERN.sub(lambda m: "" if m.group(0).endswith("/") else ".", text)


def strip_machine_paths(cell):
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            output.text = relative_paths(output.text)
        elif output.output_type == "error":
            output.evalue = relative_paths(output.evalue)
            output.traceback = [relative_paths(line) for line in output.traceback]
        elif "data" in output:
            for mime in ("text/plain", "text/markdown"):
                if mime in output.data:
                    output.data[mime] = relative_paths(output.data[mime])


def timeout_message(seconds):
    return f"this cell ran longer than {seconds:g} s, the per-cell limit, and was stopped (score 0)"


class GradlabExecute(Execute):
    """nbgrader's Execute preprocessor; a test cell's score follows the kernel's reply."""

    def start_new_kernel_client(self):
        # nbconvert's preprocess calls the synchronous form (nbclient's run_sync of the async one,
        # bound when nbclient was defined, so an override of the async one would not be reached).
        def again(error, attempt):
            self.log.warning("The kernel did not start (%s); starting another on new ports (start %d of %d)", error, attempt, kernel_start.ATTEMPTS)
            # nbclient shut that kernel down and let go of its manager and client.
            if self.km is not None:
                self._cleanup_kernel()
            self.km = self.create_kernel_manager()
            self.start_new_kernel()

        return kernel_start.retrying(super().start_new_kernel_client, again)

    def on_cell_executed(self, **kwargs):
        if kwargs.get("execute_reply") is not None:  # nbgrader's hook needs a reply
            super().on_cell_executed(**kwargs)
        cell = kwargs["cell"]
        strip_machine_paths(cell)
        if any(output.output_type == "error" and output.ename == "CellTimeoutError" for output in cell.outputs):
            # One message: the kernel's own "KeyboardInterrupt: execution interrupted" (the
            # interrupt that stopped the cell) says less than the timeout's, which states the limit.
            cell.outputs = [o for o in cell.outputs if not (o.output_type == "error" and o.ename == "KeyboardInterrupt")]
            for output in cell.outputs:
                if output.output_type == "error" and output.ename == "CellTimeoutError":
                    output.evalue = timeout_message(self.timeout)
                    output.traceback = [f"\x1b[0;31mCellTimeoutError\x1b[0m: {output.evalue}"]
        if not _is_test_cell(cell):
            return
        reply = kwargs.get("execute_reply") or {}
        status = reply.get("content", {}).get("status")
        has_error = any(output.output_type == "error" for output in cell.outputs)
        if status == "ok" and not has_error:
            for output in cell.outputs:
                if output.output_type == "stream" and output.name == "stderr":
                    output.name = "stdout"
        elif not has_error:
            cell.outputs.append(
                NotebookNode(
                    output_type="error",
                    ename="CellNotRun",
                    evalue=f"the kernel replied {status or 'nothing'}",
                    traceback=[
                        f"\x1b[0;31mCellNotRun\x1b[0m: the kernel replied {status or 'nothing'} to this test cell, "
                        "so its checks did not run (score 0)"
                    ],
                )
            )


class GradlabOverwriteCells(OverwriteCells):
    """nbgrader's OverwriteCells; a restored code cell's notice is a TypeScript comment."""

    def missing_cell_transform(self, source_cell, max_score, is_solution=False, is_task=False):
        cell = super().missing_cell_transform(source_cell, max_score, is_solution=is_solution, is_task=is_task)
        if cell.cell_type == "code" and cell.source.startswith("# "):
            notice, _, rest = cell.source[2:].partition("\n")
            cell.source = "// " + notice + "\n" + rest
        # nbformat 4.5 wants a cell id (nbformat warns without one); grade ids are valid ids.
        cell.setdefault("id", f"restored-{source_cell.name}"[:64])
        return cell


def use_for_validate():
    """Makes `nbgrader validate` execute with GradlabExecute, as autograde does. nbgrader's
    Validator lists its steps in a trait that configuration cannot reach, so its default is
    replaced (nbgrader_config.py calls this in processes that have nbgrader's validator loaded)."""
    from nbgrader.validator import Validator

    trait = Validator.class_traits()["preprocessors"]
    steps = [GradlabExecute if step is Execute else step for step in trait.default_args[0]]
    trait.default_args = (steps,)
