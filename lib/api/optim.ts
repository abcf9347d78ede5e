/**
 * The `optim` namespace of gradlab. Optimization: gradient descent, the optimizers (`sgd`, `momentum`,
 * `adam`, ...), schedules, mini-batches, the learning-rate finder and the divergence rules
 * (lib/optim). Notebook 06 introduces it; notebooks 07-08 use the rest.
 * ([06-gradient-descent](../../notebooks/06-gradient-descent.ipynb))
 */
export { type AdagradOptions, adagrad } from "../optim/adagrad";
export { type AdamOptions, adam } from "../optim/adam";
export { type DivergenceReason, MAX_LOSS_GROWTH, curvatureAlongStep, lossDivergence, stableLimit } from "../optim/divergence";
export {
  type GdDivergence,
  type GdResult,
  type GdStep,
  type GradientDescentOptions,
  type Point,
  gradientDescent,
} from "../optim/gradient-descent";
export { type LrFinderOptions, type LrFinderResult, findLearningRate } from "../optim/lr-finder";
export { type Batcher, type BatcherOptions, createBatcher } from "../optim/minibatch";
export { BaseOptimizer, type LearningRate, type Optimizer, type Schedule } from "../optim/optimizer";
export { type TestProblem, quadraticBowl, rosenbrock } from "../optim/problems";
export { type DescentPlotOptions, type HistoryTableOptions, descentPlot, showHistory } from "../optim/report";
export { type RmspropOptions, rmsprop } from "../optim/rmsprop";
export { type Divergence, type MinimizeOptions, type MinimizeResult, type RunStatus, type StepRecord, minimize } from "../optim/runner";
export {
  type CosineDecayOptions,
  type ExponentialDecayOptions,
  type StepDecayOptions,
  type WarmupOptions,
  cosineDecay,
  exponentialDecay,
  sampleSchedule,
  stepDecay,
  warmup,
} from "../optim/schedules";
export { type MomentumOptions, type SgdOptions, momentum, nesterov, sgd } from "../optim/sgd";
export {
  type OptimizerCrossCheckOptions,
  type OptimizerCrossCheckReport,
  type TfjsTrajectoryOptions,
  tfjsTrajectory,
} from "../optim/tfjs-compare";
