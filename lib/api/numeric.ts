/**
 * The `numeric` namespace of gradlab. Finite differences, the reference every engine is checked
 * against: difference quotients, gradients, partials, Hessians, and the error of the step
 * (lib/numeric). Notebook 00 introduces it; notebook 02 studies the step.
 * ([00-start-here](../../notebooks/00-start-here.ipynb))
 */
export { type LevelCrossing, levelCurveChord } from "../numeric/level-curve";
export {
  DEFAULT_STEP,
  type DifferenceScheme,
  type NumericOptions,
  backwardDifference,
  centralDifference,
  centralGradient,
  differenceQuotient,
  forwardDifference,
  numericGradient,
} from "../numeric/numeric";
export { directionalDerivative, numericHessian, numericJacobian, numericPartial } from "../numeric/partials";
export {
  EPS,
  type ErrorModelInputs,
  type LimitRow,
  MAX_LOG_STEPS,
  type StepErrorCurve,
  errorModel,
  limitTable,
  logSteps,
  optimalStep,
  stepErrors,
} from "../numeric/step-error";
