/**
 * Forward mode with dual numbers (notebooks 03, 05 and 13): `Dual`, `forwardGrad` / `forwardGrads`, and `dualDerivative` on parsed expressions.
 * Introduced in [notebook 03](../../../notebooks/03-derivative-rules.ipynb).
 */
export * from "./dual";
export * from "./forward";
export * from "./expression";
