/**
 * The exercise check for gradients: like checkDerivative, for a learner's function that returns
 * [∂f/∂x, ∂f/∂y, ...]. Expected values come from tfjs autograd (tf.grads) and central differences;
 * a failure says which partial derivative is off and how, not the expected values.
 * Introduced in [notebook 04](../../notebooks/04-partial-derivatives.ipynb).
 */
import { tf } from "../tf";
import { centralGradient } from "../numeric/numeric";
import { describeMismatches } from "./compare";
import { ExerciseError, beginWitnessCheck, callLearner, hintLine } from "./exercise";
import type { Tolerance } from "./tolerance";
import { at } from "../util/array";
import { checkPoint } from "../util/validate";

export interface CheckGradientOptions {
  /** f(x, y, ...) in plain arithmetic. */
  f: (...args: number[]) => number;
  /** The same function with tfjs scalars: tfjs autograd gives the expected gradient. */
  fTf: (...args: tf.Scalar[]) => tf.Tensor;
  /** Points to test (at least one), each with one coordinate per argument. */
  at: number[][];
  /** The exercise id ("ex04-1"): failures show its hints in tiers. */
  exercise?: string;
  hint?: string;
  tolerance?: Tolerance;
}

/**
 * Checks a learner's gradient function against tfjs autograd and central differences.
 * @example checkGradient("gradF", gradF, { f, fTf: (x, y) => x.square().add(y.square()), at: [[1, 2], [-1, 0.5]] })
 */
export function checkGradient(name: string, grad: (...args: number[]) => unknown, options: CheckGradientOptions): void {
  const { tol, fdTol } = beginWitnessCheck(
    "checkGradient",
    name,
    grad,
    "a function returning an array of partial derivatives",
    options,
    (point, i, at) => {
      const n = checkPoint(`checkGradient: at[${i}]`, point).length;
      const first = checkPoint("checkGradient: at[0]", at[0]).length;
      if (n !== first)
        throw new RangeError(`checkGradient: at[${i}] has ${n} coordinates, at[0] has ${first} (every point the same length)`);
    },
  );
  const grads = tf.grads((...args: tf.Tensor[]) => options.fTf(...(args as tf.Scalar[])));
  for (const point of options.at) {
    const got = callLearner(name, () => grad(...point));
    const viaTf = tf.tidy(() => grads(point.map((v) => tf.scalar(v))).map((g) => at(g.dataSync(), 0, "tfjs gradient")));
    const viaFd = centralGradient(options.f, point);
    const label = `${name}(${point.join(", ")})`;
    const problem = describeMismatches(label, got, viaTf, tol) || describeMismatches(label, got, viaFd, fdTol);
    if (problem)
      throw new ExerciseError(`${problem.replace(/\.$/, "")}, compared with tfjs autograd and central differences.${hintLine(options)}`);
  }
  console.log(`✓ ${name} matches tfjs autograd and central differences at ${options.at.map((p) => `(${p.join(", ")})`).join(", ")}`);
}
