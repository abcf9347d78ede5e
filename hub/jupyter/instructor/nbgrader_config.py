# nbgrader settings of the instructor's server on the hub (hub/jupyterhub_config.py sets the
# variables): the project's nbgrader_config.py (TypeScript stub, delimiters, grading steps) with
# the course folder in the instructor's private folder and the shared exchange.
import os

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
load_subconfig(os.path.join(ROOT, "nbgrader_config.py"))  # noqa: F821
c.CourseDirectory.root = os.environ["GRADLAB_COURSE_DIR"]
c.CourseDirectory.course_id = os.environ["GRADLAB_HUB_COURSE_ID"]
c.Exchange.root = os.environ["GRADLAB_HUB_EXCHANGE"]
c.Exchange.assignment_dir = os.environ["GRADLAB_HUB_WORKDIR"]
