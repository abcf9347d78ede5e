// Second-order methods: the linear algebra under them, Newton (and its failure modes), L-BFGS's
// two-loop recursion against the explicit BFGS matrix, line-search conditions, gradient descent.
import assert from "node:assert/strict";
import { createRng } from "../../lib/random";
import { isClose } from "../../lib/check/tolerance";
import type { ScalarFn } from "../../lib/autodiff/scalar";
import {
  checkSquare,
  cholesky,
  choleskySolve,
  classifyCurvature,
  dot,
  matVec,
  solve,
  symmetricEigen,
  type Matrix,
} from "../../lib/secondorder/linalg";
import { objective, quadratic, rosenbrockFn, type SolverObjective } from "../../lib/secondorder/objective";
import { newton } from "../../lib/secondorder/newton";
import { lbfgs, twoLoopDirection } from "../../lib/secondorder/lbfgs";
import { armijoBacktracking, strongWolfe } from "../../lib/secondorder/linesearch";
import { gradientDescentMinimize } from "../../lib/secondorder/gd";
import { first, xy } from "../support/points";

function randomSpd(n: number, seed: number): Matrix {
  const rng = createRng(seed);
  const B = Array.from({ length: n }, () => rng.normals(n));
  // BᵀB + nI: symmetric positive definite
  return B.map((_, i) => B.map((__, j) => B.reduce((s, row) => s + (row[i] as number) * (row[j] as number), 0) + (i === j ? n : 0)));
}

function close(a: readonly number[], b: readonly number[], rtol = 1e-10, atol = 1e-10): boolean {
  return a.length === b.length && a.every((v, i) => isClose(v, b[i] as number, { rtol, atol }));
}

const article: ScalarFn = (v) => {
  const [x, y] = xy(v);
  return x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2));
};

describe("secondorder/linalg", () => {
  it("Cholesky factors an SPD matrix (L·Lᵀ = A) and refuses an indefinite one", () => {
    const A = randomSpd(5, 1);
    const L = cholesky(A) as Matrix;
    A.forEach((row, i) =>
      row.forEach((a, j) => assert.ok(isClose(dot(L[i] as number[], L[j] as number[]), a, { rtol: 1e-12, atol: 1e-12 }))),
    );
    assert.equal(
      cholesky([
        [2, 3],
        [3, 2],
      ]),
      null,
    );
    const b = [1, -2, 0.5, 3, 0];
    assert.ok(close(matVec(A, choleskySolve(L, b)), b));
    assert.ok(close(matVec(A, solve(A, b) as number[]), b));
    assert.equal(
      solve(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 1],
      ),
      null,
    );
  });

  it("finds eigenvalues and eigenvectors of symmetric matrices (A v = λ v, orthonormal, ascending)", () => {
    const two = symmetricEigen([
      [2, 3],
      [3, 2],
    ]);
    assert.ok(close(two.values, [-1, 5], 1e-12, 1e-12));
    // eigenvectors of [[2, 3], [3, 2]]: (1, -1)/√2 for -1, (1, 1)/√2 for 5 (up to sign)
    assert.ok(isClose(Math.abs(dot(two.vectors[0] as number[], [Math.SQRT1_2, -Math.SQRT1_2])), 1, { rtol: 1e-12, atol: 0 }));
    assert.ok(isClose(Math.abs(dot(two.vectors[1] as number[], [Math.SQRT1_2, Math.SQRT1_2])), 1, { rtol: 1e-12, atol: 0 }));
    const rng = createRng(5);
    const n = 6;
    const B = Array.from({ length: n }, () => rng.normals(n));
    const S = B.map((row, i) => row.map((v, j) => v + ((B[j] as number[])[i] as number)));
    const { values, vectors } = symmetricEigen(S);
    values.forEach((lambda, k) => {
      const v = vectors[k] as number[];
      assert.ok(
        close(
          matVec(S, v),
          v.map((x) => lambda * x),
          1e-9,
          1e-9,
        ),
        `A v = λ v for λ = ${lambda}`,
      );
      vectors.forEach((w, l) => assert.ok(isClose(dot(v, w), k === l ? 1 : 0, { rtol: 0, atol: 1e-10 })));
    });
    assert.deepEqual(
      values,
      [...values].sort((a, b) => a - b),
    );
    const trace = S.reduce((s, row, i) => s + (row[i] as number), 0);
    assert.ok(
      isClose(
        values.reduce((a, b) => a + b, 0),
        trace,
        { rtol: 1e-12, atol: 1e-12 },
      ),
    );
  });

  it("says what a Hessian means for the shape of the surface", () => {
    assert.equal(
      classifyCurvature([
        [2, 3],
        [3, 2],
      ]).kind,
      "saddle",
    );
    assert.equal(
      classifyCurvature([
        [2, 3],
        [3, 2],
      ]).explanation,
      "eigenvalues -1, 5 of both signs: the surface curves up along some directions and down along others (a saddle)",
    );
    assert.equal(
      classifyCurvature([
        [2, 1],
        [1, 2],
      ]).kind,
      "minimum",
    );
    assert.equal(
      classifyCurvature([
        [-2, 0],
        [0, -1],
      ]).kind,
      "maximum",
    );
    assert.equal(
      classifyCurvature([
        [1, 1],
        [1, 1],
      ]).kind,
      "flat direction",
    );
  });

  it("names bad matrices", () => {
    assert.throws(() => checkSquare("H", [[1, 2]]), { message: "H must be square: row 0 has 2 entries, expected 1" });
    assert.throws(() => checkSquare("H", [[NaN]]), { message: "H[0][0] must be a finite number; got NaN" });
    assert.throws(
      () =>
        symmetricEigen([
          [1, 2],
          [0, 1],
        ]),
      { message: "A must be symmetric; A[0][1] = 2 but A[1][0] = 0" },
    );
  });
});

describe("secondorder/newton", () => {
  it("lands on the minimum of a positive definite quadratic in exactly one step", () => {
    // ½xᵀAx - bᵀx with A = [[3, 1], [1, 2]], b = [1, -1]: minimum at A⁻¹b = (3, -4)/5 (Cramer's rule)
    const r = newton(
      objective(
        quadratic(
          [
            [3, 1],
            [1, 2],
          ],
          [1, -1],
        ),
      ),
      [10, -7],
    );
    assert.equal(r.status, "converged");
    assert.equal(r.iterations, 1);
    assert.ok(close(r.x, [0.6, -0.8], 1e-12, 1e-12), `${r.x}`);
  });

  it("finds Rosenbrock's minimum (1, 1) from (-1.2, 1), with ‖∇f‖ shrinking quadratically at the end", () => {
    const r = newton(objective(rosenbrockFn), [-1.2, 1]);
    assert.equal(r.status, "converged");
    assert.ok(close(r.x, [1, 1], 1e-8, 1e-8));
    const r8 = newton(objective(rosenbrockFn), [-1.2, 1], { tolerance: 1e-8 });
    const errors = r8.history.map((s) => Math.hypot((s.x[0] as number) - 1, (s.x[1] as number) - 1));
    const [a, b, c] = errors.slice(-3) as [number, number, number];
    assert.ok(c <= 10 * b * b && b <= 10 * a * a, `quadratic convergence of the error: ${errors.slice(-3)}`);
    assert.equal(r.evaluations.hessian, r.iterations + 1);
  });

  it("stops at the article's saddle with a message naming the eigenvalues (default), or walks into it (ignore)", () => {
    const stop = newton(objective(article), [2, 3]);
    assert.equal(stop.status, "not-positive-definite");
    assert.equal(
      stop.message,
      "iteration 1: the Hessian at [2, 3] is not positive definite (eigenvalues -1, 5 of both signs: the surface curves up along some " +
        'directions and down along others (a saddle)), so the Newton step heads for a stationary point that need not be a minimum. Use ifNotPositiveDefinite: "damp", or a first-order method here.',
    );
    const ignore = newton(objective(article), [2, 3], { ifNotPositiveDefinite: "ignore" });
    assert.equal(ignore.status, "converged");
    assert.deepEqual(ignore.x, [0, 0]);
    assert.match(ignore.message, /Careful: this stationary point is a saddle, not a minimum/);
  });

  it("damped Newton goes downhill on the saddle and reports that f is unbounded below", () => {
    const r = newton(objective(article), [2, 3], { ifNotPositiveDefinite: "damp" });
    assert.equal(r.status, "diverged");
    assert.match(r.message, /^iteration \d+: f reached -\S+ at \[.*\] and keeps falling: f may be unbounded below\.$/);
    const values = r.history.map((s) => s.value);
    values.slice(1).forEach((v, i) => assert.ok(v < (values[i] as number), "every damped step decreases f"));
    assert.ok(r.history.every((s) => s.x.every(Number.isFinite)));
  });

  it("names bad options", () => {
    const obj = objective(article);
    assert.throws(() => newton(obj, [1, 1], { tolerance: -1 }), { message: "tolerance must be a finite number >= 0; got -1" });
    assert.throws(() => newton(obj, [1, 1], { ifNotPositiveDefinite: "hope" as never }), {
      message: 'ifNotPositiveDefinite must be one of stop, damp, ignore; got "hope"',
    });
    assert.throws(() => newton({ name: "f", value: () => 0, gradient: () => [0] }, [1]), {
      message: "newton needs objective.hessian (objective(f) provides one)",
    });
    assert.throws(
      () =>
        newton(
          objective((v) => first(v).log()),
          [-1],
        ),
      { message: "f(x) is NaN at x = [-1]: the function is not defined (or overflows) there" },
    );
  });
});

describe("secondorder/lbfgs and line searches", () => {
  it("the two-loop recursion applies the BFGS inverse-Hessian update to the gradient", () => {
    const s = [[0.5, -0.2, 0.1]];
    const y = [[1.0, -0.3, 0.4]];
    const g = [0.3, 1.2, -0.7];
    // explicit: H1 = (I - ρ s yᵀ) γI (I - ρ y sᵀ) + ρ s sᵀ with ρ = 1/(yᵀs), γ = sᵀy / yᵀy
    const [sv, yv] = [s[0] as number[], y[0] as number[]];
    const rho = 1 / dot(yv, sv);
    const gamma = dot(sv, yv) / dot(yv, yv);
    const I = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? 1 : 0)));
    const left = I.map((row, i) => row.map((v, j) => v - rho * (sv[i] as number) * (yv[j] as number)));
    const right = I.map((row, i) => row.map((v, j) => v - rho * (yv[i] as number) * (sv[j] as number)));
    const mul = (A: Matrix, B: Matrix) =>
      A.map((row) => B[0]!.map((_, j) => row.reduce((acc, a, k) => acc + a * (B[k] as number[])[j]!, 0)));
    const H1 = mul(
      mul(
        left,
        I.map((row) => row.map((v) => gamma * v)),
      ),
      right,
    ).map((row, i) => row.map((v, j) => v + rho * sv[i]! * sv[j]!));
    const expected = matVec(H1, g).map((v) => -v);
    assert.ok(close(twoLoopDirection(g, s, y), expected, 1e-12, 1e-12));
    assert.deepEqual(
      twoLoopDirection(g, [], []),
      g.map((v) => -v),
    );
  });

  for (const lineSearch of ["strong-wolfe", "armijo"] as const) {
    it(`${lineSearch}: converges to Rosenbrock's minimum from (-1.2, 1) and to the minimum of a 20-D quadratic`, () => {
      const r = lbfgs(objective(rosenbrockFn), [-1.2, 1], { lineSearch });
      assert.equal(r.status, "converged", r.summary());
      assert.ok(close(r.x, [1, 1], 0, 1e-5));
      const A = randomSpd(20, 2);
      const b = createRng(3).normals(20);
      const q = lbfgs(objective(quadratic(A, b)), new Array(20).fill(0), { lineSearch, memory: 5 });
      assert.equal(q.status, "converged", q.summary());
      // at the minimum A x = b; ∇f = A x - b, whose norm the tolerance bounds
      assert.ok(Math.hypot(...matVec(A, q.x).map((v, i) => v - (b[i] as number))) <= 1e-6, "A x = b at the minimum");
    });
  }

  it("reports a failed line search on a function unbounded below", () => {
    const r = lbfgs(objective(article), [2, 3]);
    assert.equal(r.status, "line-search-failed");
    assert.match(
      r.message,
      /^iteration \d+: no step satisfying the strong Wolfe conditions in 30 evaluations \(f keeps decreasing up to α = 1\.00e\+6: is f bounded below\?\)\.$/,
    );
  });

  it("strong Wolfe steps satisfy both conditions; Armijo steps satisfy sufficient decrease", () => {
    const obj: SolverObjective = objective(rosenbrockFn);
    const rng = createRng(11);
    for (let trial = 0; trial < 20; trial++) {
      const x = [rng.uniform(-2, 2), rng.uniform(-1, 3)];
      const start = { value: obj.value(x), gradient: obj.gradient(x) };
      const p = start.gradient.map((g) => -g / Math.hypot(...start.gradient));
      const slope0 = dot(start.gradient, p);
      const w = strongWolfe(obj, x, p, start);
      assert.ok(w.ok, w.reason);
      assert.ok(w.value <= start.value + 1e-4 * w.alpha * slope0, "sufficient decrease");
      assert.ok(Math.abs(dot(obj.gradient(w.x), p)) <= 0.9 * Math.abs(slope0) + 1e-12, "curvature (strong Wolfe)");
      const a = armijoBacktracking(obj, x, p, start);
      assert.ok(a.ok && a.value <= start.value + 1e-4 * a.alpha * slope0);
    }
    const x = [0, 0];
    const start = { value: obj.value(x), gradient: obj.gradient(x) };
    assert.equal(strongWolfe(obj, x, [-1, 0], start).reason, "the search direction does not go downhill (∇f·p = 2.00 >= 0)");
  });
});

describe("secondorder/gd: the first-order baseline", () => {
  it("converges on a quadratic and counts its calls", () => {
    const r = gradientDescentMinimize(
      objective(
        quadratic([
          [2, 0],
          [0, 1],
        ]),
      ),
      [1, 1],
      { lr: 0.4, tolerance: 1e-10 },
    );
    assert.equal(r.status, "converged");
    assert.ok(close(r.x, [0, 0], 0, 1e-9));
    // x_k = (1 - 0.4·2)^k = 0.2^k along x, 0.6^k along y: the slow direction sets the count
    const k = r.iterations;
    assert.ok(Math.hypot(2 * 0.2 ** k, 0.6 ** k) <= 1e-10 && Math.hypot(2 * 0.2 ** (k - 1), 0.6 ** (k - 1)) > 1e-10, `${k} iterations`);
    assert.equal(r.evaluations.gradient, k + 1);
  });

  it("reports divergence with the iteration and a hint, never NaN", () => {
    const r = gradientDescentMinimize(objective(rosenbrockFn), [-1.2, 1], { lr: 0.01 });
    assert.equal(r.status, "diverged");
    // lib/optim's runner and rule (test/lib/one-descent.test.ts): f(x0) = 24.2, so diverged past 2.42e7
    assert.match(
      r.message,
      /^diverged at iteration 3 \(the loss grew from 24\.2 to \S+, more than 1000000 times\) with sgd at learning rate 0\.01\. Hint: try a learning rate about 10 times smaller \(0\.001\)$/,
    );
    assert.deepEqual(r.divergence, { iteration: 3, reason: "loss growth" });
    assert.equal(r.iterations, 3, "the last, finite point is kept");
    assert.ok(r.value > 2.42e7 && r.history.slice(0, -1).every((s) => s.value <= 2.42e7));
    assert.ok(r.x.every(Number.isFinite) && Number.isFinite(r.value));
    assert.throws(() => gradientDescentMinimize(objective(rosenbrockFn), [0, 0], { lr: 0 }), {
      message: "lr must be a positive finite number; got 0",
    });
  });

  it("summarises a run in one line (two when it failed)", () => {
    const r = newton(
      objective(
        quadratic(
          [
            [4, 0],
            [0, 4],
          ],
          [4, 4],
        ),
      ),
      [0, 0],
    );
    assert.equal(
      r.summary(),
      "newton: converged after 1 iterations at [1, 1], f = -4 (‖∇f‖ = 0; 2 function values, 2 gradients, 2 Hessians)",
    );
    const failed = newton(objective(article), [2, 3]);
    assert.equal(failed.summary().split("\n").length, 2);
    assert.equal(failed.summary().split("\n")[1], `  ${failed.message}`);
  });
});
