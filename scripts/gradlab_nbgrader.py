"""gradlab's addition to nbgrader: GradlabExecute, named in nbgrader_config.py for autograding.

nbgrader decides a test cell's score from its outputs after execution: 0 if the cell has an
`error` output or writes anything to stderr, full marks otherwise. Two consequences are wrong
for this course's kernel and are corrected here, in `GradlabExecute.on_cell_executed`:

- stderr is not a verdict. tslab (as patched in patches/) reports every failing cell with an
  `error` output and an error reply, and a test cell only passes when its checks ran to the end
  without throwing. A library that prints a banner or a warning to stderr (tfjs does on first
  use) must not cost a student the points of a test that passed, so in a test cell whose reply
  is "ok", stderr streams are relabelled stdout: the text stays in the feedback, the score
  follows the checks.
- a test cell that did not run is not a pass. nbgrader gives full marks to a cell with no
  outputs, so a cell the kernel aborted, or that got no reply, would score as if it passed.
  Such a cell gets an `error` output saying why it scored 0.

Timeouts need no change: nbclient interrupts the kernel and nbgrader records a
CellTimeoutError output (score 0), and the following cells still run.
"""
from nbformat.notebooknode import NotebookNode
from nbgrader import utils
from nbgrader.preprocessors import Execute


def _is_test_cell(cell):
    return cell.cell_type == "code" and utils.is_grade(cell) and not utils.is_solution(cell)


class GradlabExecute(Execute):
    """nbgrader's Execute preprocessor; a test cell's score follows the kernel's reply."""

    def on_cell_executed(self, **kwargs):
        if kwargs.get("execute_reply") is not None:  # nbgrader's hook needs a reply
            super().on_cell_executed(**kwargs)
        cell = kwargs["cell"]
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

