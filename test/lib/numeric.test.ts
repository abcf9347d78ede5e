import assert from "node:assert/strict";
import { centralDifference, centralGradient } from "../../lib/numeric/numeric";

describe("numeric: central differences", () => {
  it("approximates (x^2)' at 2 by 4 to about 1e-10", () => {
    assert.ok(Math.abs(centralDifference((x) => x * x, 2) - 4) < 1e-9);
  });

  it("approximates sin' = cos", () => {
    for (const x of [-2, 0, 0.7, 3]) assert.ok(Math.abs(centralDifference(Math.sin, x) - Math.cos(x)) < 1e-9);
  });

  it("gives the gradient of x^2 + 3xy + y^2 at (1, 2) as [8, 7]", () => {
    const g = centralGradient((x, y) => x * x + 3 * x * y + y ** 2, [1, 2]);
    assert.ok(Math.abs((g[0] as number) - 8) < 1e-8 && Math.abs((g[1] as number) - 7) < 1e-8, `got ${g}`);
  });

  it("names bad arguments", () => {
    assert.throws(() => centralDifference((x) => x, NaN), { message: "x must be a finite number; got NaN" });
    assert.throws(() => centralDifference((x) => x, 1, 0), { message: "h must be a positive finite number; got 0" });
    assert.throws(() => centralGradient((x) => x, [1, Infinity]), { message: "point[1] must be a finite number; got Infinity" });
  });
});
