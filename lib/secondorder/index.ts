export {
  dot,
  norm,
  axpy,
  matVec,
  cholesky,
  choleskySolve,
  solve,
  symmetricEigen,
  classifyCurvature,
  checkSquare,
  type Matrix,
  type Curvature,
} from "./linalg";
export { objective, counted, rosenbrock, quadratic, type Objective, type Evaluations } from "./objective";
export { MinimizeResult, type MinimizeStatus, type MinimizeStep } from "./result";
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
export { gradientDescent, type GradientDescentOptions } from "./gd";
