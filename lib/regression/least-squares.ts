import { checkBoolean, checkOptions } from "../util/validate";
/**
 * The closed-form answer to linear regression: the weights that minimise the squared error
 * ‖X·w + b − y‖² exactly, in one computation instead of many gradient steps. Setting the MSE
 * gradient to zero gives the normal equations XᵀX·w = Xᵀy; solving them through a QR
 * factorisation (Householder reflections) avoids forming XᵀX, whose condition number is the
 * square of X's (which matters for unscaled features such as square feet beside bedrooms).
 *
 * @example
 * leastSquares([[0], [1], [2]], [1, 3, 5]); // { weights: [2], bias: 1, ... }
 * Introduced in [notebook 08](../../notebooks/08-linear-regression.ipynb).
 */
import { at } from "../util/array";

export interface LeastSquaresResult {
  weights: number[];
  /** 0 when fitted without an intercept. */
  bias: number;
  /** Mean squared error of the fit on the given data. */
  mse: number;
}

function checkData(X: readonly (readonly number[])[], y: readonly number[]): number {
  if (!Array.isArray(X) || X.length === 0) throw new RangeError("leastSquares: X must be a non-empty array of rows");
  const d = X[0]?.length ?? 0;
  if (d === 0) throw new RangeError("leastSquares: rows of X need at least one feature");
  X.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== d)
      throw new RangeError(`leastSquares: row ${i} of X has ${row?.length} values; expected ${d}`);
    if (!row.every(Number.isFinite)) throw new RangeError(`leastSquares: row ${i} of X has a non-finite value`);
  });
  if (!Array.isArray(y) || y.length !== X.length)
    throw new RangeError(`leastSquares: y has ${y?.length} values but X has ${X.length} rows`);
  if (!y.every(Number.isFinite)) throw new RangeError("leastSquares: y has a non-finite value");
  return d;
}

/** Least-squares weights and bias for y ≈ X·w + b (or y ≈ X·w with intercept: false). */
export function leastSquares(
  X: readonly (readonly number[])[],
  y: readonly number[],
  options: { intercept?: boolean } = {},
): LeastSquaresResult {
  checkOptions("leastSquares: options", options);
  if (options.intercept !== undefined) checkBoolean("leastSquares: options.intercept", options.intercept);
  const d = checkData(X, y);
  const intercept = options.intercept ?? true;
  const m = X.length;
  const n = d + (intercept ? 1 : 0);
  if (m < n) throw new RangeError(`leastSquares: ${m} samples cannot determine ${n} unknowns`);
  // A is m × n (features, then a column of ones for the bias), column-major for the reflections.
  const A = Array.from({ length: n }, (_, j) => Float64Array.from(X, (row) => (j < d ? at(row, j, "X row") : 1)));
  const b = Float64Array.from(y);
  let scale = 0;
  for (let k = 0; k < n; k++) {
    const col = at(A, k, "A");
    // Householder reflection H = I − 2vvᵀ that maps A[k:, k] onto a multiple of e_k.
    let norm = 0;
    for (let i = k; i < m; i++) norm += at(col, i, "col") ** 2;
    norm = Math.sqrt(norm);
    scale = Math.max(scale, norm);
    if (norm <= 1e-12 * scale)
      throw new RangeError(`leastSquares: column ${k} of X is (nearly) a combination of the others; the weights are not unique`);
    const alpha = at(col, k, "col") > 0 ? -norm : norm;
    const v = new Float64Array(m);
    for (let i = k; i < m; i++) v[i] = at(col, i, "col");
    v[k] = at(v, k, "v") - alpha;
    let vNorm = 0;
    for (let i = k; i < m; i++) vNorm += at(v, i, "v") ** 2;
    vNorm = Math.sqrt(vNorm);
    for (let i = k; i < m; i++) v[i] = at(v, i, "v") / vNorm;
    const reflect = (target: Float64Array) => {
      let dot = 0;
      for (let i = k; i < m; i++) dot += at(v, i, "v") * at(target, i, "target");
      for (let i = k; i < m; i++) target[i] = at(target, i, "target") - 2 * at(v, i, "v") * dot;
    };
    for (let j = k; j < n; j++) reflect(at(A, j, "A"));
    reflect(b);
  }
  // Back-substitution R·β = (Qᵀy)[0:n].
  const beta = new Array<number>(n).fill(0);
  for (let k = n - 1; k >= 0; k--) {
    let s = at(b, k, "b");
    for (let j = k + 1; j < n; j++) s -= at(at(A, j, "A"), k, "A column") * at(beta, j, "beta");
    beta[k] = s / at(at(A, k, "A"), k, "A column");
  }
  const weights = beta.slice(0, d);
  const bias = intercept ? at(beta, d, "beta") : 0;
  let sse = 0;
  X.forEach((row, i) => {
    const r = row.reduce((s, x, j) => s + x * at(weights, j, "weights"), bias) - at(y, i, "y");
    sse += r * r;
  });
  return { weights, bias, mse: sse / m };
}
