// Where every solver of this folder starts (internal, not re-exported): x0 checked, f and ∇f there,
// the first history entry. Divergence is judged by lib/optim's one rule, `lossDivergence`, against
// the f(x0) returned here.
// Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
import { fmtVector } from "../util/format";
import { checkPoint } from "../util/validate";
import { norm } from "./linalg";
import type { SolverObjective } from "./objective";
import type { SolverStep } from "./result";

/** The start at x0; throws when f is not finite there. */
export function startAt(
  obj: SolverObjective,
  x0: readonly number[],
): { x: number[]; value: number; gradient: number[]; history: SolverStep[] } {
  const x = [...checkPoint("x0", x0)];
  const value = obj.value(x);
  if (!Number.isFinite(value)) throw new RangeError(`f(x0) is ${value} at x0 = ${fmtVector(x)}: start where f is defined`);
  const gradient = obj.gradient(x);
  return { x, value, gradient, history: [{ iteration: 0, x, value, gradNorm: norm(gradient) }] };
}
