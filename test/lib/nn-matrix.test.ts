import assert from "node:assert/strict";
import { Matrix, checkShape } from "../../lib/util/matrix";
import { createRng } from "../../lib/random";

/** Plain nested-array reference implementations, independent of Matrix. */
function naiveMatmul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, p) => s + v * b[p]![j]!, 0)));
}

/**
 * The product as Matrix.matmul computed it before the blocked kernel (i-p-j loop that skips zero
 * entries of the left operand), kept here as the reference the kernel must match bit for bit.
 */
function ipjMatmul(a: Float64Array, rows: number, k: number, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(rows * m);
  for (let i = 0; i < rows; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p]!;
      if (aip === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j] = c[i * m + j]! + aip * b[p * m + j]!;
    }
  }
  return c;
}

function randomRows(rows: number, cols: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(-2, 2)));
}

function assertNear(actual: number[][], expected: number[][], tol = 1e-12): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, i) =>
    row.forEach((v, j) => assert.ok(Math.abs(v - expected[i]![j]!) <= tol, `(${i}, ${j}): ${v} vs ${expected[i]![j]}`)),
  );
}

describe("util/matrix", () => {
  it("multiplies like the textbook definition", () => {
    assert.deepEqual(
      Matrix.from([
        [1, 2],
        [3, 4],
      ])
        .matmul(Matrix.from([[5], [6]]))
        .toArray(),
      [[17], [39]],
    );
    const a = randomRows(5, 4, 1);
    const b = randomRows(4, 3, 2);
    assertNear(Matrix.from(a).matmul(Matrix.from(b)).toArray(), naiveMatmul(a, b));
  });

  it("gives bit-for-bit the numbers of the textbook loop, transposed or not, on sizes that are not multiples of 4", () => {
    const rng = createRng(11);
    const shapes: Array<[number, number, number]> = [
      [1, 1, 1],
      [3, 5, 2],
      [4, 4, 4],
      [7, 9, 5],
      [8, 3, 12],
      [13, 17, 6],
      [64, 33, 10],
      [65, 130, 11],
    ];
    for (const [m, k, n] of shapes) {
      // a third of the left operand exactly 0, as after a ReLU: the old loop skipped those terms
      const A = Matrix.fromFlat(
        m,
        k,
        rng.normals(m * k).map((v) => (v < -0.43 ? 0 : v)),
      );
      const B = Matrix.fromFlat(k, n, rng.normals(k * n));
      const expected = Array.from(ipjMatmul(A.data, m, k, B.data, n));
      assert.deepEqual(Array.from(A.matmul(B).data), expected, `matmul [${m}, ${k}] × [${k}, ${n}]`);
      assert.deepEqual(Array.from(A.transpose().transposeMatmul(B).data), expected, `transposeMatmul [${k}, ${m}]ᵀ × [${k}, ${n}]`);
      assert.deepEqual(Array.from(A.matmulTranspose(B.transpose()).data), expected, `matmulTranspose [${m}, ${k}] × [${n}, ${k}]ᵀ`);
      const textbook = naiveMatmul(A.toArray(), B.toArray()).flat();
      assert.deepEqual(Array.from(A.matmul(B).data), textbook, `textbook order [${m}, ${k}] × [${k}, ${n}]`);
    }
  });

  it("transposes, adds, subtracts, multiplies entry-wise and scales", () => {
    const a = randomRows(3, 2, 3);
    const b = randomRows(3, 2, 4);
    const A = Matrix.from(a);
    const B = Matrix.from(b);
    assert.deepEqual(
      A.transpose().toArray(),
      a[0]!.map((_, j) => a.map((row) => row[j]!)),
    );
    assertNear(
      A.add(B).toArray(),
      a.map((r, i) => r.map((v, j) => v + b[i]![j]!)),
    );
    assertNear(
      A.sub(B).toArray(),
      a.map((r, i) => r.map((v, j) => v - b[i]![j]!)),
    );
    assertNear(
      A.mul(B).toArray(),
      a.map((r, i) => r.map((v, j) => v * b[i]![j]!)),
    );
    assertNear(
      A.scale(-3).toArray(),
      a.map((r) => r.map((v) => -3 * v)),
    );
  });

  it("broadcasts a bias row and sums over samples", () => {
    const X = Matrix.from([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    assert.deepEqual(X.addRow(Matrix.row([10, 20])).toArray(), [
      [11, 22],
      [13, 24],
      [15, 26],
    ]);
    assert.deepEqual(X.sumRows().toArray(), [[9, 12]]);
    assert.deepEqual(X.meanRows().toArray(), [[3, 4]]);
    assert.equal(X.sum(), 21);
    assert.equal(X.norm(), Math.sqrt(1 + 4 + 9 + 16 + 25 + 36));
  });

  it("does not change its inputs", () => {
    const X = Matrix.from([[1, 2]]);
    X.add(X);
    X.addRow(Matrix.row([1, 1]));
    X.map((v) => v * 2);
    assert.deepEqual(X.toArray(), [[1, 2]]);
  });

  it("names both shapes when they do not fit", () => {
    const a = Matrix.zeros(4, 2);
    const b = Matrix.zeros(3, 1);
    assert.throws(() => a.matmul(b), { message: "matmul: [4, 2] × [3, 1] does not fit: the left has 2 columns but the right has 3 rows" });
    assert.throws(() => a.transposeMatmul(b), {
      message: "transposeMatmul: [4, 2]ᵀ × [3, 1] does not fit: the left has 4 columns but the right has 3 rows",
    });
    assert.throws(() => a.matmulTranspose(b), {
      message: "matmulTranspose: [4, 2] × [3, 1]ᵀ does not fit: the left has 2 columns but the right has 1 rows",
    });
    assert.throws(() => a.add(b), { message: "add: shapes [4, 2] and [3, 1] must be equal" });
    assert.throws(() => a.mul(Matrix.zeros(2, 4)), { message: "mul: shapes [4, 2] and [2, 4] must be equal" });
    assert.throws(() => a.addRow(Matrix.row([1, 2, 3])), {
      message: "addRow: cannot add a [1, 3] row to every row of a [4, 2] matrix; expected [1, 2]",
    });
    assert.throws(() => checkShape("X", a, undefined, 3), { message: "X has shape [4, 2]; expected [any, 3]" });
  });

  it("rejects malformed construction", () => {
    assert.throws(() => new Matrix(0, 2), { message: "Matrix: rows and cols must be positive integers; got [0, 2]" });
    assert.throws(() => Matrix.from([[1, 2], [3]]), { message: "Matrix.from: row 1 has 1 values; row 0 has 2" });
    assert.throws(() => Matrix.fromFlat(2, 2, [1, 2, 3]), { message: "Matrix.fromFlat: shape [2, 2] needs 4 values; got 3" });
    assert.throws(() => Matrix.zeros(2, 2).get(2, 0), { message: "index (2, 0) is outside a [2, 2] matrix" });
  });
});
