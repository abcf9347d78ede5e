/** Witnesses (from notebook 00 on): cross-checks against central differences and tfjs autograd, gradient checks, and the exercise checks. */
export * from "./tolerance";
export * from "./crosscheck";
export * from "./exercise";
export * from "./gradcheck";
export * from "./gradient-exercise";
