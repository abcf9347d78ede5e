"""Save hooks of the course's Jupyter servers (ContentsManager.pre_save_hook).

- drop_plotly_snapshots: every server the project starts (`npm start`, in both modes, and the
  hub's servers, hub/jupyter/*/jupyter_server_config.py) saves notebooks without the PNG picture
  that JupyterLab's plotly renderer adds to each figure it draws (Plotly.toImage, then setData on
  the output): the figure is already in the output as plotly JSON, which JupyterLab and VS Code
  draw, and the pictures made fully run notebooks up to 1.44 MB instead of under 1 MB. Set
  GRADLAB_SAVE_PLOTLY_PNG=1 for the server to keep them (README, "How it fits together", Plots).
- learner_pre_save: learner mode (`npm start` without --instructor) also refuses every save into
  the course's own notebooks/ (a save, an autosave, a new file) with a message that JupyterLab
  shows, saying where the learner's copy is. Learners work on their copies in workspace/.
"""
import os

from tornado.web import HTTPError

COURSE_FOLDER = "notebooks"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
SNAPSHOT_MIME = "image/png"
KEEP_SNAPSHOTS = "GRADLAB_SAVE_PLOTLY_PNG"


def refuse_course_notebooks(model=None, path="", contents_manager=None, **kwargs):
    parts = [p for p in path.replace("\\", "/").split("/") if p]
    if not parts or parts[0] != COURSE_FOLDER:
        return
    workspace = os.environ.get("GRADLAB_WORKSPACE") or "workspace"
    name = parts[-1]
    message = (
        f"{COURSE_FOLDER}/ holds the course's own notebooks, which are not saved in learner mode. "
        f"Work in your copy, {workspace}/{name}; to edit the course itself, start it with npm start -- --instructor"
    )
    # JupyterLab shows the message; the reason is the short status line.
    raise HTTPError(403, message.replace("%", "%%"), reason="Course notebooks are read-only in learner mode")


def _drop_snapshots(node):
    """Removes image/png from every output bundle below `node` that also holds a plotly figure.

    Walks the whole notebook, so the outputs kept in saved widget state (an Output widget's
    outputs, in metadata.widgets) are covered as well as the cells'. The figures themselves are
    not walked into. Returns how many pictures were dropped.
    """
    dropped = 0
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and PLOTLY_MIME in data:
            if SNAPSHOT_MIME in data:
                del data[SNAPSHOT_MIME]
                dropped += 1
            metadata = node.get("metadata")
            if isinstance(metadata, dict):
                metadata.pop(SNAPSHOT_MIME, None)
            return dropped
        for value in node.values():
            if isinstance(value, (dict, list)):
                dropped += _drop_snapshots(value)
    elif isinstance(node, list):
        for value in node:
            if isinstance(value, (dict, list)):
                dropped += _drop_snapshots(value)
    return dropped


def drop_plotly_snapshots(model=None, path="", contents_manager=None, **kwargs):
    if not model or model.get("type") != "notebook" or os.environ.get(KEEP_SNAPSHOTS) == "1":
        return
    content = model.get("content")
    if not isinstance(content, dict):
        return
    dropped = _drop_snapshots(content)
    if dropped and contents_manager is not None:
        contents_manager.log.debug("%s: saved without %d plotly PNG snapshot(s)", path, dropped)


def learner_pre_save(model=None, path="", contents_manager=None, **kwargs):
    refuse_course_notebooks(model=model, path=path, contents_manager=contents_manager, **kwargs)
    drop_plotly_snapshots(model=model, path=path, contents_manager=contents_manager, **kwargs)
