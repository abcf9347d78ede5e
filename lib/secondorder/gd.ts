/**
 * Plain gradient descent with a fixed learning rate, returning the same SolverResult as Newton
 * and L-BFGS so the three can be compared step for step (notebook 12). The full optimizer family
 * (momentum, Adam ...) is in lib/optim; this is the first-order baseline.
 *
 * @example
 * gradientDescentMinimize(objective(rosenbrockFn), [-1.2, 1], { lr: 0.001, maxIterations: 50000 }).iterations;
 */
import { axpy, norm } from "./linalg";
import { counted, type Objective } from "./objective";
import { checkIterationOptions } from "./newton";
import { startAt } from "./start";
import { SolverResult, type SolverStatus, type SolverStep } from "./result";

export interface GradientDescentMinimizeOptions {
  /** Learning rate (step = -lr·∇f). */
  lr: number;
  /** Stop when ‖∇f‖ <= tolerance (default 1e-6). */
  tolerance?: number;
  /** Iteration budget (default 10000). */
  maxIterations?: number;
  /** Keep every k-th iterate in the history (default 1; the last one is always kept). */
  recordEvery?: number;
}

export function gradientDescentMinimize(
  objective: Objective,
  x0: readonly number[],
  options: GradientDescentMinimizeOptions,
): SolverResult {
  const { lr, tolerance = 1e-6, maxIterations = 10000, recordEvery = 1 } = options;
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`lr must be a positive finite number; got ${lr}`);
  checkIterationOptions(tolerance, maxIterations);
  if (!Number.isInteger(recordEvery) || recordEvery < 1) throw new RangeError(`recordEvery must be an integer >= 1; got ${recordEvery}`);
  const { obj, evaluations } = counted(objective);
  const method = `gradient descent (lr = ${lr})`;
  const start = startAt(obj, x0);
  let { x, value, gradient } = start;
  const { history, limit } = start;
  const finish = (status: SolverStatus, message: string, k: number) => {
    const last = history[history.length - 1] as SolverStep;
    if (last.iteration !== k) history.push({ iteration: k, x, value, gradNorm: norm(gradient) });
    return new SolverResult(method, status, message, history, evaluations);
  };
  for (let k = 1; ; k++) {
    const gradNorm = norm(gradient);
    if (gradNorm <= tolerance)
      return finish("converged", `‖∇f‖ = ${gradNorm.toPrecision(3)} <= ${tolerance} after ${k - 1} iterations.`, k - 1);
    if (k > maxIterations)
      return finish("max-iterations", `‖∇f‖ is still ${gradNorm.toPrecision(3)} after ${maxIterations} iterations.`, k - 1);
    const next = axpy(x, -lr, gradient);
    const nextValue = obj.value(next);
    if (!Number.isFinite(nextValue) || Math.abs(nextValue) > limit) {
      return finish(
        "diverged",
        `iteration ${k}: f jumped to ${nextValue.toPrecision(3)}; the learning rate ${lr} is too large for the curvature here. Try a smaller lr.`,
        k - 1,
      );
    }
    [x, value, gradient] = [next, nextValue, obj.gradient(next)];
    if (k % recordEvery === 0) history.push({ iteration: k, x, value, gradNorm: norm(gradient) });
  }
}
