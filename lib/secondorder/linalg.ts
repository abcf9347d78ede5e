import { show, checkStep } from "../util/validate";
/**
 * The little dense linear algebra second-order methods need, on plain number[][] (row-major,
 * float64): dot products, Cholesky (which doubles as the test "is H positive definite?"),
 * a general solve, and the eigenvalues of a symmetric matrix (what a Hessian says about the
 * shape of a surface).
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { at } from "../util/array";

export type Matrix = number[][];

/**
 * The type check of the vector helpers: an array of numbers (of length n when given). NaN and
 * ±Infinity pass, as in Math: the solvers that call these helpers judge non-finite values themselves.
 */
function numbers(name: string, a: unknown, n?: number): void {
  if (!Array.isArray(a) || a.length === 0 || !a.every((v) => typeof v === "number") || (n !== undefined && a.length !== n))
    throw new TypeError(`${name} must be a non-empty array of ${n ?? "some"} numbers; got ${show(a)}`);
}

export function dot(a: readonly number[], b: readonly number[]): number {
  numbers("dot: a", a);
  numbers("dot: b", b, a.length);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += at(a, i, "a") * at(b, i, "b");
  return s;
}

export function norm(a: readonly number[]): number {
  numbers("norm: a", a);
  return Math.sqrt(dot(a, a));
}

/** a + t·b, elementwise. */
export function axpy(a: readonly number[], t: number, b: readonly number[]): number[] {
  numbers("axpy: a", a);
  if (typeof t !== "number") throw new TypeError(`axpy: t must be a number; got ${show(t)}`);
  numbers("axpy: b", b, a.length);
  return a.map((v, i) => v + t * at(b, i, "b"));
}

export function matVec(A: Matrix, x: readonly number[]): number[] {
  const given: unknown = A; // what a caller without types may pass
  if (!Array.isArray(given) || A.length === 0)
    throw new TypeError(`matVec: A must be a non-empty array of rows such as [[1, 0], [0, 1]]; got ${show(A)}`);
  numbers("matVec: x", x);
  A.forEach((row, i) => numbers(`matVec: A[${i}]`, row, x.length));
  return A.map((row) => dot(row, x));
}

/** Checks that A is a square matrix of finite numbers; `name` is used in the error. */
export function checkSquare(name: string, A: unknown): Matrix {
  if (typeof name !== "string" || name === "")
    throw new TypeError(`checkSquare: name must be the argument's name such as "H"; got ${show(name)}`);
  if (!Array.isArray(A) || A.length === 0) throw new RangeError(`${name} must be a non-empty square matrix (array of rows)`);
  const n = A.length;
  A.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== n)
      throw new RangeError(`${name} must be square: row ${i} has ${Array.isArray(row) ? row.length : "no"} entries, expected ${n}`);
    row.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new RangeError(`${name}[${i}][${j}] must be a finite number; got ${String(v)}`);
    });
  });
  return A; // rows of n finite numbers each (checked above)
}

/**
 * The lower-triangular L with A = L·Lᵀ, or null when A is not (numerically) positive definite:
 * Cholesky succeeds exactly for symmetric positive definite matrices, so it is also the test.
 */
export function cholesky(A: Matrix): Matrix | null {
  checkSquare("cholesky: A", A);
  const n = A.length;
  const L: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const Lj = at(L, j, "L");
    let d = at(at(A, j, "A"), j, "A row");
    for (let k = 0; k < j; k++) d -= at(Lj, k, "Lj") ** 2;
    if (!(d > 0)) return null;
    Lj[j] = Math.sqrt(d);
    for (let i = j + 1; i < n; i++) {
      const Li = at(L, i, "L");
      let s = at(at(A, i, "A"), j, "A row");
      for (let k = 0; k < j; k++) s -= at(Li, k, "Li") * at(Lj, k, "Lj");
      Li[j] = s / at(Lj, j, "Lj");
    }
  }
  return L;
}

/** Solves L·Lᵀ·x = b given the Cholesky factor L. */
export function choleskySolve(L: Matrix, b: readonly number[]): number[] {
  checkSquare("choleskySolve: L", L);
  numbers("choleskySolve: b", b, L.length);
  const n = L.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = at(b, i, "b");
    for (let k = 0; k < i; k++) s -= at(at(L, i, "L"), k, "L row") * at(y, k, "y");
    y[i] = s / at(at(L, i, "L"), i, "L row");
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = at(y, i, "y");
    for (let k = i + 1; k < n; k++) s -= at(at(L, k, "L"), i, "L row") * at(x, k, "x");
    x[i] = s / at(at(L, i, "L"), i, "L row");
  }
  return x;
}

/** Solves A·x = b by Gaussian elimination with partial pivoting; null when A is singular. */
export function solve(A: Matrix, b: readonly number[]): number[] | null {
  checkSquare("solve: A", A);
  numbers("solve: b", b, A.length);
  const n = A.length;
  const M = A.map((row, i) => [...row, at(b, i, "b")]);
  const scale = Math.max(...A.flat().map(Math.abs), 1e-300);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(at(at(M, r, "M"), c, "M row")) > Math.abs(at(at(M, p, "M"), c, "M row"))) p = r;
    if (Math.abs(at(at(M, p, "M"), c, "M row")) <= 1e-12 * scale) return null;
    [M[c], M[p]] = [at(M, p, "M"), at(M, c, "M")];
    const pivot = at(M, c, "M");
    for (let r = c + 1; r < n; r++) {
      const row = at(M, r, "M");
      const factor = at(row, c, "row") / at(pivot, c, "pivot");
      for (let k = c; k <= n; k++) row[k] = at(row, k, "row") - factor * at(pivot, k, "pivot");
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const row = at(M, i, "M");
    let s = at(row, n, "row");
    for (let k = i + 1; k < n; k++) s -= at(row, k, "row") * at(x, k, "x");
    x[i] = s / at(row, i, "row");
  }
  return x;
}

/**
 * Eigenvalues (ascending) and unit eigenvectors of a symmetric matrix, by Jacobi rotations: each
 * rotation zeroes one off-diagonal pair; repeated sweeps drive the matrix to diagonal form.
 * `vectors[k]` belongs to `values[k]`.
 * @example symmetricEigen([[2, 3], [3, 2]]).values // [-1, 5]
 */
export function symmetricEigen(A: Matrix): { values: number[]; vectors: number[][] } {
  const S = checkSquare("symmetricEigen: A", A);
  const n = S.length;
  S.forEach((row, i) =>
    row.forEach((v, j) => {
      const w = at(at(S, j, "S"), i, "S row");
      if (Math.abs(v - w) > 1e-9 * Math.max(1, Math.abs(v), Math.abs(w))) {
        throw new RangeError(`A must be symmetric; A[${i}][${j}] = ${v} but A[${j}][${i}] = ${w}`);
      }
    }),
  );
  const a = S.map((row) => [...row]);
  const V = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const get = (M: Matrix, i: number, j: number) => at(at(M, i, "M"), j, "M row");
  const set = (M: Matrix, i: number, j: number, v: number) => (at(M, i, "M")[j] = v);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += get(a, p, q) ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = get(a, p, q);
        if (apq === 0) continue;
        // rotation angle that zeroes a[p][q]: tan(2θ) = 2 a_pq / (a_qq - a_pp)
        const theta = (get(a, q, q) - get(a, p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = get(a, k, p);
          const akq = get(a, k, q);
          set(a, k, p, c * akp - s * akq);
          set(a, k, q, s * akp + c * akq);
        }
        for (let k = 0; k < n; k++) {
          const apk = get(a, p, k);
          const aqk = get(a, q, k);
          set(a, p, k, c * apk - s * aqk);
          set(a, q, k, s * apk + c * aqk);
        }
        for (let k = 0; k < n; k++) {
          const vkp = get(V, k, p);
          const vkq = get(V, k, q);
          set(V, k, p, c * vkp - s * vkq);
          set(V, k, q, s * vkp + c * vkq);
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => get(a, i, i) - get(a, j, j));
  return { values: order.map((i) => get(a, i, i)), vectors: order.map((i) => V.map((row) => at(row, i, "row"))) };
}

export type Curvature = "minimum" | "maximum" | "saddle" | "flat direction";

/**
 * What a Hessian says about a stationary point: all eigenvalues > 0, a bowl (minimum); all < 0, a
 * cap (maximum); both signs, a saddle; a (near) zero one, a flat direction the Hessian cannot judge.
 */
export function classifyCurvature(H: Matrix, tolerance = 1e-10): { kind: Curvature; eigenvalues: number[]; explanation: string } {
  checkSquare("classifyCurvature: H", H);
  checkStep(tolerance, "classifyCurvature: tolerance");
  const { values } = symmetricEigen(H);
  const scale = Math.max(...values.map(Math.abs), 1);
  const positive = values.filter((v) => v > tolerance * scale).length;
  const negative = values.filter((v) => v < -tolerance * scale).length;
  const list = values.map((v) => String(Number(v.toPrecision(6)))).join(", ");
  if (positive + negative < values.length) {
    return {
      kind: "flat direction",
      eigenvalues: values,
      explanation: `eigenvalues ${list}: a zero eigenvalue, so second derivatives cannot tell what happens along that direction`,
    };
  }
  if (negative === 0)
    return {
      kind: "minimum",
      eigenvalues: values,
      explanation: `eigenvalues ${list} all positive: the surface curves up in every direction (a bowl)`,
    };
  if (positive === 0)
    return {
      kind: "maximum",
      eigenvalues: values,
      explanation: `eigenvalues ${list} all negative: the surface curves down in every direction (a cap)`,
    };
  return {
    kind: "saddle",
    eigenvalues: values,
    explanation: `eigenvalues ${list} of both signs: the surface curves up along some directions and down along others (a saddle)`,
  };
}
