/**
 * Where the kernel's start goes, phase by phase, in a fresh Node process doing what
 * scripts/kernel.cjs does (lib/ up-to-date check, load tslab and the TypeScript compiler, create
 * tslab's converter), then the first cells' compilation: a trivial one, the `gradlab` import
 * (which loads gradlab's and tfjs's type declarations), and a small cell after it; then where each
 * ordinary cell's compile goes (the phases the patched converter reports, summed over the 16 cells
 * of bench/ordinary-cells.json that the kernel bench against Deno runs too, the median of 3 passes).
 * Run by `npm run bench` as its own entry point (bench/.build/kernel-breakdown.js) with the
 * notebooks folder as working directory, like a kernel; prints one JSON line.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { at } from "../lib/util/array";

export interface KernelBreakdown {
  /** Milliseconds per phase, in order. */
  phases: Array<{ phase: string; ms: number }>;
  /** Sum of the phases up to a trivial cell compiled: the kernel's own share of "ready". */
  kernelMs: number;
}

/** What the patched converter reports of one cell's compile, in ms (converter.js, `phaseMs`). */
interface PhaseMs {
  names: number;
  program: number;
  checker: number;
  check: number;
  emit: number;
  commonJs: number;
}

const PHASE_NAMES: Array<[keyof PhaseMs, string]> = [
  ["names", "parse the cell alone for the names it declares"],
  ["program", "new program (TypeScript's createProgram, reusing the unchanged files)"],
  ["checker", "new type checker (merging the globals of every declaration file)"],
  ["check", "type check of the cell"],
  ["emit", "emit: CommonJS JavaScript, declarations, source map (one pass)"],
  ["commonJs", "a second transpile to CommonJS (0 since the emit writes CommonJS itself)"],
];

interface Converter {
  convert(prevDecl: string, src: string): { diagnostics?: unknown[]; phaseMs?: PhaseMs };
  close(): void;
}

function main(): void {
  const root = path.resolve(__dirname, "..", "..");
  // Ordinary cells (declarations, functions, loops, a class, results), run after the gradlab import.
  const ordinaryCells = JSON.parse(fs.readFileSync(path.join(root, "bench", "ordinary-cells.json"), "utf8")) as string[];
  const phases: Array<{ phase: string; ms: number }> = [];
  // performance.now() counts from the process's start: Node's own start-up and loading this file.
  // Started like the kernelspec starts kernels: from the start-up snapshot when the set-up built one.
  const snapshot = (globalThis as { __gradlabPreparsed?: unknown }).__gradlabPreparsed !== undefined;
  phases.push({ phase: snapshot ? "Node start-up, from the kernel's start-up snapshot" : "Node start-up", ms: performance.now() });
  let t = performance.now();
  const mark = (phase: string) => {
    const now = performance.now();
    phases.push({ phase, ms: now - t });
    t = now;
  };
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { buildLib } = require(path.join(root, "scripts", "build-lib.cjs")) as { buildLib: () => { built: boolean } };
  if (buildLib().built) throw new Error("lib/ was out of date and has just been compiled; run again for the kernel's usual start");
  mark("lib/ up-to-date check");
  require(path.join(root, "node_modules", "@tslab", "typescript-for-tslab"));
  mark(snapshot ? "load tslab's TypeScript compiler (in the snapshot)" : "load tslab's TypeScript compiler (typescript.js)");
  const { createConverter } = require(path.join(root, "node_modules", "tslab", "dist", "converter")) as {
    createConverter: (o: { isJS: boolean; isBrowser: boolean }) => Converter;
  };
  require(path.join(root, "node_modules", "tslab", "dist", "main"));
  mark("load tslab (converter, executor, zeromq)");
  const converter = createConverter({ isJS: false, isBrowser: false });
  mark(
    snapshot
      ? "create tslab's converter (lib.*.d.ts, @types/node parsed in the snapshot)"
      : "create tslab's converter (compiler host, lib.*.d.ts, @types)",
  );
  const cells: Array<[string, string]> = [
    ["compile a trivial first cell", "1 + 1"],
    ["compile the gradlab import cell (gradlab + tfjs types)", 'import { setupTf, fmt } from "gradlab";\nconst info = await setupTf();'],
    ["compile a small cell after it", "const twice = fmt(2 * 21);"],
  ];
  let prev = "";
  for (const [phase, src] of cells) {
    const out = converter.convert(prev, src) as { diagnostics?: unknown[]; declOutput?: string };
    if (out.diagnostics && out.diagnostics.length > 0) throw new Error(`${phase}: ${JSON.stringify(out.diagnostics).slice(0, 300)}`);
    prev = out.declOutput ?? prev;
    mark(phase);
  }
  // Where an ordinary cell's compile goes: the cells after the import, 3 passes, the median pass.
  const passes: Array<{ phases: PhaseMs; total: number }> = [];
  const afterImport = prev;
  for (let pass = 0; pass < 3; pass++) {
    let decl = afterImport;
    const sums: PhaseMs = { names: 0, program: 0, checker: 0, check: 0, emit: 0, commonJs: 0 };
    const started = performance.now();
    for (const src of ordinaryCells) {
      const out = converter.convert(decl, src) as { diagnostics?: unknown[]; declOutput?: string; phaseMs?: PhaseMs };
      if (out.diagnostics && out.diagnostics.length > 0) throw new Error(`${src}: ${JSON.stringify(out.diagnostics).slice(0, 300)}`);
      if (!out.phaseMs) throw new Error("the converter reports no phaseMs: is patches/tslab+1.0.22.patch applied?");
      for (const [key] of PHASE_NAMES) sums[key] += out.phaseMs[key];
      decl = out.declOutput ?? decl;
    }
    passes.push({ phases: sums, total: performance.now() - started });
  }
  const median = at(
    passes.sort((a, b) => a.total - b.total),
    1,
    "the median of 3 passes",
  );
  const n = ordinaryCells.length;
  for (const [key, label] of PHASE_NAMES) phases.push({ phase: `${n} ordinary cells: ${label}`, ms: median.phases[key] });
  const named = PHASE_NAMES.reduce((sum, [key]) => sum + median.phases[key], 0);
  phases.push({ phase: `${n} ordinary cells: the rest of tslab's compile`, ms: median.total - named });
  phases.push({ phase: `${n} ordinary cells: compile in all (median of 3 passes)`, ms: median.total });
  converter.close();
  const kernelMs = phases.slice(0, 6).reduce((s, p) => s + p.ms, 0);
  const result: KernelBreakdown = { phases: phases.map((p) => ({ phase: p.phase, ms: Math.round(p.ms) })), kernelMs: Math.round(kernelMs) };
  process.stdout.write(`BENCH-RESULT ${JSON.stringify({ ok: true, value: result })}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stdout.write(
      `BENCH-RESULT ${JSON.stringify({ ok: false, skip: false, message: error instanceof Error ? error.message : String(error) })}\n`,
    );
  }
}
