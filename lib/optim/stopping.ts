// Internal to lib/optim (not re-exported): the checks of the stopping options.
// Introduced in [notebook 06](../../notebooks/06-gradient-descent.ipynb).
import { show } from "../util/validate";

/**
 * The stopping options shared by `minimize` and `gradientDescent`, checked under the caller's names
 * (`owner`, and `stepsName` for the step budget: "maxSteps" or "steps").
 */
export function checkStopping(
  owner: string,
  options: { tolerance?: number; maxLossGrowth?: number; maxSteps?: number; steps?: number },
  stepsName: "maxSteps" | "steps",
): void {
  const { tolerance = 1e-8, maxLossGrowth = 1e6 } = options;
  const given = options[stepsName];
  const steps = given === undefined ? 1000 : given;
  if (!(typeof steps === "number" && Number.isInteger(steps) && steps >= 0))
    throw new RangeError(`${owner}: ${stepsName} must be an integer >= 0; got ${show(steps)}`);
  if (!(typeof tolerance === "number" && Number.isFinite(tolerance) && tolerance >= 0))
    throw new RangeError(`${owner}: tolerance must be a finite number >= 0; got ${show(tolerance)}`);
  if (!(typeof maxLossGrowth === "number" && Number.isFinite(maxLossGrowth) && maxLossGrowth > 1)) {
    throw new RangeError(`${owner}: maxLossGrowth must be a finite number > 1; got ${show(maxLossGrowth)}`);
  }
}
