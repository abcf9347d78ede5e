import assert from "node:assert/strict";
import { liveTensors } from "../../lib/tf";
import { isClose } from "../../lib/check/tolerance";
import { createRng } from "../../lib/random";
import { Matrix } from "../../lib/util/matrix";
import { Dense } from "../../lib/nn/dense";
import { Residual } from "../../lib/nn/sequential";
import { BatchNorm } from "../../lib/nn/batchnorm";
import { relu, sigmoid, tanh, gelu, leakyRelu, identity } from "../../lib/nn/activations";
import { heNormal, heUniform, normalInit, xavierNormal, xavierUniform, uniformInit } from "../../lib/nn/init";
import { binaryCrossEntropyWithLogits, mse } from "../../lib/nn/losses";
import { backprop, countParams, mlp } from "../../lib/nn/mlp";
import { DivergenceError, NonFiniteError } from "../../lib/util/errors";
import { train } from "../../lib/train/train";
import { crossCheckModel } from "../../lib/nn/check";
import { GradientCheckError } from "../../lib/check/gradcheck";
import { accuracy, makeMoons, xorData } from "../../lib/nn/datasets";
import { tfLossAndGradients } from "../../lib/nn/reference";

describe("nn/mlp: hand-written backprop of whole networks", () => {
  const { X, y } = xorData();

  it("builds the article's 2-3-1 network with N(0, 0.1²) weights and zero biases", () => {
    const model = mlp({ sizes: [2, 3, 1], activation: sigmoid, outputActivation: sigmoid, init: normalInit(0.1), rng: createRng(42) });
    assert.deepEqual(
      model.layers.map((l) => `${l.kind}:${l.name}`),
      ["dense:layer1", "activation:act1", "dense:layer2", "activation:output"],
    );
    assert.deepEqual(
      model.params().map((p) => `${p.name}[${p.shape.join(",")}]`),
      ["layer1.W[2,3]", "layer1.b[3]", "layer2.W[3,1]", "layer2.b[1]"],
    );
    assert.equal(countParams(model), 13);
    // The weights are the generator's first draws, scaled by 0.1, row-major.
    const draws = createRng(42).normals(9, 0, 0.1);
    assert.deepEqual(Array.from(model.params()[0]!.value), draws.slice(0, 6));
    assert.deepEqual(Array.from(model.params()[2]!.value), draws.slice(6, 9));
    assert.deepEqual(Array.from(model.params()[1]!.value), [0, 0, 0]);
  });

  it("computes the forward pass the article writes: σ(σ(X·W1 + b1)·W2 + b2)", () => {
    const model = mlp({ sizes: [2, 3, 1], activation: sigmoid, outputActivation: sigmoid, rng: createRng(1) });
    const [W1, b1, W2, b2] = model.params().map((p) => Array.from(p.value));
    const s = (v: number) => 1 / (1 + Math.exp(-v));
    const yHat = model.forward(X);
    X.toArray().forEach((x, n) => {
      const h = [0, 1, 2].map((j) => s(x[0]! * W1![j]! + x[1]! * W1![3 + j]! + b1![j]!));
      const out = s(h[0]! * W2![0]! + h[1]! * W2![1]! + h[2]! * W2![2]! + b2![0]!);
      assert.ok(Math.abs(yHat.get(n, 0) - out) < 1e-15);
    });
  });

  const cases = [
    {
      name: "sigmoid 2-3-1 + MSE (the XOR network)",
      options: { sizes: [2, 3, 1], activation: sigmoid, outputActivation: sigmoid },
      loss: mse,
    },
    { name: "tanh 2-5-4-1 + BCE on logits", options: { sizes: [2, 5, 4, 1], activation: tanh }, loss: binaryCrossEntropyWithLogits },
    {
      name: "relu 2-6-6-1 He init",
      options: { sizes: [2, 6, 6, 1], activation: relu, init: heNormal },
      loss: binaryCrossEntropyWithLogits,
    },
    { name: "gelu 2-4-1", options: { sizes: [2, 4, 1], activation: gelu }, loss: mse },
    { name: "sigmoid 2-5-5-5-1 with batch norm", options: { sizes: [2, 5, 5, 5, 1], activation: sigmoid, batchNorm: true }, loss: mse },
    {
      name: "leaky relu 2-4-4-4-1 residual",
      options: { sizes: [2, 4, 4, 4, 1], activation: leakyRelu(0.01), residual: true },
      loss: binaryCrossEntropyWithLogits,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: every parameter gradient matches tfjs autograd and central differences`, () => {
      const { X: Xm, y: ym } = makeMoons({ n: 8, noise: 0.2, rng: createRng(3) });
      const model = mlp({ ...c.options, rng: createRng(5) });
      const before = liveTensors();
      const report = crossCheckModel({ name: c.name, model, loss: c.loss, X: Xm, y: ym, display: false });
      assert.ok(report.passed);
      assert.equal(report.entries.length, countParams(model));
      assert.equal(liveTensors(), before);
    });
  }

  it("a residual MLP has skip blocks where widths agree, and batch-norm hidden layers have no bias", () => {
    const model = mlp({ sizes: [2, 4, 4, 1], activation: relu, residual: true, batchNorm: true, rng: createRng(0) });
    assert.ok(model.layers[0] instanceof Dense && model.layers[0].b === undefined);
    assert.ok(model.layers[1] instanceof BatchNorm);
    assert.ok(model.layers[3] instanceof Residual);
    assert.equal(model.layers[3].name, "block2");
    assert.deepEqual(
      model.params().map((p) => p.name),
      ["layer1.W", "bn1.gamma", "bn1.beta", "layer2.W", "bn2.gamma", "bn2.beta", "layer3.W", "layer3.b"],
    );
  });

  it("backprop returns the same loss tfjs computes and fills every grad", () => {
    const model = mlp({ sizes: [2, 3, 1], activation: tanh, rng: createRng(8) });
    const { loss } = backprop(model, mse, X, y);
    const t = tfLossAndGradients(model, mse, X, y);
    assert.ok(isClose(loss, t.loss, { rtol: 1e-6, atol: 1e-8 }));
    for (const p of model.params())
      assert.ok(
        p.grad.some((g) => g !== 0),
        `${p.name} has a gradient`,
      );
  });

  it("backprop with inputGradient: false fills the same grads bit for bit and leaves dX undefined", () => {
    const data = makeMoons({ n: 38, noise: 0.1, rng: createRng(8) });
    for (const options of [{}, { batchNorm: true }, { residual: true }]) {
      const model = mlp({ sizes: [2, 6, 6, 1], activation: tanh, rng: createRng(9), ...options });
      const full = backprop(model, binaryCrossEntropyWithLogits, data.X, data.y, { updateStats: false });
      const withInput = model.params().map((p) => Array.from(p.grad));
      const lean = backprop(model, binaryCrossEntropyWithLogits, data.X, data.y, { updateStats: false, inputGradient: false });
      assert.equal(lean.dX, undefined);
      assert.equal(full.dX.rows, 38);
      assert.equal(lean.loss, full.loss);
      assert.deepEqual(
        model.params().map((p) => Array.from(p.grad)),
        withInput,
        JSON.stringify(options),
      );
    }
  });

  it("crossCheckModel catches a wrong activation derivative", () => {
    const wrong = { ...sigmoid, name: "sigmoid with σ' = σ", df: (v: number) => sigmoid.f(v) };
    const model = mlp({ sizes: [2, 3, 1], activation: wrong, rng: createRng(1) });
    assert.throws(
      () => crossCheckModel({ name: "wrong", model, loss: mse, X, y, display: false }),
      (e: unknown) =>
        e instanceof GradientCheckError && /^wrong: \d+ of 13 gradient entries disagree\n {2}layer1\.W\[0, 0\]/.test(e.message),
    );
  });

  it("trains XOR with the article's lr 0.5 and MSE from a std-1 start (loss falls below 0.01, all four right)", () => {
    const model = mlp({ sizes: [2, 3, 1], activation: sigmoid, outputActivation: sigmoid, init: normalInit(1), rng: createRng(42) });
    const logged: number[] = [];
    const result = train(model, { loss: mse, X, y, lr: 0.5, numEpochs: 10000, logEvery: 1000, onLog: (e) => logged.push(e.epoch) });
    assert.deepEqual(logged, [0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
    assert.equal(result.losses.length, 10000);
    assert.ok(result.finalLoss < 0.01, `final loss ${result.finalLoss}`);
    assert.ok(result.finalLoss < result.losses[0]!);
    assert.equal(accuracy(model.forward(X), y), 1);
  });

  it("train's default update is lib/optim's sgd: every value moves by -lr·grad", () => {
    const model = mlp({ sizes: [2, 2, 1], activation: relu, rng: createRng(2) });
    backprop(model, mse, X, y);
    const before = model.params().map((p) => Float64Array.from(p.value));
    const grads = model.params().map((p) => Float64Array.from(p.grad));
    train(model, { loss: mse, X, y, lr: 0.3, numEpochs: 1 });
    model.params().forEach((p, i) => p.value.forEach((v, k) => assert.ok(Math.abs(v - (before[i]![k]! - 0.3 * grads[i]![k]!)) < 1e-15)));
  });

  it("train uses the `step` it is given (where lib/optim plugs in)", () => {
    const model = mlp({ sizes: [2, 2, 1], activation: tanh, rng: createRng(2) });
    let calls = 0;
    const before = model.params().map((p) => Float64Array.from(p.value));
    train(model, { loss: mse, X, y, lr: 0.1, numEpochs: 3, step: () => calls++ });
    assert.equal(calls, 3);
    model.params().forEach((p, i) => assert.deepEqual(p.value, before[i]), "the custom step did not update, so nothing moved");
  });

  it("reports divergence with the epoch and a hint instead of returning NaN", () => {
    // y = w·x + b on x = 10, b = 0, lr 1: each step multiplies the error e = y - 0 by
    // 1 - 2·(x² + 1) = -201, so the loss e² overflows once |e| > √(Number.MAX_VALUE).
    const model = mlp({ sizes: [1, 1], activation: identity, init: normalInit(1), rng: createRng(1) });
    const e0 = Math.abs(10 * model.params()[0]!.value[0]!);
    const expectedEpoch = Math.ceil(Math.log(Math.sqrt(Number.MAX_VALUE) / e0) / Math.log(201));
    assert.throws(
      () => train(model, { loss: mse, X: Matrix.column([10]), y: Matrix.column([0]), lr: 1, numEpochs: 500 }),
      (e: unknown) =>
        e instanceof DivergenceError &&
        /^training diverged at epoch \d+: the mse loss is Infinity: .*Hint: lower lr \(now 1\) or clip the gradients\.$/.test(e.message) &&
        Math.abs(e.epoch - expectedEpoch) <= 1,
    );
  });

  it("backprop throws NonFiniteError on an overflowing forward pass", () => {
    const model = mlp({ sizes: [1, 1], activation: relu, rng: createRng(0) });
    model.params()[0]!.value[0] = 1e300;
    assert.throws(() => backprop(model, mse, Matrix.column([1e10]), Matrix.column([0])), NonFiniteError);
  });

  it("validates its options", () => {
    assert.throws(() => mlp({ sizes: [2], activation: relu, rng: createRng(0) }), {
      message: "mlp: sizes must list at least two positive integers (inputs, ..., outputs); got [2]",
    });
    assert.throws(() => train(mlp({ sizes: [2, 1], activation: relu, rng: createRng(0) }), { loss: mse, X, y, lr: 0.1, numEpochs: 0 }), {
      message: "train: numEpochs must be a positive integer; got 0",
    });
  });
});

describe("nn/init: initializer scales", () => {
  const cases = [
    { init: xavierNormal, fanIn: 200, fanOut: 100, variance: 2 / 300 },
    { init: xavierUniform, fanIn: 200, fanOut: 100, variance: 2 / 300 },
    { init: heNormal, fanIn: 200, fanOut: 100, variance: 2 / 200 },
    { init: heUniform, fanIn: 200, fanOut: 100, variance: 2 / 200 },
    { init: normalInit(0.1), fanIn: 200, fanOut: 100, variance: 0.01 },
    { init: uniformInit(0.3), fanIn: 200, fanOut: 100, variance: 0.09 / 3 },
  ];
  for (const c of cases) {
    it(`${c.init.name}: mean ≈ 0, variance ≈ ${c.variance.toPrecision(3)} on 20000 draws`, () => {
      const w = c.init.sample(c.fanIn, c.fanOut, createRng(11));
      assert.equal(w.length, c.fanIn * c.fanOut);
      const mean = w.reduce((a, b) => a + b, 0) / w.length;
      const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length;
      // Standard error of a sample variance over 20000 draws is about 1% (uniform: less).
      assert.ok(Math.abs(mean) < 4 * Math.sqrt(c.variance / w.length), `mean ${mean}`);
      assert.ok(Math.abs(variance / c.variance - 1) < 0.04, `variance ${variance}`);
    });
  }
  it("is reproducible from the seed and different across seeds", () => {
    assert.deepEqual(heNormal.sample(3, 2, createRng(5)), heNormal.sample(3, 2, createRng(5)));
    assert.notDeepEqual(heNormal.sample(3, 2, createRng(5)), heNormal.sample(3, 2, createRng(6)));
  });
  it("rejects bad fans", () => {
    assert.throws(() => heNormal.sample(0, 2, createRng(0)), {
      message: "He normal (std √(2/fanIn)): fanIn and fanOut must be positive integers; got 0 and 2",
    });
  });
});
