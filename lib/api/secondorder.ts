/**
 * The `secondorder` namespace of gradlab. Second-order methods: objectives with counted evaluations,
 * Newton, L-BFGS, line searches and the curvature of a Hessian (lib/secondorder). Notebook 12
 * introduces it. ([12-higher-order-derivatives](../../notebooks/12-higher-order-derivatives.ipynb))
 */
export { type GradientDescentMinimizeOptions, gradientDescentMinimize } from "../secondorder/gd";
export { type LbfgsOptions, lbfgs, twoLoopDirection } from "../secondorder/lbfgs";
export { type Curvature, classifyCurvature, symmetricEigen } from "../secondorder/linalg";
export * as linalg from "../secondorder/linalg";
export {
  type ArmijoOptions,
  type LineSearchResult,
  type LineSearchStart,
  type WolfeOptions,
  armijoBacktracking,
  strongWolfe,
} from "../secondorder/linesearch";
export { type NewtonOptions, newton } from "../secondorder/newton";
export { type Evaluations, type SolverObjective, counted, objective, quadratic, rosenbrockFn } from "../secondorder/objective";
export { SolverResult, type SolverStatus, type SolverStep } from "../secondorder/result";
