// A class on one server (`npm run hub`), with real accounts, in headless Chromium: one instructor
// and two students go through nbgrader's whole cycle on the course's notebook 06.
//
// In the browser (JupyterLab and Formgrader pages, as the people click them): logging in, the
// instructor's Generate and Release, each student's Assignment List (Fetch), their work in the
// notebook (typing the answers, Run All, Save), Submit; the instructor's Collect, Autograde,
// Generate Feedback and Release Feedback; the scores as Formgrader shows them; each student's
// Fetch Feedback and the feedback page.
// Not through the UI: the accounts (useradd, chpasswd, userdel run by the test as root), the hub
// itself (scripts/hub.mjs), the isolation probe (code sent to the student's own kernel through
// the server's kernel REST/websocket API, from the student's logged-in page) and the memory
// reading (/proc).
//
// Needs root (system users, JupyterHub's spawner) and Linux; otherwise skipped with the reason.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { ROOT } from "../support/jupyter";
import { freePort } from "../support/server";
import { launchChromium, menu, runAll, save } from "../support/lab";
import { cellText, readNotebook, SOLUTION } from "../support/exercises";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const renderer = require("../../scripts/plotly-renderer.cjs") as {
  rendererChunk: (dir: string) => { file: string; text: string } | undefined;
  staticDir: (venv: string) => string;
  MARK: string;
};

const ASSIGNMENT = "06-gradient-descent";
const SOURCE = path.join(ROOT, "notebooks", `${ASSIGNMENT}.ipynb`);
const MARKER = "gradlab hub test account";
const INSTRUCTOR = "glhub-teacher";
const STUDENTS = ["glhub-ada", "glhub-ben"] as const;
const ARTIFACTS = path.join(ROOT, "artifacts", "hub");
const STATE = path.join(ROOT, "test-output", "hub-state");
const HIDE_NOTIFICATIONS = ".Toastify { display: none !important; }";

interface Account {
  name: string;
  password: string;
  uid: number;
}

/** Why the test cannot run here, or undefined. */
function cannotRun(): string | undefined {
  if (process.platform !== "linux") return "the hub needs Linux";
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return "the hub test creates system users and needs root";
  // The users' servers run the course from the project folder, so every folder above it must let
  // other accounts through (a clone under /root, mode 0700, does not).
  for (let dir = ROOT; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if ((fs.statSync(dir).mode & 0o001) === 0) return `other accounts cannot enter ${dir}, above the project folder`;
  }
  for (const tool of ["useradd", "userdel", "chpasswd"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `${tool} is not installed`;
  }
  return undefined;
}

function sh(cmd: string, args: string[], input?: string): string {
  const result = spawnSync(cmd, args, { encoding: "utf8", input });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

function uidOf(name: string): number | undefined {
  const result = spawnSync("id", ["-u", name], { encoding: "utf8" });
  return result.status === 0 ? Number(result.stdout.trim()) : undefined;
}

/** Processes owned by `uid` (the user's server and kernels), read from /proc. */
function processesOf(uid: number): { pid: number; cmd: string; rssKiB: number; cpuSeconds: number }[] {
  const found = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = fs.readFileSync(`/proc/${name}/status`, "utf8");
      const owner = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
      if (owner !== uid) continue;
      const rssKiB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      const cmd = fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").join(" ").trim();
      // /proc/PID/stat: utime and stime (fields 14 and 15) in clock ticks, 100 per second on Linux.
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
      found.push({ pid: Number(name), cmd, rssKiB, cpuSeconds });
    } catch {
      // exited meanwhile
    }
  }
  return found;
}

/**
 * Removes a test account (only one this test made: its comment field says so) after ending its
 * processes (userdel refuses a user who still runs one). Returns what went wrong, or "".
 */
function removeAccount(name: string): string {
  const entry = spawnSync("getent", ["passwd", name], { encoding: "utf8" });
  if (entry.status !== 0) return "";
  if (entry.stdout.split(":")[4] !== MARKER) throw new Error(`a user "${name}" exists and was not made by this test; not touching it`);
  const uid = Number(entry.stdout.split(":")[2]);
  let result = spawnSync("true", { encoding: "utf8" });
  for (let attempt = 0; attempt < 50; attempt++) {
    for (const { pid } of processesOf(uid)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    result = spawnSync("userdel", ["-r", name], { encoding: "utf8" });
    if (spawnSync("getent", ["passwd", name]).status !== 0) return "";
    spawnSync("sleep", ["0.2"]);
  }
  return `userdel ${name} failed: ${result.stderr}`;
}

function createAccount(name: string): Account {
  const left = removeAccount(name);
  if (left) throw new Error(left);
  sh("useradd", ["-m", "-c", MARKER, "-s", "/bin/sh", name]);
  const password = randomBytes(12).toString("base64url");
  sh("chpasswd", [], `${name}:${password}\n`);
  return { name, password, uid: uidOf(name)! };
}

async function waitForHealth(base: string, hub: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hub.exitCode !== null) throw new Error(`the hub exited (${hub.exitCode}); see artifacts/hub/hub.log`);
    try {
      const response = await fetch(`${base}/hub/health`);
      if (response.ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the hub did not answer within ${timeoutMs / 1000} s; see artifacts/hub/hub.log`);
}

/** The answer cells' texts: the solutions with the delimiters taken out, as a student would type them. */
function solutions(): Map<string, string> {
  const answers = new Map<string, string>();
  for (const cell of readNotebook(SOURCE).cells) {
    const meta = cell.metadata.nbgrader;
    if (!meta?.solution || !meta.grade_id) continue;
    const lines = cellText(cell)
      .split("\n")
      .filter((line) => line.trim() !== SOLUTION.begin && line.trim() !== SOLUTION.end);
    answers.set(meta.grade_id, lines.join("\n"));
  }
  return answers;
}

/** Points of each test cell, by grade id, from the course's notebook. */
function points(): Map<string, number> {
  const map = new Map<string, number>();
  for (const cell of readNotebook(SOURCE).cells) {
    const meta = cell.metadata.nbgrader;
    if (meta?.grade && meta.grade_id) map.set(meta.grade_id, Number(meta.points ?? 0));
  }
  return map;
}

async function login(context: BrowserContext, base: string, account: Account): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${base}/hub/login`);
  await page.fill("#username_input", account.name);
  await page.fill("#password_input", account.password);
  await page.click("#login_submit");
  await page.waitForURL(new RegExp(`/user/${account.name}/lab`), { timeout: 240_000 });
  await page.addStyleTag({ content: HIDE_NOTIFICATIONS });
  await page.locator(".lm-MenuBar-item", { hasText: /^File$/ }).waitFor({ timeout: 180_000 });
  return page;
}

/** Clicks one of Formgrader's action links in `row` and waits for its success dialog (fails on its error dialog). */
async function formgraderAction(page: Page, row: Locator, action: string, timeoutMs: number): Promise<string> {
  await row.locator(`td.${action} a`).click();
  const dialog = page.locator("#success-modal, #error-modal");
  await dialog.first().waitFor({ state: "visible", timeout: timeoutMs });
  const text = ((await dialog.first().textContent()) ?? "").replace(/\s+/g, " ").trim();
  const failed = (await page.locator("#error-modal").count()) > 0;
  await dialog.first().locator(".modal-footer button").click();
  await dialog.first().waitFor({ state: "detached", timeout: 30_000 });
  if (failed) throw new Error(`Formgrader's ${action} failed: ${text}`);
  return text;
}

function assignmentRow(page: Page): Locator {
  return page.locator("tr", { has: page.locator("td.name", { hasText: new RegExp(`^${ASSIGNMENT}$`) }) });
}

async function openAssignmentList(page: Page): Promise<void> {
  await menu(page, "Nbgrader", /Assignment List/);
  await page.locator("#released_assignments_list").waitFor({ timeout: 60_000 });
}

/** Replaces an answer cell's text the way a student types it: click, select all, type. */
async function typeAnswer(page: Page, startsWith: string, text: string): Promise<void> {
  const cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell", { hasText: startsWith }).first();
  const editor = cell.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(text);
  await page.keyboard.press("Escape");
}

/**
 * Runs `code` in a new kernel of the student's own server, through the server's REST and
 * websocket API from the student's logged-in page (their cookies, their xsrf token), and returns
 * what it printed.
 */
async function runInOwnKernel(page: Page, code: string): Promise<string> {
  return page.evaluate(async (source: string) => {
    const base = location.pathname.replace(/\/lab(\/.*)?$/, "/");
    const xsrf = decodeURIComponent(/(?:^|; )_xsrf=([^;]*)/.exec(document.cookie)?.[1] ?? "");
    const headers = { "X-XSRFToken": xsrf, "Content-Type": "application/json" };
    const started = await fetch(`${base}api/kernels`, { method: "POST", headers, body: JSON.stringify({ name: "tslab" }) });
    if (!started.ok) throw new Error(`POST api/kernels: ${started.status} ${await started.text()}`);
    const kernel = (await started.json()) as { id: string };
    try {
      const ws = new WebSocket(
        `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${base}api/kernels/${kernel.id}/channels`,
      );
      const msgId = `probe-${Date.now()}`;
      return await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no reply within 180 s; output so far: ${out}`)), 180_000);
        ws.onerror = () => reject(new Error("websocket error"));
        ws.onopen = () =>
          ws.send(
            JSON.stringify({
              header: {
                msg_id: msgId,
                username: "",
                session: msgId,
                msg_type: "execute_request",
                version: "5.3",
                date: new Date().toISOString(),
              },
              parent_header: {},
              metadata: {},
              content: { code: source, silent: false, store_history: false, user_expressions: {}, allow_stdin: false, stop_on_error: true },
              channel: "shell",
              buffers: [],
            }),
          );
        ws.onmessage = (event) => {
          const msg = JSON.parse(String(event.data)) as {
            channel: string;
            msg_type: string;
            parent_header: { msg_id?: string };
            content: { text?: string; execution_state?: string; ename?: string; evalue?: string };
          };
          if (msg.parent_header.msg_id !== msgId) return;
          if (msg.msg_type === "stream") out += msg.content.text ?? "";
          if (msg.msg_type === "error") out += `ERROR ${msg.content.ename}: ${msg.content.evalue}\n`;
          if (msg.msg_type === "status" && msg.content.execution_state === "idle") {
            clearTimeout(timer);
            ws.close();
            resolve(out);
          }
        };
      });
    } finally {
      await fetch(`${base}api/kernels/${kernel.id}`, { method: "DELETE", headers });
    }
  }, code);
}

describe("a class on one server: JupyterHub with nbgrader's exchange (npm run hub)", function () {
  this.timeout(600_000);
  let skipped: string | undefined;
  let hub: ChildProcess | undefined;
  let browser: Browser | undefined;
  let base = "";
  let exchange = "";
  let exchangeParent = "";
  const accounts = new Map<string, Account>();
  const pages = new Map<string, Page>();
  let broken: string | undefined;
  const phaseStarted = Date.now();

  /** Later steps need the earlier ones; after a failure they are reported as not run. */
  function needs(this: Mocha.Context): void {
    if (skipped) this.skip();
    if (broken) throw new Error(`not run: an earlier step failed (${broken})`);
  }

  async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      broken ??= name;
      const page = [...pages.values()].at(-1);
      await page?.screenshot({ path: path.join(ARTIFACTS, `failed-${name.replace(/\W+/g, "-")}.png`) }).catch(() => undefined);
      throw error;
    }
  }

  before(async function () {
    skipped = cannotRun();
    if (skipped) {
      console.log(`      hub test skipped: ${skipped}`);
      this.skip();
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // The installation (.venv/hub when the project's Python is out of other accounts' reach).
    const setup = spawnSync(process.execPath, [path.join(ROOT, "scripts", "hub.mjs"), "--setup-only"], { cwd: ROOT, encoding: "utf8" });
    fs.writeFileSync(path.join(ARTIFACTS, "setup.log"), `${setup.stdout}\n${setup.stderr}`);
    assert.equal(setup.status, 0, `npm run setup:hub failed:\n${setup.stdout}\n${setup.stderr}`);
    const [port, hubPort, proxyPort] = [await freePort(), await freePort(), await freePort()];
    for (const name of [INSTRUCTOR, ...STUDENTS]) accounts.set(name, createAccount(name));
    fs.rmSync(STATE, { recursive: true, force: true });
    exchangeParent = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-hub-"));
    fs.chmodSync(exchangeParent, 0o755);
    exchange = path.join(exchangeParent, "exchange");
    base = `http://127.0.0.1:${port}`;
    const log = fs.openSync(path.join(ARTIFACTS, "hub.log"), "w");
    hub = spawn(
      process.execPath,
      [
        path.join(ROOT, "scripts", "hub.mjs"),
        "--skip-setup",
        ...["--port", String(port), "--hub-port", String(hubPort), "--proxy-api-port", String(proxyPort)],
        ...["--instructor", INSTRUCTOR, "--students", STUDENTS.join(","), "--exchange", exchange, "--state", STATE],
      ],
      { cwd: ROOT, stdio: ["ignore", log, log], detached: true },
    );
    await waitForHealth(base, hub, 120_000);
    browser = await launchChromium();
  });

  after(async function () {
    this.timeout(120_000);
    if (skipped) return;
    await browser?.close().catch(() => undefined);
    if (hub?.pid && hub.exitCode === null) {
      try {
        process.kill(-hub.pid, "SIGTERM");
      } catch {
        // gone
      }
      const deadline = Date.now() + 30_000;
      while (hub.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      try {
        process.kill(-hub.pid, "SIGKILL");
      } catch {
        // gone
      }
    }
    const problems = [INSTRUCTOR, ...STUDENTS].map(removeAccount).filter(Boolean);
    fs.rmSync(STATE, { recursive: true, force: true });
    if (exchangeParent) fs.rmSync(exchangeParent, { recursive: true, force: true });
    console.log(`      hub phase: ${((Date.now() - phaseStarted) / 1000).toFixed(0)} s`);
    assert.deepEqual(problems, [], "the test accounts could not all be removed");
  });

  it("the users' JupyterLab purges the plotly figures it lets go (the set-up patched their venv's renderer)", function () {
    if (skipped) this.skip();
    const setupLog = fs.readFileSync(path.join(ARTIFACTS, "setup.log"), "utf8");
    // The users' servers run from .venv/hub when the project's Python is out of other accounts' reach.
    const venv = /users' Python environment: \.venv\/hub/.test(setupLog) ? path.join(ROOT, ".venv", "hub") : path.join(ROOT, ".venv");
    const chunk = renderer.rendererChunk(renderer.staticDir(venv));
    assert.ok(chunk, `jupyterlab-plotly's renderer in ${path.relative(ROOT, venv)}`);
    assert.ok(chunk.text.includes(renderer.MARK), `the renderer in ${path.relative(ROOT, venv)} has the set-up's dispose`);
  });

  it("refuses a non-loopback address while an account has no password", function () {
    if (skipped) this.skip();
    const locked = "glhub-nopass";
    removeAccount(locked);
    sh("useradd", ["-M", "-c", MARKER, "-s", "/bin/sh", locked]);
    try {
      const result = spawnSync(
        process.execPath,
        [
          path.join(ROOT, "scripts", "hub.mjs"),
          "--skip-setup",
          "--ip",
          "0.0.0.0",
          "--instructor",
          INSTRUCTOR,
          "--students",
          `${STUDENTS[0]},${locked}`,
        ],
        { cwd: ROOT, encoding: "utf8" },
      );
      assert.notEqual(result.status, 0);
      assert.match(result.stderr, /--ip 0\.0\.0\.0 would let the network reach accounts without a password \(glhub-nopass\)/);
    } finally {
      removeAccount(locked);
    }
  });

  it("the instructor generates and releases notebook 06 in Formgrader", async function () {
    needs.call(this);
    await step("release", async () => {
      const context = await browser!.newContext();
      const lab = await login(context, base, accounts.get(INSTRUCTOR)!);
      pages.set(INSTRUCTOR, lab);
      const fg = await context.newPage();
      pages.set(`${INSTRUCTOR}-formgrader`, fg);
      await fg.goto(`${base}/user/${INSTRUCTOR}/formgrader/manage_assignments`);
      const row = assignmentRow(fg);
      await row.waitFor({ timeout: 60_000 });
      await formgraderAction(fg, row, "assign", 180_000);
      await formgraderAction(fg, row, "release", 60_000);
      await row.locator("td.status", { hasText: "released" }).waitFor({ timeout: 30_000 });
    });
  });

  const answers = solutions();
  const wrongAnswer = "function iterationsNeeded(lr: number, x0: number, tol: number): number {\n  return 0;\n}";
  const work: Record<(typeof STUDENTS)[number], Map<string, string>> = {
    "glhub-ada": answers,
    "glhub-ben": new Map([...answers].map(([id, text]) => [id, id === "ex06-2-iterations" ? wrongAnswer : text])),
  };

  for (const student of STUDENTS) {
    it(`${student} fetches it in the Assignment List, answers, runs and submits`, async function () {
      needs.call(this);
      await step(`work-${student}`, async () => {
        const context = await browser!.newContext();
        const page = await login(context, base, accounts.get(student)!);
        pages.set(student, page);
        // Students have no Formgrader: its server extension is off for them (hub/jupyter/student).
        const formgrader = await page.request.get(`${base}/user/${student}/formgrader/manage_assignments`);
        assert.equal(formgrader.status(), 404, `${student} reached Formgrader`);
        await openAssignmentList(page);
        const released = page.locator("#released_assignments_list > .list_item", { hasText: ASSIGNMENT });
        await released.waitFor({ timeout: 60_000 });
        await released.locator(".item_status button", { hasText: "Fetch" }).click();
        const fetched = page.locator("#fetched_assignments_list > .list_item", { hasText: ASSIGNMENT });
        await fetched.waitFor({ timeout: 60_000 });
        // Expand the assignment and open its notebook from the list.
        await fetched.locator(".item_name a", { hasText: ASSIGNMENT }).first().click();
        await page.locator(`#fetched_assignments_list .collapse.in .list_item a`, { hasText: ASSIGNMENT }).first().click();
        await page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").nth(3).waitFor({ timeout: 120_000 });
        for (const text of work[student].values()) await typeAnswer(page, (text.split("\n")[0] ?? "").slice(0, 30), text);
        await runAll(page, 300_000);
        await save(page);
        await page.locator(".lm-TabBar-tab", { hasText: /^Assignments$/ }).click();
        await fetched.locator(".item_status button", { hasText: "Submit" }).click();
        await page.locator("#submitted_assignments_list > .list_item", { hasText: ASSIGNMENT }).first().waitFor({ timeout: 60_000 });
      });
    });
  }

  it("measures a student's server and kernel memory after running the notebook", function () {
    needs.call(this);
    const [me] = STUDENTS;
    const procs = processesOf(accounts.get(me)!.uid);
    const server = procs.filter((p) => /jupyterhub-singleuser/.test(p.cmd));
    const kernels = procs.filter((p) => /kernel\.cjs/.test(p.cmd));
    assert.equal(server.length, 1, `one server process expected: ${JSON.stringify(procs)}`);
    assert.equal(kernels.length, 1, `one kernel (the notebook's) expected: ${JSON.stringify(procs)}`);
    const mib = (kib: number) => Math.round(kib / 1024);
    const [serverProc, kernelProc] = [server[0], kernels[0]];
    assert.ok(serverProc && kernelProc, "the server and the kernel were found");
    const measured = {
      student: me,
      notebook: ASSIGNMENT,
      serverRssMiB: mib(serverProc.rssKiB),
      kernelRssMiB: mib(kernelProc.rssKiB),
      allProcessesRssMiB: mib(procs.reduce((sum, p) => sum + p.rssKiB, 0)),
      // CPU time since each process started: the kernel's is its start plus one Run All.
      serverCpuSeconds: serverProc.cpuSeconds,
      kernelCpuSeconds: kernelProc.cpuSeconds,
      processes: procs.map((p) => ({ pid: p.pid, rssMiB: mib(p.rssKiB), cmd: p.cmd.replaceAll(ROOT, "<project>") })),
      loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
      cores: os.cpus().length,
    };
    fs.writeFileSync(path.join(ARTIFACTS, "memory.json"), `${JSON.stringify(measured, null, 2)}\n`);
    console.log(
      `      ${me}: server ${measured.serverRssMiB} MiB, kernel ${measured.kernelRssMiB} MiB resident after Run All of ${ASSIGNMENT}; ` +
        `CPU time server ${measured.serverCpuSeconds} s, kernel ${measured.kernelCpuSeconds} s` +
        ` (load ${measured.loadAverage.join(" ")} on ${measured.cores} cores)`,
    );
    assert.ok(measured.kernelRssMiB > 20 && measured.serverRssMiB > 20, "resident sizes this small mean the wrong processes were read");
  });

  it("the instructor collects, autogrades and releases feedback in Formgrader; the gradebook has the expected scores", async function () {
    needs.call(this);
    const pts = points();
    const full = [...pts.values()].reduce((a, b) => a + b, 0);
    const expected: Record<string, string> = {
      [STUDENTS[0]]: `${full} / ${full}`,
      [STUDENTS[1]]: `${full - pts.get("ex06-2-iterations-test")!} / ${full}`,
    };
    await step("grade", async () => {
      const fg = pages.get(`${INSTRUCTOR}-formgrader`)!;
      await fg.goto(`${base}/user/${INSTRUCTOR}/formgrader/manage_assignments`);
      await formgraderAction(fg, assignmentRow(fg), "collect", 120_000);
      await assignmentRow(fg).locator("td.num-submissions a", { hasText: /^2$/ }).waitFor({ timeout: 30_000 });
      await assignmentRow(fg).locator("td.num-submissions a").click();
      await fg.waitForURL(/manage_submissions/);
      const scores: Record<string, string> = {};
      for (const student of STUDENTS) {
        const row = fg.locator("tr", { has: fg.locator("td.student-id", { hasText: new RegExp(`^${student}$`) }) });
        await row.waitFor({ timeout: 30_000 });
        await formgraderAction(fg, row, "autograde", 400_000);
        const score = row.locator("td.score");
        await score.filter({ hasText: "/" }).waitFor({ timeout: 30_000 });
        scores[student] = ((await score.textContent()) ?? "").trim();
      }
      fs.writeFileSync(path.join(ARTIFACTS, "scores.json"), `${JSON.stringify(scores, null, 2)}\n`);
      assert.deepEqual(scores, expected);
      await fg.goto(`${base}/user/${INSTRUCTOR}/formgrader/manage_assignments`);
      await formgraderAction(fg, assignmentRow(fg), "generate-feedback", 180_000);
      await formgraderAction(fg, assignmentRow(fg), "release-feedback", 60_000);
    });
  });

  it("a student's kernel cannot read another student's work, the instructor's sources, or list the exchange's submissions", async function () {
    needs.call(this);
    await step("isolation", async () => {
      const [me, other] = STUDENTS;
      const users = path.join(STATE, "users");
      const course = path.join(users, INSTRUCTOR, "gradlab");
      const inbound = path.join(exchange, "gradlab", "inbound");
      // The other student's submission, by its exact name (which the root test can see).
      const theirs = fs.readdirSync(inbound).find((n) => n.startsWith(`${other}+`));
      assert.ok(theirs, `no submission of ${other} in the exchange: ${fs.readdirSync(inbound).join(", ")}`);
      // nbgrader's exchange keeps submissions apart by name, not by permission: inbound/ cannot be
      // listed, and each submission's folder name ends in 72 random bits (readable by whoever knows
      // the whole name, as the instructor's collect step must). README says so.
      assert.match(theirs, new RegExp(`^${other}\\+${ASSIGNMENT}\\+[^+]+\\+[A-Za-z0-9_-]{12}$`));
      const probes: [string, "read" | "list", string][] = [
        ["own notebook", "read", path.join(users, me, ASSIGNMENT, `${ASSIGNMENT}.ipynb`)],
        ["released assignments", "list", path.join(exchange, "gradlab", "outbound", ASSIGNMENT)],
        ["other student's folder", "list", path.join(users, other)],
        ["other student's notebook", "read", path.join(users, other, ASSIGNMENT, `${ASSIGNMENT}.ipynb`)],
        ["instructor's folder", "list", path.join(users, INSTRUCTOR)],
        ["instructor's source with solutions", "read", path.join(course, "source", ASSIGNMENT, `${ASSIGNMENT}.ipynb`)],
        ["gradebook", "read", path.join(course, "gradebook.db")],
        ["exchange submissions", "list", inbound],
        ["exchange feedback", "list", path.join(exchange, "gradlab", "feedback")],
      ];
      const code = [
        'import * as fs from "fs";',
        "const results: Record<string, string> = {};",
        `for (const [label, how, file] of ${JSON.stringify(probes)} as [string, string, string][]) {`,
        "  try {",
        '    if (how === "read") fs.readFileSync(file);',
        "    else fs.readdirSync(file);",
        '    results[label] = "allowed";',
        "  } catch (error) {",
        "    results[label] = String((error as NodeJS.ErrnoException).code ?? error);",
        "  }",
        "}",
        'console.log("PROBE " + JSON.stringify(results));',
      ].join("\n");
      const output = await runInOwnKernel(pages.get(me)!, code);
      const line = output.split("\n").find((l) => l.startsWith("PROBE "));
      assert.ok(line, `the probe printed no result:\n${output}`);
      const results = JSON.parse(line.slice(6)) as Record<string, string>;
      fs.writeFileSync(path.join(ARTIFACTS, "isolation.json"), `${JSON.stringify({ student: me, results }, null, 2)}\n`);
      const expected: Record<string, string> = Object.fromEntries(probes.map(([label]) => [label, "EACCES"]));
      expected["own notebook"] = "allowed";
      expected["released assignments"] = "allowed";
      assert.deepEqual(results, expected);
    });
  });

  for (const [index, student] of STUDENTS.entries()) {
    it(`${student} fetches their own feedback in the Assignment List and sees their score`, async function () {
      needs.call(this);
      const pts = points();
      const full = [...pts.values()].reduce((a, b) => a + b, 0);
      const score = index === 0 ? full : full - pts.get("ex06-2-iterations-test")!;
      await step(`feedback-${student}`, async () => {
        const page = pages.get(student)!;
        await page.locator(".lm-TabBar-tab", { hasText: /^Assignments$/ }).click();
        await page.locator("#refresh_assignments_list").click();
        const submitted = page.locator("#submitted_assignments_list");
        await submitted.getByText("feedback available to fetch").first().waitFor({ timeout: 60_000 });
        await submitted.locator("button", { hasText: "Fetch Feedback" }).first().click();
        // "(view feedback)" takes the file browser to the fetched feedback's folder; the student
        // opens the HTML page from there (JupyterLab's HTML viewer).
        const link = submitted.locator("a", { hasText: /view feedback/i }).first();
        await link.waitFor({ timeout: 60_000 });
        await link.click();
        const file = page.locator(".jp-DirListing-item", { hasText: `${ASSIGNMENT}.html` }).first();
        await file.waitFor({ timeout: 60_000 });
        await file.dblclick();
        const body = page.frameLocator(".jp-HTMLViewer iframe").locator("body");
        await body.locator("h4").first().waitFor({ timeout: 60_000 });
        const text = (await body.textContent()) ?? "";
        await page.screenshot({ path: path.join(ARTIFACTS, `feedback-${student}.png`) });
        const want = `${ASSIGNMENT} (Score: ${score.toFixed(1)} / ${full.toFixed(1)})`;
        assert.ok(text.includes(want), `the feedback page does not say "${want}"; it starts: ${text.slice(0, 400)}`);
      });
    });
  }
});
