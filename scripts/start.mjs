// `npm start`: set up what is missing, then open the course in JupyterLab.
//   npm start                       # port 8888 (or the next free one), a fresh token
//   npm start -- --port 9000 --no-browser
//   npm start -- --instructor       # the course's own notebooks/ and nbgrader's tools
// The server listens on 127.0.0.1 only and requires the token (GRADLAB_TOKEN to choose it).
//
// Learners (the default) work in workspace/: copies of the notebooks with the solutions replaced
// by stubs (scripts/workspace.mjs brings them up to date with notebooks/ first, never
// overwriting a copy the learner saved). The server then refuses every save into notebooks/
// (scripts/gradlab_jupyter.py), so nothing in learner mode writes the tracked notebooks.
// In both modes notebooks are saved without plotly's PNG snapshots (the same file).
// Instructors (--instructor, or GRADLAB_NBGRADER_UI=1) open notebooks/ itself, with nbgrader's
// Formgrader and assignment list, and an exchange folder inside the course folder.
import { randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { setup, runMain, SetupError } from "./setup.mjs";
import { syncWorkspace, WORKSPACE, WorkspaceError } from "./workspace.mjs";

const require = createRequire(import.meta.url);
const { ROOT, VENV_BIN, projectEnv, SERVER_KERNEL_ARGS } = require("./project.cjs");

const HOST = "127.0.0.1";
const FIRST_NOTEBOOK = "00-start-here.ipynb";

function parseArgs(argv) {
  const options = {
    port: Number(process.env.GRADLAB_PORT ?? 8888),
    browser: undefined,
    setup: true,
    instructor: process.env.GRADLAB_NBGRADER_UI === "1",
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--no-browser") options.browser = false;
    else if (arg === "--browser") options.browser = true;
    else if (arg === "--skip-setup") options.setup = false;
    else if (arg === "--instructor") options.instructor = true;
    else if (arg === "--port") options.port = Number(argv[++i]);
    else if (arg.startsWith("--port=")) options.port = Number(arg.slice("--port=".length));
    else throw new SetupError(`unknown option ${arg}; use --port N, --no-browser, --browser or --instructor`);
  }
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) {
    throw new SetupError(`--port must be an integer from 1 to 65535; got ${options.port}`);
  }
  // Open a browser only where there is a screen to open it on.
  options.browser ??= process.platform !== "linux" || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  return options;
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

async function freePort(start) {
  for (let port = start; port < start + 50 && port <= 65535; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new SetupError(`no free port between ${start} and ${start + 49} on ${HOST}; choose one with --port`);
}

async function waitUntilReady(url, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new SetupError(`JupyterLab exited (code ${child.exitCode}) before it was ready; see its log above`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new SetupError("JupyterLab did not answer within 150 s");
}

/** scripts/ first on Python's path: the server imports gradlab_jupyter (its save hooks) from it. */
function pythonPath() {
  const scripts = path.join(ROOT, "scripts");
  return [scripts, ...(process.env.PYTHONPATH ?? "").split(path.delimiter).filter((p) => p && p !== scripts)].join(path.delimiter);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.setup) await setup();
  let startNotebook;
  const modeArgs = [];
  if (options.instructor) {
    // nbgrader's tools (project.cjs reads this) and the course's own notebooks.
    process.env.GRADLAB_NBGRADER_UI = "1";
    startNotebook = `notebooks/${FIRST_NOTEBOOK}`;
  } else {
    try {
      syncWorkspace({ log: (m) => process.stdout.write(`[gradlab] ${m}\n`) });
    } catch (error) {
      if (error instanceof WorkspaceError) throw new SetupError(error.message);
      throw error;
    }
    startNotebook = `${path.relative(ROOT, WORKSPACE).split(path.sep).join("/")}/${FIRST_NOTEBOOK}`;
  }
  // Both modes save notebooks without the PNG that plotly's renderer adds to each figure
  // (scripts/gradlab_jupyter.py); learner mode also refuses saves into notebooks/.
  const saveHook = options.instructor ? "drop_plotly_snapshots" : "learner_pre_save";
  modeArgs.push(`--ContentsManager.pre_save_hook=gradlab_jupyter.${saveHook}`);
  const port = await freePort(options.port);
  const token = process.env.GRADLAB_TOKEN || randomBytes(24).toString("hex");
  const args = [
    "lab",
    `--ServerApp.ip=${HOST}`,
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.root_dir=${ROOT}`,
    `--ServerApp.open_browser=${options.browser ? "True" : "False"}`,
    // Ctrl-C stops the server without the "Shutdown this Jupyter server (y/[n])?" prompt.
    "--ServerApp.answer_yes=True",
    `--LabApp.default_url=/lab/tree/${startNotebook}`,
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    // The course's kernel is the only one offered, and the default for new notebooks.
    "--KernelSpecManager.allowed_kernelspecs=tslab",
    "--MultiKernelManager.default_kernel_name=tslab",
    // A kernel that lost a port at its start is restarted on new ones (project.cjs says why).
    ...SERVER_KERNEL_ARGS,
    ...modeArgs,
  ];
  // Containers and CI machines often run as root; Jupyter refuses that unless told.
  if (process.getuid?.() === 0) args.push("--allow-root");
  const child = spawn(path.join(VENV_BIN, "jupyter"), args, {
    cwd: ROOT,
    // The token goes through the environment, so it does not show in `ps`.
    env: projectEnv({ JUPYTER_TOKEN: token, PYTHONPATH: pythonPath(), GRADLAB_WORKSPACE: path.relative(ROOT, WORKSPACE) }),
    stdio: ["ignore", "inherit", "inherit"],
    // Its own process group, so a terminal's Ctrl-C reaches only this script (see stop below).
    detached: process.platform !== "win32",
  });
  // Jupyter shuts its kernels down on SIGTERM. On SIGINT without a terminal on stdin it exits
  // at once and leaves every kernel running (jupyter_server's KeyboardInterrupt path), so Ctrl-C
  // here becomes SIGTERM there; so does closing the terminal (SIGHUP). If Jupyter has not exited
  // 10 s later (its shutdown can hang on a busy machine), it is ended.
  let stopping = false;
  const stop = () => {
    if (stopping || child.exitCode !== null || child.signalCode !== null) return;
    stopping = true;
    child.kill("SIGTERM");
    setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"), 10_000).unref();
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);
  await waitUntilReady(`http://${HOST}:${port}/api/status?token=${token}`, child);
  const url = `http://${HOST}:${port}/lab/tree/${startNotebook}?token=${token}`;
  const mode = options.instructor
    ? "  Instructor mode: the course's own notebooks/ (with solutions) and nbgrader's Formgrader."
    : `  Your notebooks are in ${path.relative(ROOT, WORKSPACE)}/ (solutions: npm run solution -- 06).`;
  process.stdout.write(
    ["", "  gradlab is running in JupyterLab (kernel: TypeScript (gradlab)).", mode, `  Open: ${url}`, "  Stop: Ctrl-C", "", ""].join("\n"),
  );
  const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 0 : 1))));
  process.exit(code);
}

await runMain(main);
