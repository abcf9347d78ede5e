/**
 * gradlab's optimizers beside TensorFlow.js's: the same function, the same start, the same
 * hyperparameters, step by step. tfjs computes in float32 and gradlab in float64, so the two
 * trajectories agree to about float32 precision, not exactly.
 *
 * @example
 * crossCheckOptimizer({
 *   name: "adam on the bowl",
 *   ours: adam({ learningRate: 0.1 }),
 *   theirs: tf.train.adam(0.1),
 *   f: bowl.f, grad: bowl.grad, fTf: bowl.fTf,
 *   x0: [1.5, 1], steps: 30,
 * });
 * Introduced in [notebook 06](../../notebooks/06-gradient-descent.ipynb).
 */
import { showTable } from "../display/table";
import { isClose, TF_TOLERANCE, type Tolerance } from "../check/tolerance";
import { disposeTfOptimizer, tf } from "../tf";
import { fmt, fmtVector } from "../util/format";
import { show } from "../util/validate";
import { gradientDescent } from "./gradient-descent";
import type { Optimizer } from "./optimizer";
import { at } from "../util/array";

export interface TfjsTrajectoryOptions {
  /** The loss with tfjs ops, one scalar tensor per coordinate. */
  fTf: (...coordinates: tf.Tensor[]) => tf.Tensor;
  x0: number[];
  /** A tfjs optimizer, e.g. tf.train.adam(0.1). It is disposed afterwards. */
  optimizer: tf.Optimizer;
  steps: number;
}

/** The points a tfjs optimizer visits (x0 first), as float64 numbers. No tensors survive the call. */
export function tfjsTrajectory(options: TfjsTrajectoryOptions): number[][] {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(
      `tfjsTrajectory: options must be an object such as { fTf, x0: [1, 1], optimizer: tf.train.sgd(0.1), steps: 20 }; got ${show(options)}`,
    );
  const { fTf, x0, optimizer, steps } = options;
  if (typeof fTf !== "function") throw new TypeError(`tfjsTrajectory: fTf must be a function of tf scalars; got ${show(fTf)}`);
  if (!Array.isArray(x0) || x0.length === 0 || !x0.every((v) => typeof v === "number" && Number.isFinite(v)))
    throw new RangeError(`tfjsTrajectory: x0 must be a non-empty array of finite numbers such as [1, 1]; got ${show(x0)}`);
  if (typeof optimizer !== "object" || optimizer === null || typeof (optimizer as { minimize?: unknown }).minimize !== "function")
    throw new TypeError(`tfjsTrajectory: optimizer must be a tfjs optimizer such as tf.train.sgd(0.1); got ${show(optimizer)}`);
  if (!(typeof steps === "number" && Number.isInteger(steps) && steps >= 0))
    throw new RangeError(`tfjsTrajectory: steps must be an integer >= 0; got ${show(steps)}`);
  const variables = x0.map((v) => tf.tidy(() => tf.variable(tf.scalar(v))));
  const read = () => variables.map((v) => at(v.dataSync(), 0, "tfjs variable"));
  const points = [read()];
  try {
    for (let t = 0; t < steps; t++) {
      tf.tidy(() => {
        optimizer.minimize(() => fTf(...variables).asScalar(), false, variables);
      });
      points.push(read());
    }
  } finally {
    variables.forEach((v) => v.dispose());
    disposeTfOptimizer(optimizer);
  }
  return points;
}

export interface OptimizerCrossCheckOptions {
  name: string;
  /** A fresh gradlab optimizer. */
  ours: Optimizer;
  /** The matching fresh tfjs optimizer (disposed afterwards). */
  theirs: tf.Optimizer;
  f: (p: number[]) => number;
  grad: (p: number[]) => number[];
  fTf: (...coordinates: tf.Tensor[]) => tf.Tensor;
  x0: number[];
  steps: number;
  /** rtol applies to the largest coordinate on the path. @default TF_TOLERANCE (rtol 1e-4, atol 1e-5) */
  tolerance?: Tolerance;
  /** Show a table of some steps. @default true */
  display?: boolean;
}

export interface OptimizerCrossCheckReport {
  name: string;
  ours: number[][];
  theirs: number[][];
  /** Largest |gradlab − tfjs| over all steps and coordinates. */
  maxDifference: number;
  passed: boolean;
}

/** Runs both optimizers and compares every point; throws (after showing the table) on a mismatch. */
export function crossCheckOptimizer(options: OptimizerCrossCheckOptions): OptimizerCrossCheckReport {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new TypeError(
      `crossCheckOptimizer: options must be an object such as { name, ours, theirs, f, grad, fTf, x0, steps }; got ${show(options)}`,
    );
  if (typeof options.name !== "string") throw new TypeError(`crossCheckOptimizer: name must be a string; got ${show(options.name)}`);
  const tol = options.tolerance ?? TF_TOLERANCE;
  const run = gradientDescent({
    f: options.f,
    grad: options.grad,
    x0: options.x0,
    optimizer: options.ours,
    steps: options.steps,
    tolerance: 0,
  });
  const ours = run.history.map((h) => h.x);
  const theirs = tfjsTrajectory({ fTf: options.fTf, x0: options.x0, optimizer: options.theirs, steps: ours.length - 1 });
  // Rounding errors in a trajectory are absolute, of the size of the coordinates the path went
  // through (a float32 Adam step differs by ~1e-5 of its length), so a point near zero is judged
  // against the scale of the whole path, not its own tiny magnitude.
  const scale = Math.max(...ours.flat().map(Math.abs), ...theirs.flat().map(Math.abs));
  const pointTol: Tolerance = { rtol: tol.rtol, atol: tol.atol + tol.rtol * scale };
  let maxDiff = 0;
  let firstBad = -1;
  ours.forEach((p, t) =>
    p.forEach((v, i) => {
      const w = theirs[t]![i]!;
      maxDiff = Math.max(maxDiff, Math.abs(v - w));
      if (firstBad < 0 && !isClose(v, w, pointTol)) firstBad = t;
    }),
  );
  const passed = firstBad < 0;
  // A diverged run is compared over its finite part: the steps up to where the divergence was caught.
  const diverged = run.status === "diverged" ? ` (gradlab's run diverged at iteration ${run.iterations}; compared up to there)` : "";
  if (options.display !== false) {
    const last = ours.length - 1;
    const shown = [...new Set([0, 1, 2, 3, Math.floor(last / 2), last - 1, last].filter((t) => t >= 0 && t <= last))].sort((a, b) => a - b);
    showTable({
      caption:
        `${options.name}: gradlab (float64) vs tfjs (float32), ${last} steps${diverged}; largest difference ${fmt(maxDiff, 2)} ` +
        `(tolerance: rtol ${fmt(tol.rtol)} of the largest coordinate on the path, ${fmt(scale, 3)}, plus atol ${fmt(tol.atol)})`,
      columns: ["step", "gradlab", "tfjs", "agree"],
      rows: shown.map((t) => [
        t,
        fmtVector(ours[t]!, 7),
        fmtVector(theirs[t]!, 7),
        ours[t]!.every((v, i) => isClose(v, theirs[t]![i]!, pointTol)),
      ]),
    });
  }
  if (!passed) {
    throw new Error(
      `${options.name}: trajectories part at step ${firstBad}: gradlab ${fmtVector(ours[firstBad]!, 8)}, tfjs ${fmtVector(theirs[firstBad]!, 8)}`,
    );
  }
  return { name: options.name, ours, theirs, maxDifference: maxDiff, passed };
}
