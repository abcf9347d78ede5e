/**
 * Gradient descent on a plain function of a number or of a vector, the way the course first meets
 * it: x ← x − lr·f'(x). The same runner as `minimize` (and so the same history, stopping rules and
 * divergence reports), with points given as `number` or `number[]` instead of `Param`s. It is the
 * loop of ./descent.ts, which lib/secondorder's `gradientDescentMinimize` runs as well.
 *
 * @example
 * const run = gradientDescent({ f: (x) => x * x - 4 * x + 4, grad: (x) => 2 * x - 4, x0: 0, lr: 0.1, steps: 50 });
 * run.history.slice(0, 4).map((h) => h.x); // [0, 0.4, 0.72, 0.976]
 * run.x; // ≈ 2
 * Introduced in [notebook 06](../../notebooks/06-gradient-descent.ipynb).
 */
import type { LearningRate, Optimizer } from "./optimizer";
import type { RunStatus } from "./runner";
import { descend, describe } from "./descent";
import { checkStopping } from "./stopping";
import { show } from "../util/validate";
import { sgd } from "./sgd";
import type { DivergenceReason } from "./divergence";

export type Point = number | number[];

export interface GradientDescentOptions<P extends Point> {
  /** The function to minimise. */
  f: (x: P) => number;
  /** Its gradient (its derivative, for a function of one number). */
  grad: (x: P) => P;
  /** Starting point. */
  x0: P;
  /** Plain gradient descent at this rate (a number or a schedule). Give this or `optimizer`. */
  lr?: LearningRate;
  /** Any gradlab optimizer (adam, momentum ...) instead of plain gradient descent. */
  optimizer?: Optimizer;
  /** Most steps. @default 100 */
  steps?: number;
  /** Stop when |gradient| <= tolerance. @default 1e-8 */
  tolerance?: number;
  /** Diverged when |f| grows beyond this many times max(|f(x0)|, 1) (see `lossDivergence`). @default 1e6 */
  maxLossGrowth?: number;
  /** Name used in progress lines. */
  label?: string;
}

export interface GdStep<P extends Point> {
  iteration: number;
  x: P;
  /** f(x). */
  loss: number;
  grad: P;
  gradNorm: number;
  /** Rate of the step taken from here; absent at the last point. */
  learningRate?: number;
  /** Distance moved by that step; absent at the last point. */
  stepSize?: number;
}

export interface GdDivergence<P extends Point> {
  iteration: number;
  reason: DivergenceReason;
  learningRate: number;
  lastFinite: GdStep<P>;
  hint: string;
  /** Curvature measured along the last steps, when consistent (see Divergence). */
  curvature?: number;
  message: string;
}

export interface GdResult<P extends Point> {
  status: RunStatus;
  /** The final point (the last finite one if the run diverged). */
  x: P;
  loss: number;
  iterations: number;
  /** Every finite point visited, x0 first. */
  history: GdStep<P>[];
  divergence?: GdDivergence<P>;
  summary: string;
  /**
   * The visited points, thinned evenly to at most `maxPoints` (first and last kept) for plotting.
   * Thinning can hide a step-to-step zig-zag (every other point looks smooth): pass at least
   * `history.length` to draw every step.
   */
  path(maxPoints?: number): P[];
}

/** Indices 0..n-1 thinned evenly to at most `max` entries, always keeping the first and the last. */
export function thinIndices(n: number, max: number): number[] {
  if (!(typeof n === "number" && Number.isSafeInteger(n) && n >= 0))
    throw new RangeError(`thinIndices: n must be an integer >= 0; got ${show(n)}`);
  if (!(Number.isInteger(max) && max >= 2)) throw new RangeError(`maxPoints must be an integer >= 2; got ${show(max)}`);
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
}

function checkPoint(name: string, x: unknown): asserts x is Point {
  const ok =
    typeof x === "number"
      ? Number.isFinite(x)
      : Array.isArray(x) && x.length > 0 && x.every((v) => typeof v === "number" && Number.isFinite(v));
  if (!ok)
    throw new RangeError(`gradientDescent: ${name} must be a finite number or a non-empty array of finite numbers; got ${describe(x)}`);
}

/** Minimises f from x0 by gradient descent (or the given optimizer), recording every step. */
export function gradientDescent(options: GradientDescentOptions<number>): GdResult<number>;
export function gradientDescent(options: GradientDescentOptions<number[]>): GdResult<number[]>;
export function gradientDescent<P extends Point>(options: GradientDescentOptions<P>): GdResult<P> {
  if (!options || typeof options !== "object") throw new TypeError("gradientDescent: expected an options object { f, grad, x0, lr }");
  const { f, grad, x0 } = options;
  if (typeof f !== "function" || typeof grad !== "function") throw new TypeError("gradientDescent: f and grad must be functions");
  checkPoint("x0", x0);
  if ((options.lr === undefined) === (options.optimizer === undefined)) {
    throw new TypeError("gradientDescent: give exactly one of lr (plain gradient descent) or optimizer");
  }
  const { lr } = options;
  if (typeof lr === "number" && !(Number.isFinite(lr) && lr > 0)) {
    throw new RangeError(`gradientDescent: lr must be a positive finite number (or a schedule t => rate); got ${String(lr)}`);
  }
  if (lr !== undefined && typeof lr !== "number" && typeof lr !== "function") {
    throw new TypeError(`gradientDescent: lr must be a positive finite number (or a schedule t => rate); got ${describe(lr)}`);
  }
  // Only a missing steps takes the default: an explicit null is a mistake checkStopping names.
  checkStopping("gradientDescent", { ...options, steps: options.steps === undefined ? 100 : options.steps }, "steps");
  const scalar = typeof x0 === "number";
  const toPoint = (values: readonly number[]): P => (scalar ? values[0] : [...values]) as P;
  const { run, history: steps } = descend(
    {
      // A function of one number runs as a function of a 1-vector.
      f: (x) => f(toPoint(x)),
      grad: (x) => {
        const g: unknown = grad(toPoint(x));
        if (!scalar) return g as number[];
        if (typeof g !== "number") throw new TypeError(`gradientDescent: grad must return a number; got ${describe(g)}`);
        return [g];
      },
      x0: scalar ? [x0] : x0,
      optimizer: options.optimizer ?? sgd({ learningRate: options.lr as LearningRate }),
      maxSteps: options.steps ?? 100,
      ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
      ...(options.maxLossGrowth !== undefined ? { maxLossGrowth: options.maxLossGrowth } : {}),
      ...(options.label !== undefined ? { label: options.label } : {}),
    },
    "gradientDescent",
  );

  const history = steps.map((s): GdStep<P> => ({ ...s, x: toPoint(s.x), grad: toPoint(s.grad) }));
  const last = history[history.length - 1]!;
  const result: GdResult<P> = {
    status: run.status,
    x: last.x,
    loss: last.loss,
    iterations: run.iterations,
    history,
    summary: run.summary,
    path(maxPoints = 500) {
      return thinIndices(history.length, maxPoints).map((i) => history[i]!.x);
    },
  };
  if (run.divergence) {
    const d = run.divergence;
    result.divergence = {
      iteration: d.iteration,
      reason: d.reason,
      learningRate: d.learningRate,
      lastFinite: last,
      hint: d.hint,
      message: d.message,
    };
    if (d.curvature !== undefined) result.divergence.curvature = d.curvature;
  }
  return result;
}
