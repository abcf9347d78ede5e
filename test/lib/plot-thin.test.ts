import assert from "node:assert/strict";
import { linePlot, thinLine } from "../../lib/plot";
import { createRng } from "../../lib/random";

describe("plot: long lines are thinned for drawing, keeping their extremes", () => {
  const rng = createRng(7);
  const n = 10000;
  // a decaying loss with noise and one spike, as a 10,000-epoch training run
  const y = Array.from({ length: n }, (_, i) => Math.exp(-i / 2000) + 0.01 * rng.normal());
  y[6543] = 5;

  it("keeps the first and last point, every bucket's extremes, the global min and max, in order", () => {
    const x = y.map((_, i) => i);
    const thin = thinLine(x, y, 2000);
    assert.ok(thin.y.length <= 2000 && thin.y.length > 1000, `kept ${thin.y.length}`);
    assert.equal(thin.x[0], 0);
    assert.equal(thin.x.at(-1), n - 1);
    assert.equal(Math.max(...(thin.y as number[])), Math.max(...y));
    assert.equal(Math.min(...(thin.y as number[])), Math.min(...y));
    assert.ok(
      (thin.x as number[]).every((v, i, a) => i === 0 || v > a[i - 1]!),
      "x stays increasing",
    );
    assert.ok(thin.x.includes(6543), "the spike survives");
    assert.ok(
      (thin.x as number[]).every((xi, i) => thin.y[i] === y[xi]),
      "kept points are original points",
    );
  });

  it("linePlot thins lines by default, never markers, and keeps everything when asked", () => {
    const fig = linePlot({
      series: [
        { name: "loss", y },
        { name: "samples", y, mode: "markers" },
      ],
    });
    assert.ok((fig.data[0]!.y as number[]).length <= 2000);
    assert.equal((fig.data[1]!.y as number[]).length, n);
    const all = linePlot({ series: [{ name: "loss", y }], maxLinePoints: Infinity });
    assert.equal((all.data[0]!.y as number[]).length, n);
    const short = linePlot({ series: [{ name: "loss", y: y.slice(0, 500) }] });
    assert.equal((short.data[0]!.y as number[]).length, 500);
  });

  it("leaves lines with gaps alone and refuses a budget below 4", () => {
    const gappy = [...y.slice(0, 3000), null, ...y.slice(3001)];
    assert.equal(
      thinLine(
        gappy.map((_, i) => i),
        gappy,
        100,
      ).y.length,
      n,
    );
    assert.throws(() => thinLine([1, 2], [1, 2], 3), /max must be at least 4; got 3/);
  });
});
