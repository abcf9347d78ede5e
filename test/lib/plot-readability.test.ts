// Readable figures: paths that can be told apart where they overlap, colour bars with titles,
// equal-scale plots sized to their ranges, and room for the title below plotly's toolbar.
import assert from "node:assert/strict";
import { contourPlot, equalScaleHeight, surfacePlot } from "../../lib/plot/charts";
import { heatmapPlot } from "../../lib/plot/heatmap";
import { DEFAULT_LAYOUT, toPlainFigure } from "../../lib/plot/figure";

const f = (x: number, y: number) => x * x + 10 * y * y;
const line = (k: number): Array<[number, number]> => [
  [-2, 1],
  [-1, 0.5 + k * 1e-3],
  [0, 0],
];

describe("plot: readable figures", () => {
  it("gives each path its own dash and marker symbol, and labels its end point", () => {
    const names = ["gradient descent α = 0.001", "momentum α = 0.0005, μ = 0.9", "Adam α = 0.05"];
    const fig = contourPlot({ f, xRange: [-2, 1], yRange: [-1, 1], paths: names.map((name, k) => ({ name, points: line(k) })) });
    const paths = fig.data.filter((t) => t.type === "scatter" && t.showlegend !== false);
    const ends = fig.data.filter((t) => t.type === "scatter" && t.showlegend === false);
    assert.equal(paths.length, 3);
    assert.equal(new Set(paths.map((t) => (t.line as { dash: string }).dash)).size, 3, "three dash patterns");
    assert.equal(new Set(paths.map((t) => (t.marker as { symbol: string }).symbol)).size, 3, "three marker symbols");
    assert.deepEqual(
      ends.map((t) => t.text),
      [["gradient descent"], ["momentum"], ["Adam"]],
    );
    assert.deepEqual(
      ends.map((t) => [t.x, t.y]),
      names.map(() => [[0], [0]]),
    );
    assert.deepEqual(
      contourPlot({ f, xRange: [-2, 1], yRange: [-1, 1], paths: [{ name: "a (b)", points: line(0), label: "mine" }] }).data[2]!.text,
      ["mine"],
    );
  });

  it("titles every colour bar", () => {
    const contour = contourPlot({ f, xRange: [-1, 1], yRange: [-1, 1], zTitle: "loss" }).data[0]!;
    assert.deepEqual((contour.colorbar as { title: { text: string } }).title.text, "loss");
    const surface = surfacePlot({ f, xRange: [-1, 1], yRange: [-1, 1] }).data[0]!;
    assert.equal((surface.colorbar as { title: { text: string } }).title.text, "f(x, y)");
  });

  it("sizes equal-scale plots to their ranges, within 340 to 760 px", () => {
    assert.equal(equalScaleHeight([0, 4], [0, 1], 100), 340, "780 × 0.25 + 100 = 295, raised to the minimum");
    assert.equal(equalScaleHeight([-4.5, 1], [-2, 2], 130), Math.round(Math.min(760, (780 * 4) / 5.5 + 130)));
    assert.equal(equalScaleHeight([0, 1], [0, 4], 100), 760);
    const wide = contourPlot({ f, xRange: [-3, 3], yRange: [-0.6, 0.6] }).layout!.height as number;
    const square = contourPlot({ f, xRange: [-3, 3], yRange: [-3, 3] }).layout!.height as number;
    assert.ok(wide < square, `a wide range gives a lower figure: ${wide} vs ${square}`);
    assert.equal(heatmapPlot({ f, xRange: [-3, 3], yRange: [-0.6, 0.6] }).layout!.height, equalScaleHeight([-3, 3], [-0.6, 0.6], 130));
  });

  it("leaves room above the plot for the title below the toolbar", () => {
    const margin = DEFAULT_LAYOUT.margin as { t: number };
    assert.ok(margin.t >= 70, `top margin ${margin.t}`);
    assert.equal((toPlainFigure({ data: [] }).layout!.margin as { t: number }).t, margin.t);
  });
});
