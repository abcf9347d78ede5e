/**
 * Witnesses for second derivatives: tfjs grad-of-grad (float32) and a central difference of the
 * reverse-mode gradient (float64), beside our reverse-over-reverse Hessian.
 *
 * tfjs limitations: it cannot differentiate the gradients of exp, tanh and sigmoid again (their
 * gradient rules reuse the op's saved output, which its tape does not connect back to the input;
 * tensorflow/tfjs#3252), and tf.grads throws unless a first derivative depends on every variable.
 * Both show up as an error here, never as a silently wrong zero. Cross-check such functions
 * against the central difference, or write them with other ops for tfjs.
 *
 * @example
 * crossCheckHessian({
 *   name: "x² + 3xy + y²",
 *   f: ([x, y]) => x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2)),
 *   fTf: (x, y) => x.square().add(x.mul(y).mul(3)).add(y.square()),
 *   at: [[2, 3]],
 * });
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { tf, tfInfo } from "../tf";
import { showTable, type Cell } from "../display/table";
import { CrossCheckError, CrossCheckReport, type CrossCheckRow } from "../check/crosscheck";
import { ExerciseError } from "../check/exercise";
import { FD_TOLERANCE, TF_TOLERANCE, isClose, relativeDifference, type Tolerance } from "../check/tolerance";
import { fmt, fmtVector } from "../util/format";
import { type ScalarFn } from "./scalar";
import { checkPoint, checkVector, checkBoolean, checkFunction, checkObject, checkStep, checkString, show } from "../util/validate";
import { grad, hessian } from "./transforms";
import { at as entryAt } from "../util/array";

export type TfScalarFn = (...args: tf.Scalar[]) => tf.Tensor;

function tfSecondOrder<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/Cannot compute gradient/.test(message)) {
      throw new Error(
        `${what}: tfjs could not differentiate the gradient again (${message}). tfjs has no second derivatives through exp, tanh ` +
          "or sigmoid (tensorflow/tfjs#3252), and needs every first derivative to depend on every variable; compare with a central difference instead.",
        { cause: error },
      );
    }
    throw error;
  }
}

/** H[i][j] = ∂/∂x_j (∂f/∂x_i) by nested tf.grads, at a point with one scalar per argument. */
export function tfHessian(fTf: TfScalarFn, at: readonly number[]): number[][] {
  checkFunction("tfHessian: fTf", fTf, "(x: tf.Tensor1D) => tf.Scalar");
  const point = checkPoint("at", at);
  return tfSecondOrder("tfHessian", () =>
    tf.tidy(() => {
      const gradient = tf.grads((...args: tf.Tensor[]) => fTf(...(args as tf.Scalar[])));
      const xs = point.map((v) => tf.scalar(v));
      return point.map((_, i) =>
        tf
          .grads((...args: tf.Tensor[]) => entryAt(gradient(args), i, "tfjs gradient"))(xs)
          .map((t) => entryAt(t.dataSync(), 0, "tfjs gradient")),
      );
    }),
  );
}

/** H(x)·v by tfjs: the gradient of ∇f(x)·v. */
export function tfHvp(fTf: TfScalarFn, at: readonly number[], v: readonly number[]): number[] {
  checkFunction("tfHvp: fTf", fTf, "(x: tf.Tensor1D) => tf.Scalar");
  const point = checkPoint("at", at);
  const direction = checkVector("v", v, point.length);
  return tfSecondOrder("tfHvp", () =>
    tf.tidy(() => {
      const gradient = tf.grads((...args: tf.Tensor[]) => fTf(...(args as tf.Scalar[])));
      const directional = (...args: tf.Tensor[]) =>
        gradient(args).reduce((acc: tf.Tensor, g, i) => acc.add(g.mul(entryAt(direction, i, "direction"))), tf.scalar(0));
      return tf
        .grads(directional)(point.map((x) => tf.scalar(x)))
        .map((t) => entryAt(t.dataSync(), 0, "tfjs gradient"));
    }),
  );
}

/** Central difference of the reverse-mode gradient, column by column (2n gradient evaluations). */
export function hessianByDifferences(f: ScalarFn, at: readonly number[], h = 1e-5): number[][] {
  const point = checkPoint("at", at);
  checkFunction("hessianByDifferences: f", f, "(x: Scalar[]) => Scalar");
  checkStep(h, "hessianByDifferences: h");
  const g = grad(f);
  const columns = point.map((_, j) => {
    const plus = [...point];
    const minus = [...point];
    plus[j] = entryAt(plus, j, "plus") + h;
    minus[j] = entryAt(minus, j, "minus") - h;
    const gp = g(plus);
    const gm = g(minus);
    return gp.map((v, i) => (v - entryAt(gm, i, "gm")) / (2 * h));
  });
  return point.map((_, i) => columns.map((col) => entryAt(col, i, "col")));
}

export interface HessianCrossCheckOptions {
  name: string;
  /** The function, written against Scalar (our engine differentiates it twice). */
  f: ScalarFn;
  /** The same function with tfjs scalars, for tf.grads of tf.grads. */
  fTf: TfScalarFn;
  at: number[][];
  variables?: string[];
  tfTolerance?: Tolerance;
  fdTolerance?: Tolerance;
  display?: boolean;
}

/**
 * Compares every entry of our Hessian with tfjs grad-of-grad and a central difference of the
 * gradient; shows the table and throws CrossCheckError on any disagreement.
 */
export function crossCheckHessian(options: HessianCrossCheckOptions): CrossCheckReport {
  checkObject("crossCheckHessian: options", options, '{ name: "f", f, fTf, at: [[1, 2]] }');
  checkString("crossCheckHessian: name", options.name);
  checkFunction("crossCheckHessian: f", options.f, "(x: Scalar[]) => Scalar");
  checkFunction("crossCheckHessian: fTf", options.fTf, "(x: tf.Tensor1D) => tf.Scalar");
  const givenAt: unknown = options.at; // what a caller without types may pass
  if (!Array.isArray(givenAt) || givenAt.length === 0)
    throw new RangeError(`crossCheckHessian: at must list at least one point, such as [[1, 2]]; got ${show(options.at)}`);
  options.at.forEach((point, i) =>
    checkVector(`crossCheckHessian: at[${i}]`, point, checkPoint("crossCheckHessian: at[0]", options.at[0]).length),
  );
  const givenVariables: unknown = options.variables;
  if (givenVariables !== undefined && !(Array.isArray(givenVariables) && givenVariables.every((v) => typeof v === "string" && v !== "")))
    throw new TypeError(
      `crossCheckHessian: variables must be an array of names such as ["x", "y"] (or left out); got ${show(options.variables)}`,
    );
  if (options.display !== undefined) checkBoolean("crossCheckHessian: display", options.display);
  if (!Array.isArray(options.at) || options.at.length === 0) throw new RangeError(`${options.name}: at must list at least one point`);
  const n = checkPoint("at[0]", options.at[0]).length;
  const names = options.variables ?? ["x", "y", "z", "w"].slice(0, n);
  if (names.length !== n) throw new RangeError(`variables has ${names.length} names but the points have ${n} coordinates`);
  const tfTol = options.tfTolerance ?? TF_TOLERANCE;
  const fdTol = options.fdTolerance ?? FD_TOLERANCE;
  const rows: CrossCheckRow[] = [];
  for (const [p, point] of options.at.entries()) {
    checkVector(`at[${p}]`, point, n);
    const ours = hessian(options.f, point);
    const viaTf = tfHessian(options.fTf, point);
    const viaFd = hessianByDifferences(options.f, point);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const h = hEntry(ours, i, j, "hessian");
        const t = hEntry(viaTf, i, j, "tfHessian");
        const d = hEntry(viaFd, i, j, "hessianByDifferences");
        rows.push({
          point,
          component: i * n + j,
          handWritten: h,
          tfjs: t,
          centralDifference: d,
          relErrTfjs: relativeDifference(h, t),
          relErrFd: relativeDifference(h, d),
          pass: isClose(h, t, tfTol) && isClose(h, d, fdTol),
        });
      }
    }
  }
  const report = new CrossCheckReport(options.name, tfInfo().backend, rows);
  const entry = (c: number) => `∂²/∂${names[Math.floor(c / n)]}∂${names[c % n]}`;
  if (options.display !== false) {
    const table: Cell[][] = rows.map((r) => [
      `(${r.point.map((v) => fmt(v)).join(", ")})`,
      entry(r.component),
      fmt(r.handWritten, 10),
      fmt(r.tfjs, 8),
      fmt(r.centralDifference, 10),
      fmt(r.relErrTfjs, 2),
      fmt(r.relErrFd, 2),
      r.pass,
    ]);
    showTable({
      caption:
        `Hessian cross-check: ${options.name} (reverse-over-reverse vs tfjs grad of grad: rtol ${fmt(tfTol.rtol)}; ` +
        `vs central difference of the gradient: rtol ${fmt(fdTol.rtol)})`,
      columns: [
        `(${names.join(", ")})`,
        "entry",
        "reverse-over-reverse",
        `tfjs (${report.backend})`,
        "c.d. of gradient",
        "rel. err tfjs",
        "rel. err c.d.",
        "result",
      ],
      rows: table,
    });
  }
  const bad = rows.filter((r) => !r.pass);
  if (bad.length > 0) {
    const lines = bad
      .slice(0, 5)
      .map(
        (r) =>
          `  ${entry(r.component)} at ${fmtVector(r.point)}: ours ${fmt(r.handWritten, 10)}, tfjs ${fmt(r.tfjs, 8)}, c.d. ${fmt(r.centralDifference, 10)}`,
      );
    throw new CrossCheckError(`${options.name}: ${bad.length} of ${rows.length} Hessian entries disagree\n${lines.join("\n")}`, report);
  }
  return report;
}

/**
 * Exercise check: a learner's Hessian (an n×n array of numbers) at `at` against tfjs grad-of-grad
 * and our reverse-over-reverse Hessian.
 */
export function checkHessianMatrix(
  name: string,
  actual: () => unknown,
  options: { f: ScalarFn; fTf: TfScalarFn; at: number[]; hint?: string; tolerance?: Tolerance },
): void {
  checkString("checkHessianMatrix: name", name);
  checkFunction("checkHessianMatrix: actual", actual, "() => the learner's Hessian");
  checkObject("checkHessianMatrix: options", options, "{ f, fTf, at: [1, 2] }");
  const point = checkPoint("at", options.at);
  const n = point.length;
  let got: unknown;
  try {
    got = actual();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const fix = /not implemented/i.test(message) ? " Replace the `throw` line in the exercise cell with your code and run it again." : "";
    throw new ExerciseError(`${name} threw an error: ${message}.${fix}`);
  }
  const hint = options.hint ? `\nHint: ${options.hint}` : "";
  if (!isSquareArray(got, n)) throw new ExerciseError(`${name} should be a ${n}×${n} array of numbers (one row per variable).${hint}`);
  const matrix = got;
  const ours = hessian(options.f, point);
  const viaTf = tfHessian(options.fTf, point);
  const tol = options.tolerance ?? TF_TOLERANCE;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const v = matrix[i]?.[j];
      const expected = hEntry(ours, i, j, "hessian");
      const tfjs = hEntry(viaTf, i, j, "tfHessian");
      if (typeof v !== "number" || !isClose(v, expected, tol) || !isClose(v, tfjs, tol)) {
        throw new ExerciseError(
          `${name}[${i}][${j}] is ${typeof v === "number" ? fmt(v, 10) : String(v)}; the Hessian at ${fmtVector(point)} has ` +
            `${fmt(expected, 10)} there (tfjs grad of grad: ${fmt(tfjs, 8)}).${hint}`,
        );
      }
    }
  }
  console.log(`✓ ${name} matches tfjs grad-of-grad and reverse-over-reverse at ${fmtVector(point)}: ${JSON.stringify(matrix)}`);
}

/** m[i][j] of an n×n matrix this module computed, with a clear error naming `what` if it is short. */
function hEntry(m: readonly (readonly number[])[], i: number, j: number, what: string): number {
  return entryAt(entryAt(m, i, what), j, what);
}

/** True when x is an array of n arrays of n entries each (the entries are checked by the caller). */
function isSquareArray(x: unknown, n: number): x is unknown[][] {
  return Array.isArray(x) && x.length === n && x.every((row) => Array.isArray(row) && row.length === n);
}
