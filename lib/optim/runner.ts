/**
 * The gradient-descent runner for `Param`s: repeat "compute loss and gradient, take an optimizer
 * step" until the gradient is small (converged), the step budget is spent (max-steps), or the run
 * blows up (diverged). Every iteration is recorded. A diverged run never hands back NaN: the
 * parameters are left at the last finite point and the result says where, why, and what to try.
 *
 * @example
 * const w = param("w", [2], [0, 0]);
 * const result = minimize({
 *   params: [w],
 *   lossAndGrad: () => { ...; w.grad.set(gradient); return loss; },
 *   optimizer: sgd({ learningRate: 0.1 }),
 *   maxSteps: 500,
 * });
 * result.status; // "converged" | "max-steps" | "diverged"
 * Introduced in [notebook 08](../../notebooks/08-linear-regression.ipynb).
 */
import { zeroGrads, type Param } from "../util/params";
import { fmt } from "../util/format";
import { curvatureAlongStep, divergenceHint, lossDivergence, MAX_LOSS_GROWTH, type DivergenceReason } from "./divergence";
import type { Optimizer } from "./optimizer";
import { checkStopping } from "./stopping";
import { createProgress } from "../util/progress";
import { show } from "../util/validate";

export type RunStatus = "converged" | "max-steps" | "diverged";

export interface StepRecord {
  /** 0 for the starting point. */
  iteration: number;
  loss: number;
  /** Euclidean norm of the whole gradient. */
  gradNorm: number;
  /** All parameter values at this point, concatenated in `params` order (record: "all"). */
  values?: Float64Array;
  /** The gradient at this point, same layout (record: "all"). */
  grad?: Float64Array;
  /** The rate of the step taken from this point; absent at the last point. */
  learningRate?: number;
  /** ‖θₜ₊₁ − θₜ‖, the length of that step; absent at the last point. */
  stepSize?: number;
}

export interface Divergence {
  /** The iteration at which the problem was detected. */
  iteration: number;
  reason: DivergenceReason;
  /** The learning rate of the step that led there. */
  learningRate: number;
  /** The last point where everything was finite (the parameters are left there). */
  lastFinite: StepRecord;
  hint: string;
  /**
   * The curvature L measured along the last steps, when two steps agreed on it (as on any
   * quadratic); plain gradient descent is then stable below 2/L.
   */
  curvature?: number;
  /** One line for people: what happened, where, and the hint. */
  message: string;
}

export interface MinimizeOptions {
  params: readonly Param[];
  /**
   * Computes the loss at the params' current values and writes (or adds) its gradient into each
   * param's `grad`; the runner zeroes the grads before each call.
   */
  lossAndGrad: () => number;
  optimizer: Optimizer;
  /** Most optimizer steps to take. @default 1000 */
  maxSteps?: number;
  /** Stop when the gradient norm is at or below this. 0 never stops early (use for minibatches). @default 1e-8 */
  tolerance?: number;
  /** Diverged when |loss| exceeds this many times max(|starting loss|, 1) (see `lossDivergence`). @default 1e6 */
  maxLossGrowth?: number;
  /** "all" keeps values and gradients of every iteration; "loss" only the scalars (large models). @default "all" */
  record?: "all" | "loss";
  /** Name used in progress lines. @default the optimizer's name */
  label?: string;
  /** Print progress lines during long runs (false when the caller prints its own summary). @default true */
  progress?: boolean;
}

export interface MinimizeResult {
  status: RunStatus;
  /** Optimizer steps taken. */
  iterations: number;
  /** Loss at the final (finite) point. */
  loss: number;
  gradNorm: number;
  /** Every finite point visited, the starting point first. */
  history: StepRecord[];
  /** Present when status is "diverged". */
  divergence?: Divergence;
  /** One line: status, iterations, final loss (or the divergence message). */
  summary: string;
}

function norm(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] as number) ** 2;
  return Math.sqrt(sum);
}

function flatten(params: readonly Param[], key: "value" | "grad"): Float64Array {
  const size = params.reduce((n, p) => n + p[key].length, 0);
  const out = new Float64Array(size);
  let offset = 0;
  for (const p of params) {
    out.set(p[key], offset);
    offset += p[key].length;
  }
  return out;
}

function restore(params: readonly Param[], values: Float64Array): void {
  let offset = 0;
  for (const p of params) {
    p.value.set(values.subarray(offset, offset + p.value.length));
    offset += p.value.length;
  }
}

const allFinite = (values: ArrayLike<number>) => {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
};

function checkOptions(options: MinimizeOptions): void {
  if (!options || typeof options !== "object" || Array.isArray(options))
    throw new TypeError(`minimize: options must be an object { params, lossAndGrad, optimizer, ... }; got ${show(options)}`);
  if (!Array.isArray(options.params) || options.params.length === 0) {
    throw new TypeError("minimize: params must be a non-empty array of Param objects");
  }
  options.params.forEach((p: unknown, i) => {
    const q = p as Partial<Param> | null;
    if (typeof q !== "object" || q === null || !(q.value instanceof Float64Array) || !(q.grad instanceof Float64Array))
      throw new TypeError(`minimize: params[${i}] must be a Param with value and grad Float64Arrays; got ${show(p)}`);
  });
  if (typeof options.lossAndGrad !== "function") throw new TypeError("minimize: lossAndGrad must be a function () => number");
  if (!options.optimizer || typeof options.optimizer.step !== "function") {
    throw new TypeError("minimize: optimizer must be an optimizer such as sgd({ learningRate: 0.1 })");
  }
  checkStopping("minimize", options, "maxSteps");
  if (options.record !== undefined && options.record !== "all" && options.record !== "loss")
    throw new RangeError(`minimize: record must be "all" or "loss"; got ${show(options.record)}`);
  if (options.label !== undefined && typeof options.label !== "string")
    throw new TypeError(`minimize: label must be a string; got ${show(options.label)}`);
}

/**
 * The curvature along the last step. With two steps it is trusted only when both measured the
 * same value (within 10%), as on any quadratic, where 2/L is then the exact limit; a wild step on
 * another function measures nothing useful and the hint stays generic. When the run blew up on its
 * very first step, that one measurement is all there is, and the hint says so.
 */
function measuredCurvature(
  points: ReadonlyArray<{ values: Float64Array; grad: Float64Array }>,
  firstStepBlewUp: boolean,
): { value: number; steps: 1 | 2 } | undefined {
  const along = (i: number) => curvatureAlongStep(points[i]!.values, points[i + 1]!.values, points[i]!.grad, points[i + 1]!.grad);
  if (points.length === 2 && firstStepBlewUp) {
    const only = along(0);
    return only === undefined ? undefined : { value: only, steps: 1 };
  }
  if (points.length < 3) return undefined;
  const first = along(points.length - 3);
  const second = along(points.length - 2);
  if (first === undefined || second === undefined) return undefined;
  return Math.abs(first - second) <= 0.1 * Math.max(first, second) ? { value: second, steps: 2 } : undefined;
}

/**
 * Runs an optimizer on `params` until convergence, the step budget, or divergence. `caller` is the
 * name errors give (gradientDescent passes its own, so a message names what the learner called).
 */
export function minimize(options: MinimizeOptions, caller = "minimize"): MinimizeResult {
  checkOptions(options);
  const { params, lossAndGrad, optimizer } = options;
  const maxSteps = options.maxSteps === undefined ? 1000 : options.maxSteps;
  const tolerance = options.tolerance === undefined ? 1e-8 : options.tolerance;
  const maxLossGrowth = options.maxLossGrowth === undefined ? MAX_LOSS_GROWTH : options.maxLossGrowth;
  const recordAll = (options.record === undefined ? "all" : options.record) === "all";
  const progress =
    options.progress === false
      ? { update: () => {}, finish: () => {} }
      : createProgress({ label: options.label === undefined ? optimizer.name : options.label, total: maxSteps });
  const history: StepRecord[] = [];

  // The last three finite points, kept even when not recorded, for the curvature estimate of the hint.
  const recent: Array<{ values: Float64Array; grad: Float64Array }> = [];
  let startLoss: number | undefined;
  let lastLr = optimizer.learningRate();

  const diverge = (iteration: number, reason: DivergenceReason, detail: string) => {
    const lastFinite = history[history.length - 1];
    if (!lastFinite) {
      throw new RangeError(`${caller}: the loss or gradient is not finite at the starting point (${detail}); check x0 and the loss code`);
    }
    const measured = measuredCurvature(recent, reason === "loss growth" && iteration === 1);
    const curvature = measured?.value;
    const momentumValue = optimizer.config.momentum;
    const hint = divergenceHint({
      reason,
      optimizer: optimizer.name,
      learningRate: lastLr,
      ...(measured ? { curvature: measured.value, curvatureSteps: measured.steps } : {}),
      ...(typeof momentumValue === "number" ? { momentum: momentumValue } : {}),
    });
    const message = `diverged at iteration ${iteration} (${detail}) with ${optimizer.name} at learning rate ${fmt(lastLr)}. Hint: ${hint}`;
    const divergence: Divergence = { iteration, reason, learningRate: lastLr, lastFinite, hint, message };
    if (curvature !== undefined) divergence.curvature = curvature;
    progress.finish("diverged");
    return {
      status: "diverged" as const,
      iterations: iteration,
      loss: lastFinite.loss,
      gradNorm: lastFinite.gradNorm,
      history,
      divergence,
      summary: message,
    };
  };

  for (let t = 0; ; t++) {
    zeroGrads(params);
    const loss = lossAndGrad();
    if (typeof loss !== "number") throw new TypeError(`minimize: lossAndGrad must return a number; got ${typeof loss}`);
    const values = flatten(params, "value");
    const grad = flatten(params, "grad");
    // The divergence rule (lossDivergence): a non-finite loss ends the run before it is recorded; a
    // finite one that grew too far is recorded first (it is a finite point), then ends the run.
    const verdict = lossDivergence(loss, startLoss ?? loss, maxLossGrowth);
    if (verdict?.reason === "non-finite loss") return diverge(t, verdict.reason, verdict.detail);
    if (!allFinite(grad)) return diverge(t, "non-finite gradient", "the gradient has non-finite entries");
    const gradNorm = norm(grad);
    const record: StepRecord = { iteration: t, loss, gradNorm };
    if (recordAll) {
      record.values = values;
      record.grad = grad;
    }
    startLoss ??= loss;
    history.push(record);
    recent.push({ values, grad });
    if (recent.length > 3) recent.shift();
    if (verdict) return diverge(t, verdict.reason, verdict.detail);
    if (gradNorm <= tolerance || t >= maxSteps) {
      const status: RunStatus = gradNorm <= tolerance ? "converged" : "max-steps";
      progress.finish(`loss ${fmt(loss)}`);
      const summary =
        status === "converged"
          ? `converged in ${t} iterations: loss ${fmt(loss)}, gradient norm ${fmt(gradNorm, 3)} <= tolerance ${fmt(tolerance)}`
          : `stopped after ${t} iterations (maxSteps): loss ${fmt(loss)}, gradient norm ${fmt(gradNorm, 3)}`;
      return { status, iterations: t, loss, gradNorm, history, summary };
    }
    lastLr = optimizer.learningRate();
    optimizer.step(params);
    const after = flatten(params, "value");
    if (!allFinite(after)) {
      restore(params, values);
      return diverge(t + 1, "non-finite parameters", "a step produced non-finite parameter values");
    }
    let moved = 0;
    for (let i = 0; i < after.length; i++) moved += (after[i]! - values[i]!) ** 2;
    record.learningRate = lastLr;
    record.stepSize = Math.sqrt(moved);
    progress.update(t + 1, `loss ${fmt(loss)}`);
  }
}
