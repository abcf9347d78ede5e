/**
 * What every minimizer here returns: where it stopped, why, after how many iterations and calls,
 * and the path it took. A run that fails says so in `status` and `message` (with the iteration and
 * a hint); its `x` is the last point where everything was still finite, never NaN.
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { inspect } from "node:util";
import { fmt, fmtVector } from "../util/format";
import { at } from "../util/array";
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
    return this.last().iteration;
  }

  get x(): number[] {
    return this.last().x;
  }

  get value(): number {
    return this.last().value;
  }

  get gradNorm(): number {
    return this.last().gradNorm;
  }

  /** The last step of the history (every solver records its starting point first). */
  private last(): SolverStep {
    const step = this.history.at(-1);
    if (!step) throw new Error(`${this.method}: the result has an empty history`);
    return step;
  }

  /** The path as (x, y) pairs, for contour plots of 2-D problems; every `every`-th point plus the last. */
  path2d(every = 1): Array<[number, number]> {
    const pts = this.history.filter((_, i) => i % every === 0 || i === this.history.length - 1);
    return pts.map((s) => [at(s.x, 0, "path2d: x"), at(s.x, 1, "path2d: x (a 2-D problem)")]);
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
