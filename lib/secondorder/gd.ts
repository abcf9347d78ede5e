/**
 * Plain gradient descent with a fixed learning rate, returning the same SolverResult as Newton
 * and L-BFGS so the three can be compared step for step (notebook 12). The full optimizer family
 * (momentum, Adam ...) is in lib/optim; this is the first-order baseline, and it runs lib/optim's
 * own loop (lib/optim/descent.ts, the loop of `gradientDescent`): the same steps, the same
 * stopping and the same divergence rule (`lossDivergence`), only the options and the result have
 * this folder's shape.
 *
 * @example
 * gradientDescentMinimize(objective(rosenbrockFn), [-1.2, 1], { lr: 0.001, maxIterations: 50000 }).iterations;
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { checkPoint, checkInteger, checkNumber, checkObject, checkStep } from "../util/validate";
import { descend } from "../optim/descent";
import { sgd } from "../optim/sgd";
import type { RunStatus } from "../optim/runner";
import { checkObjective, counted, type SolverObjective } from "./objective";
import { checkIterationOptions } from "./newton";
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

const STATUS: Record<RunStatus, SolverStatus> = { converged: "converged", "max-steps": "max-iterations", diverged: "diverged" };

export function gradientDescentMinimize(
  objective: SolverObjective,
  x0: readonly number[],
  options: GradientDescentMinimizeOptions,
): SolverResult {
  checkObjective("gradientDescentMinimize: objective", objective);
  checkPoint("gradientDescentMinimize: x0", x0);
  checkObject("gradientDescentMinimize: options", options, "{ lr: 0.1 }");
  checkStep(options.lr, "lr");
  if (options.tolerance !== undefined) checkNumber("gradientDescentMinimize: tolerance", options.tolerance);
  if (options.maxIterations !== undefined) checkInteger("gradientDescentMinimize: maxIterations", options.maxIterations, 1);
  if (options.recordEvery !== undefined) checkInteger("gradientDescentMinimize: recordEvery", options.recordEvery, 1);
  const { lr, tolerance = 1e-6, maxIterations = 10000, recordEvery = 1 } = options;
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`lr must be a positive finite number; got ${lr}`);
  checkIterationOptions(tolerance, maxIterations);
  if (!Number.isInteger(recordEvery) || recordEvery < 1) throw new RangeError(`recordEvery must be an integer >= 1; got ${recordEvery}`);
  const start = [...checkPoint("x0", x0)];
  const { obj, evaluations } = counted(objective);
  const method = `gradient descent (lr = ${lr})`;
  const { run, history } = descend(
    {
      f: (x) => obj.value(x),
      grad: (x) => obj.gradient(x),
      x0: start,
      optimizer: sgd({ learningRate: lr }),
      maxSteps: maxIterations,
      tolerance,
      // The result's summary says how the run ended; progress lines would only add noise (and
      // their count depends on the machine's speed).
      progress: false,
    },
    "gradientDescentMinimize",
  );
  const kept: SolverStep[] = history
    .filter((s, i) => s.iteration % recordEvery === 0 || i === history.length - 1)
    .map((s) => ({ iteration: s.iteration, x: s.x, value: s.loss, gradNorm: s.gradNorm }));
  const k = run.iterations;
  const message =
    run.status === "converged"
      ? `‖∇f‖ = ${run.gradNorm.toPrecision(3)} <= ${tolerance} after ${k} iterations.`
      : run.status === "max-steps"
        ? `‖∇f‖ is still ${run.gradNorm.toPrecision(3)} after ${maxIterations} iterations.`
        : run.divergence!.message;
  const divergence = run.divergence && { iteration: run.divergence.iteration, reason: run.divergence.reason };
  return new SolverResult(method, STATUS[run.status], message, kept, evaluations, divergence);
}
