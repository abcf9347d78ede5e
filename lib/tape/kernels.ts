/**
 * The arithmetic behind the ops, on plain Float64Arrays: the index bookkeeping of broadcasting,
 * and the matrix product (which lives in lib/util/kernels.ts, shared with lib/nn's Matrix and
 * Dense). Loops only; no per-element callbacks.
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
import { shapeText } from "./tensor";
import { at, i32 } from "../util/array";

export { matmulInto } from "../util/kernels";

/**
 * The shape two operands broadcast to (numpy/tfjs rules: align trailing dimensions; each pair must
 * be equal or contain a 1), or an error naming the op and both shapes.
 */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let k = 0; k < rank; k++) {
    const da = a[a.length - rank + k] ?? 1;
    const db = b[b.length - rank + k] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${op}: shapes ${shapeText(a)} and ${shapeText(b)} cannot be broadcast together (dimension ${k} is ${da} in one and ${db} in the other)`,
      );
    }
    out.push(Math.max(da, db));
  }
  return out;
}

/**
 * For each entry of a tensor of shape `out`, the index of the entry of a tensor of shape `from`
 * that broadcasting reads (`from` must broadcast to `out`).
 */
export function broadcastIndex(from: readonly number[], out: readonly number[]): Int32Array {
  const size = out.reduce((n, d) => n * d, 1);
  const index = new Int32Array(size);
  const rank = out.length;
  // strides of `from`, aligned to the trailing dimensions of `out`; 0 where `from` has a 1
  const strides = new Int32Array(rank);
  let stride = 1;
  for (let k = from.length - 1; k >= 0; k--) {
    const d = at(from, k, "from");
    strides[rank - from.length + k] = d === 1 ? 0 : stride;
    stride *= d;
  }
  const dims = Int32Array.from(out);
  const counter = new Int32Array(rank);
  let pos = 0;
  for (let flat = 0; flat < size; flat++) {
    index[flat] = pos;
    // odometer increment over `out`'s dimensions, keeping `pos` in step
    for (let axis = rank - 1; axis >= 0; axis--) {
      const s = i32(strides, axis);
      pos += s;
      const c = i32(counter, axis) + 1;
      counter[axis] = c;
      if (c < i32(dims, axis)) break;
      pos -= s * i32(dims, axis);
      counter[axis] = 0;
    }
  }
  return index;
}

/** The row-major strides of a shape: [3, 4] → [4, 1]. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let k = shape.length - 1; k >= 0; k--) {
    strides[k] = s;
    s *= at(shape, k, "shape");
  }
  return strides;
}
