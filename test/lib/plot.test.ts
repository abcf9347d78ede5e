import assert from "node:assert/strict";
import { captureDisplays, type DisplayMessage } from "../../lib/display";
import {
  contourPlot,
  curve,
  figureHtml,
  linePlot,
  setPlotlyEmbedding,
  show,
  sliderFigure,
  surfacePlot,
  tangentPlot,
  tangentSlider,
  toPlainFigure,
  type Figure,
} from "../../lib/plot";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

function shown(figures: Figure[]): DisplayMessage[] {
  const messages: DisplayMessage[] = [];
  const restore = captureDisplays((m) => messages.push(m));
  try {
    figures.forEach(show);
  } finally {
    restore();
  }
  return messages;
}

describe("plot: figures", () => {
  it("draws the tangent of x^2 at 2 with slope 4 through (2, 4)", () => {
    const fig = tangentPlot({ f: (x) => x * x, df: (x) => 2 * x, x0: 2, range: [-1, 5] });
    const [, tangent, point] = fig.data;
    const tx = Array.from(tangent?.x as number[]);
    const ty = Array.from(tangent?.y as number[]);
    assert.deepEqual(tx, [-1, 5]);
    assert.deepEqual(ty, [4 + 4 * (-1 - 2), 4 + 4 * (5 - 2)]);
    assert.deepEqual(point?.x, [2]);
    assert.deepEqual(point?.y, [4]);
    assert.match(String(tangent?.name), /slope 4/);
  });

  it("turns non-finite samples of a curve into gaps", () => {
    const trace = curve((x) => 1 / x, [-1, 1], { n: 3 });
    assert.deepEqual(trace.y, [-1, null, 1]);
  });

  it("refuses NaN and Infinity in a figure, naming the trace and index", () => {
    const fig = linePlot({ series: [{ name: "loss", y: [1, 0.5, Infinity] }] });
    assert.throws(() => toPlainFigure(fig), /trace 0 \("loss"\)\.y\[2\] is Infinity: plots refuse NaN and Infinity/);
  });

  it("rounds figure numbers to 7 significant digits and keeps integers", () => {
    const plain = toPlainFigure({ data: [{ type: "scatter", x: [1, 2], y: [Math.PI, 1 / 3] }] });
    assert.deepEqual(plain.data[0]?.x, [1, 2]);
    assert.deepEqual(plain.data[0]?.y, [3.141593, 0.3333333]);
  });

  it("checks ranges and series lengths", () => {
    assert.throws(() => tangentPlot({ f: (x) => x, df: () => 1, x0: 0, range: [1, 1] }), {
      message: "range must be [low, high] with finite low < high; got [1, 1]",
    });
    assert.throws(() => linePlot({ series: [{ name: "a", x: [1, 2], y: [1] }] }), {
      message: 'linePlot: series "a" has 2 x values but 1 y values',
    });
  });

  it("samples contour and surface grids row by row (z[i][j] = f(x[j], y[i]))", () => {
    const fig = contourPlot({
      f: (x, y) => x + 10 * y,
      xRange: [0, 1],
      yRange: [0, 1],
      n: 2,
      paths: [
        {
          name: "p",
          points: [
            [0, 0],
            [1, 1],
          ],
        },
      ],
    });
    assert.deepEqual(fig.data[0]?.z, [
      [0, 1],
      [10, 11],
    ]);
    assert.deepEqual(fig.data[1]?.x, [0, 1]);
    assert.equal(surfacePlot({ f: (x, y) => x * y, xRange: [0, 1], yRange: [0, 1], n: 3 }).data[0]?.type, "surface");
  });
});

describe("plot: show", () => {
  it("sends one bundle with the plotly JSON object, an HTML fallback and text", () => {
    setPlotlyEmbedding("never");
    const [message] = shown([linePlot({ series: [{ name: "loss", y: new Float64Array([3, 2, 1]) }], title: "Loss" })]);
    const json = message?.data[PLOTLY_MIME] as Figure;
    assert.equal(typeof json, "object", "the plotly MIME value is an object, not a JSON string");
    assert.deepEqual(json.data[0]?.y, [3, 2, 1]);
    assert.equal(message?.data["text/plain"], '[plot "Loss": 1 trace (loss: scatter)]');
    assert.doesNotMatch(String(message?.data["text/html"]), /data-gradlab-plotly/);
  });

  it("embeds plotly.js in the first figure of a session only", () => {
    setPlotlyEmbedding("once");
    const messages = shown([linePlot({ series: [{ name: "a", y: [1] }] }), linePlot({ series: [{ name: "b", y: [2] }] })]);
    const html = messages.map((m) => String(m.data["text/html"]));
    assert.equal(html.filter((h) => h.includes("data-gradlab-plotly")).length, 1);
    assert.ok(html[0]?.includes("data-gradlab-plotly"));
    assert.ok((html[0]?.length ?? 0) > 1_000_000, "the first figure carries the plotly.js bundle");
    assert.ok((html[1]?.length ?? 0) < 10_000, "later figures carry only their data");
  });

  it("keeps figure JSON from closing the script element", () => {
    const html = figureHtml(toPlainFigure({ data: [{ type: "scatter", name: "</script><b>", x: [1], y: [1] }] }), false);
    assert.equal(html.match(/<\/script>/g)?.length, 1);
  });
});

describe("plot: sliders", () => {
  it("builds one frame per point, a slider step per frame, and keeps the curve static", () => {
    const fig = tangentSlider({ f: (x) => x * x, df: (x) => 2 * x, points: [-1, 0, 2], range: [-3, 3] });
    assert.equal(fig.frames?.length, 3);
    assert.deepEqual(
      fig.frames?.map((f) => f.name),
      ["-1", "0", "2"],
    );
    const sliders = fig.layout?.sliders as Array<{ steps: Array<{ label: string; args: unknown[] }> }>;
    assert.deepEqual(
      sliders[0]?.steps.map((s) => s.label),
      ["-1", "0", "2"],
    );
    // trace 0 is the static curve; frames animate traces 1 (tangent) and 2 (point)
    assert.deepEqual(fig.frames?.[2]?.traces, [1, 2]);
    const tangent = fig.frames?.[2]?.data[0];
    assert.deepEqual(tangent?.x, [-3, 3]);
    assert.deepEqual(tangent?.y, [4 + 4 * (-3 - 2), 4 + 4 * (3 - 2)]);
    assert.deepEqual(fig.frames?.[2]?.data[1]?.y, [4]);
  });

  it("refuses frames with different trace counts or duplicate labels", () => {
    const t = { type: "scatter", x: [0], y: [0] };
    assert.throws(
      () =>
        sliderFigure([
          { label: "a", data: [t] },
          { label: "b", data: [t, t] },
        ]),
      {
        message: 'sliderFigure: frame 1 ("b") has 2 traces; frame 0 has 1',
      },
    );
    assert.throws(
      () =>
        sliderFigure([
          { label: "a", data: [t] },
          { label: "a", data: [t] },
        ]),
      { message: "sliderFigure: frame labels must be unique" },
    );
    assert.throws(() => sliderFigure([]), { message: "sliderFigure: frames must contain at least one frame" });
  });

  it("survives show(): frames are part of the plotly JSON", () => {
    setPlotlyEmbedding("never");
    const [message] = shown([tangentSlider({ f: Math.sin, df: Math.cos, points: [0, 1], range: [-3, 3] })]);
    const json = message?.data[PLOTLY_MIME] as Figure;
    assert.equal(json.frames?.length, 2);
    assert.match(String(message?.data["text/plain"]), /2 frames/);
  });
});
