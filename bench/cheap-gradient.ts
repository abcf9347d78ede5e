/**
 * Part 3: the cheap-gradient principle. For a function of n inputs, reverse mode delivers the
 * whole gradient for a small constant times the cost of evaluating the function, whatever n;
 * a finite-difference gradient needs two evaluations per input (central differences), so its
 * cost grows like 2n.
 *
 * The function: the mean squared error of a network [w, w, 1] (tanh hidden layer) on a batch of
 * fixed inputs, as a function of its n = w² + 2w + 1 parameters. The forward pass is
 * `mse.value(model.forward(X), y)`; the reverse-mode gradient is lib/nn's `backprop` (forward,
 * loss, backward to the parameters: `inputGradient: false`, since X is data and not an input of
 * this function); finite differences perturb each parameter by ±h and evaluate the forward pass.
 * Where a full finite-difference gradient would take longer than the time budget, its cost is
 * measured on a sample of parameters and scaled to n (marked `estimated`).
 */
import { createRng } from "../lib/random";
import { Matrix } from "../lib/util/matrix";
import { mlp, backprop } from "../lib/nn/mlp";
import { tanh } from "../lib/nn/activations";
import { xavierNormal } from "../lib/nn/init";
import { mse } from "../lib/nn/losses";
import { timeIt } from "../lib/autodiff/timing";
import { summarize } from "./stats";

/** Alternating forward / reverse timing blocks per problem size. */
const TIMING_BLOCKS = 6;
/** Least time spent repeating a full finite-difference gradient. */
const FD_MIN_MS = 50;

const median = (xs: number[]): number => summarize(xs).median;

export interface CheapGradientSpec {
  /** Hidden widths w; each gives one problem size n = w² + 2w + 1. */
  widths: number[];
  batch: number;
  seed: number;
  /** Minimum milliseconds spent timing each forward pass / gradient (many calls, median), split into blocks. */
  minMs: number;
  /** A finite-difference gradient expected to take longer than this is sampled instead. */
  fdBudgetMs: number;
  /**
   * Processes per problem size. The point shows the process whose gradient / forward ratio is the
   * median (the finite differences come from the first): the same code runs measurably faster or
   * slower from one Node process to the next (seen: 2.1x and 3.0x at the same n), beyond what
   * blocks inside one process can even out.
   */
  processes: number;
}

export interface CheapGradientPoint {
  n: number;
  width: number;
  forwardMs: number;
  reverseMs: number;
  /** reverse / forward: the median over interleaved timing blocks of the blocks' ratios. */
  reverseRatio: number;
  finiteDifferenceMs: number;
  /** finiteDifferenceMs / forwardMs (about 2n). */
  finiteDifferenceRatio: number;
  /** True when the finite-difference time was measured on `sampled` parameters and scaled to n. */
  estimated: boolean;
  sampled: number;
  /** Largest relative difference between the two gradients on the compared parameters. */
  maxRelativeDifference: number;
  /** reverseRatio of each process, when there were several (the point shows the median one's). */
  processRatios?: number[];
}

/**
 * One point from several processes' measurements of the same size: the forward pass, gradient and
 * their ratio of the process whose ratio is the median (so the columns belong together), the
 * finite differences of the first process (the only one that takes them), against its own
 * forward pass.
 */
export function combinePoints(points: CheapGradientPoint[]): CheapGradientPoint {
  const [first] = points;
  if (!first) throw new Error("combinePoints: no points");
  if (points.length === 1) return first;
  const byRatio = [...points].sort((a, b) => a.reverseRatio - b.reverseRatio);
  const mid = byRatio[(byRatio.length - 1) >> 1] as CheapGradientPoint;
  return {
    ...first,
    forwardMs: mid.forwardMs,
    reverseMs: mid.reverseMs,
    reverseRatio: mid.reverseRatio,
    processRatios: points.map((p) => p.reverseRatio),
  };
}

export function cheapGradientPoint(width: number, spec: CheapGradientSpec): CheapGradientPoint {
  const rng = createRng(spec.seed);
  const model = mlp({ sizes: [width, width, 1], activation: tanh, init: xavierNormal, rng });
  const X = Matrix.fromFlat(spec.batch, width, rng.normals(spec.batch * width));
  const y = Matrix.fromFlat(spec.batch, 1, rng.normals(spec.batch));
  const params = model.params();
  const n = params.reduce((s, p) => s + p.value.length, 0);
  const f = () => mse.value(model.forward(X), y);

  // Forward and reverse are timed in alternating blocks (which one goes first alternates too) and
  // the ratio is the median of the blocks' ratios: the machine's speed drifts over seconds, and
  // timed one after the other the two could land on a fast and a slow stretch (seen: 1.2x at one n).
  const gradient = () => backprop(model, mse, X, y, { inputGradient: false });
  const block = { minMs: spec.minMs / TIMING_BLOCKS, maxCalls: 100000 };
  const forwardBlocks: number[] = [];
  const reverseBlocks: number[] = [];
  for (let b = 0; b < TIMING_BLOCKS; b++) {
    if (b % 2 === 0) {
      forwardBlocks.push(timeIt(f, block).ms);
      reverseBlocks.push(timeIt(gradient, block).ms);
    } else {
      reverseBlocks.push(timeIt(gradient, block).ms);
      forwardBlocks.push(timeIt(f, block).ms);
    }
  }
  const forward = { ms: median(forwardBlocks) };
  const reverse = { ms: median(reverseBlocks) };
  const reverseRatio = median(reverseBlocks.map((r, b) => r / (forwardBlocks[b] as number)));
  backprop(model, mse, X, y);
  const exact = params.flatMap((p) => Array.from(p.grad));

  // Central differences on the parameters in order; all of them when the budget allows.
  const h = 1e-5;
  const all = 2 * n * forward.ms <= spec.fdBudgetMs;
  const count = all ? n : Math.max(8, Math.min(n, Math.floor(spec.fdBudgetMs / (2 * forward.ms))));
  // slot k: parameter array and index of the k-th number in `exact`'s order
  const slots: Array<{ values: Float64Array; i: number; k: number }> = [];
  for (const p of params) for (let i = 0; i < p.value.length; i++) slots.push({ values: p.value, i, k: slots.length });
  const stride = Math.ceil(n / count);
  const picked = all ? slots : slots.filter((s) => s.k % stride === 0).slice(0, count);
  const fd = new Array<number>(picked.length);
  const fdPass = () =>
    picked.forEach(({ values, i }, j) => {
      const x0 = values[i] as number;
      values[i] = x0 + h;
      const plus = f();
      values[i] = x0 - h;
      const minus = f();
      values[i] = x0;
      fd[j] = (plus - minus) / (2 * h);
    });
  // A full gradient that is quick to take is taken once untimed and then repeated for at least
  // FD_MIN_MS (one pass at n = 25 is under a millisecond: a single timing of it is noise); a
  // sampled one is long enough as it is.
  if (all) fdPass();
  let passes = 0;
  const t0 = process.hrtime.bigint();
  do {
    fdPass();
    passes++;
  } while (all && Number(process.hrtime.bigint() - t0) / 1e6 < FD_MIN_MS);
  const fdMs = (Number(process.hrtime.bigint() - t0) / 1e6 / passes) * (n / picked.length);

  let maxRelativeDifference = 0;
  picked.forEach(({ k }, j) => {
    const a = fd[j] as number;
    const e = exact[k] as number;
    maxRelativeDifference = Math.max(maxRelativeDifference, Math.abs(a - e) / Math.max(1e-8, Math.abs(a) + Math.abs(e)));
  });

  return {
    n,
    width,
    forwardMs: forward.ms,
    reverseMs: reverse.ms,
    reverseRatio,
    finiteDifferenceMs: fdMs,
    finiteDifferenceRatio: fdMs / forward.ms,
    estimated: !all,
    sampled: picked.length,
    maxRelativeDifference,
  };
}
