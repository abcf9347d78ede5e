/**
 * The `regression` namespace of gradlab. Linear regression: the closed-form least-squares fit and
 * feature standardization (lib/regression). Notebook 08 introduces it.
 * ([08-linear-regression](../../notebooks/08-linear-regression.ipynb))
 */
export { type LeastSquaresResult, leastSquares } from "../regression/least-squares";
export { type Standardizer, fitStandardizer } from "../regression/scaling";
