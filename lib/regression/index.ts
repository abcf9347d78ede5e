/**
 * Linear regression (notebook 08): least squares in closed form, feature scaling.
 * Introduced in [notebook 08](../../notebooks/08-linear-regression.ipynb).
 */
export * from "./least-squares";
export * from "./scaling";
