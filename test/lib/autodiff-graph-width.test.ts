// A computation graph wider than the output area is scaled down as a whole: the SVG's shown width
// stays within maxWidth (default 900 px) while its viewBox keeps the full layout.
import assert from "node:assert/strict";
import { Value } from "../../lib/autodiff/value";
import { graphLayout, graphSvg } from "../../lib/autodiff/graph";

function sizes(svg: string): { width: number; height: number; viewBox: number[] } {
  const tag = /<svg [^>]*>/.exec(svg)?.[0] ?? "";
  const attr = (name: string) => /"([^"]*)"/.exec(new RegExp(` ${name}="[^"]*"`).exec(tag)?.[0] ?? "")?.[1] ?? "";
  return { width: Number(attr("width")), height: Number(attr("height")), viewBox: attr("viewBox").split(" ").map(Number) };
}

/** A long chain of operations: one column per operation, so the layout is wide. */
function chain(n: number): Value {
  let v = new Value(0.5, "x");
  for (let i = 0; i < n; i++) v = v.mul(new Value(1.1, `w${i}`)).tanh();
  v.label = "out";
  v.backward();
  return v;
}

describe("autodiff/graph: width of the drawing", () => {
  it("scales a wide graph down to maxWidth, keeping the aspect ratio and the whole layout in the viewBox", () => {
    const out = chain(12);
    const layout = graphLayout(out);
    assert.ok(layout.width > 900, `the test graph must be wider than 900 px; it is ${layout.width}`);
    const s = sizes(graphSvg(out));
    assert.ok(s.width <= 900, `shown width ${s.width}`);
    assert.deepEqual(s.viewBox.slice(0, 3), [0, 0, Math.ceil(layout.width)]);
    // Same aspect ratio, up to rounding to whole pixels.
    assert.ok(Math.abs(s.height - (s.width * Math.ceil(layout.height)) / Math.ceil(layout.width)) <= 1, `${s.width} × ${s.height}`);
    assert.ok(sizes(graphSvg(out, { maxWidth: 600 })).width <= 600);
  });

  it("leaves a graph that fits at its natural size, and names a bad maxWidth", () => {
    const out = chain(1);
    const s = sizes(graphSvg(out));
    assert.equal(s.width, Math.ceil(graphLayout(out).width));
    assert.throws(() => graphSvg(out, { maxWidth: 0 }), /graphSvg: maxWidth must be a positive number of pixels; got 0/);
  });
});
