// Internal to lib/optim (not re-exported): the checks of the stopping options.

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
  const steps = options[stepsName] ?? 1000;
  if (!(Number.isInteger(steps) && steps >= 0))
    throw new RangeError(`${owner}: ${stepsName} must be an integer >= 0; got ${String(steps)}`);
  if (!(Number.isFinite(tolerance) && tolerance >= 0))
    throw new RangeError(`${owner}: tolerance must be a finite number >= 0; got ${String(tolerance)}`);
  if (!(Number.isFinite(maxLossGrowth) && maxLossGrowth > 1)) {
    throw new RangeError(`${owner}: maxLossGrowth must be a finite number > 1; got ${String(maxLossGrowth)}`);
  }
}
