# nbgrader settings of a student's server on the hub (hub/jupyterhub_config.py sets the
# variables): the course and the shared exchange, nothing else. Students have no course folder.
import os

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.CourseDirectory.course_id = os.environ["GRADLAB_HUB_COURSE_ID"]
c.Exchange.root = os.environ["GRADLAB_HUB_EXCHANGE"]
c.Exchange.assignment_dir = os.environ["GRADLAB_HUB_WORKDIR"]
