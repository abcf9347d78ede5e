"""Unit tests of the servers' save hooks (scripts/gradlab_jupyter.py), run by save-hooks.test.ts.

The hooks are called as jupyter_server calls them: directly on models, and through a real
AsyncFileContentsManager configured the way `npm start` and the hub's user servers configure it
(the hook named by its import string), saving into a temporary folder.
"""
import asyncio
import copy
import json
import os
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SCRIPTS = os.path.join(ROOT, "scripts")

import nbformat  # noqa: E402
from jupyter_server.services.contents.filemanager import AsyncFileContentsManager  # noqa: E402
from tornado.web import HTTPError  # noqa: E402
from traitlets.config import Config, PyFileConfigLoader  # noqa: E402

PLOTLY = "application/vnd.plotly.v1+json"
PNG = "image/png"
FIGURE = {"data": [{"type": "scatter", "x": [0, 1, 2], "y": [0, 1, 4]}], "layout": {"height": 300}}
SNAPSHOT = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


def figure_output(with_png=True):
    data = {PLOTLY: copy.deepcopy(FIGURE), "text/html": "<div>note</div>", "text/plain": "figure: 1 scatter trace"}
    if with_png:
        data[PNG] = SNAPSHOT
    return {"output_type": "display_data", "data": data, "metadata": {}}


def plain_image_output():
    """A picture that is not a plotly figure's snapshot: it must stay."""
    return {"output_type": "display_data", "data": {PNG: SNAPSHOT, "text/plain": "<image>"}, "metadata": {}}


def notebook(outputs, widget_outputs=None):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("show(figure)")
    cell.outputs = [nbformat.from_dict(o) for o in outputs]
    cell.execution_count = 1
    nb.cells = [nbformat.v4.new_markdown_cell("# A figure"), cell]
    nb.metadata["kernelspec"] = {"name": "tslab", "display_name": "TypeScript (gradlab)", "language": "typescript"}
    if widget_outputs is not None:
        nb.metadata["widgets"] = {
            "application/vnd.jupyter.widget-state+json": {
                "version_major": 2,
                "version_minor": 0,
                "state": {"abc": {"model_name": "OutputModel", "state": {"outputs": widget_outputs}}},
            }
        }
    return nb


def model_of(nb):
    # The JSON JupyterLab sends in its PUT /api/contents request: code cells it trusts say so.
    content = json.loads(json.dumps(nb))
    for cell in content["cells"]:
        if cell["cell_type"] == "code":
            cell["metadata"]["trusted"] = True
    return {"type": "notebook", "format": "json", "content": content}


def data_of(output):
    return output["data"]


class HookOnModels(unittest.TestCase):
    def setUp(self):
        os.environ.pop("GRADLAB_SAVE_PLOTLY_PNG", None)

    def test_drops_the_png_of_plotly_outputs_only(self):
        model = model_of(notebook([figure_output(), plain_image_output(), figure_output(with_png=False)]))
        gradlab_jupyter.drop_plotly_snapshots(model=model, path="workspace/07.ipynb", contents_manager=None)
        outputs = model["content"]["cells"][1]["outputs"]
        self.assertNotIn(PNG, data_of(outputs[0]))
        self.assertEqual(data_of(outputs[0])[PLOTLY], FIGURE, "the figure itself is kept as it was")
        self.assertEqual(sorted(data_of(outputs[0])), [PLOTLY, "text/html", "text/plain"])
        self.assertEqual(data_of(outputs[1])[PNG], SNAPSHOT, "a picture that is not a plotly snapshot stays")
        self.assertEqual(sorted(data_of(outputs[2])), [PLOTLY, "text/html", "text/plain"])

    def test_drops_the_png_kept_in_saved_widget_state(self):
        model = model_of(notebook([], widget_outputs=[figure_output(), plain_image_output()]))
        gradlab_jupyter.drop_plotly_snapshots(model=model, path="x.ipynb", contents_manager=None)
        state = model["content"]["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
        outputs = state["abc"]["state"]["outputs"]
        self.assertNotIn(PNG, data_of(outputs[0]))
        self.assertIn(PLOTLY, data_of(outputs[0]))
        self.assertIn(PNG, data_of(outputs[1]))

    def test_leaves_files_and_directories_alone(self):
        for model in [
            {"type": "file", "format": "text", "content": json.dumps({"data": {PLOTLY: {}, PNG: "x"}})},
            {"type": "directory"},
            {"type": "notebook", "format": "json", "content": None},
        ]:
            before = copy.deepcopy(model)
            gradlab_jupyter.drop_plotly_snapshots(model=model, path="x", contents_manager=None)
            self.assertEqual(model, before)

    def test_keeps_the_png_when_asked(self):
        os.environ["GRADLAB_SAVE_PLOTLY_PNG"] = "1"
        try:
            model = model_of(notebook([figure_output()]))
            gradlab_jupyter.drop_plotly_snapshots(model=model, path="x.ipynb", contents_manager=None)
            self.assertEqual(data_of(model["content"]["cells"][1]["outputs"][0])[PNG], SNAPSHOT)
        finally:
            os.environ.pop("GRADLAB_SAVE_PLOTLY_PNG", None)

    def test_learner_hook_refuses_the_course_notebooks_and_drops_the_png_elsewhere(self):
        model = model_of(notebook([figure_output()]))
        with self.assertRaises(HTTPError) as refused:
            gradlab_jupyter.learner_pre_save(model=model, path="notebooks/07-learning-rate.ipynb", contents_manager=None)
        self.assertEqual(refused.exception.status_code, 403)
        self.assertIn("workspace/07-learning-rate.ipynb", refused.exception.log_message)
        gradlab_jupyter.learner_pre_save(model=model, path="workspace/07-learning-rate.ipynb", contents_manager=None)
        self.assertNotIn(PNG, data_of(model["content"]["cells"][1]["outputs"][0]))


def save_with(config, model, name="07.ipynb"):
    """Saves `model` through a file contents manager built from `config`; returns the file's JSON."""
    with tempfile.TemporaryDirectory() as folder:
        config.NotebookNotary.data_dir = folder
        config.NotebookNotary.db_file = ":memory:"
        manager = AsyncFileContentsManager(root_dir=folder, config=config)
        asyncio.run(manager.save(model, name))
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        nb = nbformat.reads(text, as_version=4)
        return json.loads(text), manager.notary.check_signature(nb)


class HookInTheContentsManager(unittest.TestCase):
    def check_saved(self, config):
        saved, trusted = save_with(config, model_of(notebook([figure_output(), plain_image_output()])))
        outputs = saved["cells"][1]["outputs"]
        self.assertNotIn(PNG, outputs[0]["data"], "the plotly output was saved with its PNG")
        self.assertEqual(outputs[0]["data"][PLOTLY], FIGURE)
        self.assertIn(PNG, outputs[1]["data"])
        # The hook runs before the server signs the notebook, so JupyterLab's own save stays trusted.
        self.assertTrue(trusted, "the saved notebook's signature matches its content")

    def test_npm_start_learner_mode(self):
        config = Config()
        config.ContentsManager.pre_save_hook = "gradlab_jupyter.learner_pre_save"
        self.check_saved(config)

    def test_npm_start_instructor_mode(self):
        config = Config()
        config.ContentsManager.pre_save_hook = "gradlab_jupyter.drop_plotly_snapshots"
        self.check_saved(config)

    def test_hub_user_servers(self):
        # The hub's user servers have no PYTHONPATH: their settings file must find the hook itself.
        for role in ["student", "instructor"]:
            with self.subTest(role=role):
                saved_path, saved_module = list(sys.path), sys.modules.pop("gradlab_jupyter")
                sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != SCRIPTS]
                try:
                    folder = os.path.join(ROOT, "hub", "jupyter", role)
                    config = PyFileConfigLoader("jupyter_server_config.py", path=folder).load_config()
                    hook = config.ContentsManager.pre_save_hook
                    self.assertEqual(getattr(hook, "__name__", None), "drop_plotly_snapshots", f"the hook set: {hook!r}")
                    self.assertEqual(os.path.dirname(hook.__code__.co_filename), SCRIPTS)
                    self.check_saved(config)
                finally:
                    sys.path[:] = saved_path
                    sys.modules["gradlab_jupyter"] = saved_module


if __name__ == "__main__":
    sys.path.insert(0, SCRIPTS)
    import gradlab_jupyter  # noqa: E402

    unittest.main(verbosity=2)
