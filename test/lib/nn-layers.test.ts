// Every layer's backward pass against tfjs autograd at the same weights (the Param values are
// copied into tfjs tensors) and against central differences, for a random upstream gradient dY.
import assert from "node:assert/strict";
import { liveTensors } from "../../lib/tf";
import { isClose } from "../../lib/check/tolerance";
import { createRng, type Rng } from "../../lib/random";
import { Matrix } from "../../lib/util/matrix";
import { Dense } from "../../lib/nn/dense";
import { ActivationLayer } from "../../lib/nn/activation-layer";
import { BatchNorm } from "../../lib/nn/batchnorm";
import { Residual, Sequential } from "../../lib/nn/sequential";
import { gelu, leakyRelu, relu, sigmoid, softplus, tanh } from "../../lib/nn/activations";
import { normalInit } from "../../lib/nn/init";
import { tfLayerVjp } from "../../lib/nn/reference";
import { crossCheckLayer } from "../../lib/nn/check";
import { GradientCheckError } from "../../lib/check/gradcheck";
import type { Layer } from "../../lib/nn/layer";

function randomMatrix(rows: number, cols: number, rng: Rng, scale = 1): Matrix {
  return Matrix.fromFlat(rows, cols, rng.normals(rows * cols, 0, scale));
}

/** The full three-witness check, silently; throws GradientCheckError on any disagreement. */
function check(name: string, layer: Layer, x: Matrix, dY: Matrix, training = true): void {
  const before = liveTensors();
  const report = crossCheckLayer({ name, layer, x, dY, training, display: false });
  assert.ok(report.passed);
  assert.ok(report.entries.length >= x.size, "every entry of dL/dx was compared");
  assert.equal(liveTensors(), before, "no tensor leaked");
}

describe("nn/layers: backward against tfjs autograd and central differences", () => {
  it("Dense: dX = dY·Wᵀ, dW = Xᵀ·dY, db = Σ dY, checked entry by entry in plain arithmetic too", () => {
    const rng = createRng(1);
    const layer = new Dense({ inputs: 3, outputs: 2, name: "d", rng, init: normalInit(0.7), biasInit: 0.3 });
    const x = randomMatrix(4, 3, rng);
    const dY = randomMatrix(4, 2, rng);
    check("dense", layer, x, dY);
    // Independent plain loops for the same three formulas.
    layer.W.grad.fill(0);
    layer.b!.grad.fill(0);
    layer.forward(x);
    const dX = layer.backward(dY);
    const W = (i: number, k: number) => layer.W.value[i * 2 + k]!;
    for (let n = 0; n < 4; n++) {
      for (let i = 0; i < 3; i++) {
        const expected = dY.get(n, 0) * W(i, 0) + dY.get(n, 1) * W(i, 1);
        assert.ok(Math.abs(dX.get(n, i) - expected) < 1e-12);
      }
    }
    for (let i = 0; i < 3; i++) {
      for (let k = 0; k < 2; k++) {
        let expected = 0;
        for (let n = 0; n < 4; n++) expected += x.get(n, i) * dY.get(n, k);
        assert.ok(Math.abs(layer.W.grad[i * 2 + k]! - expected) < 1e-12);
      }
    }
    for (let k = 0; k < 2; k++) assert.ok(Math.abs(layer.b!.grad[k]! - [0, 1, 2, 3].reduce((s, n) => s + dY.get(n, k), 0)) < 1e-12);
  });

  it("Dense accumulates gradients over backward calls (zero them between batches)", () => {
    const rng = createRng(2);
    const layer = new Dense({ inputs: 2, outputs: 2, name: "d", rng });
    const x = randomMatrix(3, 2, rng);
    const dY = randomMatrix(3, 2, rng);
    layer.forward(x);
    layer.backward(dY);
    const once = Float64Array.from(layer.W.grad);
    layer.backward(dY);
    layer.W.grad.forEach((g, k) => assert.ok(Math.abs(g - 2 * once[k]!) < 1e-12));
  });

  for (const fn of [sigmoid, tanh, relu, leakyRelu(0.01), softplus, gelu]) {
    it(`ActivationLayer(${fn.name}): dX = dY ⊙ f'(x)`, () => {
      const rng = createRng(3);
      // Inputs kept away from ReLU's kink (|x| >= 0.05) so the central difference is valid.
      const x = randomMatrix(5, 4, rng, 2).map((v) => (Math.abs(v) < 0.05 ? v + 0.1 : v));
      check(`act ${fn.name}`, new ActivationLayer(fn, "a"), x, randomMatrix(5, 4, rng));
    });
  }

  it("BatchNorm (training): gradient flows through the batch mean and variance", () => {
    const rng = createRng(4);
    const layer = new BatchNorm({ features: 3, name: "bn" });
    layer.gamma.value.set([1.5, -0.5, 2]);
    layer.beta.value.set([0.1, 0.2, -0.3]);
    const x = randomMatrix(6, 3, rng, 3).addRow(Matrix.row([5, -2, 0]));
    check("batch norm", layer, x, randomMatrix(6, 3, rng));
    const y = layer.forward(x, { updateStats: false });
    // Output columns have mean β and standard deviation |γ|·σ/√(σ² + ε) ≈ |γ|.
    const mean = y.meanRows();
    const std = y
      .sub(Matrix.full(6, 1, 1).matmul(mean))
      .map((v) => v * v)
      .meanRows()
      .map(Math.sqrt);
    [0.1, 0.2, -0.3].forEach((b, j) => assert.ok(Math.abs(mean.get(0, j) - b) < 1e-12));
    [1.5, 0.5, 2].forEach((g, j) => assert.ok(Math.abs(std.get(0, j) - g) < 1e-4 * g));
  });

  it("BatchNorm (evaluation): running statistics, updated with momentum, are constants", () => {
    const rng = createRng(5);
    const layer = new BatchNorm({ features: 2, name: "bn", momentum: 0.5 });
    const x = randomMatrix(4, 2, rng).addRow(Matrix.row([3, -1]));
    layer.forward(x);
    const mean = x.meanRows();
    // Running mean after one update from 0 with momentum 0.5; running variance from 1, unbiased.
    const unbiased = x
      .sub(Matrix.full(4, 1, 1).matmul(mean))
      .map((v) => v * v)
      .sumRows()
      .scale(1 / 3);
    [0, 1].forEach((j) => {
      assert.ok(Math.abs(layer.runningMean[j]! - 0.5 * mean.get(0, j)) < 1e-12);
      assert.ok(Math.abs(layer.runningVar[j]! - (0.5 + 0.5 * unbiased.get(0, j))) < 1e-12);
    });
    check("batch norm eval", layer, randomMatrix(3, 2, rng), randomMatrix(3, 2, rng), false);
  });

  it("Residual: dX = dY + F.backward(dY)", () => {
    const rng = createRng(6);
    const inner = new Sequential([new Dense({ inputs: 3, outputs: 3, name: "f", rng }), new ActivationLayer(tanh, "fa")], "F");
    const block = new Residual(inner, "res");
    const x = randomMatrix(4, 3, rng);
    const dY = randomMatrix(4, 3, rng);
    check("residual", block, x, dY);
    // Against the definition: the same inner network without the skip, plus the identity.
    block.forward(x);
    const dX = block.backward(dY);
    inner.forward(x);
    const dInner = inner.backward(dY);
    dX.data.forEach((v, k) => assert.ok(Math.abs(v - (dY.data[k]! + dInner.data[k]!)) < 1e-12));
  });

  it("Sequential with every layer type: dense, batch norm, activations, residual", () => {
    const rng = createRng(7);
    const model = new Sequential([
      new Dense({ inputs: 2, outputs: 4, name: "l1", rng, useBias: false }),
      new BatchNorm({ features: 4, name: "bn1" }),
      new ActivationLayer(sigmoid, "a1"),
      new Residual(
        new Sequential([new Dense({ inputs: 4, outputs: 4, name: "l2", rng }), new ActivationLayer(softplus, "a2")], "f2"),
        "r2",
      ),
      new Dense({ inputs: 4, outputs: 1, name: "l3", rng }),
    ]);
    check("stack", model, randomMatrix(5, 2, rng), randomMatrix(5, 1, rng));
  });

  it("tfLayerVjp uses the layer's current weights (copied into tfjs)", () => {
    const rng = createRng(8);
    const layer = new Dense({ inputs: 2, outputs: 1, name: "d", rng });
    layer.W.value.set([2, -3]);
    layer.b!.value.set([0.5]);
    const x = Matrix.from([[1, 4]]);
    const { dX, grads } = tfLayerVjp(layer, x, Matrix.from([[1]]));
    assert.deepEqual(dX.toArray(), [[2, -3]]);
    assert.deepEqual(Array.from(grads.get(layer.W)!), [1, 4]);
    assert.deepEqual(Array.from(grads.get(layer.b!)!), [1]);
  });

  it("catches a wrong backward pass", () => {
    const rng = createRng(9);
    const layer = new ActivationLayer(sigmoid, "a");
    // A classic slip: σ'(x) written as σ(x)(1 - x).
    const broken: Layer = {
      kind: "activation",
      name: "broken",
      forward: (x) => layer.forward(x),
      backward: (dY) => {
        const x = (layer as unknown as { x: Matrix }).x;
        return dY.zip(x, (g, v) => g * sigmoid.f(v) * (1 - v));
      },
      params: () => [],
      forwardTf: (x) => layer.forwardTf(x),
    };
    assert.throws(
      () =>
        crossCheckLayer({ name: "broken sigmoid", layer: broken, x: randomMatrix(2, 2, rng), dY: randomMatrix(2, 2, rng), display: false }),
      (error: unknown) => error instanceof GradientCheckError && /^broken sigmoid: \d+ of 4 gradient entries disagree/.test(error.message),
    );
  });

  it("names the layer and both shapes in errors", () => {
    const rng = createRng(10);
    const layer = new Dense({ inputs: 3, outputs: 2, name: "layer1", rng });
    assert.throws(() => layer.backward(Matrix.zeros(1, 2)), { message: 'dense "layer1": backward called before forward' });
    assert.throws(() => layer.forward(Matrix.zeros(4, 2)), { message: 'Dense "layer1" input has shape [4, 2]; expected [any, 3]' });
    layer.forward(Matrix.zeros(4, 3));
    assert.throws(() => layer.backward(Matrix.zeros(4, 3)), {
      message: 'dense "layer1": dY has shape [4, 3]; expected [4, 2] (the shape of the forward output)',
    });
    assert.throws(() => new Residual(new Dense({ inputs: 3, outputs: 2, name: "f", rng }), "res").forward(Matrix.zeros(1, 3)), {
      message: 'Residual "res": the inner layer maps [1, 3] to [1, 2]; a skip connection needs the same shape',
    });
    assert.throws(() => new BatchNorm({ features: 2, name: "bn" }).forward(Matrix.zeros(1, 2)), {
      message: 'BatchNorm "bn": training mode needs a batch of at least 2 samples; got 1',
    });
    assert.throws(
      () => new Sequential([new Dense({ inputs: 1, outputs: 1, name: "x", rng }), new Dense({ inputs: 1, outputs: 1, name: "x", rng })]),
      {
        message: 'Sequential "model": two parameters are named "x.W"; give each layer its own name',
      },
    );
  });

  it("compares tiny gradients relative to their own scale, not against an absolute 1e-5", () => {
    // A saturated sigmoid (σ' ≈ 0.007) under a tiny upstream gradient passes gradients of order
    // 1e-9; a 10% error there must still fail.
    const rng = createRng(11);
    const x = randomMatrix(3, 2, rng, 0.3).map((v) => v + 5);
    const dY = randomMatrix(3, 2, rng, 1e-6);
    const good = crossCheckLayer({ name: "saturated", layer: new ActivationLayer(sigmoid, "s"), x, dY, display: false });
    assert.ok(good.entries.every((e) => Math.abs(e.handWritten) < 1e-7 && Math.abs(e.handWritten) > 0));
    const scaled = { ...sigmoid, df: (v: number) => 1.1 * sigmoid.df(v) };
    assert.ok(!isClose(1.1, 1, { rtol: 1e-4, atol: 0 }));
    assert.throws(
      () => crossCheckLayer({ name: "off by 10%", layer: new ActivationLayer(scaled, "s"), x, dY, display: false }),
      GradientCheckError,
    );
  });
});
