// tfTrain (the tfjs twin of a network trained by a tf.train optimizer) against the hand-written
// training loop from the same weights: the same losses to float32 precision, the same trained
// weights, the model left untouched, no tensor left behind, and divergence reported.
import assert from "node:assert/strict";
import { tf, liveTensors } from "../../lib/tf";
import { createRng } from "../../lib/random";
import { isClose } from "../../lib/check/tolerance";
import { mlp } from "../../lib/nn/mlp";
import { tanh, relu } from "../../lib/nn/activations";
import { normalInit } from "../../lib/nn/init";
import { binaryCrossEntropyWithLogits, mse } from "../../lib/nn/losses";
import { makeMoons } from "../../lib/nn/datasets";
import { train } from "../../lib/train/train";
import { DivergenceError } from "../../lib/util/errors";
import { tfTrain } from "../../lib/nn/tf-train";
import { adam } from "../../lib/optim/adam";
import { trainStep } from "../../lib/train/step";

const { X, y } = makeMoons({ n: 60, noise: 0.1, rng: createRng(8) });
const FLOAT32_RUN = { rtol: 2e-4, atol: 1e-5 };

describe("nn: tfTrain", () => {
  it("follows the hand-written SGD run from the same weights: losses and trained weights", () => {
    const model = mlp({ sizes: [2, 8, 8, 1], activation: tanh, rng: createRng(1) });
    const start = model.params().map((p) => Float64Array.from(p.value));
    const live = liveTensors();
    const run = tfTrain(model, { loss: binaryCrossEntropyWithLogits, X, y, optimizer: tf.train.sgd(0.5), numEpochs: 30, progress: false });
    assert.equal(liveTensors(), live, "no tensor left behind");
    model.params().forEach((p, k) => assert.deepEqual(p.value, start[k], `${p.name} untouched`));

    const ours = train(model, { loss: binaryCrossEntropyWithLogits, X, y, lr: 0.5, numEpochs: 30 });
    assert.equal(run.losses.length, 30);
    run.losses.forEach((v, t) =>
      assert.ok(isClose(v, ours.losses[t] as number, FLOAT32_RUN), `step ${t}: tfjs ${v} vs ours ${ours.losses[t]}`),
    );
    assert.ok(isClose(run.finalLoss, ours.finalLoss, FLOAT32_RUN));
    for (const p of model.params()) {
      const trained = run.params.get(p.name) as Float64Array;
      assert.equal(trained.length, p.value.length);
      trained.forEach((v, i) => assert.ok(isClose(v, p.value[i] as number, FLOAT32_RUN), `${p.name}[${i}]: ${v} vs ${p.value[i]}`));
    }
  });

  it("matches lib/optim's Adam driven by the tape engine", () => {
    const ours = mlp({ sizes: [2, 6, 1], activation: relu, rng: createRng(2) });
    const run = tfTrain(ours, { loss: mse, X, y, optimizer: tf.train.adam(0.01), numEpochs: 20, progress: false });
    const optimizer = adam({ learningRate: 0.01 });
    const losses = Array.from({ length: 20 }, () => trainStep({ engine: "tape", model: ours, loss: mse, X, y, optimizer }));
    run.losses.forEach((v, t) => assert.ok(isClose(v, losses[t] as number, FLOAT32_RUN), `step ${t}: tfjs ${v} vs ours ${losses[t]}`));
  });

  it("reports divergence with the step, and leaks nothing", () => {
    const model = mlp({ sizes: [2, 16, 16, 16, 1], activation: relu, init: normalInit(30), rng: createRng(3) });
    const live = liveTensors();
    assert.throws(
      () => tfTrain(model, { loss: mse, X, y, optimizer: tf.train.sgd(10), numEpochs: 50, progress: false }),
      (error: unknown) =>
        error instanceof DivergenceError &&
        /^tfTrain: the loss is (NaN|Infinity) at step \d+\. Hint: lower the learning rate\.$/.test(error.message),
    );
    assert.equal(liveTensors(), live);
  });

  it("rejects a bad numEpochs", () => {
    const model = mlp({ sizes: [2, 2, 1], activation: relu, rng: createRng(1) });
    const live = liveTensors();
    assert.throws(() => tfTrain(model, { loss: mse, X, y, optimizer: tf.train.sgd(0.1), numEpochs: 0 }), {
      message: "tfTrain: numEpochs must be a positive integer; got 0",
    });
    assert.equal(liveTensors(), live);
  });
});
