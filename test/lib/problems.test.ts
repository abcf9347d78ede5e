import assert from "node:assert/strict";
import { crossCheckGradient } from "../../lib/check";
import { quadraticBowl, rosenbrock } from "../../lib/optim";
import { liveTensors } from "../../lib/tf";

describe("optim/problems: test functions with three witnesses", () => {
  for (const problem of [quadraticBowl({ a: 1, b: 20 }), rosenbrock()]) {
    it(`${problem.name}: hand-written gradient = tfjs = central difference; minimum where the gradient vanishes`, () => {
      const before = liveTensors();
      const report = crossCheckGradient({
        name: problem.name,
        f: (x, y) => problem.fxy(x, y),
        grad: (x, y) => problem.grad([x, y]),
        fTf: (x, y) => problem.fTf(x, y),
        at: [
          [-1.2, 1],
          [0.5, -0.3],
          [2, 3],
        ],
        display: false,
      });
      assert.equal(report.passed, true);
      assert.ok(problem.grad(problem.minimum).every((g) => g === 0));
      assert.equal(problem.f(problem.minimum), 0);
      assert.equal(liveTensors(), before);
    });
  }

  it("Rosenbrock(-1.2, 1) = 24.2 as computed by hand", () => {
    assert.ok(Math.abs(rosenbrock().f([-1.2, 1]) - (2.2 ** 2 + 100 * (1 - 1.44) ** 2)) < 1e-12);
    assert.throws(() => rosenbrock().f([1]), { message: "rosenbrock: points are [x, y]; got [1]" });
  });
});
