// Paths and environment shared by every gradlab script and by the kernel launcher.
// Plain CommonJS with Node built-ins only: it runs before `npm ci` has installed anything.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const VENV = path.join(ROOT, ".venv");
const isWindows = process.platform === "win32";
const VENV_BIN = path.join(VENV, isWindows ? "Scripts" : "bin");
const VENV_PYTHON = path.join(VENV_BIN, isWindows ? "python.exe" : "python");
/** Everything Jupyter writes (runtime files, settings, workspaces) stays in the project. */
const JUPYTER_HOME = path.join(ROOT, ".jupyter");
/** The kernelspec lives inside the project's virtualenv (its sys.prefix), never in ~/.local. */
const KERNELS_DIR = path.join(VENV, "share", "jupyter", "kernels");
const KERNEL_NAME = "tslab";
/** Jupyter settings the project ships (config/jupyter): nbgrader's instructor tools off for learners. */
const JUPYTER_CONFIG = path.join(ROOT, "config", "jupyter");

/** The environment every Jupyter process of the project runs with. */
function projectEnv(extra = {}) {
  const env = { ...process.env };
  env.PATH = [VENV_BIN, path.join(ROOT, "node_modules", ".bin"), env.PATH].join(path.delimiter);
  env.VIRTUAL_ENV = VENV;
  // Our kernelspec first, so a user-wide "tslab" kernel cannot shadow it.
  env.JUPYTER_PATH = path.join(VENV, "share", "jupyter");
  env.JUPYTER_CONFIG_DIR = path.join(JUPYTER_HOME, "config");
  // nbgrader's JupyterLab tools (formgrader, assignment lists, create assignment) are for
  // instructors; GRADLAB_NBGRADER_UI=1 shows them (README, "For instructors").
  const configPath = (env.JUPYTER_CONFIG_PATH ?? "").split(path.delimiter).filter((p) => p && p !== JUPYTER_CONFIG);
  if (env.GRADLAB_NBGRADER_UI !== "1") configPath.unshift(JUPYTER_CONFIG);
  if (configPath.length > 0) env.JUPYTER_CONFIG_PATH = configPath.join(path.delimiter);
  else delete env.JUPYTER_CONFIG_PATH;
  env.JUPYTER_DATA_DIR = path.join(JUPYTER_HOME, "data");
  env.JUPYTER_RUNTIME_DIR = path.join(JUPYTER_HOME, "runtime");
  env.JUPYTERLAB_SETTINGS_DIR = path.join(JUPYTER_HOME, "lab", "user-settings");
  env.JUPYTERLAB_WORKSPACES_DIR = path.join(JUPYTER_HOME, "lab", "workspaces");
  env.IPYTHONDIR = path.join(JUPYTER_HOME, "ipython");
  env.JUPYTER_PLATFORM_DIRS = "1";
  env.PYTHONNOUSERSITE = "1";
  env.PIP_DISABLE_PIP_VERSION_CHECK = "1";
  delete env.PYTHONHOME;
  for (const key of ["JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"]) {
    fs.mkdirSync(env[key], { recursive: true });
  }
  return Object.assign(env, extra);
}

/** Newest modification time (ms) of the files under `dir` whose names match `re`. */
function newestMtime(dir, re) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, re));
    else if (re.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Kernel-manager settings of the servers the project starts (`npm start`, both modes; the hub's
 * user servers set the same in hub/jupyter/user_server_config.py). A kernel that cannot listen on
 * a port another process took between jupyter_client's choice and its start exits (the patched
 * tslab), and the server's restarter starts it again. jupyter_client's port cache (its default)
 * hands the restarted kernel the same ports, so it dies on each restart and the learner gets a dead
 * kernel; without it, a kernel that has not yet come up is restarted on new ports.
 * test/kernel/ports.test.ts shows both.
 */
const SERVER_KERNEL_ARGS = ["--KernelManager.cache_ports=False"];

module.exports = {
  ROOT,
  SERVER_KERNEL_ARGS,
  VENV,
  VENV_BIN,
  VENV_PYTHON,
  JUPYTER_HOME,
  KERNELS_DIR,
  KERNEL_NAME,
  projectEnv,
  newestMtime,
};
