import assert from "node:assert/strict";
import { escapePlot, tangentErrorPlot, tangentErrors, toPlainFigure } from "../../lib/plot";

describe("plot: the tangent's error and the saddle escape", () => {
  it("tangentErrors measures |f(x0 + h) − f(x0) − f'(x0)h| and its log–log slope", () => {
    const cube = tangentErrors({ f: (x) => x ** 3, df: (x) => 3 * x * x, x0: 1, steps: [0.1, 0.01] });
    // (1 + h)³ − 1 − 3h = 3h² + h³
    assert.ok(Math.abs(cube.errors[0]! - 0.031) < 1e-12 && Math.abs(cube.errors[1]! - 0.000301) < 1e-12);
    assert.ok(Math.abs(cube.slope - Math.log10(0.031 / 0.000301)) < 1e-12);
    const sine = tangentErrors({ f: Math.sin, df: Math.cos, x0: 0.7 });
    assert.ok(Math.abs(sine.slope - 2) < 0.05, `slope ${sine.slope}`);
    // where f'' = 0 the quadratic term vanishes and the error shrinks like Δx³
    assert.ok(Math.abs(tangentErrors({ f: (x) => x ** 3, df: (x) => 3 * x * x, x0: 0 }).slope - 3) < 1e-9);
    assert.throws(() => tangentErrors({ f: (x) => 2 * x, df: () => 2, x0: 1 }), /must be finite and > 0 .*straight line/);
    assert.throws(
      () => tangentErrors({ f: Math.sin, df: Math.cos, x0: 0, steps: [0.1, -1] }),
      /steps must be at least two positive numbers/,
    );
  });

  it("tangentErrorPlot draws the errors and a slope-2 line through the smallest step's error", () => {
    const fig = tangentErrorPlot({ f: Math.exp, df: Math.exp, x0: 0 });
    const [points, ref] = fig.data;
    const n = (points!.x as number[]).length;
    assert.ok(Math.abs((ref!.y as number[])[n - 1]! / (points!.y as number[])[n - 1]! - 1) < 1e-12);
    const [x0, x1] = ref!.x as number[];
    const [y0, y1] = ref!.y as number[];
    assert.ok(Math.abs(Math.log10(y1! / y0!) / Math.log10(x1! / x0!) - 2) < 1e-12);
    assert.equal((fig.layout!.xaxis as { type: string }).type, "log");
    toPlainFigure(fig);
  });

  it("escapePlot puts the path, the contours and the downhill line in one view", () => {
    const f = (x: number, y: number) => x * x + 3 * x * y + y * y;
    const path: Array<[number, number]> = [
      [1, 2],
      [0, 1.5],
      [-2, 3],
    ];
    const fig = escapePlot({ f, path, direction: [1, -1] });
    assert.equal(fig.data[0]!.type, "contour");
    assert.ok(
      fig.data.some((t) => t.type === "scatter" && t.name === "gradient descent"),
      "the path is drawn",
    );
    const line = fig.data.find((t) => String(t.name).startsWith("downhill line"))!;
    assert.ok(line, "the downhill line is drawn");
    const [ax, bx] = line.x as number[];
    const [ay, by] = line.y as number[];
    assert.ok(Math.abs((by! - ay!) / (bx! - ax!) + 1) < 1e-12, "the line runs along (1, -1)");
    const range = (fig.layout!.xaxis as { range: number[] }).range;
    assert.ok(path.every(([x]) => x >= range[0]! && x <= range[1]!));
    toPlainFigure(fig);
    assert.throws(() => escapePlot({ f, path, direction: [0, 0] }), /direction must be a non-zero vector/);
    assert.throws(() => escapePlot({ f, path: [[1, 2]], direction: [1, -1] }), /at least two points/);
  });
});
