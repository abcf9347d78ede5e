/**
 * Finite differences (notebooks 01-03): derivatives and gradients from function values alone, the
 * step-size trade-off, partial derivatives and level curves. The reference every other engine is
 * checked against.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
export {
  DIFFERENCE_SCHEMES,
  DEFAULT_STEP,
  differenceQuotient,
  forwardDifference,
  backwardDifference,
  centralDifference,
  numericGradient,
  centralGradient,
  type DifferenceScheme,
  type NumericOptions,
} from "./numeric";
export * from "./partials";
export * from "./step-error";
export * from "./level-curve";
