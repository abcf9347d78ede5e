import assert from "node:assert/strict";
import { functionPlot, gradientFieldPlot, secantPlot, slicesSurfacePlot, toPlainFigure, type Trace } from "../../lib/plot";
import { captureDisplays, type DisplayMessage } from "../../lib/display";
import { showMath, showMarkdown } from "../../lib/display/math";

const square = (x: number) => x * x;
const named = (traces: Trace[], prefix: string) => traces.filter((t) => String(t.name ?? "").startsWith(prefix));

describe("plot/calculus: figures for the derivative notebooks", () => {
  it("secantPlot draws each secant with the slope (f(x0 + h) - f(x0))/h, and the tangent", () => {
    const fig = secantPlot({ f: square, df: (x) => 2 * x, x0: 2, hs: [2, 1, 0.5], range: [-1, 5] });
    const secants = named(fig.data, "secant");
    // slopes of x^2 at 2: 4 + h
    assert.deepEqual(
      secants.map((t) => t.name),
      ["secant h = 2: slope 6", "secant h = 1: slope 5", "secant h = 0.5: slope 4.5"],
    );
    const line = secants[0]!;
    const [x1, x2] = line.x as number[];
    const [y1, y2] = line.y as number[];
    assert.equal((y2! - y1!) / (x2! - x1!), 6);
    assert.equal(named(fig.data, "tangent")[0]?.name, "tangent: slope 4");
    toPlainFigure(fig); // finite everywhere
    assert.throws(() => secantPlot({ f: square, x0: 2, hs: [0], range: [0, 1] }), {
      message: "each h must be a finite non-zero number; got 0",
    });
  });

  it("functionPlot puts several functions on one axis, with gaps where they are undefined", () => {
    const fig = functionPlot({
      functions: [
        { f: Math.log, name: "log" },
        { f: (x) => 1 / x, name: "1/x", dash: true },
      ],
      range: [-1, 2],
    });
    assert.equal(fig.data.length, 2);
    assert.ok((fig.data[0]!.y as Array<number | null>).includes(null), "log(x) for x <= 0 is a gap");
    toPlainFigure(fig);
  });

  it("slicesSurfacePlot draws the surface, both slices through the point, and their tangents", () => {
    const f = (x: number, y: number) => x * x + 3 * x * y + y * y;
    const fig = slicesSurfacePlot({ f, point: [1, 2], xRange: [-2, 3], yRange: [-1, 4], slopes: [8, 7] });
    const ySlice = named(fig.data, "y = 2")[0]!;
    const xs = ySlice.x as number[];
    const zs = ySlice.z as number[];
    xs.forEach((x, i) => assert.equal(zs[i], f(x, 2)));
    assert.ok((ySlice.y as number[]).every((y) => y === 2));
    const tangent = named(fig.data, "slope ∂f/∂x")[0]!;
    const [tz1, tz2] = tangent.z as number[];
    const [tx1, tx2] = tangent.x as number[];
    assert.ok(Math.abs((tz2! - tz1!) / (tx2! - tx1!) - 8) < 1e-12);
    toPlainFigure(fig);
  });

  it("gradientFieldPlot draws arrows along ∇f, the ascent and descent directions, and the level curve", () => {
    const f = (x: number, y: number) => x * x + 3 * x * y + y * y;
    const grad = (x: number, y: number) => [2 * x + 3 * y, 3 * x + 2 * y];
    const fig = gradientFieldPlot({ f, grad, xRange: [-3, 3], yRange: [-3, 3], arrows: 5, highlight: [[1, 2]] });
    const ascent = named(fig.data, "ascent")[0]!;
    assert.equal(ascent.name, "ascent ∇f(1, 2) = [8, 7]");
    // the shaft goes from (1, 2) along the unit vector [8, 7]/|[8, 7]|
    const [x0, x1] = ascent.x as number[];
    const [y0, y1] = ascent.y as number[];
    assert.deepEqual([x0, y0], [1, 2]);
    assert.ok(Math.abs(x1! - 1 - 8 / Math.hypot(8, 7)) < 1e-12 && Math.abs(y1! - 2 - 7 / Math.hypot(8, 7)) < 1e-12);
    const descent = named(fig.data, "descent")[0]!;
    assert.ok(Math.abs((descent.x as number[])[1]! - (1 - 8 / Math.hypot(8, 7))) < 1e-12);
    const level = named(fig.data, "level curve")[0]!;
    assert.equal(level.name, "level curve f = 11");
    // every field arrow shaft points along the gradient at its base
    const field = named(fig.data, "∇f (scaled)")[0]!;
    const ax = field.x as Array<number | null>;
    const ay = field.y as Array<number | null>;
    for (let i = 0; i + 1 < ax.length; i += 7) {
      const [bx, by, tx, ty] = [ax[i]!, ay[i]!, ax[i + 1]!, ay[i + 1]!];
      const g = grad(bx, by);
      const cross = (tx - bx) * g[1]! - (ty - by) * g[0]!;
      assert.ok(Math.abs(cross) < 1e-9, `arrow at (${bx}, ${by}) is parallel to ∇f`);
    }
    toPlainFigure(fig);
    assert.throws(() => gradientFieldPlot({ f, grad, xRange: [-1, 1], yRange: [-1, 1], highlight: [[0, 0]] }), {
      message: "the gradient at (0, 0) is zero or not finite, so it has no direction",
    });
  });
});

describe("display/math", () => {
  it("sends LaTeX and Markdown with a plain-text fallback", () => {
    const messages: DisplayMessage[] = [];
    const restore = captureDisplays((m) => messages.push(m));
    try {
      showMath("\\frac{d}{dx} x^{2} = 2x", "d/dx x^2 = 2x");
      showMarkdown("**power rule**: $3x^{2}$", "power rule: 3x^2");
    } finally {
      restore();
    }
    assert.deepEqual(messages[0]?.data, { "text/latex": "$$\\frac{d}{dx} x^{2} = 2x$$", "text/plain": "d/dx x^2 = 2x" });
    assert.deepEqual(messages[1]?.data, { "text/markdown": "**power rule**: $3x^{2}$", "text/plain": "power rule: 3x^2" });
    assert.throws(() => showMath("x", undefined as unknown as string), { message: "showMath(latex, plain) needs two strings" });
  });
});
