/**
 * `npm run bench`: gradlab's engines against Python micrograd and TensorFlow.js, and the course's
 * own speed, measured side by side in one run on this machine (README, "Benchmarks").
 *
 *   npm run bench                       # everything; results in bench/results/latest.{json,md,svg}
 *   npm run bench -- --quick            # a short smoke run (smaller workloads), bench/results/quick.*
 *   npm run bench -- --only scalar,notebooks --micrograd-runs 1
 *   npm run bench -- --notebooks 07,13  # part 4 on some notebooks only
 *   npm run bench -- --quick --dry --out DIR   # tiny sizes: checks the benchmark code, not speed
 *
 * Every timed run happens in a child process of its own (`--worker`), so one engine's heap, JIT
 * state or native threads never slow down the next. A peer that is not present (the native
 * TensorFlow backend before `npm run setup:tfjs-node`, micrograd when PyPI cannot be reached) is
 * reported as skipped or failed, with the reason, and never as a number.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { collect } from "../scripts/collect";
import { summarize, type Summary } from "./stats";
import { describeMachine, loadAverage, type Machine } from "./machine";
import { demoData, runScalarDemo, type DemoSpec } from "./scalar";
import { runTensorEngine, Skip, type TensorEngine, type TensorSpec } from "./tensor";
import { cheapGradientPoint, combinePoints, type CheapGradientPoint, type CheapGradientSpec } from "./cheap-gradient";
import { runSymbolicBench, type SymbolicBench, type SymbolicSpec } from "./symbolic";
import type { KernelBreakdown } from "./kernel-breakdown";
import { fmtSeconds, writeReports } from "./report";

// ---------------------------------------------------------------------------------------------
// Result types (the JSON written to bench/results/*.json)

export type Status = "ok" | "skipped" | "failed";

/** One competitor in a comparison: numbers only when status is "ok", otherwise the reason. */
export interface Peer<T = Record<string, unknown>> {
  name: string;
  status: Status;
  reason?: string;
  result?: T;
}

export interface Target {
  part: string;
  what: string;
  target: string;
  /** The measured value the target is judged on (absent when it could not be measured). */
  value?: number;
  unit: string;
  met: boolean | null;
  note?: string;
}

export interface ScalarPeerResult {
  runs: number[];
  seconds: Summary;
  loss: number;
  accuracy: number;
  parameters: number;
  detail: string;
}

export interface TensorPeerResult {
  stepMs: Summary;
  firstLoss: number;
  detail: string;
}

export interface NotebookResult {
  notebook: string;
  status: Status;
  reason?: string;
  /** nbrun's time: kernel start, every cell, shutdown. */
  seconds?: number;
  cells?: number;
  slowestCell?: { index: number; seconds: number; source: string };
  cellSeconds?: number[];
}

export interface KernelRun {
  ready: number;
  first_cell: number;
  import_cell: number;
  small_cell: number;
}

export interface BenchResults {
  schema: 1;
  mode: Mode;
  machine: Machine;
  loadAtEnd: [number, number, number];
  seconds: number;
  parts: {
    scalar?: { spec: DemoSpec; note: string; peers: [Peer<ScalarPeerResult>, Peer<ScalarPeerResult>]; speedup: number | null };
    tensor?: { spec: TensorSpec; note: string; peers: Array<Peer<TensorPeerResult>> };
    cheapGradient?: { spec: CheapGradientSpec; note: string; status: Status; reason?: string; points: CheapGradientPoint[] };
    notebooks?: {
      kernel: Peer<{ runs: KernelRun[]; ready: Summary; firstCell: Summary; importCell: Summary; smallCell: Summary }>;
      breakdown: Peer<KernelBreakdown>;
      notebooks: NotebookResult[];
      totalSeconds: number | null;
    };
    symbolic?: SymbolicBench;
  };
  targets: Target[];
  /** Parts not re-run by an `--only` run, copied with their targets from the results it replaced. */
  carriedOver?: Array<{ part: string; measured: string; load: [number, number, number] }>;
}

// ---------------------------------------------------------------------------------------------
// Options

type Mode = "full" | "quick" | "dry";
const PARTS = ["scalar", "tensor", "cheap-gradient", "notebooks", "symbolic"] as const;
type Part = (typeof PARTS)[number];

interface Options {
  mode: Mode;
  parts: Part[];
  out: string;
  ourRuns: number;
  microgradRuns: number;
  notebooks: string[] | null;
  python: string;
}

const ROOT = path.resolve(__dirname, "..", "..");
const BENCH = path.join(ROOT, "bench");

function usage(message: string): never {
  process.stderr.write(`npm run bench: ${message}\n`);
  process.stderr.write(
    "options: --quick, --dry, --only scalar,tensor,cheap-gradient,notebooks,symbolic, --out DIR, --runs N, --micrograd-runs N, --notebooks 00,07, --python PATH\n",
  );
  process.exit(2);
}

function count(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) usage(`${flag} must be an integer >= ${min}; got ${value ?? "nothing"}`);
  return n;
}

function parseOptions(argv: string[]): Options {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: "boolean" },
        dry: { type: "boolean" },
        only: { type: "string" },
        out: { type: "string" },
        runs: { type: "string" },
        "micrograd-runs": { type: "string" },
        notebooks: { type: "string" },
        python: { type: "string" },
      },
    }));
  } catch (error) {
    usage((error as Error).message);
  }
  const mode: Mode = values.dry ? "dry" : values.quick ? "quick" : "full";
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const options: Options = {
    mode,
    parts: [...PARTS],
    // Smoke runs never overwrite the committed results.
    out: mode === "full" ? path.join(BENCH, "results") : path.join(BENCH, "results", mode),
    ourRuns: { full: 5, quick: 3, dry: 1 }[mode],
    microgradRuns: { full: 3, quick: 1, dry: 1 }[mode],
    notebooks: mode === "full" ? null : [],
    python: process.env.GRADLAB_BENCH_PYTHON ?? path.join(ROOT, ".venv", "bin", "python"),
  };
  const only = text("only");
  if (only !== undefined) {
    const parts = only.split(",").filter(Boolean);
    const bad = parts.find((p) => !(PARTS as readonly string[]).includes(p));
    if (bad || parts.length === 0) usage(`--only takes a list of ${PARTS.join(", ")}; got "${only}"`);
    options.parts = parts as Part[];
  }
  const out = text("out");
  if (out !== undefined) {
    if (!out) usage("--out needs a folder");
    options.out = path.resolve(out);
  }
  if (text("runs") !== undefined) options.ourRuns = count("--runs", text("runs"), 1);
  if (text("micrograd-runs") !== undefined) options.microgradRuns = count("--micrograd-runs", text("micrograd-runs"), 0);
  if (text("notebooks") !== undefined) options.notebooks = (text("notebooks") as string).split(",").filter(Boolean);
  const python = text("python");
  if (python !== undefined) {
    if (!python) usage("--python needs a path");
    options.python = python;
  }
  return options;
}

function specs(mode: Mode): { demo: DemoSpec; tensor: TensorSpec; cheap: CheapGradientSpec; kernelRepeat: number } {
  const demo: DemoSpec = { points: 100, noise: 0.1, seed: 1337, steps: 100, alpha: 1e-4, sizes: [16, 16, 1] };
  const tensor: TensorSpec = { sizes: [784, 128, 10], batch: 64, lr: 0.1, seed: 7, warmup: 10, steps: 50, rounds: 5 };
  const cheap: CheapGradientSpec = {
    widths: [2, 4, 8, 16, 32, 64, 128, 256],
    batch: 32,
    seed: 3,
    minMs: 300,
    fdBudgetMs: 4000,
    processes: 3,
  };
  if (mode === "quick") {
    return {
      demo: { ...demo, steps: 10 },
      tensor: { ...tensor, warmup: 5, steps: 20, rounds: 1 },
      cheap: { ...cheap, widths: [2, 8, 32, 128], minMs: 100, fdBudgetMs: 1000, processes: 1 },
      kernelRepeat: 1,
    };
  }
  if (mode === "dry") {
    return {
      demo: { ...demo, points: 10, steps: 3, sizes: [4, 4, 1] },
      tensor: { ...tensor, sizes: [16, 8, 4], batch: 4, warmup: 1, steps: 3, rounds: 2 },
      cheap: { ...cheap, widths: [2, 4], minMs: 5, fdBudgetMs: 50, processes: 2 },
      kernelRepeat: 1,
    };
  }
  return { demo, tensor, cheap, kernelRepeat: 3 };
}

// ---------------------------------------------------------------------------------------------
// Progress and child processes

const started = Date.now();

function progress(message: string): void {
  const t = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  process.stdout.write(`[bench ${t} s] ${message}\n`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface ChildResult {
  code: number | null;
  stdout: string[];
  stderr: string;
}

/** Runs a command, handing each stdout line to `onLine` as it arrives; a command that cannot start gives code -1. */
async function runChild(
  cmd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; onLine?: (line: string) => void } = {},
): Promise<ChildResult> {
  try {
    const { code, stdout, stderr } = await collect(cmd, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      onLine: options.onLine,
    });
    return { code, stdout: stdout.split("\n").filter((line, i, all) => i < all.length - 1 || line !== ""), stderr };
  } catch (error) {
    return { code: -1, stdout: [], stderr: (error as Error).message };
  }
}

/** The Node options the kernelspec starts kernels with (the start-up snapshot, when the set-up built one). */
function kernelNodeOptions(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KERNELS_DIR, KERNEL_NAME } = require(path.join(ROOT, "scripts", "project.cjs")) as { KERNELS_DIR: string; KERNEL_NAME: string };
  const spec = path.join(KERNELS_DIR, KERNEL_NAME, "kernel.json");
  const argv = (JSON.parse(fs.readFileSync(spec, "utf8")) as { argv: string[] }).argv;
  return argv.slice(
    1,
    argv.findIndex((arg) => arg.endsWith("kernel.cjs")),
  );
}

const RESULT = "BENCH-RESULT ";

/** Runs a job in a fresh Node process (this file with --worker) and returns what it returned. */
function inWorker<T>(kind: string, spec: unknown): Promise<T> {
  return nodeResult<T>(kind, [__filename, "--worker", kind, JSON.stringify(spec)], ROOT);
}

async function nodeResult<T>(kind: string, args: string[], cwd: string): Promise<T> {
  const run = await runChild(process.execPath, args, { cwd });
  const line = run.stdout.find((l) => l.startsWith(RESULT));
  if (run.code !== 0 || !line) {
    const why = run.stderr.trim().split("\n").slice(-3).join(" ") || `exit code ${run.code}`;
    throw new Error(`worker ${kind} failed: ${why}`);
  }
  const payload = JSON.parse(line.slice(RESULT.length)) as { ok: true; value: T } | { ok: false; skip: boolean; message: string };
  if (!payload.ok) throw payload.skip ? new Skip(payload.message) : new Error(payload.message);
  return payload.value;
}

async function worker(kind: string, specText: string): Promise<void> {
  const spec = JSON.parse(specText) as never;
  let payload: unknown;
  try {
    let value: unknown;
    if (kind === "scalar") value = runScalarDemo(demoData(spec), spec);
    else if (kind.startsWith("tensor:")) value = await runTensorEngine(kind.slice("tensor:".length) as TensorEngine, spec);
    else if (kind.startsWith("cheap:")) value = cheapGradientPoint(Number(kind.slice("cheap:".length)), spec);
    else if (kind === "symbolic") value = runSymbolicBench(spec);
    else throw new Error(`unknown worker "${kind}"`);
    payload = { ok: true, value };
  } catch (error) {
    payload = { ok: false, skip: error instanceof Skip, message: errorText(error) };
  }
  process.stdout.write(`${RESULT}${JSON.stringify(payload)}\n`);
}

function projectEnv(): NodeJS.ProcessEnv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const project = require(path.join(ROOT, "scripts", "project.cjs")) as { projectEnv: () => NodeJS.ProcessEnv };
  return project.projectEnv();
}

// ---------------------------------------------------------------------------------------------
// Part 1: scalar engine vs micrograd

const MICROGRAD_DIR = path.join(BENCH, ".python");
const BENCH_REQUIREMENTS = path.join(BENCH, "requirements.txt");
/** micrograd's pinned version, read from bench/requirements.txt. */
function microgradVersion(): string {
  const pin = /^micrograd==(\S+)/m.exec(fs.readFileSync(BENCH_REQUIREMENTS, "utf8"));
  if (!pin) throw new Error("bench/requirements.txt must pin micrograd (a line micrograd==VERSION)");
  return pin[1] as string;
}

/** Installs bench/requirements.txt into bench/.python with the project's pip, once per change of the file. */
async function ensureMicrograd(python: string): Promise<void> {
  const wanted = fs.readFileSync(BENCH_REQUIREMENTS, "utf8");
  const stamp = path.join(MICROGRAD_DIR, ".bench-requirements");
  if (
    fs.existsSync(path.join(MICROGRAD_DIR, "micrograd", "engine.py")) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, "utf8") === wanted
  )
    return;
  progress(`installing bench/requirements.txt (micrograd ${microgradVersion()}) from PyPI into bench/.python (benchmark only)`);
  fs.rmSync(MICROGRAD_DIR, { recursive: true, force: true });
  const run = await runChild(python, [
    "-m",
    "pip",
    "install",
    "--quiet",
    "--disable-pip-version-check",
    "--no-deps",
    "--target",
    MICROGRAD_DIR,
    "-r",
    BENCH_REQUIREMENTS,
  ]);
  if (run.code !== 0) throw new Error(`pip install -r bench/requirements.txt failed: ${run.stderr.trim().split("\n").slice(-2).join(" ")}`);
  fs.writeFileSync(stamp, wanted);
}

async function scalarPart(options: Options, spec: DemoSpec): Promise<NonNullable<BenchResults["parts"]["scalar"]>> {
  progress(`part 1: scalar engine on the micrograd demo (${spec.points} moons points, MLP 2-${spec.sizes.join("-")}, ${spec.steps} steps)`);
  let ours: Peer<ScalarPeerResult>;
  try {
    const runs: number[] = [];
    let last: { loss: number; accuracy: number; parameters: number } | undefined;
    for (let r = 0; r < options.ourRuns; r++) {
      const result = await inWorker<{ loss: number; accuracy: number; parameters: number; seconds: number }>("scalar", spec);
      runs.push(result.seconds);
      last = result;
      progress(`  gradlab run ${r + 1}/${options.ourRuns}: ${fmtSeconds(result.seconds)}, loss ${result.loss.toFixed(4)}`);
    }
    const { loss, accuracy, parameters } = last as NonNullable<typeof last>;
    ours = {
      name: "gradlab scalar engine (lib/autodiff, compiled JS)",
      status: "ok",
      result: {
        runs,
        seconds: summarize(runs),
        loss,
        accuracy,
        parameters,
        detail: `Node ${process.version}, each run in a fresh process`,
      },
    };
  } catch (error) {
    ours = { name: "gradlab scalar engine (lib/autodiff, compiled JS)", status: "failed", reason: errorText(error) };
  }

  let theirs: Peer<ScalarPeerResult>;
  const name = `micrograd ${microgradVersion()} (PyPI, Python)`;
  if (options.microgradRuns === 0) theirs = { name, status: "skipped", reason: "--micrograd-runs 0" };
  else {
    try {
      await ensureMicrograd(options.python);
      const dataFile = path.join(BENCH, ".build", "moons.json");
      fs.mkdirSync(path.dirname(dataFile), { recursive: true });
      fs.writeFileSync(dataFile, JSON.stringify({ ...demoData(spec), ...spec, path: MICROGRAD_DIR }));
      const runs: number[] = [];
      let last: { loss: number; accuracy: number; parameters: number; python: string; micrograd: string } | undefined;
      for (let r = 0; r < options.microgradRuns; r++) {
        const t0 = Date.now();
        const run = await runChild(options.python, [path.join(BENCH, "micrograd_demo.py"), dataFile], {
          onLine: (line) => {
            const msg = JSON.parse(line) as { step?: number; loss?: number };
            if (msg.step !== undefined) {
              const elapsed = ((Date.now() - t0) / 1000).toFixed(0);
              progress(
                `  micrograd run ${r + 1}/${options.microgradRuns}: step ${msg.step + 1}/${spec.steps}, loss ${msg.loss?.toFixed(4)} (${elapsed} s)`,
              );
            }
          },
        });
        const line = run.stdout.find((l) => l.startsWith('{"result"'));
        if (run.code !== 0 || !line) throw new Error(`micrograd_demo.py failed: ${run.stderr.trim().split("\n").slice(-2).join(" ")}`);
        last = (JSON.parse(line) as { result: NonNullable<typeof last> & { seconds: number } }).result;
        runs.push((last as { seconds: number } & typeof last).seconds);
        progress(`  micrograd run ${r + 1}/${options.microgradRuns}: ${fmtSeconds(runs.at(-1) as number)}`);
      }
      const { loss, accuracy, parameters, python } = last as NonNullable<typeof last>;
      theirs = {
        name,
        status: "ok",
        result: { runs, seconds: summarize(runs), loss, accuracy, parameters, detail: `CPython ${python}, each run in a fresh process` },
      };
    } catch (error) {
      theirs = { name, status: "failed", reason: errorText(error) };
    }
  }
  const speedup = ours.result && theirs.result ? theirs.result.seconds.median / ours.result.seconds.median : null;
  return {
    spec,
    note:
      "Same points for both (gradlab's seeded moons, passed to Python as a file) and the same graph, node for node. " +
      "The initial weights differ: each engine draws them from its own seeded generator, so final loss and accuracy " +
      "are compared side by side, not expected to be equal.",
    peers: [ours, theirs],
    speedup,
  };
}

// ---------------------------------------------------------------------------------------------
// Part 2: tensor MLP training step

const TENSOR_ENGINES: Array<[TensorEngine, string]> = [
  ["handwritten", "gradlab, hand-written backward (lib/nn)"],
  ["tape", "gradlab, tensor autodiff engine"],
  ["tfjs-cpu", "TensorFlow.js, cpu backend (JavaScript)"],
  ["tfjs-wasm", "TensorFlow.js, wasm backend (WebAssembly SIMD)"],
  ["tfjs-tensorflow", "TensorFlow.js, tensorflow backend (native, tfjs-node)"],
];

async function tensorPart(spec: TensorSpec): Promise<NonNullable<BenchResults["parts"]["tensor"]>> {
  progress(
    `part 2: one training step of an MLP ${spec.sizes.join("-")}, batch ${spec.batch} ` +
      `(${spec.rounds} round${spec.rounds === 1 ? "" : "s"} of ${spec.steps} timed steps per engine)`,
  );
  // Per engine: the step times of every round so far, or why it did not run (then it is not tried again).
  const samples = new Map<TensorEngine, { ms: number[]; firstLoss: number; detail: string }>();
  const notRun = new Map<TensorEngine, Peer<TensorPeerResult>>();
  for (let round = 0; round < spec.rounds; round++) {
    // Rotate the order, and reverse it every other round, so that no engine always runs first or
    // always right after the same other one.
    const rotated = TENSOR_ENGINES.map((_, i) => TENSOR_ENGINES[(i + round) % TENSOR_ENGINES.length]!);
    const order = round % 2 === 1 ? rotated.reverse() : rotated;
    const line: string[] = [];
    for (const [engine, name] of order) {
      if (notRun.has(engine)) continue;
      try {
        const r = await inWorker<{ ms: number[]; firstLoss: number; detail: string }>(`tensor:${engine}`, spec);
        const seen = samples.get(engine);
        if (seen && seen.firstLoss !== r.firstLoss) {
          throw new Error(`first-step loss ${r.firstLoss} differs from round 1's ${seen.firstLoss}: the runs are not the same work`);
        }
        samples.set(engine, { ms: [...(seen?.ms ?? []), ...r.ms], firstLoss: r.firstLoss, detail: r.detail });
        line.push(`${engine} ${summarize(r.ms).median.toFixed(2)} ms`);
      } catch (error) {
        const skipped = error instanceof Skip;
        samples.delete(engine);
        notRun.set(engine, { name, status: skipped ? "skipped" : "failed", reason: errorText(error) });
        progress(`  ${name}: ${skipped ? "skipped" : "FAILED"} (${errorText(error)})`);
      }
    }
    progress(`  round ${round + 1}/${spec.rounds}: ${line.join(", ")} per step`);
  }
  const peers: Array<Peer<TensorPeerResult>> = TENSOR_ENGINES.map(([engine, name]) => {
    const r = samples.get(engine);
    if (!r) return notRun.get(engine) as Peer<TensorPeerResult>;
    const stepMs = summarize(r.ms);
    progress(`  ${name}: ${stepMs.median.toFixed(2)} ms per step (median of ${r.ms.length})`);
    return { name, status: "ok", result: { stepMs, firstLoss: r.firstLoss, detail: r.detail } };
  });
  return {
    spec,
    note:
      "A step is forward, mean squared error against one-hot targets, backward and a plain SGD update, from the same " +
      "initial weights and data for every engine (tfjs in float32, gradlab in float64). Each engine runs in its own " +
      `process, once per round, ${spec.rounds} round${spec.rounds === 1 ? "" : "s"} in a rotated order (reversed every other round); ` +
      "its step times are pooled over the rounds.",
    peers,
  };
}

// ---------------------------------------------------------------------------------------------
// Part 3: the cheap-gradient principle

async function cheapPart(spec: CheapGradientSpec): Promise<NonNullable<BenchResults["parts"]["cheapGradient"]>> {
  progress(`part 3: reverse-mode gradient vs forward pass vs finite differences, n from ${spec.widths.length} sizes`);
  const note =
    "f(θ) = mean squared error of a [w, w, 1] tanh network on a batch of 32, as a function of its n parameters. " +
    "Reverse mode: lib/nn backprop (forward + backward). Finite differences: central, 2n forward passes " +
    "(estimated from a sample of parameters where the full gradient would exceed the time budget). " +
    `Forward and reverse are timed in alternating blocks, in ${spec.processes} fresh process${spec.processes === 1 ? "" : "es"} ` +
    "per size; the table shows the process with the median ratio (gradient / forward is the median over its blocks, so it " +
    "can differ a little from the quotient of the two columns) and the finite differences of the first process.";
  const points: CheapGradientPoint[] = [];
  try {
    for (const width of spec.widths) {
      // The first process also takes the finite differences; the others only time forward and reverse.
      const runs = [await inWorker<CheapGradientPoint>(`cheap:${width}`, spec)];
      for (let i = 1; i < spec.processes; i++) runs.push(await inWorker<CheapGradientPoint>(`cheap:${width}`, { ...spec, fdBudgetMs: 0 }));
      const p = combinePoints(runs);
      points.push(p);
      progress(
        `  n = ${p.n}: forward ${p.forwardMs.toFixed(3)} ms, gradient ${p.reverseRatio.toFixed(2)}× forward, ` +
          `finite differences ${p.finiteDifferenceRatio.toFixed(0)}× forward${p.estimated ? " (estimated)" : ""}` +
          (p.processRatios ? ` (processes: ${p.processRatios.map((r) => `${r.toFixed(2)}×`).join(", ")})` : ""),
      );
    }
    return { spec, note, status: "ok", points };
  } catch (error) {
    return { spec, note, status: "failed", reason: errorText(error), points };
  }
}

// ---------------------------------------------------------------------------------------------
// Part 4: the course itself

function listNotebooks(filter: string[] | null, mode: Mode): string[] {
  const dir = path.join(ROOT, "notebooks");
  const all = fs
    .readdirSync(dir)
    .filter((f) => /^\d\d[a-z]?-.*\.ipynb$/.test(f))
    .sort();
  if (filter === null) return all.map((f) => path.join(dir, f));
  if (filter.length === 0) {
    // smoke runs: the smallest real notebook (quick) or the harness's fixture (dry)
    return mode === "dry"
      ? [path.join(ROOT, "test", "fixtures", "notebooks", "good.ipynb")]
      : all.filter((f) => f.startsWith("00-")).map((f) => path.join(dir, f));
  }
  return filter.map((key) => {
    const match = all.find((f) => f === key || f.startsWith(`${key}-`) || f === `${key}.ipynb`);
    if (!match) usage(`--notebooks: no notebook "${key}" in notebooks/`);
    return path.join(dir, match);
  });
}

async function notebooksPart(options: Options, kernelRepeat: number): Promise<NonNullable<BenchResults["parts"]["notebooks"]>> {
  progress("part 4: the course, headless (kernel start, every notebook, per-cell times)");
  const env = projectEnv();
  const python = path.join(ROOT, ".venv", "bin", "python");

  let kernel: NonNullable<BenchResults["parts"]["notebooks"]>["kernel"];
  const kernelName = "kernel start (jupyter_client)";
  try {
    const run = await runChild(
      python,
      [path.join(BENCH, "kernel_ready.py"), "--repeat", String(kernelRepeat), "--cwd", path.join(ROOT, "notebooks")],
      {
        env,
        onLine: (line) => {
          const r = JSON.parse(line) as KernelRun & { run: number };
          progress(
            `  kernel ${r.run + 1}/${kernelRepeat}: ready ${r.ready} s, first cell done ${r.first_cell} s, gradlab import cell ${r.import_cell} s`,
          );
        },
      },
    );
    if (run.code !== 0) throw new Error(`kernel_ready.py failed: ${run.stderr.trim().split("\n").slice(-2).join(" ")}`);
    const runs = run.stdout.map((l) => JSON.parse(l) as KernelRun);
    kernel = {
      name: kernelName,
      status: "ok",
      result: {
        runs,
        ready: summarize(runs.map((r) => r.ready)),
        firstCell: summarize(runs.map((r) => r.first_cell)),
        importCell: summarize(runs.map((r) => r.import_cell)),
        smallCell: summarize(runs.map((r) => r.small_cell)),
      },
    };
  } catch (error) {
    kernel = { name: kernelName, status: "failed", reason: errorText(error) };
  }

  let breakdown: Peer<KernelBreakdown>;
  try {
    breakdown = {
      name: "where the kernel's start goes",
      status: "ok",
      result: await nodeResult<KernelBreakdown>(
        "kernel-breakdown",
        [...kernelNodeOptions(), path.join(__dirname, "kernel-breakdown.js")],
        path.join(ROOT, "notebooks"),
      ),
    };
  } catch (error) {
    breakdown = { name: "where the kernel's start goes", status: "failed", reason: errorText(error) };
  }

  const notebooks: NotebookResult[] = [];
  const files = listNotebooks(options.notebooks, options.mode);
  for (const [i, file] of files.entries()) {
    const name = path.basename(file, ".ipynb");
    const run = await runChild(python, [path.join(ROOT, "scripts", "nbrun.py"), file, "--timeout", "300"], { env, cwd: ROOT });
    let report:
      { ok: boolean; seconds: number; cells: number; cell_times: Array<{ cell: number; seconds: number }>; failure: unknown } | undefined;
    try {
      report = JSON.parse(run.stdout.at(-1) ?? "") as typeof report;
    } catch {
      report = undefined;
    }
    if (!report || !report.ok) {
      const why = report ? JSON.stringify(report.failure).slice(0, 300) : run.stderr.trim().split("\n").slice(-2).join(" ");
      notebooks.push({ notebook: name, status: "failed", reason: why });
      progress(`  ${i + 1}/${files.length} ${name}: FAILED (${why})`);
      continue;
    }
    const nb = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Array<{ source: string | string[] }> };
    const slowest = report.cell_times.reduce((a, b) => (b.seconds > a.seconds ? b : a), { cell: -1, seconds: 0 });
    const source = nb.cells[slowest.cell]?.source ?? "";
    const firstLine = (Array.isArray(source) ? source.join("") : source).split("\n").find((l) => l.trim()) ?? "";
    notebooks.push({
      notebook: name,
      status: "ok",
      seconds: report.seconds,
      cells: report.cell_times.length,
      slowestCell: { index: slowest.cell, seconds: slowest.seconds, source: firstLine.slice(0, 80) },
      cellSeconds: report.cell_times.map((c) => c.seconds),
    });
    progress(
      `  ${i + 1}/${files.length} ${name}: ${report.seconds.toFixed(1)} s, slowest cell #${slowest.cell} ${slowest.seconds.toFixed(2)} s`,
    );
  }
  const ok = notebooks.filter((n) => n.status === "ok");
  const totalSeconds = ok.length === notebooks.length && ok.length > 0 ? ok.reduce((s, n) => s + (n.seconds as number), 0) : null;
  return { kernel, breakdown, notebooks, totalSeconds };
}

/** Part 5's depths: doublings, up to the deepest every family's derivative fits the engine's limits. */
function symbolicSpec(mode: Mode): SymbolicSpec {
  const depths = mode === "full" ? [3, 6, 12, 24, 48] : mode === "quick" ? [3, 6, 12, 24] : [2, 4];
  return { families: ["fraction", "exp", "sin"], depths, minMs: mode === "full" ? 200 : mode === "quick" ? 30 : 1 };
}

// ---------------------------------------------------------------------------------------------
// Targets

function judge(results: BenchResults, options: Options): Target[] {
  const targets: Target[] = [];
  const { scalar, tensor, cheapGradient, notebooks } = results.parts;
  const fullSize = options.mode === "full";
  const sizeNote = fullSize ? undefined : `${options.mode} mode: smaller workloads, not the targets' sizes`;
  // A smoke run's numbers are not the targets' workloads: shown, never judged.
  const add = (t: Target) => targets.push(sizeNote ? { ...t, met: null, note: [t.note, sizeNote].filter(Boolean).join("; ") } : t);
  for (const fit of results.parts.symbolic?.fits ?? []) {
    add({
      part: "5",
      what: `symbolic differentiate, ${fit.family} family: growth of time with nesting depth (log-log slope)`,
      target: "<= 3 (polynomial)",
      unit: "exponent",
      ...(Number.isFinite(fit.timeExponent) ? { value: fit.timeExponent, met: fit.timeExponent <= 3 } : { met: null }),
    });
  }
  if (scalar) {
    const v = scalar.speedup;
    add({
      part: "1",
      what: "scalar engine vs micrograd (time per run)",
      target: ">= 50× faster",
      unit: "×",
      met: v === null ? null : v >= 50,
      ...(v === null ? {} : { value: v }),
    });
  }
  if (tensor) {
    const ms = (key: string) => tensor.peers.find((p) => p.name.includes(key))?.result?.stepMs.median;
    for (const [engine, label] of [
      ["hand-written", "hand-written backward"],
      ["autodiff engine", "tensor autodiff engine"],
    ] as const) {
      const ours = ms(engine);
      const cpu = ms("cpu backend");
      const wasm = ms("wasm backend");
      add({
        part: "2",
        what: `${label} vs tfjs-cpu (time per step, tfjs-cpu / ours)`,
        target: "> 1 (faster)",
        unit: "×",
        met: ours && cpu ? cpu / ours > 1 : null,
        ...(ours && cpu ? { value: cpu / ours } : {}),
      });
      add({
        part: "2",
        what: `${label} vs tfjs-wasm (time per step, ours / tfjs-wasm)`,
        target: "<= 1.5",
        unit: "×",
        met: ours && wasm ? ours / wasm <= 1.5 : null,
        ...(ours && wasm ? { value: ours / wasm } : {}),
      });
    }
  }
  if (cheapGradient && cheapGradient.points.length > 0) {
    const worst = Math.max(...cheapGradient.points.map((p) => p.reverseRatio));
    add({
      part: "3",
      what: "reverse-mode gradient / forward pass (worst over n)",
      target: "<= 3",
      unit: "×",
      value: worst,
      met: worst <= 3,
    });
  }
  if (notebooks) {
    const k = notebooks.kernel.result;
    add({
      part: "4",
      what: "kernel ready: start until a first cell has run (median)",
      target: "<= 2 s",
      unit: "s",
      met: k ? k.firstCell.median <= 2 : null,
      ...(k ? { value: k.firstCell.median } : {}),
    });
    const total = notebooks.totalSeconds;
    const partial = options.notebooks !== null;
    add({
      part: "4",
      what: partial ? "notebooks run (not the whole course)" : "whole course, headless",
      target: "<= 90 s",
      unit: "s",
      met: total === null || partial ? null : total <= 90,
      ...(total === null ? {} : { value: total }),
    });
    const cells = notebooks.notebooks.flatMap((n) => n.cellSeconds ?? []);
    if (cells.length > 0) {
      const slowest = Math.max(...cells);
      add({ part: "4", what: "slowest cell", target: "<= 5 s", unit: "s", value: slowest, met: slowest <= 5 });
    }
  }
  return targets;
}

const PART_NUMBER: Record<Part, string> = { scalar: "1", tensor: "2", "cheap-gradient": "3", notebooks: "4", symbolic: "5" };
const PART_KEY: Record<Part, keyof BenchResults["parts"]> = {
  scalar: "scalar",
  tensor: "tensor",
  "cheap-gradient": "cheapGradient",
  notebooks: "notebooks",
  symbolic: "symbolic",
};

/**
 * A full-size `--only` run keeps the parts it did not re-run from the results it overwrites (with
 * their targets, and the date and load they were measured at), so re-measuring one part never
 * drops the others from bench/results/latest.*.
 */
function carryOver(results: BenchResults, options: Options): void {
  const file = path.join(options.out, "latest.json");
  if (options.mode !== "full" || !fs.existsSync(file)) return;
  const previous = JSON.parse(fs.readFileSync(file, "utf8")) as BenchResults;
  if (previous.schema !== 1 || previous.mode !== "full") return;
  const carried: NonNullable<BenchResults["carriedOver"]> = [];
  for (const part of PARTS) {
    const key = PART_KEY[part];
    if (options.parts.includes(part) || previous.parts[key] === undefined) continue;
    const earlier = previous.carriedOver?.find((c) => c.part === PART_NUMBER[part]);
    (results.parts as Record<string, unknown>)[key] = previous.parts[key];
    results.targets.push(...previous.targets.filter((t) => t.part === PART_NUMBER[part]));
    carried.push(earlier ?? { part: PART_NUMBER[part], measured: previous.machine.date, load: previous.machine.loadAtStart });
  }
  results.targets.sort((a, b) => Number(a.part) - Number(b.part));
  if (carried.length > 0) results.carriedOver = carried;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === "--worker") return worker(argv[1] as string, argv[2] as string);
  const options = parseOptions(argv);
  const { demo, tensor, cheap, kernelRepeat } = specs(options.mode);
  const machine = describeMachine(options.python);
  progress(
    `${options.mode} run on ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB; load average ${machine.loadAtStart.join(", ")}`,
  );
  const results: BenchResults = {
    schema: 1,
    mode: options.mode,
    machine,
    loadAtEnd: machine.loadAtStart,
    seconds: 0,
    parts: {},
    targets: [],
  };
  if (options.parts.includes("scalar")) results.parts.scalar = await scalarPart(options, demo);
  if (options.parts.includes("tensor")) results.parts.tensor = await tensorPart(tensor);
  if (options.parts.includes("cheap-gradient")) results.parts.cheapGradient = await cheapPart(cheap);
  if (options.parts.includes("notebooks")) results.parts.notebooks = await notebooksPart(options, kernelRepeat);
  if (options.parts.includes("symbolic")) results.parts.symbolic = await inWorker<SymbolicBench>("symbolic", symbolicSpec(options.mode));
  results.loadAtEnd = loadAverage();
  results.seconds = Math.round((Date.now() - started) / 100) / 10;
  results.targets = judge(results, options);
  carryOver(results, options);
  const written = writeReports(results, options.out);
  process.stdout.write(`\n${written.table}\n`);
  progress(`results: ${written.files.map((f) => path.relative(process.cwd(), f)).join(", ")}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
