// `npm run hub`: the course for a class on one server. JupyterHub (pinned in requirements.txt)
// with configurable-http-proxy (package.json), hub/jupyterhub_config.py, PAM accounts, the course
// kernel for everyone and nbgrader's exchange with one course (README, "A class on one server").
//
//   npm run hub -- --instructor NAME --students NAME,NAME,... [--ip 127.0.0.1] [--port 8000]
//                  [--exchange /srv/nbgrader/exchange] [--state hub/state]
//   npm run setup:hub      # only the installation (also done by `npm run hub`)
//
// Runs as root (JupyterHub starts each user's server as that user). The accounts are existing
// system users; their passwords are their system passwords. On an address other than the
// loopback one, every account must have a password.
import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { setup, step, log, runMain, SetupError, uvInstall, uvOf, plotlyRenderer } from "./setup.mjs";
import { parseOptions } from "./grade.mjs";

const require = createRequire(import.meta.url);
const { ROOT, VENV, VENV_PYTHON, KERNELS_DIR, KERNEL_NAME } = require("./project.cjs");

export const HUB_DIR = path.join(ROOT, "hub");
export const COURSE_ID = "gradlab";
// Inside the project's .venv folder: ignored by git, eslint and prettier like the rest of it, and
// gone with it when the set-up starts over.
const HUB_VENV = path.join(VENV, "hub");
const HUB_STAMP = path.join(HUB_VENV, ".gradlab-requirements");
const NAME_PATTERN = /^[a-z_][a-z0-9_-]{0,31}$/;

const USAGE = `usage: npm run hub -- --instructor NAME --students NAME,NAME,... [options]
  --ip ADDRESS        address to listen on (default 127.0.0.1; any other needs a password on every account)
  --port N            port of the hub (default 8000)
  --exchange DIR      nbgrader's exchange folder (default /srv/nbgrader/exchange)
  --state DIR         hub database and each user's folder, inside the project (default hub/state)
  --setup-only        install what the hub needs, start nothing
  --skip-setup        do not check the installation first`;

/** True when every folder above `file` lets other accounts through and `file` is readable by them. */
export function reachableByOthers(file) {
  let current = path.resolve(file);
  const mode = fs.statSync(current).mode;
  if ((mode & 0o005) === 0) return false;
  while (current !== path.dirname(current)) {
    current = path.dirname(current);
    if ((fs.statSync(current).mode & 0o001) === 0) return false;
  }
  return true;
}

function realPython(venvPython) {
  const probe = spawnSync(venvPython, ["-c", "import sys, os; print(os.path.realpath(sys._base_executable))"], { encoding: "utf8" });
  if (probe.status !== 0) throw new SetupError(`could not run ${venvPython}: ${probe.stderr}`);
  return probe.stdout.trim();
}

/** A Python 3.11+ that every account can run: GRADLAB_HUB_PYTHON or a system one. */
function pythonForEveryone() {
  const candidates = [process.env.GRADLAB_HUB_PYTHON, "/usr/bin/python3", "/usr/local/bin/python3"].filter(Boolean);
  for (const cmd of candidates) {
    if (!fs.existsSync(cmd)) continue;
    const probe = spawnSync(
      cmd,
      ["-c", "import sys, os, venv; print('%d.%d' % sys.version_info[:2]); print(os.path.realpath(sys.executable))"],
      {
        encoding: "utf8",
      },
    );
    if (probe.status !== 0) continue;
    const [version, real] = probe.stdout.trim().split("\n");
    const [major, minor] = version.split(".").map(Number);
    if (major === 3 && minor >= 11 && reachableByOthers(real)) return cmd;
  }
  throw new SetupError(
    `the project's Python (${realPython(VENV_PYTHON)}) is in a folder other accounts cannot enter, and no Python 3.11+ ` +
      `that every account can run was found (tried ${candidates.join(", ")}); set GRADLAB_HUB_PYTHON to one (with its venv module)`,
  );
}

/** constraints.txt with the pins of hub/constraints-hub.txt in place of the project's. */
function hubConstraints(overrides) {
  const name = (line) =>
    line
      .split("==")[0]
      .trim()
      .toLowerCase()
      .replace(/[-_.]+/g, "-");
  const pins = (file) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.includes("==") && !l.trim().startsWith("#"));
  const replaced = new Map(pins(overrides).map((l) => [name(l), l.trim()]));
  return `${pins(path.join(ROOT, "constraints.txt"))
    .map((l) => replaced.get(name(l)) ?? l)
    .join("\n")}\n`;
}

function hashFiles(...files) {
  return files.map((f) => fs.readFileSync(f, "utf8")).join("\0");
}

/**
 * The venv the users' servers run from: the project's .venv when every account can run its
 * Python, otherwise .venv/hub made from a system Python with the same pinned packages.
 */
async function userVenv() {
  if (reachableByOthers(realPython(VENV_PYTHON))) return { venv: VENV, detail: "the project's .venv (every account can run it)" };
  const requirements = path.join(ROOT, "requirements.txt");
  const overrides = path.join(HUB_DIR, "constraints-hub.txt");
  const want = hashFiles(requirements, path.join(ROOT, "constraints.txt"), overrides);
  const python = path.join(HUB_VENV, "bin", "python");
  if (fs.existsSync(python) && fs.existsSync(HUB_STAMP) && fs.readFileSync(HUB_STAMP, "utf8") === want) {
    return { venv: HUB_VENV, detail: ".venv/hub up to date" };
  }
  const base = pythonForEveryone();
  if (!fs.existsSync(python)) {
    log(`the project's Python is out of other accounts' reach; making .venv/hub with ${base}`);
    const made = spawnSync(base, ["-m", "venv", HUB_VENV], { stdio: "inherit" });
    if (made.status !== 0) throw new SetupError(`${base} -m venv ${HUB_VENV} failed`);
  }
  const constraints = path.join(HUB_VENV, "constraints.txt");
  fs.writeFileSync(constraints, hubConstraints(overrides));
  const env = { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1", PYTHONNOUSERSITE: "1" };
  // With the project's uv: the wheels come from uv's cache (linked, not unpacked again), and the
  // bytecode .venv already has is shared for every file that is the same file in both venvs.
  if (fs.existsSync(uvOf(VENV))) {
    try {
      await uvInstall({ venv: HUB_VENV, requirements, constraints, quiet: true, compile: false, env });
      const shared = shareBytecode(VENV_PYTHON, python);
      // The rest (the packages hub/constraints-hub.txt pins apart, files uv copied) compiled here.
      const compiled = spawnSync(python, ["-m", "compileall", "-q", shared.site], { stdio: "inherit", env });
      // As pip, a module that does not compile does not fail the install (Python reports it on import).
      if (compiled.status !== 0) log(`some modules of .venv/hub could not be byte-compiled (compileall exit ${compiled.status})`);
      fs.writeFileSync(HUB_STAMP, want);
      return {
        venv: HUB_VENV,
        detail: `.venv/hub installed with uv (bytecode linked from .venv for ${shared.linked} of ${shared.files} modules)`,
      };
    } catch (error) {
      log(`${error.message}; pip installs .venv/hub instead`);
    }
  }
  const pip = spawnSync(python, ["-m", "pip", "install", "--quiet", "-r", requirements, "-c", constraints], { stdio: "inherit", env });
  if (pip.status !== 0) throw new SetupError("pip install into .venv/hub failed");
  fs.writeFileSync(HUB_STAMP, want);
  return { venv: HUB_VENV, detail: ".venv/hub installed with pip" };
}

/** site-packages, the bytecode cache tag and the bytecode magic number of a venv's Python. */
function pythonLayout(python) {
  const probe = spawnSync(
    python,
    [
      "-c",
      "import sys, sysconfig, importlib.util; print(sysconfig.get_path('purelib')); print(sys.implementation.cache_tag); print(importlib.util.MAGIC_NUMBER.hex())",
    ],
    { encoding: "utf8" },
  );
  if (probe.status !== 0) throw new SetupError(`could not run ${python}: ${probe.stderr}`);
  const [site, tag, magic] = probe.stdout.trim().split("\n");
  return { site, tag, magic };
}

/**
 * Links into the venv of `toPython` the compiled bytecode (__pycache__/*.pyc) that the venv of
 * `fromPython` has for each module that is the same file in both: the same size and modification
 * time (what Python checks a .pyc against) and the same bytes (one inode when uv linked both from
 * its cache). Only between Pythons that read the same bytecode (tag and magic number). Returns the
 * target's site-packages, how many .py files it has and how many got their bytecode this way.
 */
export function shareBytecode(fromPython, toPython) {
  const from = pythonLayout(fromPython);
  const to = pythonLayout(toPython);
  const result = { site: to.site, files: 0, linked: 0 };
  const sameBytecode = from.tag === to.tag && from.magic === to.magic;
  const sameFile = (a, b, sa, sb) => {
    if (sa.size !== sb.size || sa.mtimeMs !== sb.mtimeMs) return false;
    if (sa.dev === sb.dev && sa.ino === sb.ino) return true;
    return fs.readFileSync(a).equals(fs.readFileSync(b));
  };
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(to.site, rel), { withFileTypes: true })) {
      const name = path.join(rel, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "__pycache__") walk(name);
        continue;
      }
      if (!entry.isFile() || !entry.name.endsWith(".py")) continue;
      result.files += 1;
      if (!sameBytecode) continue;
      const source = path.join(from.site, name);
      const target = path.join(to.site, name);
      const pycName = `${entry.name.slice(0, -3)}.${from.tag}.pyc`;
      const pyc = path.join(from.site, rel, "__pycache__", pycName);
      const targetPyc = path.join(to.site, rel, "__pycache__", pycName);
      if (!fs.existsSync(pyc) || !fs.existsSync(source) || fs.existsSync(targetPyc)) continue;
      if (!sameFile(source, target, fs.statSync(source), fs.statSync(target))) continue;
      fs.mkdirSync(path.dirname(targetPyc), { recursive: true });
      try {
        fs.linkSync(pyc, targetPyc);
      } catch {
        fs.copyFileSync(pyc, targetPyc);
      }
      result.linked += 1;
    }
  };
  walk("");
  return result;
}

/** The project's kernelspec, copied into the users' venv when that is not the project's. */
function userKernelspec(venv) {
  if (venv === VENV) return "the project's kernelspec";
  const from = path.join(KERNELS_DIR, KERNEL_NAME, "kernel.json");
  const dir = path.join(venv, "share", "jupyter", "kernels", KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(from, path.join(dir, "kernel.json"));
  const spec = JSON.parse(fs.readFileSync(from, "utf8"));
  const unreachable = spec.argv.filter((a) => path.isAbsolute(a) && fs.existsSync(a) && !reachableByOthers(a));
  if (unreachable.length > 0) throw new SetupError(`the kernel needs files other accounts cannot read: ${unreachable.join(", ")}`);
  return `copied to ${path.relative(ROOT, dir)}`;
}

/** Everything the hub needs; returns the users' venv. */
export async function setupHub() {
  await setup();
  if (!reachableByOthers(path.join(ROOT, "package.json"))) {
    throw new SetupError(`the project folder ${ROOT} is not readable by other accounts; the hub's users run the course from it`);
  }
  let venv;
  await step("users' Python environment", async () => {
    const result = await userVenv();
    venv = result.venv;
    return result.detail;
  });
  // The users' JupyterLab serves the renderer of their venv: .venv/hub's needs the set-up's patch too.
  if (venv !== VENV) await step("users' plotly renderer", () => plotlyRenderer(venv));
  await step("course kernel for every user", () => userKernelspec(venv));
  await step("configurable-http-proxy", () => {
    const proxy = path.join(ROOT, "node_modules", ".bin", "configurable-http-proxy");
    if (!fs.existsSync(proxy)) throw new SetupError("configurable-http-proxy is missing from node_modules; run npm ci");
    return "found in node_modules";
  });
  return venv;
}

function account(name) {
  const result = spawnSync("getent", ["passwd", name], { encoding: "utf8" });
  if (result.status !== 0) return undefined;
  const [user, , uid, gid, , home] = result.stdout.trim().split(":");
  return { user, uid: Number(uid), gid: Number(gid), home };
}

/** "set", "none" (empty) or "locked" ("!" or "*"), from /etc/shadow. */
function passwordState(name) {
  const result = spawnSync("getent", ["shadow", name], { encoding: "utf8" });
  if (result.status !== 0) return "none";
  const hash = result.stdout.split(":")[1] ?? "";
  if (hash === "") return "none";
  if (hash.startsWith("!") || hash.startsWith("*")) return "locked";
  return "set";
}

const isLoopback = (ip) => ip === "localhost" || ip === "::1" || /^127\./.test(ip);

/** Checks the options against the machine; returns the settings hub/jupyterhub_config.py reads. */
export function hubSettings(options, userVenvDir) {
  const ip = options.ip ?? "127.0.0.1";
  const port = Number(options.port ?? 8000);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new SetupError(`--port must be a port number (1-65535), got "${options.port}"`);
  if (!options.instructor) throw new SetupError(`--instructor NAME is needed (an existing system user)\n${USAGE}`);
  const students = (options.students ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (students.length === 0) throw new SetupError(`--students NAME,NAME,... is needed (existing system users)\n${USAGE}`);
  const names = [options.instructor, ...students];
  for (const name of names) {
    if (!NAME_PATTERN.test(name)) throw new SetupError(`"${name}" is not a valid account name (lower-case letters, digits, _ and -)`);
    if (!account(name))
      throw new SetupError(`there is no system user "${name}" (create it with useradd and give it a password with passwd)`);
    if (account(name).uid === 0) throw new SetupError(`"${name}" is root; the class's accounts must be ordinary users`);
  }
  if (new Set(names).size !== names.length)
    throw new SetupError("the instructor and the students must be different accounts, each named once");
  const locked = names.filter((n) => passwordState(n) !== "set");
  if (!isLoopback(ip) && locked.length > 0) {
    throw new SetupError(
      `--ip ${ip} would let the network reach accounts without a password (${locked.join(", ")}); ` +
        "give each a password (passwd NAME) or listen on 127.0.0.1",
    );
  }
  const state = path.resolve(options.state ?? path.join(HUB_DIR, "state"));
  const inside = path.relative(ROOT, state);
  if (inside.startsWith("..") || path.isAbsolute(inside)) {
    // Notebooks import "gradlab" through the project's node_modules, which Node finds only from
    // folders inside the project.
    throw new SetupError(`--state must be a folder inside the project (${ROOT}); got ${state}`);
  }
  const exchange = path.resolve(options.exchange ?? "/srv/nbgrader/exchange");
  return {
    ip,
    port,
    hubPort: Number(options["hub-port"] ?? port + 1),
    proxyApiPort: Number(options["proxy-api-port"] ?? port + 2),
    instructor: options.instructor,
    students,
    state,
    exchange,
    courseId: COURSE_ID,
    userVenv: userVenvDir,
  };
}

/**
 * Folders with the permissions nbgrader documents: the exchange writable by everyone (sticky, so
 * nobody removes another's files), the course's folder in it owned by the instructor; the
 * users' folders private; the course's notebooks in the instructor's source/ folder.
 */
export function prepareFolders(settings) {
  const instructor = account(settings.instructor);
  fs.mkdirSync(settings.state, { recursive: true, mode: 0o755 });
  fs.chmodSync(settings.state, 0o755);
  const users = path.join(settings.state, "users");
  fs.mkdirSync(users, { recursive: true });
  fs.chmodSync(users, 0o711);
  for (const name of [settings.instructor, ...settings.students]) {
    const dir = path.join(users, name);
    const { uid, gid } = account(name);
    fs.mkdirSync(dir, { recursive: true });
    fs.chownSync(dir, uid, gid);
    fs.chmodSync(dir, 0o700);
  }
  fs.mkdirSync(settings.exchange, { recursive: true });
  fs.chownSync(settings.exchange, 0, 0);
  fs.chmodSync(settings.exchange, 0o1777);
  const courseExchange = path.join(settings.exchange, settings.courseId);
  fs.mkdirSync(courseExchange, { recursive: true });
  fs.chownSync(courseExchange, instructor.uid, instructor.gid);
  fs.chmodSync(courseExchange, 0o755);
  // The course: each notebook of notebooks/ is an assignment named after it (as `npm run
  // grade:release` does), copied once; the instructor's edits are never overwritten.
  const course = path.join(users, settings.instructor, settings.courseId);
  const copied = [];
  for (const file of fs.readdirSync(path.join(ROOT, "notebooks")).filter((n) => n.endsWith(".ipynb"))) {
    const assignment = file.replace(/\.ipynb$/, "");
    const target = path.join(course, "source", assignment, file);
    if (fs.existsSync(target)) continue;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "notebooks", file), target);
    copied.push(assignment);
  }
  spawnSync("chown", ["-R", `${instructor.uid}:${instructor.gid}`, course]);
  fs.chmodSync(course, 0o700);
  return copied;
}

async function main() {
  const { positional, options } = parseOptions(process.argv.slice(2), {
    ip: "value",
    port: "value",
    "hub-port": "value",
    "proxy-api-port": "value",
    instructor: "value",
    students: "value",
    exchange: "value",
    state: "value",
    "setup-only": "flag",
    "skip-setup": "flag",
    help: "flag",
  });
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (positional.length > 0) throw new SetupError(`unexpected argument "${positional[0]}"\n${USAGE}`);
  if (process.platform !== "linux") throw new SetupError("npm run hub needs Linux (PAM accounts, one process per user)");
  let venv;
  if (options["skip-setup"]) venv = fs.existsSync(path.join(HUB_VENV, "bin", "python")) ? HUB_VENV : VENV;
  else venv = await setupHub();
  if (options["setup-only"]) return;
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    throw new SetupError("npm run hub must run as root: JupyterHub starts each user's server as that user");
  }
  const settings = hubSettings(options, venv);
  const copied = prepareFolders(settings);
  if (copied.length > 0) log(`course notebooks put into the instructor's source/ folder: ${copied.join(", ")}`);
  const settingsFile = path.join(settings.state, "hub-settings.json");
  fs.writeFileSync(settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
  const env = {
    ...process.env,
    PATH: [path.join(venv, "bin"), path.join(ROOT, "node_modules", ".bin"), process.env.PATH].join(path.delimiter),
    GRADLAB_HUB_SETTINGS: settingsFile,
    PYTHONNOUSERSITE: "1",
  };
  const host = settings.ip.includes(":") ? `[${settings.ip}]` : settings.ip;
  log(
    `JupyterHub on http://${host}:${settings.port}/ (instructor ${settings.instructor}, ${settings.students.length} students; Ctrl+C stops it)`,
  );
  const child = spawn(path.join(venv, "bin", "jupyterhub"), ["-f", path.join(HUB_DIR, "jupyterhub_config.py")], {
    cwd: settings.state,
    env,
    stdio: "inherit",
  });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve) => child.on("exit", (c, signal) => resolve(c ?? (signal ? 0 : 1))));
  process.exit(code);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runMain(main);
}
