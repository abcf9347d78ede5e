/**
 * Three witnesses for one derivative: the hand-written formula, tfjs autograd and a central
 * difference, compared at the given points. The table goes to the notebook; any disagreement
 * beyond tolerance throws, so a wrong derivative fails the cell (and the notebook tests).
 *
 * @example
 * crossCheck({
 *   name: "d/dx x^2",
 *   f: (x) => x * x,
 *   df: (x) => 2 * x,
 *   fTf: (x) => x.square(),
 *   at: [-1, 0, 2],
 * });
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { inspect } from "node:util";
import { tf, tfInfo } from "../tf";
import { centralGradient } from "../numeric/numeric";
import { showTable, type Cell } from "../display/table";
import { fmt, fmtVector } from "../util/format";
import { FD_TOLERANCE, TF_TOLERANCE, isClose, relativeDifference, type Tolerance } from "./tolerance";
import { checkFields, show } from "../util/validate";
import { at } from "../util/array";

export interface CrossCheckOptions {
  /** Shown in the table caption and in errors. */
  name: string;
  /** The function, in plain float64 arithmetic (for the central difference). */
  f: (x: number) => number;
  /** The hand-written derivative under test. */
  df: (x: number) => number;
  /** The same function written with tfjs ops, differentiated by `tf.grad`. */
  fTf: (x: tf.Scalar) => tf.Tensor;
  /** Points at which to compare. */
  at: number[];
  tfTolerance?: Tolerance;
  fdTolerance?: Tolerance;
  /** Central-difference step. */
  h?: number;
  /**
   * Show the table (true, the default), nothing (false), or "line": one ✓ line per check, for a
   * notebook whose reader has already seen a full table (a failing check still shows its table).
   */
  display?: boolean | "line";
}

export interface GradientCrossCheckOptions {
  name: string;
  /** f(x, y, ...) in plain arithmetic. */
  f: (...args: number[]) => number;
  /** The hand-written gradient [df/dx, df/dy, ...]. */
  grad: (...args: number[]) => number[];
  /** The same function with tfjs scalars, differentiated by `tf.grads`. */
  fTf: (...args: tf.Scalar[]) => tf.Tensor;
  /** Points, each with one coordinate per argument. */
  at: number[][];
  /** Argument names for the table (default x, y, z, w, then x5 ...). */
  variables?: string[];
  tfTolerance?: Tolerance;
  fdTolerance?: Tolerance;
  h?: number;
  /** As in CrossCheckOptions: true (table, default), false, or "line" (one ✓ line). */
  display?: boolean | "line";
}

export interface CrossCheckRow {
  point: number[];
  /** Which partial derivative (index into the arguments). */
  component: number;
  handWritten: number;
  tfjs: number;
  centralDifference: number;
  relErrTfjs: number;
  relErrFd: number;
  /** The larger of the two differences as a fraction of what its tolerance allows (at most 1 when it passes). */
  toleranceUsed?: number;
  pass: boolean;
}

export class CrossCheckReport {
  constructor(
    readonly name: string,
    readonly backend: string,
    readonly rows: CrossCheckRow[],
  ) {}

  get passed(): boolean {
    return this.rows.every((r) => r.pass);
  }

  /** One line when a notebook cell ends with the call (the table is already shown). */
  [inspect.custom](): string {
    return this.line();
  }

  /** "✓ name: 3 of 3 values agree with tfjs (backend) and a central difference (at most 12% of the tolerance used)". */
  line(): string {
    const agree = this.rows.filter((r) => r.pass).length;
    const mark = this.passed ? "✓" : "✗";
    const used = this.rows.flatMap((r) => (r.toleranceUsed === undefined ? [] : [r.toleranceUsed]));
    const share = used.length === this.rows.length ? ` (at most ${fmt(100 * Math.max(...used), 2)}% of the tolerance used)` : "";
    return `${mark} ${this.name}: ${agree} of ${this.rows.length} values agree with tfjs (${this.backend}) and a central difference${share}`;
  }
}

export class CrossCheckError extends Error {
  override name = "CrossCheckError";
  constructor(
    message: string,
    readonly report: CrossCheckReport,
  ) {
    super(message);
  }
}

const DEFAULT_VARIABLES = ["x", "y", "z", "w"];

function variableNames(n: number, given?: string[]): string[] {
  if (given && given.length !== n) {
    throw new RangeError(`variables has ${given.length} names but the points have ${n} coordinates`);
  }
  return given ?? Array.from({ length: n }, (_, i) => DEFAULT_VARIABLES[i] ?? `x${i + 1}`);
}

function checkPoints(name: string, at: number[][]): number {
  if (!Array.isArray(at) || at.length === 0) throw new RangeError(`${name}: at must list at least one point`);
  const arity = at[0]?.length ?? 0;
  at.forEach((p, i) => {
    if (!Array.isArray(p) || p.length !== arity) {
      throw new RangeError(`${name}: point ${i} has ${Array.isArray(p) ? p.length : "no"} coordinates; expected ${arity}`);
    }
    p.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new RangeError(`${name}: at[${i}][${j}] must be a finite number; got ${v}`);
    });
  });
  if (arity === 0) throw new RangeError(`${name}: points need at least one coordinate`);
  return arity;
}

/** Round-off error of a central difference in coordinate i: a few ulps of f's values over 2h. */
function centralRoundoff(f: (...args: number[]) => number, point: number[], i: number, h: number): number {
  const plus = [...point];
  const minus = [...point];
  plus[i] = at(plus, i, "plus") + h;
  minus[i] = at(minus, i, "minus") - h;
  return (8 * Number.EPSILON * Math.max(Math.abs(f(...plus)), Math.abs(f(...minus)))) / (2 * h);
}

/** tfjs gradient of fTf at a point, as float64 numbers; no tensors survive the call. */
function tfGradient(fTf: (...args: tf.Scalar[]) => tf.Tensor, point: number[]): number[] {
  return tf.tidy(() => {
    const grads = tf.grads((...args: tf.Tensor[]) => fTf(...(args as tf.Scalar[])));
    const out = grads(point.map((v) => tf.scalar(v)));
    return out.map((g) => at(g.dataSync(), 0, "tfjs gradient"));
  });
}

function compare(options: GradientCrossCheckOptions, arity: number): CrossCheckReport {
  const tfTol = options.tfTolerance ?? TF_TOLERANCE;
  const fdTol = options.fdTolerance ?? FD_TOLERANCE;
  const rows: CrossCheckRow[] = [];
  for (const point of options.at) {
    const hand = options.grad(...point);
    if (!Array.isArray(hand) || hand.length !== arity) {
      throw new RangeError(
        `${options.name}: grad returned ${Array.isArray(hand) ? hand.length : typeof hand} values at ${fmtVector(point)}; expected ${arity}`,
      );
    }
    const viaTf = tfGradient(options.fTf, point);
    const step = options.h ?? 1e-5;
    const viaFd = centralGradient(options.f, point, step);
    for (let i = 0; i < arity; i++) {
      const h = at(hand, i, "hand");
      const t = at(viaTf, i, "viaTf");
      const d = at(viaFd, i, "viaFd");
      // A central difference cannot resolve slopes smaller than its own round-off error, so the
      // comparison allows that much (it matters for tiny gradients, e.g. deep stacks of sigmoids).
      const fdAtol = Math.max(fdTol.atol, centralRoundoff(options.f, point, i, step));
      const used = (a: number, b: number, tol: Tolerance) => {
        const diff = Math.abs(a - b);
        const allowed = tol.atol + tol.rtol * Math.max(Math.abs(a), Math.abs(b));
        return diff === 0 ? 0 : allowed > 0 ? diff / allowed : Infinity;
      };
      rows.push({
        point,
        component: i,
        handWritten: h,
        tfjs: t,
        centralDifference: d,
        relErrTfjs: relativeDifference(h, t),
        relErrFd: relativeDifference(h, d),
        toleranceUsed: Math.max(used(h, t, tfTol), used(h, d, { rtol: fdTol.rtol, atol: fdAtol })),
        pass: isClose(h, t, tfTol) && isClose(h, d, { rtol: fdTol.rtol, atol: fdAtol }),
      });
    }
  }
  return new CrossCheckReport(options.name, tfInfo().backend, rows);
}

function report(result: CrossCheckReport, variables: string[], scalar: boolean, options: GradientCrossCheckOptions): void {
  const tfTol = options.tfTolerance ?? TF_TOLERANCE;
  const fdTol = options.fdTolerance ?? FD_TOLERANCE;
  const pointLabel = (p: number[]) => (scalar ? fmt(at(p, 0, "p")) : `(${p.map((v) => fmt(v)).join(", ")})`);
  const columns = [scalar ? (variables[0] ?? "x") : `(${variables.join(", ")})`];
  if (!scalar) columns.push("∂/∂");
  columns.push("hand-written", `tfjs (${result.backend})`, "central diff.", "rel. err tfjs", "rel. err c.d.", "result");
  const rows: Cell[][] = result.rows.map((r) => {
    const cells: Cell[] = [pointLabel(r.point)];
    if (!scalar) cells.push(variables[r.component] ?? String(r.component));
    cells.push(fmt(r.handWritten, 10), fmt(r.tfjs, 8), fmt(r.centralDifference, 10), fmt(r.relErrTfjs, 2), fmt(r.relErrFd, 2), r.pass);
    return cells;
  });
  const caption =
    `Cross-check: ${result.name} (tolerance vs tfjs: rtol ${fmt(tfTol.rtol)}, atol ${fmt(tfTol.atol)}; ` +
    `vs central difference: rtol ${fmt(fdTol.rtol)}, atol ${fmt(fdTol.atol)})`;
  showTable({ caption, columns, rows });
}

function fail(result: CrossCheckReport, variables: string[]): never {
  const bad = result.rows.filter((r) => !r.pass);
  const lines = bad.slice(0, 5).map((r) => {
    const at = r.point.map((v, i) => `${variables[i]} = ${fmt(v)}`).join(", ");
    const which = r.point.length > 1 ? `∂/∂${variables[r.component]}` : "derivative";
    return `  ${which} at ${at}: hand-written ${fmt(r.handWritten, 10)}, tfjs ${fmt(r.tfjs, 8)}, central difference ${fmt(r.centralDifference, 10)}`;
  });
  const more = bad.length > 5 ? `\n  ... and ${bad.length - 5} more` : "";
  throw new CrossCheckError(`${result.name}: ${bad.length} of ${result.rows.length} values disagree\n${lines.join("\n")}${more}`, result);
}

/**
 * What a check shows: its table (display true), nothing (false), or in "line" mode one ✓ line when
 * it passes and, when it fails, a ✗ line that says so followed by the full table (the error comes
 * after), so a failure is never folded into one line.
 */
function display(result: CrossCheckReport, mode: boolean | "line" | undefined, table: () => void): void {
  if (mode === "line") {
    if (result.passed) {
      console.log(result.line());
      return;
    }
    console.log(`${result.line()}. The full table:`);
    table();
  } else if (mode !== false) {
    table();
  }
}

/** Cross-checks a gradient of f(x, y, ...) at each point; throws CrossCheckError on a mismatch. */
export function crossCheckGradient(options: GradientCrossCheckOptions): CrossCheckReport {
  checkFields("crossCheckGradient", options, {
    name: "text",
    f: "function",
    grad: "function",
    fTf: "function",
    at: "array",
    h: "positive?",
  });
  if (options.variables !== undefined && !(Array.isArray(options.variables) && options.variables.every((v) => typeof v === "string")))
    throw new TypeError(
      `crossCheckGradient: variables must be an array of names such as ["x", "y"] (or left out); got ${show(options.variables)}`,
    );
  const arity = checkPoints(options.name, options.at);
  const variables = variableNames(arity, options.variables);
  const result = compare(options, arity);
  display(result, options.display, () => report(result, variables, false, options));
  if (!result.passed) fail(result, variables);
  return result;
}

/** Cross-checks a derivative of f(x) at each point; throws CrossCheckError on a mismatch. */
export function crossCheck(options: CrossCheckOptions): CrossCheckReport {
  checkFields("crossCheck", options, { name: "text", f: "function", df: "function", fTf: "function", at: "numbers", h: "positive?" });
  if (!Array.isArray(options.at)) throw new TypeError(`${options.name}: at must be an array of numbers`);
  const gradientOptions: GradientCrossCheckOptions = {
    name: options.name,
    f: (x) => options.f(x),
    grad: (x) => [options.df(x)],
    fTf: (x) => options.fTf(x),
    at: options.at.map((x) => [x]),
    variables: ["x"],
    ...(options.tfTolerance ? { tfTolerance: options.tfTolerance } : {}),
    ...(options.fdTolerance ? { fdTolerance: options.fdTolerance } : {}),
    ...(options.h !== undefined ? { h: options.h } : {}),
  };
  checkPoints(options.name, gradientOptions.at);
  const result = compare(gradientOptions, 1);
  display(result, options.display, () => report(result, ["x"], true, gradientOptions));
  if (!result.passed) fail(result, ["x"]);
  return result;
}
