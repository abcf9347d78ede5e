import assert from "node:assert/strict";
import { Matrix, checkShape } from "../../lib/nn/matrix";
import { createRng } from "../../lib/random";

/** Plain nested-array reference implementations, independent of Matrix. */
function naiveMatmul(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, p) => s + v * b[p]![j]!, 0)));
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

describe("nn/matrix", () => {
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
