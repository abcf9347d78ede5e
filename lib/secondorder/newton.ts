/**
 * Newton's method: θ ← θ - H⁻¹∇f (notebook 12). Near a minimum where H is positive definite it converges
 * quadratically (the number of correct digits roughly doubles each step), and on a quadratic
 * bowl it lands on the minimum in one step. Elsewhere the pure step can go wrong, and this
 * implementation says so instead of hiding it:
 *
 * - H not positive definite: the Newton step heads for a stationary point, which may be a saddle
 *   or a maximum. `ifNotPositiveDefinite: "stop"` (default) stops with a message naming the
 *   eigenvalues; `"damp"` solves (H + λI)p = -∇f with the smallest λ (tried 1e-3·scale, ×10)
 *   that makes it positive definite, which always points downhill; `"ignore"` takes the pure
 *   step anyway (to watch it find a saddle).
 * - f becomes non-finite or explodes (lib/optim's one rule, `lossDivergence`): status "diverged",
 *   with the iteration.
 *
 * @example
 * const r = newton(objective(rosenbrockFn), [-1.2, 1]);
 * r.summary(); // "newton: converged after ... iterations at [1, 1] ..."
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { fmtVector } from "../util/format";
import { checkSquare, cholesky, choleskySolve, classifyCurvature, norm, solve, axpy } from "./linalg";
import { armijoBacktracking } from "./linesearch";
import { checkObjective, counted, type SolverObjective } from "./objective";
import { startAt } from "./start";
import { lossDivergence, type DivergenceReason } from "../optim/divergence";
import { SolverResult, type SolverStatus } from "./result";
import { checkOptions, checkPoint } from "../util/validate";
import { at } from "../util/array";

export interface NewtonOptions {
  /** Stop when ‖∇f‖ <= tolerance (default 1e-6, for every method here). */
  tolerance?: number;
  /** Iteration budget (default 100). */
  maxIterations?: number;
  /** What to do when H is not positive definite (default "stop"). */
  ifNotPositiveDefinite?: "stop" | "damp" | "ignore";
  /** "none" (default): the full step θ - H⁻¹∇f as in the textbook update; "armijo": backtrack along it. */
  lineSearch?: "none" | "armijo";
}

const NPD = ["stop", "damp", "ignore"] as const;

export function checkIterationOptions(tolerance: number, maxIterations: number): void {
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) throw new RangeError(`tolerance must be a finite number >= 0; got ${tolerance}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 0)
    throw new RangeError(`maxIterations must be an integer >= 0; got ${maxIterations}`);
}

export function newton(objective: SolverObjective, x0: readonly number[], options: NewtonOptions = {}): SolverResult {
  checkObjective("newton: objective", objective);
  checkPoint("newton: x0", x0);
  checkOptions("newton: options", options);
  const { tolerance = 1e-6, maxIterations = 100, ifNotPositiveDefinite = "stop", lineSearch = "none" } = options;
  checkIterationOptions(tolerance, maxIterations);
  if (!NPD.includes(ifNotPositiveDefinite))
    throw new RangeError(`ifNotPositiveDefinite must be one of ${NPD.join(", ")}; got "${ifNotPositiveDefinite}"`);
  if (lineSearch !== "none" && lineSearch !== "armijo")
    throw new RangeError(`lineSearch must be "none" or "armijo"; got "${String(lineSearch)}"`);
  const { obj, evaluations } = counted(objective);
  const hessianOf = obj.hessian;
  if (!hessianOf) throw new TypeError("newton needs objective.hessian (objective(f) provides one)");
  const method = `newton${ifNotPositiveDefinite === "damp" ? " (damped)" : ""}${lineSearch === "armijo" ? " + Armijo" : ""}`;

  const start = startAt(obj, x0);
  let { x, value, gradient } = start;
  const { history } = start;
  const finish = (status: SolverStatus, message: string, divergence?: { iteration: number; reason: DivergenceReason }) =>
    new SolverResult(method, status, message, history, evaluations, divergence);

  for (let k = 1; ; k++) {
    const gradNorm = norm(gradient);
    if (gradNorm <= tolerance) {
      const H = hessianOf(x);
      const shape = classifyCurvature(checkSquare("hessian", H));
      const note =
        shape.kind === "minimum" ? "" : ` Careful: this stationary point is a ${shape.kind}, not a minimum (${shape.explanation}).`;
      return finish("converged", `‖∇f‖ = ${gradNorm.toPrecision(3)} <= ${tolerance} after ${k - 1} iterations.${note}`);
    }
    if (k > maxIterations)
      return finish(
        "max-iterations",
        `‖∇f‖ is still ${gradNorm.toPrecision(3)} after ${maxIterations} iterations; raise maxIterations or start closer.`,
      );

    const H = checkSquare("hessian", hessianOf(x));
    const minusG = gradient.map((g) => -g);
    let step: number[] | null;
    const L = cholesky(H);
    if (L) step = choleskySolve(L, minusG);
    else if (ifNotPositiveDefinite === "stop") {
      const shape = classifyCurvature(H);
      return finish(
        "not-positive-definite",
        `iteration ${k}: the Hessian at ${fmtVector(x)} is not positive definite (${shape.explanation}), so the Newton step heads for a ` +
          `stationary point that need not be a minimum. Use ifNotPositiveDefinite: "damp", or a first-order method here.`,
      );
    } else if (ifNotPositiveDefinite === "damp") step = dampedStep(H, minusG);
    else {
      step = solve(H, minusG);
      if (!step)
        return finish(
          "not-positive-definite",
          `iteration ${k}: the Hessian at ${fmtVector(x)} is singular; the Newton step is undefined. Try "damp".`,
        );
    }

    let next: number[];
    let nextValue: number;
    let nextGradient: number[];
    if (lineSearch === "armijo") {
      const ls = armijoBacktracking(obj, x, step, { value, gradient });
      if (!ls.ok) return finish("line-search-failed", `iteration ${k}: ${ls.reason}.`);
      [next, nextValue, nextGradient] = [ls.x, ls.value, ls.gradient];
    } else {
      next = axpy(x, 1, step);
      nextValue = obj.value(next);
      nextGradient = Number.isFinite(nextValue) ? obj.gradient(next) : gradient;
    }
    const verdict = lossDivergence(nextValue, start.value);
    if (verdict) {
      // A finite point past the limit is the last one kept, as in every gradlab minimizer.
      if (verdict.reason === "loss growth") history.push({ iteration: k, x: next, value: nextValue, gradNorm: norm(nextGradient) });
      const why =
        nextValue < value
          ? "and keeps falling: f may be unbounded below"
          : `; the full Newton step overshoots here${lineSearch === "none" ? ': try lineSearch: "armijo"' : ""}`;
      return finish("diverged", `iteration ${k}: f reached ${nextValue.toPrecision(3)} at ${fmtVector(next)} ${why}.`.replace(" ;", ";"), {
        iteration: k,
        reason: verdict.reason,
      });
    }
    [x, value, gradient] = [next, nextValue, nextGradient];
    history.push({ iteration: k, x, value, gradNorm: norm(gradient) });
  }
}

/** Solves (H + λI)p = -g with the smallest λ of 1e-3·s, 1e-2·s, ... (s = largest |H_ii|) that makes it positive definite. */
function dampedStep(H: number[][], minusG: number[]): number[] {
  const scale = Math.max(...H.map((row, i) => Math.abs(at(row, i, "H row"))), 1e-8);
  for (let lambda = 1e-3 * scale; ; lambda *= 10) {
    const L = cholesky(H.map((row, i) => row.map((v, j) => (i === j ? v + lambda : v))));
    if (L) return choleskySolve(L, minusG);
  }
}
