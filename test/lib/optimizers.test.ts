import assert from "node:assert/strict";
import { param, type Param } from "../../lib/util/params";
import { adagrad, adam, crossCheckOptimizer, momentum, nesterov, quadraticBowl, rmsprop, sgd, type Optimizer } from "../../lib/optim";
import { disposeTfOptimizer } from "../../lib/tf";
import { liveTensors, tf } from "../../lib/tf";

/** One param holding x, with the gradient g set, stepped once. */
function stepOnce(opt: Optimizer, x: number[], g: number[]): number[] {
  const p = param("x", [x.length], x);
  p.grad.set(g);
  opt.step([p]);
  return Array.from(p.value);
}

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

describe("optim: update rules by hand (first steps in plain Math)", () => {
  it("sgd: x - lr*g", () => {
    const [x] = stepOnce(sgd({ learningRate: 0.1 }), [0], [-4]);
    close(x!, 0.4);
  });

  it("momentum: v = mu*v + g, x -= lr*v (two steps)", () => {
    const opt = momentum({ learningRate: 0.1, momentum: 0.5 });
    const p = param("x", [1], [1]);
    p.grad.set([2]);
    opt.step([p]);
    close(p.value[0]!, 1 - 0.1 * 2);
    p.grad.set([3]);
    opt.step([p]);
    close(p.value[0]!, 1 - 0.1 * 2 - 0.1 * (0.5 * 2 + 3));
  });

  it("nesterov: x -= lr*(g + mu*v_new)", () => {
    const [x] = stepOnce(nesterov({ learningRate: 0.1, momentum: 0.5 }), [1], [2]);
    close(x!, 1 - 0.1 * (2 + 0.5 * 2));
  });

  it("adagrad: accumulator starts at 0.1 and epsilon 1e-7 sits inside the root", () => {
    const [x] = stepOnce(adagrad({ learningRate: 0.5 }), [1], [2]);
    close(x!, 1 - (0.5 * 2) / Math.sqrt(0.1 + 4 + 1e-7));
    const [y] = stepOnce(adagrad({ learningRate: 0.5, initialAccumulatorValue: 0 }), [1], [2]);
    close(y!, 1 - (0.5 * 2) / Math.sqrt(4 + 1e-7));
  });

  it("rmsprop: s = rho*s + (1-rho)*g^2, step lr*g/sqrt(s + eps)", () => {
    const [x] = stepOnce(rmsprop({ learningRate: 0.1, epsilon: 0.5 }), [1], [2]);
    close(x!, 1 - (0.1 * 2) / Math.sqrt(0.1 * 4 + 0.5));
    const [c] = stepOnce(rmsprop({ learningRate: 0.1, epsilon: 0.01, centered: true }), [1], [2]);
    // centered, as tfjs 4.22 computes it: sqrt(s - (gBar^2 + eps))
    close(c!, 1 - (0.1 * 2) / Math.sqrt(0.1 * 4 - (0.2 * 0.2 + 0.01)));
  });

  it("adam: bias-corrected first step is lr*g/(|g| + eps); epsilon outside the root", () => {
    const [x] = stepOnce(adam({ learningRate: 0.1, epsilon: 0.5 }), [1], [2]);
    close(x!, 1 - (0.1 * 2) / (2 + 0.5));
    const opt = adam({ learningRate: 0.1, beta1: 0.5, beta2: 0.75, epsilon: 0.5 });
    const p = param("x", [1], [1]);
    p.grad.set([2]);
    opt.step([p]);
    p.grad.set([-1]);
    opt.step([p]);
    const m = 0.5 * (0.5 * 2) + 0.5 * -1;
    const v = 0.75 * (0.25 * 4) + 0.25 * 1;
    close(p.value[0]!, 1 - (0.1 * 2) / 2.5 - (0.1 * (m / (1 - 0.25))) / (Math.sqrt(v / (1 - 0.75 ** 2)) + 0.5));
  });

  it("documents the defaults: tfjs' where tfjs has one", () => {
    assert.deepEqual(adam().config, { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 });
    assert.deepEqual(rmsprop({ learningRate: 0.01 }).config, {
      learningRate: 0.01,
      decay: 0.9,
      momentum: 0,
      epsilon: 1e-7,
      centered: false,
    });
    assert.deepEqual(adagrad({ learningRate: 0.01 }).config, { learningRate: 0.01, initialAccumulatorValue: 0.1, epsilon: 1e-7 });
    assert.deepEqual(momentum({ learningRate: 0.01 }).config, { learningRate: 0.01, momentum: 0.9, useNesterov: false });
  });

  it("keeps state per Param (a Map keyed by the parameter) and forgets it on reset", () => {
    const opt = momentum({ learningRate: 1, momentum: 0.5 });
    const a = param("a", [1], [0]);
    const b = param("b", [1], [0]);
    a.grad.set([1]);
    b.grad.set([10]);
    opt.step([a, b]);
    opt.step([a, b]);
    assert.deepEqual([a.value[0], b.value[0]], [-(1 + 1.5), -(10 + 15)]);
    assert.equal(opt.iterations, 2);
    assert.equal(Object.keys(a).sort().join(), "grad,name,shape,value", "nothing patched onto the Param");
    opt.reset();
    assert.equal(opt.iterations, 0);
    opt.step([a]);
    assert.equal(a.value[0], -2.5 - 1, "after reset the velocity starts from zero");
  });

  it("reads the rate from a schedule at each step", () => {
    const opt = sgd({ learningRate: (t) => 1 / (t + 1) });
    const p = param("x", [1], [0]);
    p.grad.set([1]);
    opt.step([p]);
    opt.step([p]);
    opt.step([p]);
    close(p.value[0]!, -(1 + 1 / 2 + 1 / 3));
  });

  it("names bad hyperparameters", () => {
    assert.throws(() => sgd({ learningRate: -1 }), { message: "sgd: learningRate must be a positive finite number; got -1" });
    assert.throws(() => sgd({} as never), { message: "sgd: learningRate is required" });
    assert.throws(() => momentum({ learningRate: 0.1, momentum: 1 }), { message: "momentum: momentum must be a number in [0, 1); got 1" });
    assert.throws(() => adam({ beta2: 1.5 }), { message: "adam: beta2 must be a number in [0, 1); got 1.5" });
    assert.throws(() => rmsprop({ learningRate: 0.1, epsilon: 0 }), {
      message: "rmsprop: epsilon must be a positive finite number; got 0",
    });
    assert.throws(() => adagrad({ learningRate: 0.1, initialAccumulatorValue: -1 }), {
      message: "adagrad: initialAccumulatorValue must be a finite number >= 0; got -1",
    });
    const bad = sgd({ learningRate: () => Number.NaN });
    assert.throws(() => bad.step([param("x", [1])]), {
      message: "sgd: the learning-rate schedule returned NaN at step 0; expected a finite number >= 0",
    });
  });
});

describe("optim: same trajectories as tf.train.* (float32 tolerance)", function () {
  this.timeout(60000);
  const bowl = quadraticBowl({ a: 1, b: 20 });
  const cases: Array<[string, () => Optimizer, () => tf.Optimizer]> = [
    ["sgd", () => sgd({ learningRate: 0.05 }), () => tf.train.sgd(0.05)],
    ["momentum", () => momentum({ learningRate: 0.02, momentum: 0.9 }), () => tf.train.momentum(0.02, 0.9)],
    ["nesterov", () => nesterov({ learningRate: 0.02, momentum: 0.8 }), () => tf.train.momentum(0.02, 0.8, true)],
    ["adagrad", () => adagrad({ learningRate: 0.3 }), () => tf.train.adagrad(0.3)],
    ["adagrad, accumulator 1", () => adagrad({ learningRate: 0.3, initialAccumulatorValue: 1 }), () => tf.train.adagrad(0.3, 1)],
    ["rmsprop", () => rmsprop({ learningRate: 0.05 }), () => tf.train.rmsprop(0.05)],
    [
      "rmsprop, decay 0.7, momentum 0.5, epsilon 0.3",
      () => rmsprop({ learningRate: 0.05, decay: 0.7, momentum: 0.5, epsilon: 0.3 }),
      () => tf.train.rmsprop(0.05, 0.7, 0.5, 0.3),
    ],
    [
      "rmsprop centered, momentum 0.5",
      () => rmsprop({ learningRate: 0.02, momentum: 0.5, centered: true }),
      () => tf.train.rmsprop(0.02, 0.9, 0.5, undefined, true),
    ],
    ["adam", () => adam({ learningRate: 0.1 }), () => tf.train.adam(0.1)],
    [
      "adam, beta1 0.5, beta2 0.9, epsilon 0.3",
      () => adam({ learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 0.3 }),
      () => tf.train.adam(0.1, 0.5, 0.9, 0.3),
    ],
  ];
  for (const [name, ours, theirs] of cases) {
    it(`${name}: 40 steps on an ill-conditioned bowl`, () => {
      const before = liveTensors();
      const report = crossCheckOptimizer({
        name,
        ours: ours(),
        theirs: theirs(),
        f: bowl.f,
        grad: bowl.grad,
        fTf: bowl.fTf,
        x0: [1.5, 1],
        steps: 40,
        display: false,
      });
      assert.equal(report.ours.length, 41);
      assert.ok(report.maxDifference < 1e-4, `max difference ${report.maxDifference}`);
      // It moved: the comparison is not between two standing-still runs.
      assert.ok(Math.hypot(...report.ours[40]!) < 0.9 * Math.hypot(1.5, 1), `end point ${report.ours[40]}`);
      assert.equal(liveTensors(), before, "no tensor leaked");
    });
  }

  it("tells apart rules that differ only in epsilon placement", () => {
    // Keras-style rmsprop (epsilon outside the root) is not tfjs' rule: the check must fail.
    const keras: Optimizer = rmsprop({ learningRate: 0.05, epsilon: 0.3 });
    assert.throws(
      () =>
        crossCheckOptimizer({
          name: "mismatch",
          ours: keras,
          theirs: tf.train.rmsprop(0.05, 0.9, 0, 0.01),
          f: bowl.f,
          grad: bowl.grad,
          fTf: bowl.fTf,
          x0: [1.5, 1],
          steps: 10,
          display: false,
        }),
      /mismatch: trajectories part at step 1/,
    );
  });

  // Two Params (weights and bias) of a linear model: the state of each is kept apart, and Adam's
  // bias-correction powers advance once per step, not once per parameter.
  const X = [
    [1, 2],
    [-1, 0.5],
    [0.3, -1.2],
    [2, 1],
    [-0.7, -0.4],
  ];
  const y = [1, -2, 0.5, 3, -1];
  function lossAndGradParams(w: Param, b: Param): number {
    let loss = 0;
    X.forEach((row, i) => {
      const r = row[0]! * w.value[0]! + row[1]! * w.value[1]! + b.value[0]! - y[i]!;
      loss += (r * r) / X.length;
      // d/dw of the mean squared error: (2/n)·r·x, d/db: (2/n)·r
      w.grad[0]! += (2 * r * row[0]!) / X.length;
      w.grad[1]! += (2 * r * row[1]!) / X.length;
      b.grad[0]! += (2 * r) / X.length;
    });
    return loss;
  }
  const paramCases: Array<[string, () => Optimizer, () => tf.Optimizer]> = [
    ["adam", () => adam({ learningRate: 0.05 }), () => tf.train.adam(0.05)],
    ["rmsprop momentum", () => rmsprop({ learningRate: 0.01, momentum: 0.6 }), () => tf.train.rmsprop(0.01, 0.9, 0.6)],
    ["nesterov", () => nesterov({ learningRate: 0.05, momentum: 0.9 }), () => tf.train.momentum(0.05, 0.9, true)],
    ["adagrad", () => adagrad({ learningRate: 0.2 }), () => tf.train.adagrad(0.2)],
  ];
  for (const [name, ours, theirs] of paramCases) {
    it(`${name}: a two-Param linear model, 60 steps, same weights as tfjs variables`, () => {
      const before = liveTensors();
      const w = param("w", [2], [0.5, -0.5]);
      const b = param("b", [1], [0.2]);
      const opt = ours();
      for (let t = 0; t < 60; t++) {
        w.grad.fill(0);
        b.grad.fill(0);
        lossAndGradParams(w, b);
        opt.step([w, b]);
      }
      const tfOpt = theirs();
      const wv = tf.tidy(() => tf.variable(tf.tensor1d([0.5, -0.5])));
      const bv = tf.tidy(() => tf.variable(tf.tensor1d([0.2])));
      const Xt = tf.tensor2d(X);
      const yt = tf.tensor1d(y);
      for (let t = 0; t < 60; t++) {
        tf.tidy(() => {
          tfOpt.minimize(() => Xt.matMul(wv.expandDims(1)).squeeze([1]).add(bv).sub(yt).square().mean() as tf.Scalar, false, [wv, bv]);
        });
      }
      const tfW = Array.from(wv.dataSync());
      const tfB = Array.from(bv.dataSync());
      [wv, bv, Xt, yt].forEach((t) => t.dispose());
      disposeTfOptimizer(tfOpt);
      [...w.value, ...b.value].forEach((v, i) => {
        const ref = [...tfW, ...tfB][i]!;
        assert.ok(Math.abs(v - ref) <= 1e-5 + 1e-4 * Math.abs(ref), `${name} param ${i}: gradlab ${v}, tfjs ${ref}`);
      });
      assert.ok(Math.abs(w.value[0]! - 0.5) > 0.05, "the weights moved");
      assert.equal(liveTensors(), before, "no tensor leaked");
    });
  }
});
