"""The learner-mode JupyterLab's guard (scripts/start.mjs names it as ContentsManager.pre_save_hook).

In learner mode the course's own notebooks/ are never written: learners work on their copies in
workspace/. Every save into notebooks/ (a save, an autosave, a new file) is refused with a message
that JupyterLab shows, saying where the learner's copy is. `npm start -- --instructor` runs
without this guard.
"""
import os

from tornado.web import HTTPError

COURSE_FOLDER = "notebooks"


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
