import assert from "node:assert/strict";
import { fitStandardizer, leastSquares } from "../../lib/regression";
import { createRng } from "../../lib/random";

describe("regression: least squares and feature scaling", () => {
  it("recovers an exact linear relation", () => {
    const X = [
      [0, 1],
      [1, 0],
      [2, 3],
      [-1, 2],
    ];
    const y = X.map(([a, b]) => 2 * a! - 0.5 * b! + 4);
    const fit = leastSquares(X, y);
    fit.weights.forEach((w, i) => assert.ok(Math.abs(w - [2, -0.5][i]!) < 1e-12));
    assert.ok(Math.abs(fit.bias - 4) < 1e-12);
    assert.ok(fit.mse < 1e-24);
  });

  it("matches the normal equations of a line fit, solved by hand", () => {
    // One feature: w = cov(x, y) / var(x), b = mean(y) - w mean(x).
    const x = [1, 2, 4, 7];
    const y = [1.5, 2.1, 4.4, 6.2];
    const mx = x.reduce((a, b) => a + b) / 4;
    const my = y.reduce((a, b) => a + b) / 4;
    const w = x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
    const fit = leastSquares(
      x.map((v) => [v]),
      y,
    );
    assert.ok(Math.abs(fit.weights[0]! - w) < 1e-12);
    assert.ok(Math.abs(fit.bias - (my - w * mx)) < 1e-12);
  });

  it("stays accurate with badly scaled features (square feet beside bedrooms)", () => {
    const rng = createRng(5);
    const X = Array.from({ length: 40 }, () => [rng.uniform(700, 3500), rng.int(1, 5)]);
    const y = X.map(([s, b]) => 0.12 * s! + 9 * b! + 40);
    const fit = leastSquares(X, y);
    assert.ok(Math.abs(fit.weights[0]! - 0.12) < 1e-10 && Math.abs(fit.weights[1]! - 9) < 1e-8 && Math.abs(fit.bias - 40) < 1e-7);
  });

  it("standardises to mean 0 and sd 1, and maps weights back to the original units", () => {
    const X = [
      [1000, 2],
      [2000, 3],
      [3000, 5],
    ];
    const scaler = fitStandardizer(X);
    const Xs = scaler.transform(X);
    for (const j of [0, 1]) {
      const col = Xs.map((r) => r[j]!);
      assert.ok(Math.abs(col.reduce((a, b) => a + b)) < 1e-12);
      assert.ok(Math.abs(col.reduce((a, b) => a + b * b, 0) / 3 - 1) < 1e-12);
    }
    const back = scaler.toOriginal([2, -1], 0.5);
    X.forEach((row, i) => {
      const scaled = 2 * Xs[i]![0]! - Xs[i]![1]! + 0.5;
      const original = back.weights[0]! * row[0]! + back.weights[1]! * row[1]! + back.bias;
      assert.ok(Math.abs(scaled - original) < 1e-12);
    });
  });

  it("names bad input", () => {
    assert.throws(() => leastSquares([[1], [1], [1]], [1, 2, 3]), {
      message: "leastSquares: column 1 of X is (nearly) a combination of the others; the weights are not unique",
    });
    assert.throws(() => leastSquares([[1, 2]], [1]), { message: "leastSquares: 1 samples cannot determine 3 unknowns" });
    assert.throws(() => fitStandardizer([[1], [1]]), {
      message: "fitStandardizer: feature 0 is constant (standard deviation 0) and cannot be scaled",
    });
  });
});
