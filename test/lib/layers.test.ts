// The layers of lib/ (README, "How it fits together"): every import between lib's folders must go
// down this list or stay within a layer, and no folders may import each other in a cycle. The
// import graph is read with the TypeScript compiler's own pre-processor, so `import`, `import type`,
// `export ... from` and `import()` all count.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/** Lowest first. A folder may import its own layer's folders (without a cycle) and any lower layer's. */
export const LAYERS: ReadonlyArray<{ name: string; units: readonly string[] }> = [
  { name: "core", units: ["util", "random"] },
  { name: "platform", units: ["tf", "display", "plot", "env", "data", "widgets"] },
  { name: "numeric", units: ["numeric"] },
  { name: "witness", units: ["check"] },
  { name: "engines", units: ["symbolic", "dual", "autodiff", "tape"] },
  { name: "networks", units: ["nn"] },
  { name: "optimization", units: ["optim", "secondorder", "regression"] },
  { name: "training", units: ["train"] },
  { name: "monitoring", units: ["monitor"] },
  { name: "public API", units: ["api"] },
];

const LIB = path.resolve(__dirname, "../../lib");

/** The unit (folder) a lib file belongs to: its top folder, derivatives/<engine>, or "api" for lib/index.ts. */
export function unitOf(file: string): string {
  const parts = path.relative(LIB, file).split(path.sep);
  if (parts.length === 1) return parts[0] === "index.ts" ? "api" : parts[0]!.replace(/\.ts$/, "");
  if (parts[0] === "derivatives" && parts.length > 2) return parts[1]!;
  return parts[0]!;
}

function libFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return libFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(LIB, from)}: cannot resolve the import "${spec}"`);
}

export interface Edge {
  from: string;
  to: string;
  /** e.g. "nn/check.ts -> tape/tape.ts" */
  via: string;
}

/** Every import between two different units of lib. */
export function unitEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of libFiles(LIB)) {
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith(".")) continue;
      const target = resolveImport(file, fileName);
      const [from, to] = [unitOf(file), unitOf(target)];
      if (from !== to) edges.push({ from, to, via: `${path.relative(LIB, file)} -> ${path.relative(LIB, target)}` });
    }
  }
  return edges;
}

/** The broken rules: unknown units, upward edges, and cycles between units (one line each). */
export function violations(edges: readonly Edge[], layers = LAYERS): string[] {
  const layerOf = new Map(layers.flatMap((l, i) => l.units.map((u) => [u, i] as const)));
  const problems: string[] = [];
  for (const e of edges) {
    for (const u of [e.from, e.to]) {
      if (!layerOf.has(u)) problems.push(`"${u}" is in no layer (${e.via}); add it to LAYERS in test/lib/layers.test.ts and the README`);
    }
    const [a, b] = [layerOf.get(e.from), layerOf.get(e.to)];
    if (a !== undefined && b !== undefined && b > a) {
      problems.push(`upward import: ${e.via} (${e.from} is in layer "${layers[a]!.name}", ${e.to} in the higher "${layers[b]!.name}")`);
    }
  }
  // Cycles: depth-first search over the unit graph; a back edge closes a cycle.
  const next = new Map<string, Set<string>>();
  for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (u: string): void => {
    state.set(u, "open");
    stack.push(u);
    for (const v of [...(next.get(u) ?? [])].sort()) {
      if (state.get(v) === "open") problems.push(`cycle: ${[...stack.slice(stack.indexOf(v)), v].join(" -> ")}`);
      else if (!state.has(v)) visit(v);
    }
    stack.pop();
    state.set(u, "done");
  };
  for (const u of [...next.keys()].sort()) if (!state.has(u)) visit(u);
  return [...new Set(problems)];
}

describe("lib's layers", () => {
  const edges = unitEdges();

  it("has no import that goes up the layers and no cycle between folders", () => {
    assert.deepEqual(violations(edges), []);
  });

  it("sees the imports (a sanity check: the graph is not empty and has the known edges)", () => {
    const pairs = new Set(edges.map((e) => `${e.from}->${e.to}`));
    for (const known of ["nn->tape", "train->nn", "check->numeric", "monitor->train", "api->tape"]) assert.ok(pairs.has(known), known);
  });

  it("reports an upward edge, a cycle and a folder in no layer", () => {
    const layers = [
      { name: "low", units: ["a"] },
      { name: "high", units: ["b", "c"] },
    ];
    const found = violations(
      [
        { from: "a", to: "b", via: "a/x.ts -> b/y.ts" },
        { from: "b", to: "c", via: "b/y.ts -> c/z.ts" },
        { from: "c", to: "b", via: "c/z.ts -> b/y.ts" },
        { from: "c", to: "d", via: "c/z.ts -> d/w.ts" },
      ],
      layers,
    );
    assert.deepEqual(found, [
      'upward import: a/x.ts -> b/y.ts (a is in layer "low", b in the higher "high")',
      '"d" is in no layer (c/z.ts -> d/w.ts); add it to LAYERS in test/lib/layers.test.ts and the README',
      "cycle: b -> c -> b",
    ]);
  });
});

describe("gradlab's public names", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const api = require("../../lib") as Record<string, unknown>;
  const names = Object.keys(api);

  it("has no two values whose names differ only in case (mlp and MLP were two different things)", () => {
    const byLower = new Map<string, string[]>();
    for (const n of names) byLower.set(n.toLowerCase(), [...(byLower.get(n.toLowerCase()) ?? []), n]);
    assert.deepEqual(
      [...byLower.values()].filter((v) => v.length > 1),
      [],
    );
  });

  it("does not export lib's internal input checks and helpers", () => {
    const internal = [
      "checkNumber",
      "checkFunction",
      "checkStep",
      "checkPoint",
      "checkVector",
      "checkShape",
      "checkUpstream",
      "checkRange",
    ];
    assert.deepEqual(
      internal.filter((n) => n in api),
      [],
    );
    for (const n of ["cached", "tensorFor", "checkArgs", "slice", "checkStopping", "startAt", "sgdStep", "DualValue"])
      assert.ok(!(n in api), n);
    // the exercise checks stay at the top level, under the names the notebooks use
    for (const n of [
      "checkClose",
      "checkAllClose",
      "checkDerivative",
      "checkGradient",
      "checkMatrices",
      "crossCheck",
      "callLearner",
      "ExerciseError",
    ]) {
      assert.equal(typeof api[n], "function", n);
    }
  });
});
