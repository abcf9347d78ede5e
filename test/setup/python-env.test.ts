// The Python side of the set-up (scripts/setup.mjs, scripts/hub.mjs): .venv holds exactly the
// versions constraints.txt pins, uv among them (it installs the rest); the pins are read from
// constraints.txt whatever the spelling of a name; .venv/hub reuses .venv's compiled bytecode only
// for files that are the same file in both venvs, and Python then loads that bytecode.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT } from "../support/jupyter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { VENV, VENV_PYTHON } = require("../../scripts/project.cjs") as { VENV: string; VENV_PYTHON: string };

interface SetupModule {
  pinnedVersion: (file: string, name: string) => string | undefined;
  uvOf: (venv: string) => string;
}
interface HubModule {
  shareBytecode: (fromPython: string, toPython: string) => { site: string; files: number; linked: number };
}
/** An ES module of scripts/ (a computed specifier: the .mjs files have no type declarations). */
const load = async <T>(name: string): Promise<T> => (await import(pathToFileURL(path.join(ROOT, "scripts", name)).href)) as T;

/** name==version lines, names normalised as pip compares them. */
const pins = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.includes("==") && !l.startsWith("#"))
    .map((l) => {
      const [name = "", version = ""] = l.split("==");
      return `${name.toLowerCase().replace(/[-_.]+/g, "-")}==${version}`;
    })
    .sort();

describe("set-up: the Python environment", function () {
  this.timeout(120_000);
  let setup: SetupModule;
  let hub: HubModule;

  before(async () => {
    setup = await load<SetupModule>("setup.mjs");
    hub = await load<HubModule>("hub.mjs");
  });

  it("reads a pin from a constraints file by its normalised name, and only a pin", function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-pins-"));
    try {
      const file = path.join(dir, "constraints.txt");
      fs.writeFileSync(file, "# uv==0.0.1 in a comment\nuvicorn==1.2.3\nTyping_Extensions==4.16.0\n  uv == 0.13.8  # the installer\n");
      assert.equal(setup.pinnedVersion(file, "uv"), "0.13.8");
      assert.equal(setup.pinnedVersion(file, "typing-extensions"), "4.16.0");
      assert.equal(setup.pinnedVersion(file, "typing.extensions"), "4.16.0");
      assert.equal(setup.pinnedVersion(file, "nbgrader"), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("pins uv in requirements.txt and constraints.txt alike", function () {
    const fromRequirements = setup.pinnedVersion(path.join(ROOT, "requirements.txt"), "uv");
    assert.ok(fromRequirements, "requirements.txt pins no uv");
    assert.equal(setup.pinnedVersion(path.join(ROOT, "constraints.txt"), "uv"), fromRequirements);
  });

  it(".venv holds exactly the packages and versions constraints.txt pins, with uv at its pin", function () {
    const freeze = spawnSync(VENV_PYTHON, ["-m", "pip", "freeze", "--exclude-editable"], {
      encoding: "utf8",
      env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" },
    });
    assert.equal(freeze.status, 0, freeze.stderr);
    assert.deepEqual(pins(freeze.stdout), pins(fs.readFileSync(path.join(ROOT, "constraints.txt"), "utf8")));
    const uv = spawnSync(setup.uvOf(VENV), ["--version"], { encoding: "utf8" });
    assert.equal(uv.status, 0, uv.stderr);
    assert.match(uv.stdout, new RegExp(`^uv ${setup.pinnedVersion(path.join(ROOT, "constraints.txt"), "uv")?.replace(/\./g, "\\.")} `));
  });

  describe("bytecode shared between two venvs of the same Python", function () {
    let dir = "";
    const sitePackages = (venv: string) => {
      const probe = spawnSync(path.join(venv, "bin", "python"), ["-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], {
        encoding: "utf8",
      });
      assert.equal(probe.status, 0, probe.stderr);
      return probe.stdout.trim();
    };

    before(function () {
      if (process.platform === "win32") this.skip();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-bytecode-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("links a module's bytecode when the file is the same (one inode, or equal bytes, size and time), and Python loads it", function () {
      // Two bare venvs of the project's Python (no pip: fast), as .venv and .venv/hub.
      const base = spawnSync(VENV_PYTHON, ["-c", "import sys; print(sys._base_executable)"], { encoding: "utf8" }).stdout.trim();
      const from = path.join(dir, "from");
      const to = path.join(dir, "to");
      for (const venv of [from, to]) {
        const made = spawnSync(base, ["-m", "venv", "--without-pip", venv], { encoding: "utf8" });
        assert.equal(made.status, 0, made.stderr);
      }
      const fromSite = sitePackages(from);
      const toSite = sitePackages(to);
      const write = (site: string, name: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(site, name)), { recursive: true });
        fs.writeFileSync(path.join(site, name), text);
      };
      const when = new Date("2024-01-02T03:04:05Z");
      const sameTime = (...files: string[]) => files.forEach((f) => fs.utimesSync(f, when, when));
      // linked: one inode (as uv links both venvs' files from its cache), at the top and in a package
      write(fromSite, "same_inode.py", "VALUE = 'same inode'\n");
      fs.linkSync(path.join(fromSite, "same_inode.py"), path.join(toSite, "same_inode.py"));
      write(fromSite, "pkg/__init__.py", "");
      write(fromSite, "pkg/nested.py", "VALUE = 'nested'\n");
      fs.mkdirSync(path.join(toSite, "pkg"));
      for (const f of ["pkg/__init__.py", "pkg/nested.py"]) fs.linkSync(path.join(fromSite, f), path.join(toSite, f));
      // linked: a copy with the same bytes, size and modification time
      write(fromSite, "same_bytes.py", "VALUE = 'same bytes'\n");
      write(toSite, "same_bytes.py", "VALUE = 'same bytes'\n");
      sameTime(path.join(fromSite, "same_bytes.py"), path.join(toSite, "same_bytes.py"));
      // not linked: the same size and time (all Python checks) but other bytes, as two versions
      // of a package whose wheels carry one fixed time can be
      write(fromSite, "other_bytes.py", "VALUE = 'version 1'\n");
      write(toSite, "other_bytes.py", "VALUE = 'version 2'\n");
      sameTime(path.join(fromSite, "other_bytes.py"), path.join(toSite, "other_bytes.py"));
      // not linked: the same bytes, another time (Python would find that bytecode stale)
      write(fromSite, "other_time.py", "VALUE = 'other time'\n");
      write(toSite, "other_time.py", "VALUE = 'other time'\n");
      fs.utimesSync(path.join(toSite, "other_time.py"), when, when);
      // not linked: only in the target
      write(toSite, "only_here.py", "VALUE = 'only here'\n");
      const compiled = spawnSync(path.join(from, "bin", "python"), ["-m", "compileall", "-q", fromSite], { encoding: "utf8" });
      assert.equal(compiled.status, 0, compiled.stderr);

      const result = hub.shareBytecode(path.join(from, "bin", "python"), path.join(to, "bin", "python"));
      assert.equal(result.site, toSite);
      assert.equal(result.files, 7);
      assert.equal(result.linked, 4);
      const cached = (name: string) => {
        const probe = spawnSync(
          path.join(to, "bin", "python"),
          ["-c", `import importlib.util as u; print(u.cache_from_source(${JSON.stringify(path.join(toSite, name))}))`],
          {
            encoding: "utf8",
          },
        );
        return probe.stdout.trim();
      };
      for (const name of ["same_inode.py", "pkg/__init__.py", "pkg/nested.py", "same_bytes.py"]) {
        assert.ok(fs.existsSync(cached(name)), `no bytecode linked for ${name}`);
      }
      for (const name of ["other_bytes.py", "other_time.py", "only_here.py"]) {
        assert.ok(!fs.existsSync(cached(name)), `bytecode linked for ${name}, which differs from .venv's`);
      }
      // Python (told to write nothing) loads the linked bytecode, and it is the target's code.
      const run = spawnSync(
        path.join(to, "bin", "python"),
        ["-v", "-c", "import same_inode, same_bytes, pkg.nested, other_bytes; print(same_bytes.VALUE, other_bytes.VALUE)"],
        { encoding: "utf8", env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } },
      );
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout.trim(), "same bytes version 2");
      for (const name of ["same_inode.py", "same_bytes.py", "pkg/nested.py"]) {
        assert.ok(run.stderr.includes(`# code object from '${cached(name)}'`), `Python did not load the linked bytecode of ${name}`);
      }
      assert.ok(
        run.stderr.includes(`# code object from ${path.join(toSite, "other_bytes.py")}\n`),
        "other_bytes.py was not compiled from its source",
      );
    });
  });
});
