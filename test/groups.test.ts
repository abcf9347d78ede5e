// `npm test` runs its test files in groups side by side (scripts/test.mjs, groups in
// .mocharc.cjs): every file of the suite must run, exactly once, and a file that reads what another
// test writes must run in the writer's group, after it. Also the merged summary's arithmetic.
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT } from "./support/jupyter";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { filesOf, groupPatterns } = require("../scripts/test-groups.cjs") as {
  filesOf: (spec: string[], ignore?: string[]) => string[];
  groupPatterns: (config: MochaConfig) => Array<{ name: string; spec: string[]; alone: boolean; ignore: string[] }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { mergeTimings } = require("./support/summary-reporter.cjs") as {
  mergeTimings: (
    reports: object[],
    wallMs: number,
  ) => { stats: Record<string, number>; phases: Array<{ phase: string; ms: number; tests: number }> };
};

interface MochaConfig {
  spec: string[];
  groups?: Array<{ name: string; spec: string[] }>;
}

/** Loads a mocha config; test:quick's sets GRADLAB_NOTEBOOKS, which must not leak into this process's other tests. */
function load(file: string): MochaConfig {
  const before = process.env.GRADLAB_NOTEBOOKS;
  try {
    return require(path.join(ROOT, file)) as MochaConfig; // eslint-disable-line @typescript-eslint/no-require-imports
  } finally {
    if (before === undefined) delete process.env.GRADLAB_NOTEBOOKS;
    else process.env.GRADLAB_NOTEBOOKS = before;
  }
}

/** group name -> its files in run order. */
function split(config: MochaConfig): Map<string, string[]> {
  return new Map(groupPatterns(config).map((g) => [g.name, filesOf(g.spec, g.ignore)]));
}

describe("npm test's groups (scripts/test.mjs, .mocharc.cjs)", function () {
  this.timeout(60000);

  for (const file of [".mocharc.cjs", "test/quick.mocharc.cjs", "test/backend.mocharc.cjs"]) {
    it(`${file}: the groups run every file of its spec exactly once, and nothing else`, () => {
      const config = load(file);
      assert.ok(config.groups && config.groups.length > 1, "the files are split into groups");
      const all = filesOf(config.spec);
      const grouped = [...split(config).values()].flat();
      assert.deepEqual([...grouped].sort(), [...all].sort());
      assert.equal(new Set(grouped).size, grouped.length, "a file in two groups would run twice");
    });
  }

  it("the test that writes into lib/ runs alone, after the groups side by side, in every config", () => {
    for (const file of [".mocharc.cjs", "test/quick.mocharc.cjs", "test/backend.mocharc.cjs"]) {
      for (const group of groupPatterns(load(file))) {
        if (filesOf(group.spec, group.ignore).includes("test/kernel/lib-rebuild.test.ts")) {
          assert.ok(group.alone, `${file}: group ${group.name} runs test/kernel/lib-rebuild.test.ts beside others; mark it alone: true`);
        }
      }
    }
  });

  it(".mocharc.cjs (npm test) runs every test file under test/", () => {
    const config = load(".mocharc.cjs");
    assert.deepEqual([...split(config).values()].flat().sort(), filesOf(["test/**/*.test.ts"]).sort());
  });

  it("the files that read test-output/executed/, book/ or the browser test's runs run after their writers, in the same group", () => {
    const groups = split(load(".mocharc.cjs"));
    const writerThenReaders = [
      // notebooks.test.ts writes test-output/executed/ ...
      [
        "test/notebooks/notebooks.test.ts",
        "test/notebooks/markdown.test.ts",
        "test/notebooks/parameter-defaults.test.ts",
        "test/notebooks/saved-size.test.ts",
        "test/book/book.test.ts",
      ],
      // ... and test/book builds book/ (npm run book --reuse), which the browser's book test opens.
      ["test/book/book.test.ts", "test/browser/book.test.ts"],
      // The browser test keeps its runs in test-output/, which the in-browser kernel's test compares with.
      ["test/browser/course.test.ts", "test/lite/lite.test.ts"],
    ];
    for (const [writer, ...readers] of writerThenReaders) {
      const [name, files] = [...groups].find(([, f]) => f.includes(writer!)) ?? [];
      assert.ok(files, `${writer} is in a group`);
      for (const reader of readers) {
        assert.ok(files.includes(reader), `${reader} reads what ${writer} writes: it belongs in group ${name}`);
        assert.ok(files.indexOf(reader) > files.indexOf(writer!), `${reader} runs after ${writer}`);
      }
    }
  });

  it("the determinism test, which reads the notebook test's and the browser test's runs, runs alone after both", () => {
    const config = load(".mocharc.cjs");
    const groups = groupPatterns(config).map((g) => ({ ...g, files: filesOf(g.spec, g.ignore) }));
    const groupOf = (file: string) => groups.find((g) => g.files.includes(file));
    const reader = groupOf("test/notebooks/reproducibility.test.ts");
    assert.ok(reader?.alone, "test/notebooks/reproducibility.test.ts: its group must be alone: true (after the groups side by side)");
    for (const writer of ["test/notebooks/notebooks.test.ts", "test/browser/course.test.ts"]) {
      const group = groupOf(writer);
      assert.ok(group && !group.alone, `${writer} runs side by side, before the alone groups`);
    }
    const alone = groups.filter((g) => g.alone).map((g) => g.name);
    assert.ok(
      alone.indexOf(reader.name) < alone.indexOf(groupOf("test/kernel/lib-rebuild.test.ts")!.name),
      "it runs before lib-rebuild, whose probe in lib/ changes the runs' key",
    );
  });

  it("the merged summary adds up the groups' counts and puts each file's time under its phase", () => {
    const file = (f: string, ms: number, tests: number) => ({ file: f, phase: f.split("/")[1], ms, cpuMs: ms / 2, tests });
    const merged = mergeTimings(
      [
        {
          group: "a",
          duration: 30,
          cpuMs: 15,
          stats: { passes: 3, failures: 1, pending: 0 },
          files: [file("test/kernel/x.test.ts", 30, 4)],
        },
        {
          group: "b",
          duration: 50,
          cpuMs: 25,
          stats: { passes: 5, failures: 0, pending: 2 },
          files: [file("test/kernel/y.test.ts", 20, 2), file("test/lib/z.test.ts", 30, 5)],
        },
      ],
      60,
    );
    assert.deepEqual(merged.stats, { passes: 8, failures: 1, pending: 2 });
    assert.deepEqual(
      merged.phases.map((p) => [p.phase, p.ms, p.tests]),
      [
        ["kernel", 50, 6],
        ["lib", 30, 5],
      ],
    );
  });
});
