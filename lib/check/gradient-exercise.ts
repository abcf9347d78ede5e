/**
 * The exercise check for gradients: like checkDerivative, for a learner's function that returns
 * [∂f/∂x, ∂f/∂y, ...]. Expected values come from tfjs autograd (tf.grads) and central differences.
 */
import { tf, tfInfo } from "../tf";
import { centralGradient } from "../numeric/numeric";
import { fmtVector } from "../util/format";
import { ExerciseError } from "./exercise";
import { FD_TOLERANCE, TF_TOLERANCE, isClose, type Tolerance } from "./tolerance";

export interface CheckGradientOptions {
  /** f(x, y, ...) in plain arithmetic. */
  f: (...args: number[]) => number;
  /** The same function with tfjs scalars: tfjs autograd gives the expected gradient. */
  fTf: (...args: tf.Scalar[]) => tf.Tensor;
  /** Points to test, each with one coordinate per argument. */
  at: number[][];
  hint?: string;
  tolerance?: Tolerance;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return value.every((v) => typeof v === "number") ? fmtVector(value) : `[${value.map(String).join(", ")}]`;
  return `${typeof value} ${String(value)}`;
}

/**
 * Checks a learner's gradient function against tfjs autograd and central differences.
 * @example checkGradient("gradF", gradF, { f, fTf: (x, y) => x.square().add(y.square()), at: [[1, 2], [-1, 0.5]] })
 */
export function checkGradient(name: string, grad: (...args: number[]) => unknown, options: CheckGradientOptions): void {
  if (typeof grad !== "function")
    throw new ExerciseError(`${name} should be a function returning an array of partial derivatives; got ${typeof grad}`);
  tfInfo();
  const tol = options.tolerance ?? TF_TOLERANCE;
  const fdTol = { rtol: Math.max(tol.rtol, FD_TOLERANCE.rtol), atol: Math.max(tol.atol, FD_TOLERANCE.atol) };
  const grads = tf.grads((...args: tf.Tensor[]) => options.fTf(...(args as tf.Scalar[])));
  for (const point of options.at) {
    let got: unknown;
    try {
      got = grad(...point);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/not implemented/i.test(message)) {
        throw new ExerciseError(
          `${name} is not written yet (it threw "${message}"). Replace the \`throw\` line in the exercise cell with your code, run that cell, then this one.`,
        );
      }
      throw new ExerciseError(`${name} threw an error: ${message}`);
    }
    const viaTf = tf.tidy(() => grads(point.map((v) => tf.scalar(v))).map((g) => g.dataSync()[0] as number));
    const viaFd = centralGradient(options.f, point);
    const ok =
      Array.isArray(got) &&
      got.length === point.length &&
      got.every((g, i) => typeof g === "number" && isClose(g, viaTf[i] as number, tol) && isClose(g, viaFd[i] as number, fdTol));
    if (!ok) {
      const message =
        `${name}(${point.join(", ")}) returned ${describe(got)}, but the gradient there is ${fmtVector(viaFd, 8)} ` +
        `(tfjs autograd: ${fmtVector(viaTf, 8)}, central difference: ${fmtVector(viaFd, 10)}).`;
      throw new ExerciseError(options.hint ? `${message}\nHint: ${options.hint}` : message);
    }
  }
  console.log(`✓ ${name} matches tfjs autograd and central differences at ${options.at.map((p) => `(${p.join(", ")})`).join(", ")}`);
}
