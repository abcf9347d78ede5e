/**
 * The value type of the tensor engine: a shape and float64 numbers in row-major order. A rank-2
 * tensor is the same memory as a lib/nn `Matrix` (`toMatrix()` and `fromMatrix()` share the
 * Float64Array, nothing is copied), so the engine and the hand-written layers read the same numbers.
 *
 * Tensors are immutable by contract: no op writes into an input's `data`. That is what lets a
 * tensor wrap a parameter's `value` array directly, and lets a gradient rule hand back `dy` itself.
 *
 * @example
 * const t = tensor([[1, 2, 3], [4, 5, 6]]); // shape [2, 3]
 * t.toMatrix().get(1, 2); // 6
 * scalar(2).item(); // 2
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
import { Matrix } from "../util/matrix";
import { show } from "../util/validate";
import { at, f64 } from "../util/array";

/** The most entries a tensor may have (2^27, 1 GiB of float64): a larger shape is refused with this limit, not JavaScript's own error. */
export const MAX_TENSOR_SIZE = 2 ** 27;

export class Tensor {
  readonly shape: readonly number[];
  /** Row-major values; entry (i, j) of a rank-2 tensor is data[i * shape[1] + j]. Never written by ops. */
  readonly data: Float64Array;

  /** Wraps `data` as it is (no copy): the caller promises not to change it while the tensor is in use. */
  constructor(shape: readonly number[], data: Float64Array) {
    checkShape("new Tensor(shape, data)", shape);
    if (!(data instanceof Float64Array)) throw new TypeError(`new Tensor(shape, data): data must be a Float64Array; got ${show(data)}`);
    const size = sizeOf(shape);
    if (data.length !== size) throw new RangeError(`Tensor: shape ${shapeText(shape)} needs ${size} values; got ${data.length}`);
    this.shape = Object.freeze([...shape]);
    this.data = data;
  }

  get rank(): number {
    return this.shape.length;
  }

  get size(): number {
    return this.data.length;
  }

  /** The one number of a tensor with one entry (a scalar, or shape [1], [1, 1] ...). */
  item(): number {
    if (this.data.length !== 1) throw new RangeError(`item: the tensor has shape ${shapeText(this.shape)}; item() needs exactly one value`);
    return f64(this.data, 0);
  }

  /** Nested plain arrays (a number for a scalar). */
  toArray(): number | NestedArray {
    if (this.rank === 0) return f64(this.data, 0); // a scalar has one entry
    const build = (dim: number, offset: number): NestedArray => {
      const n = at(this.shape, dim, "shape");
      if (dim === this.rank - 1) return Array.from(this.data.subarray(offset, offset + n));
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: n }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /**
   * The same numbers as a lib/nn Matrix, sharing memory: rank 2 as is, a vector as one row, a
   * scalar as 1 × 1.
   */
  toMatrix(): Matrix {
    if (this.rank > 2) throw new RangeError(`toMatrix: a tensor of shape ${shapeText(this.shape)} is not a matrix`);
    const rows = this.rank === 2 ? at(this.shape, 0, "shape") : 1;
    return new Matrix(rows, this.data.length / rows, this.data);
  }

  toString(): string {
    return `Tensor ${shapeText(this.shape)} ${JSON.stringify(this.toArray())}`;
  }
}

export type NestedArray = number[] | NestedArray[];

/**
 * A tensor from numbers: a number (a scalar), a flat list with a `shape`, nested arrays, or a
 * Matrix. Always copies.
 * @example fromValues([1, 2, 3, 4], [2, 2]).shape // [2, 2]
 */
export function fromValues(values: number | ArrayLike<number> | NestedArray | Matrix, shape?: readonly number[]): Tensor {
  if (shape !== undefined) checkShape("fromValues", shape);
  if (values instanceof Matrix) return new Tensor(shape ?? [values.rows, values.cols], Float64Array.from(values.data));
  if (typeof values === "number") {
    if (!Number.isFinite(values)) throw new RangeError(`fromValues: values must be finite numbers; got ${values}`);
    return new Tensor(shape ?? [], Float64Array.of(values));
  }
  if (!Array.isArray(values) && !(ArrayBuffer.isView(values) && !(values instanceof DataView))) {
    throw new TypeError(
      `fromValues: values must be a number, an array of numbers (nested for more dimensions, such as [[1, 2], [3, 4]]), a typed array or a Matrix; got ${show(values)}`,
    );
  }
  if (values.length === 0) throw new RangeError("fromValues: values must not be empty (a tensor has at least one entry)");
  const inferred: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    inferred.push(probe.length);
    probe = probe[0];
  }
  if (inferred.length === 0) inferred.push(values.length);
  const flat: number[] = [];
  if (Array.isArray(values)) flattenNested(values, inferred, 0, flat, "");
  else flat.push(...Array.from(values));
  if (flat.length === 0) throw new RangeError("fromValues: values must not be empty (a tensor has at least one entry)");
  const data = Float64Array.from(flat);
  const bad = data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`fromValues: values must be finite numbers; got ${show(flat[bad])} at index ${bad}`);
  const target = shape ?? inferred;
  if (sizeOf(target) !== data.length) {
    throw new RangeError(`fromValues: shape ${shapeText(target)} needs ${sizeOf(target)} values; got ${data.length}`);
  }
  return new Tensor(target, data);
}

/**
 * Copies nested arrays into `out`, refusing ragged ones (every array at one depth must have the
 * length of the first, `shape[depth]`) and anything but numbers at the leaves: a silent reshape or
 * a string read as a number would give a tensor the caller never wrote.
 */
function flattenNested(values: unknown, shape: readonly number[], depth: number, out: number[], where: string): void {
  if (depth === shape.length) {
    if (typeof values !== "number") {
      throw new TypeError(`fromValues: values${where} must be a number; got ${Array.isArray(values) ? "an array" : show(values)}`);
    }
    out.push(values);
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[depth]) {
    const got = Array.isArray(values) ? `${values.length} entries` : typeof values;
    throw new RangeError(
      `fromValues: ragged nested arrays: values${where} has ${got} where ${shape[depth]} were expected (every row needs the same length)`,
    );
  }
  for (let i = 0; i < values.length; i++) flattenNested(values[i], shape, depth + 1, out, `${where}[${i}]`);
}

function isShape(shape: unknown): shape is readonly number[] {
  return Array.isArray(shape) && shape.every((d) => typeof d === "number" && Number.isInteger(d) && d >= 1);
}

/** Throws unless `shape` is a list of positive integers (at most MAX_TENSOR_SIZE entries in all), naming the caller. */
function checkShape(owner: string, shape: unknown): asserts shape is readonly number[] {
  if (!isShape(shape)) {
    const got = Array.isArray(shape) ? `[${shape.map(show).join(", ")}]` : show(shape);
    throw new RangeError(`${owner}: shape must be a list of positive integers such as [2, 3]; got ${got}`);
  }
  const size = shape.reduce((n, d) => n * d, 1);
  if (size > MAX_TENSOR_SIZE)
    throw new RangeError(`${owner}: shape ${shapeText(shape)} has ${size} entries, more than MAX_TENSOR_SIZE = ${MAX_TENSOR_SIZE}`);
}

/** A rank-0 tensor. @example scalar(3).shape // [] */
export function scalar(value: number): Tensor {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new RangeError(`scalar: value must be a finite number; got ${show(value)}`);
  return fromValues(value);
}

/** A tensor of zeros. @example zeros([2, 3]).size // 6 */
export function zeros(shape: readonly number[]): Tensor {
  checkShape("zeros", shape);
  return new Tensor(shape, new Float64Array(sizeOf(shape)));
}

/** A tensor whose every entry is `value`. @example fill([2], 1).toArray() // [1, 1] */
export function fill(shape: readonly number[], value: number): Tensor {
  checkShape("fill", shape);
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`fill: value must be a finite number; got ${show(value)}`);
  return new Tensor(shape, new Float64Array(sizeOf(shape)).fill(value));
}

/**
 * A Matrix as a rank-2 tensor sharing its memory (no copy).
 * @example fromMatrix(X).shape // [X.rows, X.cols]
 */
export function fromMatrix(m: Matrix): Tensor {
  if (!(m instanceof Matrix)) throw new TypeError(`fromMatrix: m must be a Matrix; got ${show(m)}`);
  return new Tensor([m.rows, m.cols], m.data);
}

/** Number of entries of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  if (!Array.isArray(shape)) throw new TypeError(`sizeOf: shape must be a list of sizes such as [2, 3]; got ${show(shape)}`);
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** "[2, 3]", "[]" for a scalar: the form every shape error uses. */
export function shapeText(shape: readonly number[]): string {
  if (!Array.isArray(shape)) throw new TypeError(`shapeText: shape must be a list of sizes such as [2, 3]; got ${show(shape)}`);
  return `[${shape.join(", ")}]`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (!Array.isArray(a) || !Array.isArray(b))
    throw new TypeError(`sameShape: a and b must be shapes such as [2, 3]; got ${show(a)} and ${show(b)}`);
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
