/**
 * What every minimizer here returns: where it stopped, why, after how many iterations and calls,
 * and the path it took. A run that fails says so in `status` and `message` (with the iteration and
 * a hint); its `x` is the last point where everything was still finite, never NaN.
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { inspect } from "node:util";
import { fmt, fmtVector } from "../util/format";
import type { Evaluations } from "./objective";
import type { DivergenceReason } from "../optim/divergence";

export type SolverStatus =
  /** ‖∇f‖ fell below the tolerance. */
  | "converged"
  /** Still going when the iteration budget ran out. */
  | "max-iterations"
  /** f or the step became non-finite or exploded. */
  | "diverged"
  /** The line search found no acceptable step. */
  | "line-search-failed"
  /** Newton met a Hessian that is not positive definite and was told to stop. */
  | "not-positive-definite";

export interface SolverStep {
  iteration: number;
  x: number[];
  value: number;
  gradNorm: number;
}

export class SolverResult {
  constructor(
    readonly method: string,
    readonly status: SolverStatus,
    /** One or two sentences: what happened, where, and what to try. */
    readonly message: string,
    /** Iterates with f and ‖∇f‖: x_0 first, the result last (gradient descent may keep only every k-th in between). */
    readonly history: SolverStep[],
    readonly evaluations: Evaluations,
    /**
     * When status is "diverged": the iteration at which the divergence rule (`lossDivergence` of
     * lib/optim) fired and why. The history ends there when that point was finite, just before it
     * otherwise.
     */
    readonly divergence?: { iteration: number; reason: DivergenceReason },
  ) {}

  get converged(): boolean {
    return this.status === "converged";
  }

  /** Steps taken. */
  get iterations(): number {
    return (this.history[this.history.length - 1] as SolverStep).iteration;
  }

  get x(): number[] {
    return (this.history[this.history.length - 1] as SolverStep).x;
  }

  get value(): number {
    return (this.history[this.history.length - 1] as SolverStep).value;
  }

  get gradNorm(): number {
    return (this.history[this.history.length - 1] as SolverStep).gradNorm;
  }

  /** The path as (x, y) pairs, for contour plots of 2-D problems; every `every`-th point plus the last. */
  path2d(every = 1): Array<[number, number]> {
    const pts = this.history.filter((_, i) => i % every === 0 || i === this.history.length - 1);
    return pts.map((s) => [s.x[0] as number, s.x[1] as number]);
  }

  /** e.g. "newton: converged after 5 iterations at [1, 1], f = 0 (‖∇f‖ = 3e-12; 6 gradients, 5 Hessians)" */
  summary(): string {
    const e = this.evaluations;
    const calls = [
      e.value ? `${e.value} function values` : "",
      e.gradient ? `${e.gradient} gradients` : "",
      e.hessian ? `${e.hessian} Hessians` : "",
    ].filter(Boolean);
    return (
      `${this.method}: ${this.status} after ${this.iterations} iterations at ${fmtVector(this.x, 6)}, f = ${fmt(this.value, 6)} ` +
      `(‖∇f‖ = ${fmt(this.gradNorm, 3)}; ${calls.join(", ")})` +
      (this.converged ? "" : `\n  ${this.message}`)
    );
  }

  [inspect.custom](): string {
    return this.summary();
  }
}
