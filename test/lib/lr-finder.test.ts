import assert from "node:assert/strict";
import { param } from "../../lib/util/params";
import { findLearningRate, sgd } from "../../lib/optim";

describe("optim/findLearningRate", () => {
  // f(w) = L/2 · w², gradient L·w: gradient descent converges for lr < 2/L and is fastest at 1/L.
  const L = 4;
  const setup = () => {
    const w = param("w", [1], [3]);
    const lossAndGrad = () => {
      w.grad[0] = L * w.value[0]!;
      return (L / 2) * w.value[0]! ** 2;
    };
    return { w, lossAndGrad };
  };

  it("sweeps the rate exponentially, stops when the loss shoots up, suggests a rate below 2/L, restores the params", () => {
    const { w, lossAndGrad } = setup();
    const result = findLearningRate({
      params: [w],
      lossAndGrad,
      makeOptimizer: (lr) => sgd({ learningRate: lr }),
      minLr: 1e-4,
      maxLr: 100,
      steps: 60,
    });
    // Rates are minLr · (maxLr/minLr)^(t/(steps-1)).
    assert.ok(Math.abs(result.learningRates[1]! - 1e-4 * 1e6 ** (1 / 59)) < 1e-15);
    assert.ok(result.learningRates.length < 60, "stopped before maxLr");
    assert.match(result.stoppedBecause, /^the smoothed loss exceeded 4× its best/);
    assert.ok(result.suggested > 1e-3 && result.suggested < 2 / L, `suggested ${result.suggested}`);
    assert.ok(Math.abs(result.smoothed[0]! / result.losses[0]! - 1) < 1e-12, "the centred window shrinks to the first loss itself");
    // The smoothed curve follows the raw points on the falling part instead of trailing above them
    // the way a running (one-way) average does.
    const fall = result.losses.slice(0, result.losses.indexOf(Math.min(...result.losses)));
    let average = 0;
    const running = result.losses.map((v, t) => (average = 0.9 * average + 0.1 * v) / (1 - 0.9 ** (t + 1)));
    const medianLogGap = (s: number[]) =>
      fall.map((v, i) => Math.abs(Math.log(s[i]! / v))).sort((a, b) => a - b)[Math.floor(fall.length / 2)]!;
    assert.ok(medianLogGap(result.smoothed) < 0.05, `smoothed vs raw: median |log ratio| ${medianLogGap(result.smoothed)}`);
    assert.ok(medianLogGap(running) > 0.1, `a running average trails the fall (median |log ratio| ${medianLogGap(running)})`);
    const above = fall.filter((v, i) => result.smoothed[i]! > v * 1.01).length;
    assert.ok(above < fall.length / 4, `${above} of ${fall.length} smoothed points lie above the raw ones`);
    assert.equal(result.minLossLr, result.learningRates[result.smoothed.indexOf(Math.min(...result.smoothed))]);
    assert.equal(w.value[0], 3, "parameters restored");
    assert.ok(result.losses.every(Number.isFinite));
  });

  it("names bad options", () => {
    const { w, lossAndGrad } = setup();
    assert.throws(
      () => findLearningRate({ params: [w], lossAndGrad, makeOptimizer: (lr) => sgd({ learningRate: lr }), minLr: 1, maxLr: 1 }),
      {
        message: "findLearningRate: maxLr must be a finite number above minLr = 1, such as 10; got 1",
      },
    );
  });
});
