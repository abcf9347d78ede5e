// The coordinates of a test point, for test functions that the notebooks write as f([x, y]):
// with noUncheckedIndexedAccess a destructured entry may be undefined, and these say which is missing.
import { at } from "../../lib/util/array";

/** [x, y] of a point with at least two coordinates. */
export function xy<T>(v: readonly T[]): [T, T] {
  return [at(v, 0, "x"), at(v, 1, "y")];
}

/** [a, b, c] of a point with at least three coordinates. */
export function abc<T>(v: readonly T[]): [T, T, T] {
  return [at(v, 0, "a"), at(v, 1, "b"), at(v, 2, "c")];
}

/** x of a point with at least one coordinate. */
export function first<T>(v: readonly T[]): T {
  return at(v, 0, "x");
}
