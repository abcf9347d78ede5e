// Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
import { matmulInto } from "./kernels";
import { f64 } from "./array";
import { show } from "./validate";

/**
 * A small dense matrix of float64 numbers, stored row-major in a Float64Array: exactly the
 * operations backpropagation needs and nothing more. Rows are samples, columns are features, as
 * in `X` (one row per example) and `yHat` (one row per prediction).
 *
 * Every operation checks shapes at its entry and names both shapes when they do not fit:
 * `matmul: [4, 2] × [3, 1] does not fit: the left has 2 columns but the right has 3 rows`.
 *
 * @example
 * const X = Matrix.from([[0, 0], [0, 1]]);
 * const W = Matrix.from([[1, 2, 3], [4, 5, 6]]);
 * X.matmul(W).toArray(); // [[0, 0, 0], [4, 5, 6]]
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major values: entry (i, j) is data[i * cols + j]. */
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(cols) || cols < 1) {
      throw new RangeError(`Matrix: rows and cols must be positive integers; got [${show(rows)}, ${show(cols)}]`);
    }
    if (data !== undefined && !(data instanceof Float64Array))
      throw new TypeError(`Matrix: data must be a Float64Array of rows * cols values (or left out for zeros); got ${show(data)}`);
    if (data && data.length !== rows * cols) {
      throw new RangeError(`Matrix: shape [${rows}, ${cols}] needs ${rows * cols} values; got ${data.length}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /** A rows × cols matrix of zeros. */
  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  /** A rows × cols matrix whose every entry is `value`. */
  static full(rows: number, cols: number, value: number): Matrix {
    return new Matrix(rows, cols).fill(value);
  }

  /**
   * A matrix from nested arrays, one inner array per row.
   * @example Matrix.from([[1, 2], [3, 4]]).shape // [2, 2]
   */
  static from(values: ReadonlyArray<ArrayLike<number>>): Matrix {
    if (!Array.isArray(values) || values.length === 0) throw new RangeError("Matrix.from: values must be a non-empty array of rows");
    const cols = values[0]?.length ?? 0;
    if (cols === 0) throw new RangeError("Matrix.from: rows must have at least one value");
    const m = new Matrix(values.length, cols);
    values.forEach((row, i) => {
      if (row.length !== cols) throw new RangeError(`Matrix.from: row ${i} has ${row.length} values; row 0 has ${cols}`);
      for (let j = 0; j < cols; j++) m.data[i * cols + j] = f64(row, j);
    });
    return m;
  }

  /** Wraps (a copy of) flat row-major values as a rows × cols matrix. */
  static fromFlat(rows: number, cols: number, values: ArrayLike<number>): Matrix {
    if (values.length !== rows * cols) {
      throw new RangeError(`Matrix.fromFlat: shape [${rows}, ${cols}] needs ${rows * cols} values; got ${values.length}`);
    }
    return new Matrix(rows, cols, Float64Array.from(values));
  }

  /** A 1 × n matrix (e.g. a bias, or one sample). */
  static row(values: ArrayLike<number>): Matrix {
    return Matrix.fromFlat(1, values.length, values);
  }

  /** An n × 1 matrix (e.g. targets with one output each). */
  static column(values: ArrayLike<number>): Matrix {
    return Matrix.fromFlat(values.length, 1, values);
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.data.length;
  }

  get(i: number, j: number): number {
    this.checkIndex(i, j);
    return f64(this.data, i * this.cols + j);
  }

  set(i: number, j: number, value: number): void {
    this.checkIndex(i, j);
    this.data[i * this.cols + j] = value;
  }

  private checkIndex(i: number, j: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows || !Number.isInteger(j) || j < 0 || j >= this.cols) {
      throw new RangeError(`index (${i}, ${j}) is outside a [${this.rows}, ${this.cols}] matrix`);
    }
  }

  /** Row i as a plain array. */
  rowAt(i: number): number[] {
    this.checkIndex(i, 0);
    return Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols));
  }

  /** Rows as nested plain arrays (for tables, plots and tfjs). */
  toArray(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => this.rowAt(i));
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, Float64Array.from(this.data));
  }

  /** Sets every entry to `value`, in place; returns this matrix. */
  fill(value: number): this {
    this.data.fill(value);
    return this;
  }

  /**
   * The matrix product this · other: (n × k) · (k × m) = n × m.
   * @example Matrix.from([[1, 2]]).matmul(Matrix.from([[3], [4]])).get(0, 0) // 11
   */
  matmul(other: Matrix): Matrix {
    return this.product("matmul", other, false, false);
  }

  /**
   * thisᵀ · other without building the transpose: (k × n)ᵀ · (k × m) = n × m. The same numbers as
   * `this.transpose().matmul(other)`, bit for bit (a dense layer's dL/dW = Xᵀ·dY).
   * @example Matrix.from([[1], [2]]).transposeMatmul(Matrix.from([[3], [4]])).get(0, 0) // 11
   */
  transposeMatmul(other: Matrix): Matrix {
    return this.product("transposeMatmul", other, true, false);
  }

  /**
   * this · otherᵀ without building the transpose: (n × k) · (m × k)ᵀ = n × m. The same numbers as
   * `this.matmul(other.transpose())`, bit for bit (a dense layer's dL/dX = dY·Wᵀ).
   * @example Matrix.from([[1, 2]]).matmulTranspose(Matrix.from([[3, 4]])).get(0, 0) // 11
   */
  matmulTranspose(other: Matrix): Matrix {
    return this.product("matmulTranspose", other, false, true);
  }

  private product(op: string, other: Matrix, transposeA: boolean, transposeB: boolean): Matrix {
    if (!(other instanceof Matrix)) throw new TypeError(`${op}: expected a Matrix; got ${other === null ? "null" : typeof other}`);
    const [m, k] = transposeA ? [this.cols, this.rows] : [this.rows, this.cols];
    const [kb, n] = transposeB ? [other.cols, other.rows] : [other.rows, other.cols];
    if (k !== kb) {
      const left = `${shapeText(this)}${transposeA ? "ᵀ" : ""}`;
      const right = `${shapeText(other)}${transposeB ? "ᵀ" : ""}`;
      throw new RangeError(`${op}: ${left} × ${right} does not fit: the left has ${k} columns but the right has ${kb} rows`);
    }
    const out = new Matrix(m, n);
    // Blocked 4 × 4, each entry summed in the textbook order p = 0, 1, ... (lib/util/kernels.ts).
    matmulInto(this.data, this.rows, this.cols, other.data, other.rows, other.cols, transposeA, transposeB, out.data);
    return out;
  }

  /** The transpose: entry (i, j) becomes (j, i). */
  transpose(): Matrix {
    const out = new Matrix(this.cols, this.rows);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) out.data[j * this.rows + i] = f64(this.data, i * this.cols + j);
    }
    return out;
  }

  /** Element-wise sum; shapes must be equal. */
  add(other: Matrix): Matrix {
    this.checkSameShape("add", other);
    return this.zip(other, (a, b) => a + b);
  }

  /** Element-wise difference; shapes must be equal. */
  sub(other: Matrix): Matrix {
    this.checkSameShape("sub", other);
    return this.zip(other, (a, b) => a - b);
  }

  /** Element-wise (Hadamard) product ⊙; shapes must be equal. */
  mul(other: Matrix): Matrix {
    this.checkSameShape("mul", other);
    return this.zip(other, (a, b) => a * b);
  }

  /** Every entry times the number `s`. */
  scale(s: number): Matrix {
    return this.map((v) => v * s);
  }

  /**
   * Adds a 1 × cols row to every row (broadcasting, as `X·W + b` does with a bias).
   * @example Matrix.from([[1, 2], [3, 4]]).addRow(Matrix.row([10, 20])).toArray() // [[11, 22], [13, 24]]
   */
  addRow(row: Matrix): Matrix {
    if (row.rows !== 1 || row.cols !== this.cols) {
      throw new RangeError(
        `addRow: cannot add a ${shapeText(row)} row to every row of a ${shapeText(this)} matrix; expected [1, ${this.cols}]`,
      );
    }
    const out = new Matrix(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) out.data[i * this.cols + j] = f64(this.data, i * this.cols + j) + f64(row.data, j);
    }
    return out;
  }

  /**
   * Column sums as a 1 × cols row: the sum over samples, which is how a broadcast bias collects
   * its gradient (each sample used the same bias, so their contributions add up).
   */
  sumRows(): Matrix {
    const out = new Matrix(1, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) out.data[j] = f64(out.data, j) + f64(this.data, i * this.cols + j);
    }
    return out;
  }

  /** Column means as a 1 × cols row. */
  meanRows(): Matrix {
    return this.sumRows().scale(1 / this.rows);
  }

  /** Sum of all entries. */
  sum(): number {
    let s = 0;
    for (const v of this.data) s += v;
    return s;
  }

  /** Frobenius norm: the square root of the sum of squared entries. */
  norm(): number {
    let s = 0;
    for (const v of this.data) s += v * v;
    return Math.sqrt(s);
  }

  /** A new matrix with f applied to every entry. */
  map(f: (value: number, i: number, j: number) => number): Matrix {
    const out = new Matrix(this.rows, this.cols);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) out.data[i * this.cols + j] = f(f64(this.data, i * this.cols + j), i, j);
    }
    return out;
  }

  /** A new matrix with f applied to matching entries of this and other (same shape). */
  zip(other: Matrix, f: (a: number, b: number) => number): Matrix {
    this.checkSameShape("zip", other);
    const out = new Matrix(this.rows, this.cols);
    for (let k = 0; k < this.data.length; k++) out.data[k] = f(f64(this.data, k), f64(other.data, k));
    return out;
  }

  /** True when every entry is a finite number. */
  isFinite(): boolean {
    return this.data.every((v) => Number.isFinite(v));
  }

  private checkSameShape(op: string, other: Matrix): void {
    if (!(other instanceof Matrix)) throw new TypeError(`${op}: expected a Matrix; got ${typeof other}`);
    if (this.rows !== other.rows || this.cols !== other.cols) {
      throw new RangeError(`${op}: shapes ${shapeText(this)} and ${shapeText(other)} must be equal`);
    }
  }

  toString(): string {
    return `Matrix ${shapeText(this)} ${JSON.stringify(this.toArray())}`;
  }
}

/**
 * "[rows, cols]", as used in every shape error.
 * @example shapeText(Matrix.zeros(4, 2)) // "[4, 2]"
 */
/** Throws, naming the argument, unless m is a Matrix. @example checkMatrix("train: X", X) */
export function checkMatrix(name: string, m: unknown): asserts m is Matrix {
  if (!(m instanceof Matrix)) throw new TypeError(`${name} must be a Matrix (e.g. Matrix.from([[1, 2], [3, 4]])); got ${show(m)}`);
}

export function shapeText(m: { rows: number; cols: number }): string {
  if (typeof m !== "object" || m === null || !Number.isInteger(m.rows) || !Number.isInteger(m.cols))
    throw new TypeError(`shapeText: m must be a Matrix (or { rows, cols }); got ${show(m)}`);
  return `[${m.rows}, ${m.cols}]`;
}

/**
 * Throws unless `m` has the expected shape (undefined = any); `what` names the argument in the message.
 * @example checkShape("X", X, undefined, 2) // X must have 2 columns
 */
export function checkShape(what: string, m: Matrix, rows: number | undefined, cols: number | undefined): void {
  if (!(m instanceof Matrix)) throw new TypeError(`${what} must be a Matrix; got ${m === null ? "null" : typeof m}`);
  if ((rows !== undefined && m.rows !== rows) || (cols !== undefined && m.cols !== cols)) {
    const expected = `[${rows ?? "any"}, ${cols ?? "any"}]`;
    throw new RangeError(`${what} has shape ${shapeText(m)}; expected ${expected}`);
  }
}
