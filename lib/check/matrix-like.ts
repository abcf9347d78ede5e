/**
 * The matrices the checks read without importing lib's Matrix class (lib/check sits below the
 * engines): anything with numeric `rows`, `cols` and an array-like `data`. Internal to lib/check.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { show } from "../util/validate";

export interface MatrixLike {
  rows: number;
  cols: number;
  data: ArrayLike<number>;
}

/** A matrix the checks built themselves: its data can be written. */
export interface PlainMatrix extends MatrixLike {
  data: Float64Array;
}

/** True when `v` has numeric `rows` and `cols` and an object `data` (a Matrix, or a plain { rows, cols, data }). */
export function isMatrixLike(v: unknown): v is MatrixLike {
  return (
    typeof v === "object" &&
    v !== null &&
    "rows" in v &&
    "cols" in v &&
    "data" in v &&
    typeof v.rows === "number" &&
    typeof v.cols === "number" &&
    typeof v.data === "object" &&
    v.data !== null
  );
}

/** `v` as a matrix, or a TypeError naming `what` when it is not one. */
export function asMatrix(v: unknown, what = "the value"): MatrixLike {
  if (!isMatrixLike(v)) throw new TypeError(`${what} must be a matrix { rows, cols, data }; got ${show(v)}`);
  return v;
}

/** A copy of `m` whose data is a Float64Array. */
export function plainMatrix(m: MatrixLike): PlainMatrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}
