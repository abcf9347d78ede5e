/**
 * L-BFGS (notebook 12): a quasi-Newton method that never forms a Hessian. It keeps the last m steps
 * s = x_{k+1} - x_k and gradient changes y = ∇f_{k+1} - ∇f_k, and applies an approximation of
 * H⁻¹ to the gradient with the two-loop recursion (Nocedal & Wright, Algorithm 7.4): O(m·n) time
 * and memory per step instead of O(n²) memory and O(n³) time for Newton.
 *
 * The step length comes from a line search: strong Wolfe by default (its slope condition makes
 * sᵀy > 0, so the approximation stays positive definite), or Armijo backtracking, in which case a
 * pair with sᵀy <= 0 is skipped (and counted). A failed line search stops the run with status
 * "line-search-failed" and the reason.
 *
 * @example
 * lbfgs(objective(rosenbrockFn), [-1.2, 1]).summary(); // "lbfgs (m = 10, strong Wolfe): converged after ... iterations ..."
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { fmtVector } from "../util/format";
import { dot, norm } from "./linalg";
import { armijoBacktracking, strongWolfe } from "./linesearch";
import { checkObjective, counted, type SolverObjective } from "./objective";
import { checkIterationOptions } from "./newton";
import { startAt } from "./start";
import { lossDivergence, type DivergenceReason } from "../optim/divergence";
import { SolverResult, type SolverStatus } from "./result";
import { checkOptions, checkPoint, checkVector, show } from "../util/validate";

import { at } from "../util/array";
export interface LbfgsOptions {
  /** Curvature pairs kept (default 10). */
  memory?: number;
  /** Stop when ‖∇f‖ <= tolerance (default 1e-6). */
  tolerance?: number;
  /** Iteration budget (default 500). */
  maxIterations?: number;
  /** "strong-wolfe" (default) or "armijo" (backtracking). */
  lineSearch?: "strong-wolfe" | "armijo";
}

/** -H⁻¹g approximated from the stored pairs (newest last), by the two-loop recursion. */
export function twoLoopDirection(gradient: readonly number[], s: readonly number[][], y: readonly number[][]): number[] {
  checkPoint("twoLoopDirection: gradient", gradient);
  for (const [name, pairs] of [
    ["s", s],
    ["y", y],
  ] as const) {
    const given: unknown = pairs; // what a caller without types may pass
    if (!Array.isArray(given))
      throw new TypeError(`twoLoopDirection: ${name} must be an array of vectors (the stored steps); got ${show(pairs)}`);
    pairs.forEach((v, i) => checkVector(`twoLoopDirection: ${name}[${i}]`, v, gradient.length));
  }
  if (s.length !== y.length)
    throw new RangeError(`twoLoopDirection: s and y must hold as many vectors; s has ${s.length}, y has ${y.length}`);
  const m = s.length;
  const q = [...gradient];
  const alpha = new Array<number>(m).fill(0);
  const rho = s.map((si, i) => 1 / dot(at(y, i, "y"), si));
  for (let i = m - 1; i >= 0; i--) {
    alpha[i] = at(rho, i, "rho") * dot(at(s, i, "s"), q);
    for (let j = 0; j < q.length; j++) q[j] = at(q, j, "q") - at(alpha, i, "alpha") * at(at(y, i, "y"), j, "y[i]");
  }
  // initial H0 = γI with γ = sᵀy / yᵀy from the newest pair: the scale of the curvature along the last step
  const gamma = m > 0 ? dot(at(s, m - 1, "s"), at(y, m - 1, "y")) / dot(at(y, m - 1, "y"), at(y, m - 1, "y")) : 1;
  const r = q.map((v) => gamma * v);
  for (let i = 0; i < m; i++) {
    const beta = at(rho, i, "rho") * dot(at(y, i, "y"), r);
    for (let j = 0; j < r.length; j++) r[j] = at(r, j, "r") + at(at(s, i, "s"), j, "s[i]") * (at(alpha, i, "alpha") - beta);
  }
  return r.map((v) => -v);
}

export function lbfgs(objective: SolverObjective, x0: readonly number[], options: LbfgsOptions = {}): SolverResult {
  checkObjective("lbfgs: objective", objective);
  checkPoint("lbfgs: x0", x0);
  checkOptions("lbfgs: options", options);
  const { memory = 10, tolerance = 1e-6, maxIterations = 500, lineSearch = "strong-wolfe" } = options;
  checkIterationOptions(tolerance, maxIterations);
  if (!Number.isInteger(memory) || memory < 1) throw new RangeError(`memory must be an integer >= 1; got ${memory}`);
  if (lineSearch !== "strong-wolfe" && lineSearch !== "armijo")
    throw new RangeError(`lineSearch must be "strong-wolfe" or "armijo"; got "${String(lineSearch)}"`);
  const { obj, evaluations } = counted(objective);
  const method = `lbfgs (m = ${memory}, ${lineSearch === "armijo" ? "Armijo" : "strong Wolfe"})`;

  const start = startAt(obj, x0);
  let { x, value, gradient } = start;
  const { history } = start;
  const s: number[][] = [];
  const y: number[][] = [];
  let skipped = 0;
  const finish = (status: SolverStatus, message: string, divergence?: { iteration: number; reason: DivergenceReason }) =>
    new SolverResult(
      method,
      status,
      skipped > 0 ? `${message} (${skipped} curvature pairs skipped: sᵀy <= 0)` : message,
      history,
      evaluations,
      divergence,
    );

  for (let k = 1; ; k++) {
    const gradNorm = norm(gradient);
    if (gradNorm <= tolerance) return finish("converged", `‖∇f‖ = ${gradNorm.toPrecision(3)} <= ${tolerance} after ${k - 1} iterations.`);
    if (k > maxIterations)
      return finish("max-iterations", `‖∇f‖ is still ${gradNorm.toPrecision(3)} after ${maxIterations} iterations; raise maxIterations.`);

    let p = twoLoopDirection(gradient, s, y);
    if (!(dot(p, gradient) < 0)) {
      // the approximation lost positive definiteness: forget it and take a gradient step
      s.length = 0;
      y.length = 0;
      p = gradient.map((g) => -g);
    }
    // Without curvature information yet, scale the first step to length 1 rather than ‖∇f‖.
    const alpha0 = s.length === 0 ? Math.min(1, 1 / gradNorm) : 1;
    const ls =
      lineSearch === "armijo"
        ? armijoBacktracking(obj, x, p, { value, gradient }, { alpha0 })
        : strongWolfe(obj, x, p, { value, gradient }, { alpha0 });
    if (!ls.ok) return finish("line-search-failed", `iteration ${k}: ${ls.reason}.`);
    const verdict = lossDivergence(ls.value, start.value);
    if (verdict) {
      // A finite point past the limit is the last one kept, as in every gradlab minimizer.
      if (verdict.reason === "loss growth") history.push({ iteration: k, x: ls.x, value: ls.value, gradNorm: norm(ls.gradient) });
      return finish(
        "diverged",
        `iteration ${k}: f reached ${ls.value.toPrecision(3)} at ${fmtVector(ls.x)} and keeps falling: f may be unbounded below.`,
        { iteration: k, reason: verdict.reason },
      );
    }
    const sk = ls.x.map((v, i) => v - at(x, i, "x"));
    const yk = ls.gradient.map((v, i) => v - at(gradient, i, "gradient"));
    if (dot(sk, yk) > 1e-12 * norm(sk) * norm(yk)) {
      s.push(sk);
      y.push(yk);
      if (s.length > memory) {
        s.shift();
        y.shift();
      }
    } else skipped++;
    [x, value, gradient] = [ls.x, ls.value, ls.gradient];
    history.push({ iteration: k, x, value, gradNorm: norm(gradient) });
  }
}
