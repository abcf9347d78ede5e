// Second-order methods (notebook 12): Newton, L-BFGS and plain gradient descent on a `SolverObjective`, compared step for step.
// Small dense linear algebra under a namespace (linalg.solve, linalg.dot ...): generic names stay out of the top level.
// Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
export * as linalg from "./linalg";
export { symmetricEigen, classifyCurvature, type Curvature } from "./linalg";
export { objective, counted, rosenbrockFn, quadratic, type SolverObjective, type Evaluations } from "./objective";
export { SolverResult, type SolverStatus, type SolverStep } from "./result";
export {
  armijoBacktracking,
  strongWolfe,
  type LineSearchResult,
  type LineSearchStart,
  type ArmijoOptions,
  type WolfeOptions,
} from "./linesearch";
export { newton, type NewtonOptions } from "./newton";
export { lbfgs, twoLoopDirection, type LbfgsOptions } from "./lbfgs";
export { gradientDescentMinimize, type GradientDescentMinimizeOptions } from "./gd";
