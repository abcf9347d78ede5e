/**
 * Witnesses (from notebook 00 on): cross-checks against central differences and tfjs autograd, gradient checks, and the exercise checks.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
export * from "./tolerance";
export * from "./crosscheck";
export * from "./exercise";
export * from "./gradcheck";
export * from "./gradient-exercise";
export * from "./claims";
export * from "./compare";
export * from "./grading";
export * from "./hints";
export * from "./integrity";
export * from "./staleness";
export * from "./answers";
