import assert from "node:assert/strict";
import { param } from "../../lib/util/params";
import { adam, gradientDescent, minimize, momentum, sgd, thinIndices } from "../../lib/optim";
import { createProgress } from "../../lib/util/progress";
import { captureDisplays, type DisplayMessage } from "../../lib/display";
import { showHistory } from "../../lib/optim";

const f = (x: number) => x * x - 4 * x + 4;
const df = (x: number) => 2 * x - 4;

describe("optim/gradientDescent: the runner", () => {
  it("reproduces the worked example 0 -> 0.4 -> 0.72 -> 0.976 and converges to 2", () => {
    const run = gradientDescent({ f, grad: df, x0: 0, lr: 0.1, steps: 200, tolerance: 1e-6 });
    // Expected path in plain arithmetic: x_{k+1} = x_k - 0.1 * (2 x_k - 4).
    const expected = [0];
    while (expected.length < 4) expected.push(expected.at(-1)! - 0.1 * (2 * expected.at(-1)! - 4));
    run.history.slice(0, 4).forEach((h, i) => assert.ok(Math.abs(h.x - expected[i]!) < 1e-12));
    assert.deepEqual(
      expected.map((v) => Number(v.toFixed(6))),
      [0, 0.4, 0.72, 0.976],
    );
    assert.equal(run.status, "converged");
    assert.ok(Math.abs(run.x - 2) < 1e-6);
    // |f'(x_k)| = 4 * 0.8^k <= 1e-6 first at k = ceil(log(2.5e-7) / log(0.8)).
    assert.equal(run.iterations, Math.ceil(Math.log(1e-6 / 4) / Math.log(0.8)));
    assert.deepEqual(
      run.history.slice(0, 3).map((h) => [h.grad, h.learningRate]),
      [
        [-4, 0.1],
        [df(expected[1]!), 0.1],
        [df(expected[2]!), 0.1],
      ],
    );
    assert.ok(Math.abs(run.history[0]!.stepSize! - 0.4) < 1e-12);
    assert.equal(run.history.at(-1)!.learningRate, undefined, "no step from the last point");
  });

  it("stops at max-steps and says so", () => {
    const run = gradientDescent({ f, grad: df, x0: 0, lr: 0.001, steps: 5 });
    assert.equal(run.status, "max-steps");
    assert.equal(run.iterations, 5);
    assert.equal(run.history.length, 6);
    assert.match(run.summary, /^stopped after 5 iterations \(maxSteps\)/);
  });

  it("reports divergence at lr = 1.5 with the iteration and a 2/L hint, never NaN", () => {
    const run = gradientDescent({ f, grad: df, x0: 0, lr: 1.5, steps: 100 });
    // x - 2 -> -2 (x - 2): the loss is 4 * 4^k; the first k with loss_k > 1e6 * loss_0:
    let k = 0;
    while (4 * 4 ** k <= 1e6 * 4) k++;
    assert.equal(run.status, "diverged");
    assert.equal(run.divergence?.iteration, k);
    assert.equal(run.divergence?.reason, "loss growth");
    assert.ok(Math.abs(run.divergence.curvature! - 2) < 1e-12, "f'' = 2, measured along the steps");
    assert.equal(
      run.divergence?.hint,
      "learning rate 1.5 is above 2/L = 1 for this problem (L ≈ 2 is the curvature measured along the last step); try a rate below 1, e.g. 0.5",
    );
    assert.match(
      run.summary,
      /^diverged at iteration 10 \(the loss grew from 4 to 4194304, more than 1000000 times\) with sgd at learning rate 1.5/,
    );
    assert.ok(run.history.every((h) => Number.isFinite(h.x) && Number.isFinite(h.loss)));
    assert.deepEqual(
      run.history.slice(0, 3).map((h) => h.x),
      [0, 6, -6],
    );
    assert.ok(Number.isFinite(run.x) && Number.isFinite(run.loss));
  });

  it("names the momentum limit 2(1 + mu)/L on a quadratic", () => {
    const run = gradientDescent({ f, grad: df, x0: 0, optimizer: momentum({ learningRate: 2, momentum: 0.5 }), steps: 200 });
    assert.equal(run.status, "diverged");
    assert.match(run.divergence!.hint, /^learning rate 2 with momentum 0.5 is above 2\(1 \+ μ\)\/L = 1.5/);
  });

  it("reports a non-finite gradient and keeps the last finite point", () => {
    // exp overflows: the gradient of e^(x^2) at large x is Infinity.
    const run = gradientDescent({
      f: (x) => Math.exp(x * x),
      grad: (x) => 2 * x * Math.exp(x * x),
      x0: 1,
      lr: 1,
      steps: 50,
      maxLossGrowth: 1e300,
    });
    // x1 = 1 - 2e ≈ -4.44, x2 = x1 - 2·x1·e^(x1²) ≈ 2e9, and e^(x2²) overflows.
    const x1 = 1 - 2 * Math.E;
    assert.equal(run.status, "diverged");
    assert.equal(run.divergence!.reason, "non-finite loss");
    assert.equal(run.divergence!.iteration, 2);
    assert.equal(run.x, x1);
    assert.ok(Number.isFinite(run.x));
    assert.match(run.divergence!.hint, /10 times smaller \(0.1\)/);
  });

  it("works on vectors, with any optimizer, and thins paths for plotting", () => {
    const bowl = (p: number[]) => p[0]! ** 2 + 10 * p[1]! ** 2;
    const grad = (p: number[]) => [2 * p[0]!, 20 * p[1]!];
    const run = gradientDescent({ f: bowl, grad, x0: [1, 1], optimizer: adam({ learningRate: 0.1 }), steps: 2000, tolerance: 1e-6 });
    assert.equal(run.status, "converged");
    assert.ok(Math.hypot(...run.x) < 1e-5);
    const path = run.path(20);
    assert.equal(path.length, 20);
    assert.deepEqual(path[0], [1, 1]);
    assert.deepEqual(path.at(-1), run.x);
    assert.deepEqual(thinIndices(5, 3), [0, 2, 4]);
  });

  it("names bad input", () => {
    assert.throws(() => gradientDescent({ f, grad: df, x0: Number.NaN, lr: 0.1 }), {
      message: "gradientDescent: x0 must be a finite number or a non-empty array of finite numbers; got NaN",
    });
    // the caller's names (steps, lr), not the runner's (maxSteps) or the optimizer's (learningRate)
    assert.throws(() => gradientDescent({ f, grad: df, x0: 0, lr: 0.1, steps: -5 }), {
      message: "gradientDescent: steps must be an integer >= 0; got -5",
    });
    assert.throws(() => gradientDescent({ f, grad: df, x0: 0, lr: -0.1 }), {
      message: "gradientDescent: lr must be a positive finite number (or a schedule t => rate); got -0.1",
    });
    assert.throws(() => gradientDescent({ f, grad: df, x0: 0, lr: 0.1, tolerance: -1 }), {
      message: "gradientDescent: tolerance must be a finite number >= 0; got -1",
    });
    assert.throws(() => gradientDescent({ f, grad: df, x0: [1, Number.NaN], lr: 0.1 } as never), {
      message: "gradientDescent: x0 must be a finite number or a non-empty array of finite numbers; got [1, NaN]",
    });
    assert.throws(() => gradientDescent({ f, grad: df, x0: 0 }), {
      message: "gradientDescent: give exactly one of lr (plain gradient descent) or optimizer",
    });
    assert.throws(() => gradientDescent({ f: (p: number[]) => p[0]!, grad: () => [1], x0: [0, 0], lr: 0.1 }), {
      message: "gradientDescent: grad must return an array of 2 numbers; got [1]",
    });
    assert.throws(() => gradientDescent({ f: () => Number.NaN, grad: () => 0, x0: 0, lr: 0.1 }), {
      message: "gradientDescent: the loss or gradient is not finite at the starting point (the loss is NaN); check x0 and the loss code",
    });
  });

  it("shows the iterations as a table", () => {
    const messages: DisplayMessage[] = [];
    const restore = captureDisplays((m) => messages.push(m));
    try {
      showHistory(gradientDescent({ f, grad: df, x0: 0, lr: 0.1, steps: 20 }), { rows: 3 });
    } finally {
      restore();
    }
    const text = String(messages[0]!.data["text/plain"]);
    assert.match(text, /^0\s+0\s+4\s+-4\s+0.1\s+0.4$/m);
    assert.match(text, /^1\s+0.4\s+2.56\s+-3.2\s+0.1\s+0.72$/m);
    assert.match(text, /^…/m);
    assert.match(text, /^20\s+1.97694/m);
  });
});

describe("optim/minimize: Params", () => {
  it("zeroes the grads before each call, so accumulating (+=) loss code works", () => {
    const w = param("w", [2], [1, 1]);
    const run = minimize({
      params: [w],
      optimizer: sgd({ learningRate: 0.25 }),
      lossAndGrad: () => {
        w.grad[0]! += 2 * w.value[0]!;
        w.grad[1]! += 2 * w.value[1]!;
        return w.value[0]! ** 2 + w.value[1]! ** 2;
      },
      maxSteps: 100,
    });
    // x -> x - 0.25 * 2x = x / 2 each step: the gradient norm 2*sqrt(2)*2^-k reaches 1e-8 at k = 29.
    assert.equal(run.status, "converged");
    assert.equal(run.iterations, Math.ceil(Math.log2((2 * Math.SQRT2) / 1e-8)));
  });

  it("restores finite values when a step produces non-finite parameters", () => {
    const w = param("w", [1], [1]);
    const run = minimize({
      params: [w],
      optimizer: sgd({ learningRate: 1e308 }),
      lossAndGrad: () => {
        w.grad[0] = 10;
        return 1;
      },
      maxSteps: 5,
    });
    assert.equal(run.status, "diverged");
    assert.equal(run.divergence?.reason, "non-finite parameters");
    assert.equal(run.divergence?.iteration, 1);
    assert.equal(w.value[0], 1);
  });

  it("records only scalars when asked (large models)", () => {
    const w = param("w", [3], [1, 2, 3]);
    const run = minimize({
      params: [w],
      optimizer: sgd({ learningRate: 0.1 }),
      lossAndGrad: () => {
        w.value.forEach((v, i) => (w.grad[i] = 2 * v));
        return w.value.reduce((s, v) => s + v * v, 0);
      },
      maxSteps: 3,
      record: "loss",
    });
    assert.equal(run.history.length, 4);
    assert.equal(run.history[0]!.values, undefined);
    assert.equal(run.history[0]!.loss, 14);
  });

  it("names bad options", () => {
    assert.throws(() => minimize({ params: [], lossAndGrad: () => 0, optimizer: sgd({ learningRate: 1 }) }), {
      message: "minimize: params must be a non-empty array of Param objects",
    });
    assert.throws(() => minimize({ params: [param("w", [1])], lossAndGrad: () => 0, optimizer: sgd({ learningRate: 1 }), maxSteps: 1.5 }), {
      message: "minimize: maxSteps must be an integer >= 0; got 1.5",
    });
  });
});

describe("util/progress", () => {
  it("stays silent for short runs and prints at most every few seconds after", () => {
    let clock = 0;
    const lines: string[] = [];
    const progress = createProgress({ label: "demo", total: 10, now: () => clock, log: (l) => lines.push(l) });
    progress.update(1);
    clock = 2900;
    progress.update(2);
    assert.deepEqual(lines, []);
    clock = 3000;
    progress.update(3, "loss 1");
    clock = 4000;
    progress.update(4);
    clock = 5000;
    progress.update(5);
    progress.finish("done");
    assert.deepEqual(lines, ["demo: step 3 / 10, loss 1 (3.0 s)", "demo: step 5 / 10 (5.0 s)", "demo: finished, done (5.0 s)"]);
  });
});

describe("optim/divergence: hints", () => {
  it("measures the curvature along a single step when the run blows up at once", () => {
    // f = 1000 x², f'' = 2000: at lr 1 the first step multiplies the loss by (1 − 2000)² ≈ 4e6.
    const run = gradientDescent({ f: (x) => 1000 * x * x, grad: (x) => 2000 * x, x0: 1, lr: 1, steps: 10 });
    assert.equal(run.divergence?.iteration, 1);
    assert.equal(run.divergence?.curvature, 2000);
    assert.equal(
      run.divergence?.hint,
      "learning rate 1 is above 2/L = 0.001 for this problem (L ≈ 2000 is the curvature measured along the only step taken); try a rate below 0.001, e.g. 0.0005",
    );
  });

  it("stays generic when the steps disagree about the curvature (not a quadratic)", () => {
    const rosen = (p: number[]) => (1 - p[0]!) ** 2 + 100 * (p[1]! - p[0]! ** 2) ** 2;
    const grad = (p: number[]) => [-2 * (1 - p[0]!) - 400 * p[0]! * (p[1]! - p[0]! ** 2), 200 * (p[1]! - p[0]! ** 2)];
    const run = gradientDescent({ f: rosen, grad, x0: [-1.2, 1], lr: 0.05, steps: 10 });
    assert.equal(run.status, "diverged");
    assert.equal(run.divergence?.curvature, undefined);
    assert.equal(run.divergence?.hint, "try a learning rate about 10 times smaller (0.005)");
  });
});
