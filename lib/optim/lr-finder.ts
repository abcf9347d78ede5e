/**
 * The learning-rate finder: train for a short while with a rate that grows exponentially from
 * tiny to huge, record the loss at each rate, and read off a good rate from the curve. The loss
 * barely moves while the rate is too small, falls fastest in the useful range, and shoots up
 * once the rate is too large. The parameters are put back afterwards.
 *
 * Suggestion: the rate where the smoothed loss falls fastest per decade of rate (steepest
 * negative slope of loss against log10(lr)), a common and conservative choice; the rate at the
 * lowest loss, divided by 10, is reported too.
 * Introduced in [notebook 07](../../notebooks/07-learning-rate.ipynb).
 */
import type { Param } from "../util/params";
import { zeroGrads } from "../util/params";
import { fmt } from "../util/format";
import type { Optimizer, Schedule } from "./optimizer";
import { createProgress } from "../util/progress";
import { show } from "../util/validate";

import { at } from "../util/array";
export interface LrFinderOptions {
  params: readonly Param[];
  /** Loss at the current values (of the current minibatch), writing the gradient into the grads. */
  lossAndGrad: () => number;
  /** Builds the optimizer to probe with, from the schedule the finder supplies. */
  makeOptimizer: (learningRate: Schedule) => Optimizer;
  /** @default 1e-5 */
  minLr?: number;
  /** @default 10 */
  maxLr?: number;
  /** Number of rates tried (one step each). @default 100 */
  steps?: number;
  /** Exponential smoothing of the loss curve (0 = none); also stops the sweep (see stopFactor). @default 0.9 */
  smoothing?: number;
  /** Stop once the running (one-way, bias-corrected) average of the loss exceeds this many times its best so far. @default 4 */
  stopFactor?: number;
}

export interface LrFinderResult {
  /** The rates tried, in order. */
  learningRates: number[];
  /** The raw loss before each step (finite values only; the run stops at the first non-finite one). */
  losses: number[];
  /**
   * The losses smoothed without lag: a centred moving average of log(loss) over the finished curve
   * (see centredSmooth). A running average would trail a falling curve and run above the raw points.
   */
  smoothed: number[];
  /** The rate where the smoothed loss fell fastest. */
  suggested: number;
  /** The rate at the lowest smoothed loss. */
  minLossLr: number;
  /** Why the sweep ended. */
  stoppedBecause: string;
  summary: string;
}

export function findLearningRate(options: LrFinderOptions): LrFinderResult {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(`findLearningRate: options must be an object { params, lossAndGrad, makeOptimizer, ... }; got ${show(options)}`);
  const { params, lossAndGrad } = options;
  if (!Array.isArray(params) || params.length === 0)
    throw new TypeError(`findLearningRate: params must be a non-empty array of Param objects (from createParam); got ${show(params)}`);
  params.forEach((p: unknown, i) => {
    const q = p as Partial<Param> | null;
    if (typeof q !== "object" || q === null || !(q.value instanceof Float64Array) || !(q.grad instanceof Float64Array))
      throw new TypeError(`findLearningRate: params[${i}] must be a Param with value and grad Float64Arrays; got ${show(p)}`);
  });
  if (typeof lossAndGrad !== "function")
    throw new TypeError(`findLearningRate: lossAndGrad must be a function () => number that writes the gradient; got ${show(lossAndGrad)}`);
  // a missing option takes its default; anything else, null included, is checked
  const pick = (value: number | undefined, fallback: number): number => (value === undefined ? fallback : value);
  const minLr = pick(options.minLr, 1e-5);
  const maxLr = pick(options.maxLr, 10);
  const steps = pick(options.steps, 100);
  const beta = pick(options.smoothing, 0.9);
  const stopFactor = pick(options.stopFactor, 4);
  const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);
  if (!(finite(minLr) && minLr > 0))
    throw new RangeError(`findLearningRate: minLr must be a positive finite number such as 1e-5; got ${show(minLr)}`);
  if (!(finite(maxLr) && maxLr > minLr))
    throw new RangeError(`findLearningRate: maxLr must be a finite number above minLr = ${minLr}, such as 10; got ${show(maxLr)}`);
  if (!(finite(steps) && Number.isInteger(steps) && steps >= 5))
    throw new RangeError(`findLearningRate: steps must be an integer >= 5; got ${show(steps)}`);
  if (!(finite(beta) && beta >= 0 && beta < 1))
    throw new RangeError(`findLearningRate: smoothing must be a number in [0, 1); got ${show(beta)}`);
  if (!(finite(stopFactor) && stopFactor > 1))
    throw new RangeError(`findLearningRate: stopFactor must be a finite number > 1; got ${show(stopFactor)}`);
  if (typeof options.makeOptimizer !== "function")
    throw new TypeError(`findLearningRate: makeOptimizer must be a function (schedule) => optimizer; got ${show(options.makeOptimizer)}`);

  const rateAt: Schedule = (t) => minLr * (maxLr / minLr) ** (t / (steps - 1));
  const made: unknown = options.makeOptimizer(rateAt);
  if (typeof made !== "object" || made === null || typeof (made as Partial<Optimizer>).step !== "function")
    throw new TypeError(`findLearningRate: makeOptimizer must return an optimizer such as sgd({ learningRate }); got ${show(made)}`);
  const optimizer = made as Optimizer;
  const saved = params.map((p) => Float64Array.from(p.value));
  const progress = createProgress({ label: "learning-rate finder", total: steps });
  const learningRates: number[] = [];
  const losses: number[] = [];
  const running: number[] = [];
  let average = 0;
  let best = Infinity;
  let stoppedBecause = `reached maxLr ${fmt(maxLr)}`;
  try {
    for (let t = 0; t < steps; t++) {
      zeroGrads(params);
      const loss = lossAndGrad();
      if (!Number.isFinite(loss)) {
        stoppedBecause = `the loss became ${loss} at rate ${fmt(rateAt(t), 3)}`;
        break;
      }
      average = beta * average + (1 - beta) * loss;
      const value = average / (1 - beta ** (t + 1)); // bias correction: early averages lean towards 0
      learningRates.push(rateAt(t));
      losses.push(loss);
      running.push(value);
      best = Math.min(best, value);
      if (t > 0 && value > stopFactor * best) {
        stoppedBecause = `the smoothed loss exceeded ${fmt(stopFactor)}× its best at rate ${fmt(rateAt(t), 3)}`;
        break;
      }
      optimizer.step(params);
      progress.update(t + 1, `lr ${fmt(rateAt(t), 3)}, loss ${fmt(loss)}`);
    }
  } finally {
    params.forEach((p, i) => p.value.set(at(saved, i, "saved")));
    zeroGrads(params);
  }
  progress.finish();
  if (running.length < 3) {
    throw new RangeError(`findLearningRate: only ${running.length} finite losses (${stoppedBecause}); lower minLr`);
  }
  const smoothed = centredSmooth(losses, beta);
  // Steepest descent of the smoothed loss against log10(lr), by central differences.
  let steepest = 1;
  let slopeMin = Infinity;
  for (let i = 1; i < smoothed.length - 1; i++) {
    const slope =
      (at(smoothed, i + 1, "smoothed") - at(smoothed, i - 1, "smoothed")) /
      (Math.log10(at(learningRates, i + 1, "learningRates")) - Math.log10(at(learningRates, i - 1, "learningRates")));
    if (slope < slopeMin) {
      slopeMin = slope;
      steepest = i;
    }
  }
  const minIndex = smoothed.indexOf(Math.min(...smoothed));
  const suggested = at(learningRates, steepest, "learningRates");
  const minLossLr = at(learningRates, minIndex, "learningRates");
  const summary =
    `tried ${learningRates.length} rates from ${fmt(minLr, 3)} (${stoppedBecause}); steepest fall at lr ≈ ${fmt(suggested, 3)}, ` +
    `lowest loss at lr ≈ ${fmt(minLossLr, 3)} (a tenth of it: ${fmt(minLossLr / 10, 3)})`;
  return { learningRates, losses, smoothed, suggested, minLossLr, stoppedBecause, summary };
}

/**
 * A centred moving average over 2k + 1 points, k = round(β / (4(1 − β))) (2 for the default
 * β = 0.9), with the window shrinking symmetrically at both ends. Centred, it does not trail a
 * falling curve the way a running average does (that one runs above the raw points); done on
 * log(loss) when every loss is positive, since the curve spans decades and is read on a log axis.
 */
function centredSmooth(values: readonly number[], beta: number): number[] {
  const k = Math.round(beta / (4 * (1 - beta)));
  if (k === 0) return [...values];
  const logs = values.every((v) => v > 0);
  const input = logs ? values.map(Math.log) : [...values];
  return input.map((_, i) => {
    const half = Math.min(k, i, input.length - 1 - i);
    let sum = 0;
    for (let j = i - half; j <= i + half; j++) sum += at(input, j, "input");
    const mean = sum / (2 * half + 1);
    return logs ? Math.exp(mean) : mean;
  });
}
