# Jupyter server settings that every hub user's server shares, loaded by the settings file of each
# role (hub/jupyter/student and hub/jupyter/instructor, where hub/jupyterhub_config.py points
# JUPYTER_CONFIG_PATH): notebooks are saved without the PNG pictures that JupyterLab's plotly
# renderer adds to each figure, as in `npm start` (scripts/gradlab_jupyter.py says why); and a
# kernel that lost a port at its start is restarted on new ports, as in `npm start`
# (SERVER_KERNEL_ARGS in scripts/project.cjs says why; test/kernel/ports.test.ts checks it).
import os
import sys

c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.KernelManager.cache_ports = False
SCRIPTS = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)
try:
    import gradlab_jupyter
except (ImportError, OSError) as error:
    # The server still starts (and saves the pictures); the hub's log says why.
    print(f"[gradlab] notebooks will be saved with plotly's PNG pictures: {error!r}", file=sys.stderr)
else:
    c.ContentsManager.pre_save_hook = gradlab_jupyter.drop_plotly_snapshots
