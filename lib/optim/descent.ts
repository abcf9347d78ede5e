// Internal to lib (not re-exported by lib/optim/index.ts): the one gradient-descent loop on a plain
// point x ∈ ℝⁿ. optim's `gradientDescent` (notebooks 06 and 07) and secondorder's
// `gradientDescentMinimize` (notebook 12) are both this function with their own option names and
// result shapes, so the two cannot drift apart: same steps, same stopping and the same divergence
// rule (`lossDivergence` in ./divergence.ts, applied by `minimize`).
// Introduced in [notebook 06](../../notebooks/06-gradient-descent.ipynb).
import { param } from "../util/params";
import type { Optimizer } from "./optimizer";
import { minimize, type MinimizeResult } from "./runner";

export interface DescentOptions {
  f: (x: number[]) => number;
  grad: (x: number[]) => number[];
  /** Checked by the caller: a non-empty array of finite numbers. */
  x0: readonly number[];
  optimizer: Optimizer;
  maxSteps: number;
  tolerance?: number;
  maxLossGrowth?: number;
  label?: string;
  progress?: boolean;
}

export interface DescentStep {
  iteration: number;
  x: number[];
  loss: number;
  grad: number[];
  gradNorm: number;
  learningRate?: number;
  stepSize?: number;
}

/**
 * Runs `minimize` on one parameter holding x. f is evaluated first and the gradient only where f
 * is finite (a diverged point costs no gradient). `caller` names the function the learner called
 * in every error.
 */
export function descend(options: DescentOptions, caller: string): { run: MinimizeResult; history: DescentStep[] } {
  const { f, grad } = options;
  const size = options.x0.length;
  const x = param("x", [size], [...options.x0]);
  const run = minimize(
    {
      params: [x],
      optimizer: options.optimizer,
      maxSteps: options.maxSteps,
      ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
      ...(options.maxLossGrowth !== undefined ? { maxLossGrowth: options.maxLossGrowth } : {}),
      ...(options.label !== undefined ? { label: options.label } : {}),
      ...(options.progress !== undefined ? { progress: options.progress } : {}),
      lossAndGrad: () => {
        const point = Array.from(x.value);
        const loss = f(point);
        if (typeof loss !== "number") throw new TypeError(`${caller}: f must return a number; got ${describe(loss)}`);
        if (!Number.isFinite(loss)) return loss;
        const g = grad(point);
        if (!Array.isArray(g) || g.length !== size || !g.every((v) => typeof v === "number")) {
          throw new TypeError(`${caller}: grad must return an array of ${size} numbers; got ${describe(g)}`);
        }
        x.grad.set(g);
        return loss;
      },
    },
    caller,
  );
  const history = run.history.map((r): DescentStep => {
    const step: DescentStep = {
      iteration: r.iteration,
      x: Array.from(r.values!),
      loss: r.loss,
      grad: Array.from(r.grad!),
      gradNorm: r.gradNorm,
    };
    if (r.learningRate !== undefined) step.learningRate = r.learningRate;
    if (r.stepSize !== undefined) step.stepSize = r.stepSize;
    return step;
  });
  return { run, history };
}

/** A value as a message shows it: NaN stays NaN (JSON would print null), arrays in brackets. */
export function describe(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(", ")}]`;
  return typeof x === "string" ? JSON.stringify(x) : String(x);
}
