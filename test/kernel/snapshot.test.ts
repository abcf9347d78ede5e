// The kernel's start-up snapshot (scripts/kernel-snapshot*.cjs): the set-up starts kernels from it,
// kernels really use its parsed declaration files, and a file that changed on disk since the
// snapshot was built is parsed again instead of being served from it.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { probeKernel, ROOT, type KernelResult } from "../support/jupyter";

/* eslint-disable @typescript-eslint/no-require-imports */
const { createPreparsed } = require("../../scripts/kernel-snapshot-entry.cjs") as {
  createPreparsed: (files: Map<string, { file: object; size: number; mtimeMs: number }>) => {
    stats: { hits: number; stale: number };
    files: number;
    get: (
      fileName: string,
      languageVersionOrOptions: number | { languageVersion: number; impliedNodeFormat?: number },
    ) => object | undefined;
  };
};
const { checkSnapshot, BLOB, KERNEL_NODE_FLAGS } = require("../../scripts/kernel-snapshot.cjs") as {
  checkSnapshot: () => { files: number; typescript: string; node: string };
  BLOB: string;
  KERNEL_NODE_FLAGS: string[];
};
/* eslint-enable @typescript-eslint/no-require-imports */

const KERNEL_JSON = path.join(ROOT, ".venv", "share", "jupyter", "kernels", "tslab", "kernel.json");
const ES2022 = 9; // ts.ScriptTarget.ES2022

describe("kernel: start-up snapshot", function () {
  this.timeout(120_000);
  const snapshotOn = process.env.GRADLAB_KERNEL_SNAPSHOT !== "0";

  it("the kernelspec starts kernels from the snapshot the set-up built, and the blob starts", function () {
    const argv = (JSON.parse(fs.readFileSync(KERNEL_JSON, "utf8")) as { argv: string[] }).argv;
    if (!snapshotOn) {
      assert.ok(!argv.includes("--snapshot-blob"), argv.join(" "));
      this.skip();
    }
    // With the V8 flags the blob was built with (V8 refuses a blob built with other flags).
    assert.deepEqual(argv.slice(1, 4 + KERNEL_NODE_FLAGS.length), [
      ...KERNEL_NODE_FLAGS,
      "--snapshot-blob",
      BLOB,
      path.join(ROOT, "scripts", "kernel.cjs"),
    ]);
    const info = checkSnapshot();
    assert.equal(info.node, process.version);
    // lib.es2022, @types/node, gradlab's and tfjs's declarations: several hundred files.
    assert.ok(info.files > 500, `${info.files} declaration files in the snapshot`);
  });

  it("a kernel takes gradlab's and tfjs's declarations from it, and compiles against them", async function () {
    if (!snapshotOn) this.skip();
    const [imported, stats, wrong] = await probeKernel({
      cells: [
        'import { fmt, setupTf, tf } from "gradlab";\nawait setupTf();\nconsole.log(fmt(tf.scalar(2).dataSync()[0]!))',
        "const s = (globalThis as any).__gradlabPreparsed.stats;\nconsole.log(s.hits > 100)",
        "const n: number = fmt(1);",
      ],
      stop_on_error: false,
      mode: "sequential",
    });
    assert.equal(imported?.reply.status, "ok", JSON.stringify(imported?.reply));
    const out = (r: KernelResult | undefined) =>
      r!.outputs
        .filter((o) => o.msg_type === "stream")
        .map((o) => String(o.content.text))
        .join("");
    // (Files changed since the set-up, e.g. by a lib/ rebuild in an earlier test, are parsed again:
    // the stale-file test below covers that, so the count of stale files is not asserted here.)
    assert.equal(out(stats), "true\n");
    assert.equal(wrong?.reply.ename, "CompileError");
    assert.match(wrong?.reply.evalue ?? "", /Type 'string' is not assignable to type 'number'/);
  });

  it("serves a parsed file only while the file on disk is unchanged and the parse settings match", () => {
    fs.mkdirSync(path.join(ROOT, "test-output"), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, "test-output", "snapshot-"));
    try {
      const [a, b] = ["a.d.ts", "b.d.ts"].map((name) => path.join(dir, name));
      fs.writeFileSync(a!, "export declare const a: number;\n");
      fs.writeFileSync(b!, "export declare const b: number;\n");
      const entry = (file: string) => {
        const stat = fs.statSync(file);
        return { file: { fileName: file, languageVersion: ES2022 }, size: stat.size, mtimeMs: stat.mtimeMs };
      };
      const files = new Map([a!, b!].map((file) => [file, entry(file)]));
      const preparsed = createPreparsed(files);
      assert.equal(preparsed.get(a!, { languageVersion: ES2022 }), files.get(a!)!.file);
      assert.equal(preparsed.get(a!, ES2022), files.get(a!)!.file, "a bare language version, as older callers pass it");
      assert.equal(preparsed.get(a!, { languageVersion: ES2022, impliedNodeFormat: 99 }), undefined, "parsed as ESM: not this one");
      assert.equal(preparsed.get(a!, { languageVersion: 7 }), undefined, "another target");
      assert.equal(preparsed.get(path.join(dir, "c.d.ts"), ES2022), undefined, "not in the snapshot");
      // Edited after the snapshot was built: parsed again, never served from the snapshot.
      fs.writeFileSync(b!, "export declare const b: string; // edited\n");
      assert.equal(preparsed.get(b!, ES2022), undefined);
      assert.equal(preparsed.get(b!, ES2022), undefined, "and not later either");
      assert.deepEqual(preparsed.stats, { hits: 2, stale: 1 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
