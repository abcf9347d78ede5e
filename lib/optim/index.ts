/**
 * Optimizers and gradient descent (notebooks 06-07, used again in 08-15): sgd, momentum, AdaGrad, RMSprop, Adam, schedules, the runner.
 * Introduced in [notebook 06](../../notebooks/06-gradient-descent.ipynb).
 */
export { BaseOptimizer, resolveLearningRate, TFJS_EPSILON, type LearningRate, type Optimizer, type Schedule } from "./optimizer";
export * from "./sgd";
export * from "./adagrad";
export * from "./rmsprop";
export * from "./adam";
export * from "./schedules";
export * from "./divergence";
export * from "./runner";
export * from "./gradient-descent";
export * from "./minibatch";
export * from "./lr-finder";
export * from "./problems";
export * from "./tfjs-compare";
export * from "./report";
