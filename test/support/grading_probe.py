"""Looks at the course's nbgrader set-up from inside Python, for test/grading/execute.test.ts.

  grading_probe.py config   the settings nbgrader gets from nbgrader_config.py, as JSON
  grading_probe.py verdict  stdin: {"cells": [{"cell": <notebook cell>, "reply": <execute_reply or null>}]};
                            each cell goes through GradlabExecute.on_cell_executed, then nbgrader's own
                            determine_grade; stdout: [{"score": .., "plain_score": .., "outputs": [..]}]
                            (plain_score: what nbgrader alone would have given)
  grading_probe.py execute NOTEBOOK  runs NOTEBOOK with GradlabExecute as autograde does (in its
                            folder); stdout: {"outputs": [each code cell's outputs], "log": [its warnings]},
                            or {"error": what preprocess raised, "log": [..]}
  grading_probe.py validate NOTEBOOK...  stdout: {file: ""} when valid, {file: the reason} when not
"""
import json
import os
import sys

import nbformat

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))


def config():
    from nbgrader.apps.autogradeapp import AutogradeApp
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute
    from traitlets.utils.importstring import import_item

    os.chdir(ROOT)
    app = AutogradeApp()
    app.initialize([])
    c = app.config
    steps = [import_item(s) if isinstance(s, str) else s for s in Autograde(coursedir=app.coursedir, parent=app).autograde_preprocessors]
    defaults = Autograde.class_traits()["autograde_preprocessors"].default()
    name = lambda step: f"{step.__module__}.{step.__name__}"  # noqa: E731
    return {
        "course_root": app.coursedir.root,
        "code_stub": dict(c.ClearSolutions.code_stub),
        "solution_delimiters": [c.ClearSolutions.begin_solution_delimeter, c.ClearSolutions.end_solution_delimeter],
        "hidden_delimiters": [c.ClearHiddenTests.begin_test_delimeter, c.ClearHiddenTests.end_test_delimeter],
        "timeout": c.Execute.timeout,
        "interrupt_on_timeout": c.Execute.interrupt_on_timeout,
        "autograde_preprocessors": [name(step) for step in steps],
        "nbgrader_default_autograde_preprocessors": [name(step) for step in defaults],
        "execute_subclasses": [name(step) for step in steps if issubclass(step, Execute)],
    }


def verdict(spec):
    import copy

    from nbgrader import utils
    from nbgrader.preprocessors import Execute
    from gradlab_nbgrader import GradlabExecute

    execute = GradlabExecute()
    plain_execute = Execute()
    results = []
    for case in spec["cells"]:
        cell = nbformat.from_dict(case["cell"])
        plain_cell = copy.deepcopy(cell)
        try:
            plain_execute.on_cell_executed(cell=plain_cell, cell_index=0, execute_reply=case["reply"])
            plain = utils.determine_grade(plain_cell)[0] if utils.is_grade(plain_cell) else None
        except Exception as error:  # nbgrader's own hook fails on a missing reply
            plain = f"{type(error).__name__}"
        execute.on_cell_executed(cell=cell, cell_index=0, execute_reply=case["reply"])
        score, max_score = utils.determine_grade(cell) if utils.is_grade(cell) else (None, None)
        results.append({"score": score, "plain_score": plain, "max_score": max_score, "outputs": cell.get("outputs", [])})
    return results


def execute(file):
    import logging

    from gradlab_nbgrader import GradlabExecute

    class Warnings(logging.Handler):
        lines = []

        def emit(self, record):
            if record.levelno == logging.WARNING:
                self.lines.append(record.getMessage())

    execute = GradlabExecute(timeout=60, startup_timeout=60)
    seen = Warnings()
    execute.log.addHandler(seen)
    nb = nbformat.read(file, as_version=4)
    try:
        execute.preprocess(nb, {"metadata": {"path": os.path.dirname(os.path.abspath(file))}})
    except Exception as error:  # what nbgrader would have failed the submission with
        return {"error": f"{type(error).__name__}: {error}", "log": seen.lines}
    return {"outputs": [cell.outputs for cell in nb.cells if cell.cell_type == "code"], "log": seen.lines}


def main():
    command = sys.argv[1]
    if command == "config":
        result = config()
    elif command == "verdict":
        result = verdict(json.load(sys.stdin))
    elif command == "execute":
        result = execute(sys.argv[2])
    elif command == "validate":
        result = {}
        for file in sys.argv[2:]:
            try:
                nbformat.validate(nbformat.read(file, as_version=4))
                result[file] = ""
            except Exception as error:  # the reason, in a few lines
                result[file] = "\n".join(f"{type(error).__name__}: {error}".strip().split("\n")[-3:])
    else:
        raise SystemExit(f"unknown command {command}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
