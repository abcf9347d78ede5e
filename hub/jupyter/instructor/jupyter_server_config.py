# Jupyter server settings of a hub instructor's server (hub/jupyterhub_config.py points
# JUPYTER_CONFIG_PATH here): those that every hub user's server shares, from
# hub/jupyter/user_server_config.py (test/server/save_hooks.py checks that each role gets them).
import os

load_subconfig("user_server_config.py", path=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # noqa: F821
