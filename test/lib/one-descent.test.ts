// One gradient-descent loop and one divergence rule: optim's `gradientDescent` (notebooks 06-07)
// and secondorder's `gradientDescentMinimize` (notebook 12) run the same loop (lib/optim/descent.ts)
// and every minimizer judges divergence by `lossDivergence`. The same problem through both callers
// must give the same path, the same stopping iteration and the same reason; if one of them grows a
// rule of its own again, these tests see the difference.
import assert from "node:assert/strict";
import { gradientDescent, lossDivergence, minimize, MAX_LOSS_GROWTH, sgd } from "../../lib/optim";
import { param } from "../../lib/util/params";
import { gradientDescentMinimize } from "../../lib/secondorder/gd";
import { newton } from "../../lib/secondorder/newton";
import { objective, type SolverObjective } from "../../lib/secondorder/objective";
import type { ScalarFn } from "../../lib/autodiff/scalar";

/** A 1-D problem as both callers take it: plain functions for gradientDescent, a SolverObjective for secondorder. */
function problem(name: string, f: (x: number) => number, df: (x: number) => number): { f: typeof f; df: typeof df; obj: SolverObjective } {
  return { f, df, obj: { name, value: ([x]) => f(x!), gradient: ([x]) => [df(x!)] } };
}

/** Runs both callers from x0 at rate lr and checks that they agree on everything the rule decides. */
function bothAgree(p: ReturnType<typeof problem>, x0: number, lr: number, steps: number) {
  const optim = gradientDescent({ f: p.f, grad: p.df, x0, lr, steps, tolerance: 1e-6 });
  const second = gradientDescentMinimize(p.obj, [x0], { lr, maxIterations: steps, tolerance: 1e-6 });
  const statusOf = { converged: "converged", "max-steps": "max-iterations", diverged: "diverged" } as const;
  assert.equal(second.status, statusOf[optim.status]);
  assert.equal(second.iterations, optim.history.at(-1)!.iteration, "the last point kept");
  assert.deepEqual(
    second.history.map((s) => [s.iteration, s.x[0], s.value]),
    optim.history.map((h) => [h.iteration, h.x, h.loss]),
    "the same path, bit for bit",
  );
  assert.deepEqual(second.divergence, optim.divergence && { iteration: optim.divergence.iteration, reason: optim.divergence.reason });
  if (optim.divergence) assert.equal(second.message, optim.divergence.message);
  return { optim, second };
}

describe("one gradient-descent loop, one divergence rule", () => {
  const parabola = problem(
    "(x − 2)²",
    (x) => x * x - 4 * x + 4,
    (x) => 2 * x - 4,
  );

  it("a loss that grows a million-fold: both stop at the same iteration, keep the same finite point, give the same message", () => {
    const { optim, second } = bothAgree(parabola, 0, 1.5, 100);
    // x − 2 doubles and flips sign each step: f = 4·4^k > 1e6·4 first at k = 10.
    assert.equal(optim.divergence?.iteration, 10);
    assert.equal(optim.divergence?.reason, "loss growth");
    assert.deepEqual(second.x, [-2046]);
    assert.equal(second.value, 4194304);
    assert.match(second.message, /^diverged at iteration 10 \(the loss grew from 4 to 4194304, more than 1000000 times\) .* 2\/L = 1/);
  });

  it("a non-finite loss: both stop before that point, at the same iteration", () => {
    // f is undefined (NaN) beyond |x| = 100; at lr = 1.5, x = 1, -2, 4, ... reaches 128 at step 7 (f = 4096, no growth alarm yet).
    const cliff = problem(
      "x² up to |x| = 100",
      (x) => (Math.abs(x) > 100 ? NaN : x * x),
      (x) => 2 * x,
    );
    const { optim, second } = bothAgree(cliff, 1, 1.5, 100);
    assert.equal(optim.divergence?.reason, "non-finite loss");
    assert.equal(optim.divergence?.iteration, 7);
    assert.equal(second.iterations, 6);
    assert.deepEqual(second.x, [64]);
    assert.equal(second.evaluations.gradient, 7, "no gradient at the point where f is NaN");
  });

  it("a start where f(x0) = 0 is no divergence: x² − 4x from 0 converges through both (the growth limit has a floor of 1)", () => {
    const dip = problem(
      "x² − 4x",
      (x) => x * x - 4 * x,
      (x) => 2 * x - 4,
    );
    const { optim } = bothAgree(dip, 0, 0.1, 500);
    assert.equal(optim.status, "converged");
    assert.ok(Math.abs(optim.x - 2) < 1e-6 && Math.abs(optim.loss + 4) < 1e-10);
    // minimize (Params) is the same loop
    const x = param("x", [1], [0]);
    const run = minimize({
      params: [x],
      optimizer: sgd({ learningRate: 0.1 }),
      lossAndGrad: () => {
        const v = x.value[0]!;
        x.grad[0] = 2 * v - 4;
        return v * v - 4 * v;
      },
      tolerance: 1e-6,
    });
    assert.equal(run.status, "converged");
  });

  it("converged and max-iterations runs take the same steps through both", () => {
    const converged = bothAgree(parabola, 0, 0.1, 200);
    assert.equal(converged.optim.status, "converged");
    assert.equal(converged.second.iterations, converged.optim.iterations);
    const budget = bothAgree(parabola, 0, 0.001, 5);
    assert.equal(budget.second.status, "max-iterations");
  });

  it("lossDivergence: non-finite, beyond maxLossGrowth · max(|f(x0)|, 1), and nothing else", () => {
    assert.equal(MAX_LOSS_GROWTH, 1e6);
    assert.deepEqual(lossDivergence(NaN, 1), { reason: "non-finite loss", detail: "the loss is NaN" });
    assert.equal(lossDivergence(-Infinity, 1)?.reason, "non-finite loss");
    assert.equal(lossDivergence(4e6, 4), undefined, "exactly at the limit: still fine");
    assert.deepEqual(lossDivergence(4e6 + 1, 4), {
      reason: "loss growth",
      detail: "the loss grew from 4 to 4000001, more than 1000000 times",
    });
    assert.equal(lossDivergence(-4e6 - 1, 4)?.reason, "loss growth", "|f|: rushing to −∞ counts too");
    assert.equal(lossDivergence(-4e6 - 1, 4)!.detail, "the loss fell from 4 to -4000001, more than 1000000 times its starting size");
    assert.equal(lossDivergence(1e6, 0), undefined, "the floor: from 0, up to 1e6 is fine");
    assert.equal(lossDivergence(-1.44, 0), undefined);
    assert.deepEqual(lossDivergence(2e6, 1e-9), {
      reason: "loss growth",
      detail: "the loss grew from 1e-9 to 2000000, beyond 1000000 × max(|1e-9|, 1) = 1000000 in size",
    });
    assert.equal(lossDivergence(100, 1, 10)?.reason, "loss growth");
  });

  it("newton stops at the first point past the same limit and keeps it (lbfgs checks the same rule)", () => {
    // z = x² + 3xy + y² is unbounded below; damped Newton walks down it from (2, 3), f = 31.
    const z: ScalarFn = ([x, y]) => x!.pow(2).add(x!.mul(3).mul(y!)).add(y!.pow(2));
    const run = newton(objective(z), [2, 3], { ifNotPositiveDefinite: "damp" });
    const limit = MAX_LOSS_GROWTH * 31;
    assert.equal(run.status, "diverged");
    assert.deepEqual(run.divergence, { iteration: run.iterations, reason: "loss growth" });
    assert.ok(Math.abs(run.value) > limit, `the last point is past the limit: f = ${run.value}`);
    run.history.slice(0, -1).forEach((s) => assert.ok(Math.abs(s.value) <= limit, `iteration ${s.iteration} is within it`));
  });
});
