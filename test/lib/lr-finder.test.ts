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
    assert.equal(result.smoothed[0], result.losses[0], "bias-corrected smoothing starts at the first loss");
    assert.equal(result.minLossLr, result.learningRates[result.smoothed.indexOf(Math.min(...result.smoothed))]);
    assert.equal(w.value[0], 3, "parameters restored");
    assert.ok(result.losses.every(Number.isFinite));
  });

  it("names bad options", () => {
    const { w, lossAndGrad } = setup();
    assert.throws(
      () => findLearningRate({ params: [w], lossAndGrad, makeOptimizer: (lr) => sgd({ learningRate: lr }), minLr: 1, maxLr: 1 }),
      {
        message: "findLearningRate: need 0 < minLr < maxLr (finite); got minLr 1, maxLr 1",
      },
    );
  });
});
