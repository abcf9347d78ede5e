/**
 * Checks for exercise test cells. On success they print one line saying what was verified;
 * on failure they throw an ExerciseError that says what was expected, what the learner's code
 * gave, and a hint, instead of a bare assertion. (nbgrader scores a test cell 0 when it errors.)
 */
import { tf, tfInfo } from "../tf";
import { centralDifference } from "../numeric/numeric";
import { fmt, fmtVector } from "../util/format";
import { FD_TOLERANCE, TF_TOLERANCE, isClose, type Tolerance } from "./tolerance";

export class ExerciseError extends Error {
  override name = "ExerciseError";
}

function withHint(message: string, hint?: string): string {
  return hint ? `${message}\nHint: ${hint}` : message;
}

/** Calls the learner's function, turning "not implemented yet" into a friendly message (also used by lib/nn/check). */
export function callLearner<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/not implemented/i.test(message)) {
      throw new ExerciseError(
        `${name} is not written yet (it threw "${message}"). Replace the \`throw\` line in the exercise cell with your code, run that cell, then this one.`,
      );
    }
    throw new ExerciseError(`${name} threw an error: ${message}`);
  }
}

export interface CheckDerivativeOptions {
  /** The function whose derivative the learner wrote, in plain arithmetic. */
  f: (x: number) => number;
  /** The same function with tfjs ops: tfjs autograd gives the expected values. */
  fTf: (x: tf.Scalar) => tf.Tensor;
  /** Points to test. */
  at: number[];
  hint?: string;
  tolerance?: Tolerance;
}

/**
 * Checks a learner's derivative `df` against tfjs autograd and a central difference of `f`.
 * @example checkDerivative("cubeDerivative", cubeDerivative, { f: (x) => x ** 3, fTf: (x) => x.pow(3), at: [-2, 0, 1.5] })
 */
export function checkDerivative(name: string, df: (x: number) => number, options: CheckDerivativeOptions): void {
  if (typeof df !== "function") throw new ExerciseError(`${name} should be a function (x: number) => number; got ${typeof df}`);
  tfInfo();
  const tol = options.tolerance ?? TF_TOLERANCE;
  const grad = tf.grad((x: tf.Tensor) => options.fTf(x as tf.Scalar));
  for (const x of options.at) {
    const got = callLearner(name, () => df(x));
    const viaTf = tf.tidy(() => grad(tf.scalar(x)).dataSync()[0] as number);
    const viaFd = centralDifference(options.f, x);
    if (
      typeof got !== "number" ||
      !isClose(got, viaTf, tol) ||
      !isClose(got, viaFd, { rtol: Math.max(tol.rtol, FD_TOLERANCE.rtol), atol: Math.max(tol.atol, FD_TOLERANCE.atol) })
    ) {
      const gotText = typeof got === "number" ? fmt(got, 10) : `${typeof got} ${String(got)}`;
      throw new ExerciseError(
        withHint(
          `${name}(${fmt(x)}) returned ${gotText}, but the derivative there is ${fmt(viaFd, 8)} ` +
            `(tfjs autograd: ${fmt(viaTf, 8)}, central difference: ${fmt(viaFd, 10)}).`,
          options.hint,
        ),
      );
    }
  }
  console.log(`✓ ${name} matches tfjs autograd and a central difference at x = ${options.at.map((x) => fmt(x)).join(", ")}`);
}

/** Checks one number. */
export function checkClose(name: string, actual: unknown, expected: number, options: { tolerance?: Tolerance; hint?: string } = {}): void {
  const tol = options.tolerance ?? { rtol: 1e-9, atol: 1e-12 };
  if (typeof actual !== "number" || !isClose(actual, expected, tol)) {
    const got = typeof actual === "number" ? fmt(actual, 10) : `${typeof actual} ${String(actual)}`;
    throw new ExerciseError(
      withHint(`${name} is ${got}; expected ${fmt(expected, 10)} (tolerance rtol ${fmt(tol.rtol)}, atol ${fmt(tol.atol)}).`, options.hint),
    );
  }
  console.log(`✓ ${name} = ${fmt(actual, 10)}`);
}

/** Checks a vector of numbers, element by element. */
export function checkAllClose(
  name: string,
  actual: unknown,
  expected: readonly number[],
  options: { tolerance?: Tolerance; hint?: string } = {},
): void {
  const tol = options.tolerance ?? { rtol: 1e-9, atol: 1e-12 };
  const values = ArrayBuffer.isView(actual) ? Array.from(actual as unknown as ArrayLike<number>) : actual;
  if (!Array.isArray(values) || values.length !== expected.length) {
    const shape = Array.isArray(values) ? `${values.length} values` : typeof actual;
    throw new ExerciseError(withHint(`${name} should have ${expected.length} values; got ${shape}.`, options.hint));
  }
  const bad = values.findIndex((v, i) => typeof v !== "number" || !isClose(v, expected[i] as number, tol));
  if (bad >= 0) {
    throw new ExerciseError(
      withHint(
        `${name} is ${fmtVector(values as number[])}; expected ${fmtVector(expected)} (first difference at index ${bad}).`,
        options.hint,
      ),
    );
  }
  console.log(`✓ ${name} = ${fmtVector(values as number[])}`);
}
