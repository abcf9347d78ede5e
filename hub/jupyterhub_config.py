# JupyterHub configuration for a gradlab class on one server (README, "A class on one server").
# `npm run hub` (scripts/hub.mjs) starts JupyterHub with this file and a settings file it writes
# (GRADLAB_HUB_SETTINGS, JSON): addresses, accounts, the exchange and the folders below.
#
# - accounts: local system users, checked with PAM; only the instructor and the listed students
#   may log in;
# - each user's server runs as that user, in a folder of its own inside the project
#   (<state>/users/<name>, mode 0700): notebooks import "gradlab", which Node resolves through the
#   project's node_modules, found by walking up from the notebook's folder;
# - the course kernel comes from the kernelspec in the venv the servers run from;
# - nbgrader: one course (course id "gradlab"), the exchange shared by everyone, Formgrader and
#   the course source for the instructor only (hub/jupyter/instructor), the Assignment List for
#   everyone (hub/jupyter/student for students).
import json
import os
import pwd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)

with open(os.environ["GRADLAB_HUB_SETTINGS"], encoding="utf-8") as f:
    S = json.load(f)

STATE = S["state"]
USERS_DIR = os.path.join(STATE, "users")
INSTRUCTOR = S["instructor"]
STUDENTS = list(S["students"])

c.JupyterHub.ip = S["ip"]
c.JupyterHub.port = S["port"]
# The hub's own API and the proxy's API stay on the loopback interface whatever --ip says.
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = S["hubPort"]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{S['proxyApiPort']}"
# configurable-http-proxy from the project's node_modules (pinned in package.json).
c.ConfigurableHTTPProxy.command = [os.path.join(ROOT, "node_modules", ".bin", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.should_start = True
c.JupyterHub.db_url = "sqlite:///" + os.path.join(STATE, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(STATE, "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = os.path.join(STATE, "jupyterhub.pid")
# Servers stop with the hub (`npm run hub` is one process tree, stopped with Ctrl+C).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.shutdown_on_logout = False

# Accounts: system users with their system passwords (PAM). No account is created here.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set([INSTRUCTOR, *STUDENTS])
c.LocalAuthenticator.create_system_users = False
# pam_open_session needs a full login stack (utmp, systemd-logind) that containers often lack;
# the hub does not use the session.
c.PAMAuthenticator.open_sessions = False

# Single-user servers: JupyterLab from the venv that every account can run (scripts/hub-setup.mjs).
c.Spawner.cmd = [os.path.join(S["userVenv"], "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = S.get("startTimeout", 180)
c.Spawner.http_timeout = S.get("startTimeout", 180)
EXCHANGE = S["exchange"]
COURSE_ID = S["courseId"]


def user_dir(name):
    return os.path.join(USERS_DIR, name)


def course_dir():
    return os.path.join(user_dir(INSTRUCTOR), COURSE_ID)


def pre_spawn(spawner):
    """Makes the user's private folder and points the server at its Jupyter settings."""
    name = spawner.user.name
    entry = pwd.getpwnam(name)
    folder = user_dir(name)
    os.makedirs(folder, exist_ok=True)
    os.chown(folder, entry.pw_uid, entry.pw_gid)
    os.chmod(folder, 0o700)
    role = "instructor" if name == INSTRUCTOR else "student"
    spawner.notebook_dir = folder
    venv_bin = os.path.join(S["userVenv"], "bin")
    env = {
        "PATH": os.pathsep.join([venv_bin, os.path.join(ROOT, "node_modules", ".bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
        "VIRTUAL_ENV": S["userVenv"],
        "PYTHONNOUSERSITE": "1",
        # Settings of the role first; the venv's own folders (kernelspec, nbgrader's extensions)
        # are found through sys.prefix as usual.
        "JUPYTER_CONFIG_PATH": os.path.join(HERE, "jupyter", role),
        "GRADLAB_HUB_EXCHANGE": EXCHANGE,
        # nbgrader fetches into (and submits from) this folder; unset, it would be the server's
        # working directory, the home folder, outside the project and out of JupyterLab's view.
        "GRADLAB_HUB_WORKDIR": folder,
        "GRADLAB_HUB_COURSE_ID": COURSE_ID,
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    if role == "instructor":
        env["GRADLAB_COURSE_DIR"] = course_dir()
    spawner.environment = {**spawner.environment, **env}


c.Spawner.pre_spawn_hook = pre_spawn
