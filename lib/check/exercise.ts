/**
 * Checks for exercise test cells. On success they print one line saying what was verified;
 * on failure they throw an ExerciseError that says what the learner's code gave and how far off it
 * is (which entries, in which direction, roughly by how much), never the expected value itself,
 * plus a hint in tiers (lib/check/hints.ts). (nbgrader scores a test cell 0 when it errors.)
 *
 * Before looking at an answer every check makes sure the notebook has not tampered with what the
 * check relies on (lib/check/integrity.ts) and that the learner's newest definition is the one it
 * grades (lib/check/staleness.ts).
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { tf, tfInfo } from "../tf";
import { centralDifference } from "../numeric/numeric";
import { fmt, wrapText } from "../util/format";
import { describeMismatches, describeOff } from "./compare";
import { failureHint } from "./hints";
import { assertIntegrity } from "./integrity";
import { staleProblem } from "./staleness";
import { FD_TOLERANCE, TF_TOLERANCE, isClose, type Tolerance } from "./tolerance";
import { checkFields, checkNumber, checkPoint, checkString, checkTolerance } from "../util/validate";
import { at } from "../util/array";

export class ExerciseError extends Error {
  override name = "ExerciseError";
}

/**
 * The hint part of a failure message: tiered when the check names its exercise, else the given text.
 * Wrapped at TEXT_WIDTH characters, so that a long hint does not run off the output's edge.
 */
export function hintLine(options: { exercise?: string; hint?: string }): string {
  checkFields("hintLine", options, { exercise: "text?", hint: "text?" });
  if (options.exercise) return `\n${wrapText(failureHint(options.exercise))}`;
  return options.hint ? `\n${wrapText(`Hint: ${options.hint}`)}` : "";
}

function withHint(message: string, options: { exercise?: string; hint?: string }): string {
  return `${message}${hintLine(options)}`;
}

/**
 * What every check does first: refuse to grade when the notebook changed the built-in objects or
 * gradlab's exports, or when the cell defining the learner's `name` failed on its newest run.
 */
export function beginCheck(name: string): void {
  checkString("beginCheck: name", name);
  assertIntegrity();
  const stale = staleProblem(name);
  if (stale) throw new ExerciseError(stale);
}

/** The one message for an exercise whose stub is still in place. */
export function notWrittenYet(name: string): string {
  checkString("notWrittenYet: name", name);
  return `${name} is not written yet (it threw "not implemented"). Replace the \`throw\` line in the exercise cell with your code, run that cell, then this one.`;
}

/** Calls the learner's function, turning "not implemented yet" into a friendly message (also used by lib/nn/check). */
export function callLearner<T>(name: string, fn: () => T): T {
  checkString("callLearner: name", name);
  try {
    return fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/not implemented/i.test(message)) throw new ExerciseError(notWrittenYet(name));
    if (error instanceof ReferenceError || /is not defined/.test(message)) {
      throw new ExerciseError(`${name} is not defined yet: run the exercise cell above (the cell with your code), then this one.`);
    }
    throw new ExerciseError(`${name} threw an error: ${message}`);
  }
}

export interface CheckDerivativeOptions {
  /** The function whose derivative the learner wrote, in plain arithmetic. */
  f: (x: number) => number;
  /** The same function with tfjs ops: tfjs autograd gives the expected values. */
  fTf: (x: tf.Scalar) => tf.Tensor;
  /** Points to test (at least one). */
  at: number[];
  /** The exercise id ("ex00-1"): failures show its hints in tiers. */
  exercise?: string;
  hint?: string;
  tolerance?: Tolerance;
}

/** Refuses an empty or malformed list of test points: a check over no points would pass anything. */
export function checkPoints(caller: string, at: unknown): void {
  checkString("checkPoints: caller", caller);
  if (!Array.isArray(at) || at.length === 0) {
    throw new RangeError(
      `${caller}: options.at must list at least one point to test, e.g. at: [-1, 0, 2]; got ${Array.isArray(at) ? "[]" : typeof at}`,
    );
  }
}

/**
 * The start of checkDerivative and checkGradient: their arguments (each entry of `at` by
 * `checkEntry`), the points, beginCheck, the learner's `fn` (a
 * function, `expected` says which kind) and tfjs; returns the tolerance against tfjs autograd and
 * the looser one against a central difference.
 */
export function beginWitnessCheck(
  caller: string,
  name: string,
  fn: unknown,
  expected: string,
  options: { at: unknown; tolerance?: Tolerance },
  checkEntry: (entry: unknown, i: number, at: unknown[]) => void,
): { tol: Tolerance; fdTol: Tolerance } {
  checkString(`${caller}: name`, name);
  checkFields(caller, options, { f: "function", fTf: "function", at: "array", exercise: "text?", hint: "text?", tolerance: "object?" });
  const points: unknown = options.at;
  if (Array.isArray(points)) points.forEach((entry: unknown, i, all: unknown[]) => checkEntry(entry, i, all)); // an array (checkFields)
  if (options.tolerance !== undefined) checkTolerance(`${caller}: tolerance`, options.tolerance);
  checkPoints(caller, options.at);
  beginCheck(name);
  if (typeof fn !== "function") throw new ExerciseError(`${name} should be ${expected}; got ${typeof fn}`);
  tfInfo();
  const tol = options.tolerance ?? TF_TOLERANCE;
  return { tol, fdTol: { rtol: Math.max(tol.rtol, FD_TOLERANCE.rtol), atol: Math.max(tol.atol, FD_TOLERANCE.atol) } };
}

/**
 * Checks a learner's derivative `df` against tfjs autograd and a central difference of `f`.
 * @example checkDerivative("cubeDerivative", cubeDerivative, { f: (x) => x ** 3, fTf: (x) => x.pow(3), at: [-2, 0, 1.5], exercise: "ex00-1" })
 */
export function checkDerivative(name: string, df: (x: number) => number, options: CheckDerivativeOptions): void {
  const { tol, fdTol } = beginWitnessCheck("checkDerivative", name, df, "a function (x: number) => number", options, (x, k) =>
    checkNumber(`checkDerivative: at[${k}]`, x),
  );
  const grad = tf.grad((x: tf.Tensor) => options.fTf(x as tf.Scalar));
  for (const x of options.at) {
    const got = callLearner(name, () => df(x));
    const viaTf = tf.tidy(() => at(grad(tf.scalar(x)).dataSync(), 0, "tfjs derivative"));
    const viaFd = centralDifference(options.f, x);
    if (typeof got !== "number" || !isClose(got, viaTf, tol) || !isClose(got, viaFd, fdTol)) {
      const how = typeof got === "number" ? describeOff(got, viaFd) : `is ${typeof got} ${String(got)}, not a number`;
      const gotText = typeof got === "number" ? `${fmt(got, 10)}: ` : "";
      throw new ExerciseError(
        withHint(`${name}(${fmt(x)}) returned ${gotText}${how} (compared with tfjs autograd and a central difference of f).`, options),
      );
    }
  }
  console.log(`✓ ${name} matches tfjs autograd and a central difference at x = ${options.at.map((x) => fmt(x)).join(", ")}`);
}

/** Checks one number. A failure says how far off and in which direction, not the expected number. */
export function checkClose(
  name: string,
  actual: unknown,
  expected: number,
  options: { tolerance?: Tolerance; hint?: string; exercise?: string } = {},
): void {
  checkString("checkClose: name", name);
  checkNumber("checkClose: expected", expected);
  checkFields("checkClose", options, { hint: "text?", exercise: "text?", tolerance: "object?" });
  if (options.tolerance !== undefined) checkTolerance("checkClose: tolerance", options.tolerance);
  beginCheck(name);
  const tol = options.tolerance ?? { rtol: 1e-9, atol: 1e-12 };
  if (typeof actual !== "number" || !isClose(actual, expected, tol)) {
    const problem =
      typeof actual === "number"
        ? `${fmt(actual, 10)}: ${describeOff(actual, expected)}`
        : `${typeof actual} ${String(actual)}, not a number`;
    throw new ExerciseError(withHint(`${name} is ${problem} (tolerance rtol ${fmt(tol.rtol)}, atol ${fmt(tol.atol)}).`, options));
  }
  console.log(`✓ ${name} = ${fmt(actual, 10)}`);
}

/** Checks a vector of numbers, element by element. A failure names the entries that are off and how, not the expected values. */
export function checkAllClose(
  name: string,
  actual: unknown,
  expected: readonly number[],
  options: { tolerance?: Tolerance; hint?: string; exercise?: string } = {},
): void {
  checkString("checkAllClose: name", name);
  checkPoint("checkAllClose: expected", expected);
  checkFields("checkAllClose", options, { hint: "text?", exercise: "text?", tolerance: "object?" });
  if (options.tolerance !== undefined) checkTolerance("checkAllClose: tolerance", options.tolerance);
  beginCheck(name);
  const tol = options.tolerance ?? { rtol: 1e-9, atol: 1e-12 };
  const values = isNumberView(actual) ? Array.from(actual) : actual;
  const problem = describeMismatches(name, values, expected, tol);
  if (problem) throw new ExerciseError(withHint(problem, options));
  console.log(`✓ ${name}: all ${expected.length} values match`);
}

/** A typed array (not a DataView): array-like numbers. */
function isNumberView(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}
