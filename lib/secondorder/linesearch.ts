/**
 * Line searches: given a point x and a downhill direction p, choose how far to go, α, by looking
 * at φ(α) = f(x + α p) only.
 *
 * - `armijoBacktracking`: start at α = 1 and halve until f drops by at least c1·α·|∇f·p|
 *   (sufficient decrease, the Armijo condition). Cheap: function values only.
 * - `strongWolfe`: sufficient decrease *and* a slope condition |φ'(α)| <= c2·|φ'(0)| (the strong
 *   Wolfe conditions; Nocedal & Wright, Algorithms 3.5 and 3.6, with quadratic interpolation in
 *   the zoom phase). The slope condition guarantees sᵀy > 0, which keeps the L-BFGS curvature
 *   estimate positive definite.
 *
 * @example
 * const step = strongWolfe(obj, x, p, { value: f0, gradient: g0 });
 * if (!step.ok) console.log(step.reason);
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { axpy, dot } from "./linalg";
import { checkObjective, type SolverObjective } from "./objective";
import { checkInteger, checkNumber, checkObject, checkOptions, checkPoint, checkStep, checkVector } from "../util/validate";

export interface LineSearchResult {
  ok: boolean;
  alpha: number;
  /** x + α p, its value and gradient (when ok). */
  x: number[];
  value: number;
  gradient: number[];
  /** Why it failed (empty when ok). */
  reason: string;
}

export interface LineSearchStart {
  value: number;
  gradient: number[];
}

export interface ArmijoOptions {
  /** First trial step (default 1: the full Newton or quasi-Newton step). */
  alpha0?: number;
  /** Sufficient-decrease constant (default 1e-4). */
  c1?: number;
  /** Factor applied to α after each rejected trial (default 0.5). */
  shrink?: number;
  /** Trials before giving up (default 50). */
  maxTrials?: number;
}

function notDownhill(slope: number): string {
  return `the search direction does not go downhill (∇f·p = ${slope.toPrecision(3)} >= 0)`;
}

function failure(x: readonly number[], start: LineSearchStart, reason: string, alpha = 0): LineSearchResult {
  return { ok: false, alpha, x: [...x], value: start.value, gradient: start.gradient, reason };
}

/** The arguments both line searches share: the objective, the point, the direction and the start. */
function checkLineSearch(caller: string, obj: unknown, x: unknown, p: unknown, start: unknown): void {
  checkObjective(`${caller}: obj`, obj);
  const n = checkPoint(`${caller}: x`, x).length;
  checkVector(`${caller}: p`, p, n);
  checkObject(`${caller}: start`, start, "{ value: f(x), gradient: ∇f(x) }");
  checkNumber(`${caller}: start.value`, start.value);
  checkVector(`${caller}: start.gradient`, start.gradient, n);
}

/** Backtracking until the Armijo (sufficient decrease) condition holds. */
export function armijoBacktracking(
  obj: SolverObjective,
  x: readonly number[],
  p: readonly number[],
  start: LineSearchStart,
  options: ArmijoOptions = {},
): LineSearchResult {
  checkLineSearch("armijoBacktracking", obj, x, p, start);
  checkOptions("armijoBacktracking: options", options);
  if (options.alpha0 !== undefined) checkStep(options.alpha0, "armijoBacktracking: options.alpha0");
  if (options.c1 !== undefined) checkStep(options.c1, "armijoBacktracking: options.c1");
  if (options.shrink !== undefined) checkStep(options.shrink, "armijoBacktracking: options.shrink");
  if (options.maxTrials !== undefined) checkInteger("armijoBacktracking: options.maxTrials", options.maxTrials, 1);
  const { alpha0 = 1, c1 = 1e-4, shrink = 0.5, maxTrials = 50 } = options;
  const slope = dot(start.gradient, p);
  if (!(slope < 0)) return failure(x, start, notDownhill(slope));
  let alpha = alpha0;
  for (let trial = 0; trial < maxTrials; trial++) {
    const xNew = axpy(x, alpha, p);
    const value = obj.value(xNew);
    // A non-finite value counts as "too far": shrink and try again.
    if (Number.isFinite(value) && value <= start.value + c1 * alpha * slope) {
      return { ok: true, alpha, x: xNew, value, gradient: obj.gradient(xNew), reason: "" };
    }
    alpha *= shrink;
  }
  return failure(x, start, `no step with sufficient decrease after ${maxTrials} halvings (last α = ${alpha.toPrecision(3)})`, alpha);
}

export interface WolfeOptions {
  alpha0?: number;
  /** Sufficient-decrease constant (default 1e-4). */
  c1?: number;
  /** Slope constant (default 0.9, the usual choice for quasi-Newton methods). */
  c2?: number;
  /** Largest step tried (default 1e6). */
  alphaMax?: number;
  /** Function evaluations allowed (default 30). */
  maxTrials?: number;
}

/** A step satisfying the strong Wolfe conditions (bracketing, then zoom). */
export function strongWolfe(
  obj: SolverObjective,
  x: readonly number[],
  p: readonly number[],
  start: LineSearchStart,
  options: WolfeOptions = {},
): LineSearchResult {
  checkLineSearch("strongWolfe", obj, x, p, start);
  checkOptions("strongWolfe: options", options);
  if (options.alpha0 !== undefined) checkStep(options.alpha0, "strongWolfe: options.alpha0");
  if (options.c1 !== undefined) checkStep(options.c1, "strongWolfe: options.c1");
  if (options.c2 !== undefined) checkStep(options.c2, "strongWolfe: options.c2");
  if (options.alphaMax !== undefined) checkStep(options.alphaMax, "strongWolfe: options.alphaMax");
  if (options.maxTrials !== undefined) checkInteger("strongWolfe: options.maxTrials", options.maxTrials, 1);
  const { alpha0 = 1, c1 = 1e-4, c2 = 0.9, alphaMax = 1e6, maxTrials = 30 } = options;
  const slope0 = dot(start.gradient, p);
  if (!(slope0 < 0)) return failure(x, start, notDownhill(slope0));
  let trials = 0;
  const probe = (alpha: number) => {
    trials++;
    const xa = axpy(x, alpha, p);
    return { alpha, x: xa, value: obj.value(xa) };
  };
  const sufficient = (a: { alpha: number; value: number }) => Number.isFinite(a.value) && a.value <= start.value + c1 * a.alpha * slope0;
  const accept = (a: { alpha: number; x: number[]; value: number }, gradient: number[]): LineSearchResult => ({
    ok: true,
    alpha: a.alpha,
    x: a.x,
    value: a.value,
    gradient,
    reason: "",
  });

  // Zoom: lo satisfies sufficient decrease; the minimizer of φ along p lies between lo and hi.
  const zoom = (
    lo: { alpha: number; x: number[]; value: number; slope: number },
    hi: { alpha: number; value: number },
  ): LineSearchResult => {
    while (trials < maxTrials) {
      // minimum of the quadratic through φ(lo), φ'(lo), φ(hi), kept away from the ends
      const d = hi.alpha - lo.alpha;
      const curvature = Number.isFinite(hi.value) ? hi.value - lo.value - lo.slope * d : Infinity;
      let alpha = curvature > 0 && Number.isFinite(curvature) ? lo.alpha - (lo.slope * d * d) / (2 * curvature) : lo.alpha + d / 2;
      const low = Math.min(lo.alpha, hi.alpha) + 0.1 * Math.abs(d);
      const high = Math.max(lo.alpha, hi.alpha) - 0.1 * Math.abs(d);
      if (!(alpha >= low && alpha <= high)) alpha = lo.alpha + d / 2;
      const a = probe(alpha);
      if (!sufficient(a) || a.value >= lo.value) {
        hi = a;
        continue;
      }
      const gradient = obj.gradient(a.x);
      const slope = dot(gradient, p);
      if (Math.abs(slope) <= -c2 * slope0) return accept(a, gradient);
      if (slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
      lo = { ...a, slope };
    }
    return failure(
      x,
      start,
      `zoom found no step satisfying the strong Wolfe conditions in ${maxTrials} evaluations (bracket [${lo.alpha.toPrecision(3)}, ${hi.alpha.toPrecision(3)}])`,
    );
  };

  let previous = { alpha: 0, x: [...x], value: start.value, slope: slope0 };
  let alpha = alpha0;
  while (trials < maxTrials) {
    const a = probe(alpha);
    if (!sufficient(a) || (trials > 1 && a.value >= previous.value)) return zoom(previous, a);
    const gradient = obj.gradient(a.x);
    const slope = dot(gradient, p);
    if (Math.abs(slope) <= -c2 * slope0) return accept(a, gradient);
    if (slope >= 0) return zoom({ ...a, slope }, previous);
    previous = { ...a, slope };
    if (alpha >= alphaMax) break;
    alpha = Math.min(2 * alpha, alphaMax);
  }
  return failure(
    x,
    start,
    `no step satisfying the strong Wolfe conditions in ${maxTrials} evaluations (f keeps decreasing up to α = ${alpha.toPrecision(3)}: is f bounded below?)`,
    alpha,
  );
}
