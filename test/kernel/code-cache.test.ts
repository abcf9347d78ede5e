// The kernel's code cache for the tfjs bundles (scripts/code-cache.cjs): a module loads the same
// with it as without (exports, require, require.resolve, __dirname, its stack traces), the cache
// is used on the next load, a changed module or a damaged cache file is compiled anew, and a cache
// folder that cannot be written changes nothing but the speed. Each load is a Node process of its
// own, as each kernel is; then a kernel: its cell that imports gradlab loads tfjs from the cache.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { probeKernel, ROOT } from "../support/jupyter";

const HOOK = path.join(ROOT, "scripts", "code-cache.cjs");

interface Load {
  stats: { hits: number; misses: number; rejected: number; written: number };
  value: unknown;
}

/** Loads `entry` in a new Node process with the code cache in `cache`; what it exported, and the cache's counts. */
function load(cache: string, entry: string): Load {
  const script = [
    `const stats = require(${JSON.stringify(HOOK)}).useCodeCache(${JSON.stringify(cache)});`,
    `const value = require(${JSON.stringify(entry)});`,
    "process.stdout.write(JSON.stringify({ stats, value }));",
  ].join("\n");
  const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Load;
}

describe("kernel: V8 code cache for the tfjs bundles", function () {
  this.timeout(60_000);
  let dir: string;
  let pkg: string;
  let cache: string;
  const source = (n: number) =>
    [
      'const helper = require("./helper");',
      `function twice(x) { return ${n} * helper.base + x * 2; }`,
      "let trace;",
      "try { helper.fail(); } catch (e) { trace = e.stack.split('\\n')[1].trim(); }",
      "module.exports = {",
      "  value: twice(1),",
      "  dirname: __dirname,",
      "  filename: __filename,",
      "  resolved: require.resolve('./helper'),",
      "  sameCache: require.cache[require.resolve('./helper')].exports === helper,",
      "  thisIsExports: this === module.exports,",
      "  trace,",
      "};",
    ].join("\n");

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "gradlab-code-cache-"));
    pkg = path.join(dir, "node_modules", "@tensorflow", "fake");
    fs.mkdirSync(pkg, { recursive: true });
    fs.writeFileSync(path.join(pkg, "helper.js"), "exports.base = 10;\nexports.fail = function fail() { throw new Error('x'); };\n");
    fs.writeFileSync(path.join(pkg, "index.js"), source(1));
    cache = path.join(dir, "cache");
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("loads a module as Node does, writes its cache, and uses it on the next load", () => {
    const plain = spawnSync(process.execPath, ["-e", `process.stdout.write(JSON.stringify(require(${JSON.stringify(pkg)})))`], {
      encoding: "utf8",
    });
    const expected = JSON.parse(plain.stdout) as unknown;
    const first = load(cache, pkg);
    assert.deepEqual(first.value, expected);
    assert.deepEqual(first.stats, { hits: 0, misses: 2, rejected: 0, written: 2 });
    assert.equal(fs.readdirSync(cache).length, 2);
    const second = load(cache, pkg);
    assert.deepEqual(second.value, expected);
    assert.deepEqual(second.stats, { hits: 2, misses: 0, rejected: 0, written: 0 });
  });

  it("compiles a changed module anew, and a damaged cache file is refused by V8 and written again", () => {
    load(cache, pkg);
    fs.writeFileSync(path.join(pkg, "index.js"), source(2));
    const changed = load(cache, pkg);
    assert.equal((changed.value as { value: number }).value, 22);
    assert.deepEqual(changed.stats, { hits: 1, misses: 1, rejected: 0, written: 1 });
    for (const file of fs.readdirSync(cache)) fs.writeFileSync(path.join(cache, file), Buffer.alloc(64, 7));
    const damaged = load(cache, pkg);
    assert.equal((damaged.value as { value: number }).value, 22);
    assert.deepEqual(damaged.stats, { hits: 0, misses: 0, rejected: 2, written: 2 });
    assert.deepEqual(load(cache, pkg).stats, { hits: 2, misses: 0, rejected: 0, written: 0 });
  });

  it("leaves modules outside the cached packages to Node, and loads when the cache folder cannot be made", () => {
    const other = path.join(dir, "node_modules", "other");
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, "index.js"), "module.exports = 5;");
    assert.deepEqual(load(cache, other), { stats: { hits: 0, misses: 0, rejected: 0, written: 0 }, value: 5 });
    // (A file where the folder would be: it cannot be made, even by root.)
    fs.writeFileSync(cache, "");
    const readOnly = load(cache, pkg);
    assert.equal((readOnly.value as { value: number }).value, 12);
    assert.deepEqual(readOnly.stats, { hits: 0, misses: 2, rejected: 0, written: 0 });
  });

  it("a kernel loads tfjs through it when a cell imports gradlab", async () => {
    const [result] = await probeKernel({
      cells: [
        'import { fmt } from "gradlab";\nconst stats = (globalThis as { __gradlabCodeCache?: { hits: number; misses: number; rejected: number } }).__gradlabCodeCache;\nconsole.log(JSON.stringify(stats), fmt(1.5, 2));',
      ],
      stop_on_error: true,
      mode: "sequential",
    });
    const text = result!.outputs.map((o) => String(o.content.text ?? "")).join("");
    const stats = JSON.parse(text.split(" ")[0]!) as { hits: number; misses: number; rejected: number };
    assert.ok(stats.hits + stats.misses + stats.rejected >= 5, `tfjs's bundles went through the cache: ${text}`);
    assert.match(text, / 1\.5\n?$/);
  });
});
