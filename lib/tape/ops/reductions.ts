/**
 * Sums and shapes: `sum` and `mean` over all entries or some axes (as tf.sum, tf.mean),
 * `sumTo` (sum a broadcast result back down to an operand's shape: the backward of broadcasting),
 * `broadcastTo` (its forward, and the backward of a sum) and `reshape`. Gradient rules:
 * gradients/reductions.ts.
 *
 * @example
 * sum(tensor([[1, 2], [3, 4]]), 0).toArray(); // [4, 6]: column sums
 * sumTo(tensor([[1, 2], [3, 4]]), [2]).toArray(); // [4, 6]: what a broadcast bias's gradient needs
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import { record } from "../tape";
import { f64, i32, at } from "../../util/array";
import { Tensor, sameShape, shapeText, sizeOf } from "../tensor";
import { broadcastIndex, broadcastShapes } from "../kernels";
import { asTensor, mul } from "./arithmetic";
import { show } from "../../util/validate";

/** The axes as sorted non-negative integers, or an error naming the op. */
function normalizeAxes(op: string, rank: number, axis: number | readonly number[] | undefined): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, k) => k);
  const list = typeof axis === "number" ? [axis] : [...axis];
  const out = list.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= Math.max(rank, 1)) {
      throw new RangeError(`${op}: axis ${a} is out of range for a tensor of rank ${rank}`);
    }
    return a < 0 ? a + rank : a;
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

/** Sums the entries of x into `keptShape` (x's shape with the reduced dimensions set to 1). */
function reduceInto(x: Tensor, keptShape: readonly number[]): Float64Array {
  const out = new Float64Array(sizeOf(keptShape));
  const xd = x.data;
  const [rows, cols] = x.shape; // both defined when x.rank === 2
  if (out.length === 1) {
    let s = 0;
    for (let k = 0; k < xd.length; k++) s += f64(xd, k);
    out[0] = s;
  } else if (rows !== undefined && cols !== undefined && x.rank === 2 && keptShape[0] === 1) {
    // column sums (a bias's gradient): walk rows, contiguous
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j] = f64(out, j) + f64(xd, i * cols + j);
  } else if (rows !== undefined && cols !== undefined && x.rank === 2 && keptShape[1] === 1) {
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += f64(xd, i * cols + j);
      out[i] = s;
    }
  } else {
    const index = broadcastIndex(keptShape, x.shape);
    for (let k = 0; k < xd.length; k++) {
      const o = i32(index, k);
      out[o] = f64(out, o) + f64(xd, k);
    }
  }
  return out;
}

/** A reduction's arguments checked (axis: a number, a list of them, or undefined; keepDims: a boolean), and its tensor. */
function checkedReduction(name: string, x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean): Tensor {
  if (axis !== undefined && typeof axis !== "number" && !(Array.isArray(axis) && axis.every((a: unknown) => typeof a === "number")))
    throw new TypeError(`${name}: axis must be an axis number, a list of them, or left out; got ${show(axis)}`);
  if (typeof keepDims !== "boolean") throw new TypeError(`${name}: keepDims must be true or false; got ${show(keepDims)}`);
  return asTensor(name, "x", x);
}

/**
 * The sum over `axis` (a number, a list, or all axes when omitted), as tf.sum.
 * @example sum(tensor([[1, 2], [3, 4]]), 1, true).shape // [2, 1]
 */
export function sum(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const t = checkedReduction("sum", x, axis, keepDims);
  const axes = normalizeAxes("sum", t.rank, axis);
  const kept = t.shape.map((d, k) => (axes.includes(k) ? 1 : d));
  const shape = keepDims ? kept : t.shape.filter((_, k) => !axes.includes(k));
  return record("sum", [t], new Tensor(shape, reduceInto(t, kept)), { axes, keepDims });
}

/** The mean over `axis` (all entries when omitted), as tf.mean: a sum times 1/count. */
export function mean(x: Tensor, axis?: number | readonly number[], keepDims = false): Tensor {
  const t = checkedReduction("mean", x, axis, keepDims);
  const axes = normalizeAxes("mean", t.rank, axis);
  const count = axes.reduce((n, a) => n * at(t.shape, a, "shape"), 1);
  return mul(sum(t, axes, keepDims), 1 / count);
}

/** A shape operation's arguments checked (shape: a list of positive integers), and its tensor. */
function checkedShapeOp(name: string, x: Tensor, shape: readonly number[]): Tensor {
  const given: unknown = shape; // what a caller without types may pass
  if (!Array.isArray(given) || !shape.every((d) => Number.isInteger(d) && d > 0))
    throw new TypeError(`${name}: shape must be a list of positive integers such as [2, 3] ([] for a scalar); got ${show(shape)}`);
  return asTensor(name, "x", x);
}

/**
 * Sums x down to `shape`, which must broadcast to x's shape: every dimension that broadcasting
 * stretched (missing, or 1 in `shape`) is summed. Returns x itself when the shapes are equal.
 */
export function sumTo(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkedShapeOp("sumTo", x, shape);
  if (sameShape(t.shape, shape)) return t;
  if (!sameShape(broadcastShapes("sumTo", shape, t.shape), t.shape)) {
    throw new RangeError(`sumTo: shape ${shapeText(shape)} does not broadcast to ${shapeText(t.shape)}, so x cannot be summed down to it`);
  }
  const pad = t.rank - shape.length;
  const kept = t.shape.map((_, k) => (k < pad ? 1 : at(shape, k - pad, "shape")));
  return record("sumTo", [t], new Tensor([...shape], reduceInto(t, kept)), { shape: [...shape] });
}

/** x repeated along broadcast dimensions to `shape` (as tf.broadcastTo). Returns x itself when the shapes are equal. */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkedShapeOp("broadcastTo", x, shape);
  if (sameShape(t.shape, shape)) return t;
  if (!sameShape(broadcastShapes("broadcastTo", t.shape, shape), shape)) {
    throw new RangeError(`broadcastTo: a tensor of shape ${shapeText(t.shape)} cannot be broadcast to ${shapeText(shape)}`);
  }
  const index = broadcastIndex(t.shape, shape);
  const out = new Float64Array(index.length);
  for (let k = 0; k < out.length; k++) out[k] = f64(t.data, i32(index, k));
  return record("broadcastTo", [t], new Tensor([...shape], out), { shape: [...shape] });
}

/** The same entries with another shape of the same size (shares memory). */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkedShapeOp("reshape", x, shape);
  if (sizeOf(shape) !== t.size) {
    throw new RangeError(
      `reshape: cannot reshape ${shapeText(t.shape)} (${t.size} values) to ${shapeText(shape)} (${sizeOf(shape)} values)`,
    );
  }
  if (sameShape(t.shape, shape)) return t;
  return record("reshape", [t], new Tensor([...shape], t.data), { shape: [...shape] });
}
