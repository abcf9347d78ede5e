// lib/monitor against independent computations: per-layer gradient norms and the global norm
// against tfjs autograd, update-to-weight ratios from the SGD rule in plain Math, dead and
// saturated units from pre-activations computed by hand, the recorded run against a plain training
// loop, clipping applied after the record; then diagnose on hand-made records (each warning sign
// alone, and its absence) and on real runs that show each sign; the dashboard and subplots layout.
import assert from "node:assert/strict";
import { liveTensors } from "../../lib/tf";
import { createRng } from "../../lib/random";
import { isClose, TF_TOLERANCE } from "../../lib/check/tolerance";
import { Matrix } from "../../lib/util/matrix";
import { Dense } from "../../lib/nn/dense";
import { ActivationLayer } from "../../lib/nn/activation-layer";
import { Sequential } from "../../lib/nn/sequential";
import { mlp, backprop } from "../../lib/nn/mlp";
import { relu, sigmoid, tanh, leakyRelu } from "../../lib/nn/activations";
import { heNormal, normalInit, xavierNormal } from "../../lib/nn/init";
import { binaryCrossEntropyWithLogits } from "../../lib/nn/losses";
import { tfLossAndGradients } from "../../lib/nn/reference";
import { makeMoons } from "../../lib/nn/datasets";
import { sgd } from "../../lib/optim/sgd";
import { activationStats, snapshotWeights, updateRatios, SATURATION_SLOPE } from "../../lib/monitor/stats";
import { monitoredTrain, type MonitoredRun, type MonitorStep } from "../../lib/monitor/run";
import { diagnose, showDiagnosis } from "../../lib/monitor/diagnose";
import { dashboardFigure } from "../../lib/monitor/dashboard";
import { subplots } from "../../lib/plot/subplots";
import { linePlot } from "../../lib/plot/charts";
import { heatmapPlot } from "../../lib/plot/heatmap";

const { X, y } = makeMoons({ n: 40, noise: 0.1, rng: createRng(3) });

function l2(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] as number) ** 2;
  return Math.sqrt(s);
}

/** Pre-activations X W + b, by plain loops. */
function affine(x: Matrix, W: Float64Array, b: Float64Array, outputs: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < x.rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < outputs; j++) {
      let s = b[j] as number;
      for (let k = 0; k < x.cols; k++) s += x.get(i, k) * (W[k * outputs + j] as number);
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

function quiet<T>(fn: () => T): T {
  const log = console.log;
  console.log = () => {};
  try {
    return fn();
  } finally {
    console.log = log;
  }
}

describe("monitor: update-to-weight ratio", () => {
  it("is lr·‖dL/dW‖/‖W‖ for an SGD step, per dense layer", () => {
    const model = mlp({ sizes: [2, 5, 3, 1], activation: tanh, rng: createRng(1) });
    backprop(model, binaryCrossEntropyWithLogits, X, y);
    const dense = model.params().filter((p) => p.name.endsWith(".W"));
    const expected = dense.map((p) => (0.05 * l2(p.grad)) / l2(p.value));
    const before = snapshotWeights(model);
    sgd({ learningRate: 0.05 }).step(model.params());
    const ratios = updateRatios(model, before);
    assert.deepEqual(
      ratios.map((r) => r.layer),
      ["layer1", "layer2", "layer3"],
    );
    ratios.forEach((r, k) =>
      assert.ok(isClose(r.ratio, expected[k] as number, { rtol: 1e-12, atol: 0 }), `${r.layer}: ${r.ratio} vs ${expected[k]}`),
    );
  });

  it("names a layer it has no snapshot of", () => {
    const model = mlp({ sizes: [2, 3, 1], activation: relu, rng: createRng(1) });
    assert.throws(() => updateRatios(model, new Map()), {
      message: 'updateRatios: no snapshot of layer "layer1"; take one with snapshotWeights(model) before the update',
    });
  });
});

describe("monitor: dead and saturated units", () => {
  it("counts ReLU units that are off for every sample, from pre-activations computed by hand", () => {
    const rng = createRng(5);
    const dense = new Dense({ inputs: 2, outputs: 6, name: "d", rng });
    // push units 1 and 4 far below zero for every input: they are dead
    (dense.b as { value: Float64Array }).value.set([0, -50, 0.1, 0, -50, 0]);
    const model = new Sequential([dense, new ActivationLayer(relu, "a")], "m");
    const z = affine(X, dense.W.value, (dense.b as { value: Float64Array }).value, 6);
    let dead = 0;
    for (let j = 0; j < 6; j++) if (z.every((row) => (row[j] as number) <= 0)) dead++;
    assert.ok(dead >= 2);
    const [stats] = activationStats(model, X);
    assert.equal(stats?.layer, "a");
    assert.equal(stats?.activation, "relu");
    assert.equal(stats?.deadFraction, dead / 6);
    assert.ok(Number.isNaN(stats?.saturatedFraction));
  });

  it("counts saturated sigmoid and tanh entries (slope below 5% of the steepest), and no dead ones", () => {
    for (const [fn, slope, steepest] of [
      [tanh, (z: number) => 1 - Math.tanh(z) ** 2, 1],
      [sigmoid, (z: number) => Math.exp(-z) / (1 + Math.exp(-z)) ** 2, 0.25],
    ] as const) {
      const dense = new Dense({ inputs: 2, outputs: 8, name: "d", rng: createRng(9), init: normalInit(4) });
      const model = new Sequential([dense, new ActivationLayer(fn, "a")], "m");
      const z = affine(X, dense.W.value, (dense.b as { value: Float64Array }).value, 8).flat();
      const expected = z.filter((v) => slope(v) < SATURATION_SLOPE * steepest).length / z.length;
      assert.ok(expected > 0.1 && expected < 1, `${fn.name}: a mix of saturated and unsaturated entries (${expected})`);
      const [stats] = activationStats(model, X);
      assert.ok(
        isClose(stats?.saturatedFraction as number, expected, { rtol: 0, atol: 1e-12 }),
        `${fn.name}: ${stats?.saturatedFraction} vs ${expected}`,
      );
      assert.equal(stats?.deadFraction, 0);
    }
  });

  it("does not call a leaky ReLU dead", () => {
    const dense = new Dense({ inputs: 2, outputs: 3, name: "d", rng: createRng(5) });
    (dense.b as { value: Float64Array }).value.fill(-50);
    const [stats] = activationStats(new Sequential([dense, new ActivationLayer(leakyRelu(0.01), "a")], "m"), X);
    assert.equal(stats?.deadFraction, 0);
  });

  it("rejects a saturation threshold outside (0, 1)", () => {
    const model = mlp({ sizes: [2, 3, 1], activation: relu, rng: createRng(1) });
    assert.throws(() => activationStats(model, X, { saturation: 2 }), { message: "activationStats: saturation must be in (0, 1); got 2" });
  });
});

describe("monitor: monitoredTrain", () => {
  it("records the gradient norms tfjs computes, per layer and globally, at the first step", () => {
    const sizes = [2, 6, 6, 1];
    const reference = mlp({ sizes, activation: tanh, rng: createRng(2) });
    const live = liveTensors();
    const tfGrads = tfLossAndGradients(reference, binaryCrossEntropyWithLogits, X, y);
    assert.equal(liveTensors(), live);
    const weights = reference.params().filter((p) => p.name.endsWith(".W"));
    const layerNorms = weights.map((p) => l2(tfGrads.grads.get(p) as Float64Array));
    const global = Math.sqrt([...tfGrads.grads.values()].reduce((s, g) => s + l2(g) ** 2, 0));

    const run = monitoredTrain({
      name: "t",
      model: mlp({ sizes, activation: tanh, rng: createRng(2) }),
      loss: binaryCrossEntropyWithLogits,
      X,
      y,
      optimizer: sgd({ learningRate: 0.1 }),
      numEpochs: 3,
      progress: false,
    });
    const first = run.steps[0] as MonitorStep;
    assert.ok(isClose(first.loss, tfGrads.loss, TF_TOLERANCE));
    assert.ok(isClose(first.gradNorm, global, TF_TOLERANCE), `${first.gradNorm} vs ${global}`);
    first.layerGradNorms.forEach((n, k) =>
      assert.ok(isClose(n, layerNorms[k] as number, TF_TOLERANCE), `layer ${k}: ${n} vs ${layerNorms[k]}`),
    );
    assert.deepEqual(run.layers, ["layer1", "layer2", "layer3"]);
    assert.deepEqual(run.activationLayers, ["act1", "act2"]);
  });

  it("follows the same losses as a plain backprop + SGD loop, with either engine", () => {
    const manual = mlp({ sizes: [2, 8, 1], activation: relu, init: heNormal, rng: createRng(4) });
    const losses: number[] = [];
    for (let t = 0; t < 10; t++) {
      losses.push(backprop(manual, binaryCrossEntropyWithLogits, X, y).loss);
      for (const p of manual.params())
        for (let i = 0; i < p.value.length; i++) p.value[i] = (p.value[i] as number) - 0.2 * (p.grad[i] as number);
    }
    const finalLoss = backprop(manual, binaryCrossEntropyWithLogits, X, y).loss;
    for (const engine of ["backprop", "tape"] as const) {
      const run = monitoredTrain({
        name: engine,
        model: mlp({ sizes: [2, 8, 1], activation: relu, init: heNormal, rng: createRng(4) }),
        loss: binaryCrossEntropyWithLogits,
        X,
        y,
        optimizer: sgd({ learningRate: 0.2 }),
        numEpochs: 10,
        engine,
        progress: false,
      });
      assert.equal(run.engine, engine);
      run.steps.forEach((s, t) => assert.ok(isClose(s.loss, losses[t] as number, { rtol: 1e-10, atol: 0 }), `${engine} step ${t}`));
      assert.ok(isClose(run.finalLoss as number, finalLoss, { rtol: 1e-10, atol: 0 }));
      assert.equal(run.diverged, undefined);
    }
  });

  it("records norms before clipping, and the update after it", () => {
    const maxNorm = 0.05;
    const run = monitoredTrain({
      name: "clipped",
      model: mlp({ sizes: [2, 8, 1], activation: tanh, rng: createRng(4) }),
      loss: binaryCrossEntropyWithLogits,
      X,
      y,
      optimizer: sgd({ learningRate: 0.5 }),
      numEpochs: 1,
      clip: { globalNorm: maxNorm },
      progress: false,
    });
    const s = run.steps[0] as MonitorStep;
    assert.ok(s.gradNorm > maxNorm, "the test needs a gradient above the threshold");
    // SGD after global-norm clipping: ΔW = lr · (maxNorm/‖∇L‖) · dL/dW
    const reference = mlp({ sizes: [2, 8, 1], activation: tanh, rng: createRng(4) });
    backprop(reference, binaryCrossEntropyWithLogits, X, y);
    const weights = reference.params().filter((p) => p.name.endsWith(".W"));
    weights.forEach((p, k) => {
      assert.ok(isClose(s.layerGradNorms[k] as number, l2(p.grad), { rtol: 1e-12, atol: 0 }));
      const expected = (0.5 * (maxNorm / s.gradNorm) * l2(p.grad)) / l2(p.value);
      assert.ok(isClose(s.updateRatios[k] as number, expected, { rtol: 1e-9, atol: 0 }), `${p.name}: ${s.updateRatios[k]} vs ${expected}`);
    });
    assert.deepEqual(run.clip, { globalNorm: maxNorm });
  });

  it("measures units every statsEvery steps", () => {
    const run = monitoredTrain({
      name: "sparse stats",
      model: mlp({ sizes: [2, 4, 1], activation: relu, rng: createRng(1) }),
      loss: binaryCrossEntropyWithLogits,
      X,
      y,
      optimizer: sgd({ learningRate: 0.1 }),
      numEpochs: 7,
      statsEvery: 3,
      progress: false,
    });
    assert.deepEqual(
      run.steps.filter((s) => s.activations).map((s) => s.step),
      [0, 3, 6],
    );
  });

  it("ends a run that overflows with the step and the cause instead of throwing", () => {
    const run = monitoredTrain({
      name: "blow-up",
      model: mlp({ sizes: [2, 16, 16, 16, 16, 16, 1], activation: relu, init: normalInit(1), rng: createRng(1) }),
      loss: binaryCrossEntropyWithLogits,
      X,
      y,
      optimizer: sgd({ learningRate: 0.1 }),
      numEpochs: 50,
      progress: false,
    });
    assert.ok(run.diverged, "the run should diverge");
    assert.equal(run.steps.length, run.diverged.step);
    assert.match(run.diverged.message, /not finite/);
    assert.equal(run.finalLoss, undefined);
    for (const s of run.steps) assert.ok(Number.isFinite(s.loss) && Number.isFinite(s.gradNorm));
  });

  it("rejects bad numEpochs and statsEvery", () => {
    const base = {
      name: "x",
      model: mlp({ sizes: [2, 2, 1], activation: relu, rng: createRng(1) }),
      loss: binaryCrossEntropyWithLogits,
      X,
      y,
    };
    assert.throws(() => monitoredTrain({ ...base, optimizer: sgd({ learningRate: 0.1 }), numEpochs: 0 }), {
      message: "monitoredTrain: numEpochs must be a positive integer; got 0",
    });
    assert.throws(() => monitoredTrain({ ...base, optimizer: sgd({ learningRate: 0.1 }), numEpochs: 2, statsEvery: 0.5 }), {
      message: "monitoredTrain: statsEvery must be a positive integer; got 0.5",
    });
  });
});

/** A hand-made record: `n` steps of a two-layer network, with overrides per step. */
function fakeRun(n: number, step: (t: number) => Partial<MonitorStep>, extra: Partial<MonitoredRun> = {}): MonitoredRun {
  return {
    name: "fake",
    layers: ["layer1", "layer2"],
    activationLayers: ["act1"],
    steps: Array.from({ length: n }, (_, t) => ({
      step: t,
      loss: 1 / (1 + t),
      gradNorm: 1,
      layerGradNorms: [0.5, 0.8],
      updateRatios: [1e-3, 1e-3],
      activations: [{ layer: "act1", activation: "relu", deadFraction: 0.1, saturatedFraction: NaN }],
      ...step(t),
    })),
    engine: "backprop",
    optimizer: "sgd",
    learningRate: 0.1,
    ...extra,
  };
}

const signs = (run: MonitoredRun) => diagnose(run).map((w) => `${w.sign}@${w.step}`);

describe("monitor: diagnose on hand-made records", () => {
  it("finds nothing in a healthy run", () => {
    assert.deepEqual(signs(fakeRun(50, () => ({}))), []);
  });

  it("flags vanishing gradients when one layer's norm is below 1e-3 of another's", () => {
    assert.deepEqual(signs(fakeRun(30, (t) => (t >= 7 ? { layerGradNorms: [1e-6, 0.5] } : {}))), ["vanishing gradients@7"]);
    assert.deepEqual(signs(fakeRun(30, () => ({ layerGradNorms: [0.6e-3, 0.5] }))), [], "a ratio of 1.2e-3 is not vanishing");
  });

  it("flags dead and saturated units at the 50% thresholds", () => {
    const dead = fakeRun(20, (t) => ({
      activations: [{ layer: "act1", activation: "relu", deadFraction: t >= 4 ? 0.5 : 0.45, saturatedFraction: NaN }],
    }));
    assert.deepEqual(signs(dead), ["dead units@4"]);
    assert.match(diagnose(dead)[0]?.message as string, /^gradients near zero: 50% of act1's relu units are dead/);
    const saturated = fakeRun(20, (t) => ({
      activations: [{ layer: "act1", activation: "tanh", deadFraction: 0, saturatedFraction: t >= 2 ? 0.8 : 0.1 }],
    }));
    assert.deepEqual(signs(saturated), ["saturated units@2"]);
  });

  it("flags exploding gradients at a thousandfold growth, or a divergence, and then stops looking for vanishing ones", () => {
    const growing = fakeRun(20, (t) => ({ gradNorm: 2 ** t, layerGradNorms: [2 ** t, 2 ** (2 * t)] }));
    // 2^t > 1000 from t = 10; the layer ratio 2^-t drops below 1e-3 only after that
    assert.deepEqual(signs(growing), ["exploding gradients@10"]);
    const diverged = fakeRun(5, () => ({}), { diverged: { step: 5, message: "the loss is not finite" } });
    assert.deepEqual(signs(diverged), ["exploding gradients@5"]);
    assert.match(diagnose(diverged)[0]?.message as string, /at step 5 the loss is not finite.*learning rate too high \(0\.1 now\)/);
  });

  it("flags a loss that keeps changing direction, and not one that falls or climbs steadily", () => {
    // falls for 10 steps, then zigzags: the first 20-step window with >= 30% reversals (6 of 19)
    const zigzag = fakeRun(40, (t) => ({ loss: t < 10 ? 2 - 0.1 * t : 1 + (t % 2 ? 0.2 : 0) }));
    const found = diagnose(zigzag);
    assert.deepEqual(
      found.map((w) => w.sign),
      ["oscillating loss"],
    );
    // the first 20-step window whose moves change sign at least 0.3 · 19 times, counted again here
    let expectedStart = -1;
    for (let s = 0; s + 20 <= 40 && expectedStart < 0; s++) {
      const part = Array.from({ length: 20 }, (_, i) => zigzag.steps[s + i]?.loss as number);
      let reversals = 0;
      for (let i = 2; i < 20; i++)
        if (Math.sign((part[i] as number) - (part[i - 1] as number)) * Math.sign((part[i - 1] as number) - (part[i - 2] as number)) < 0)
          reversals++;
      if (reversals / 19 >= 0.3) expectedStart = s;
    }
    assert.equal(found[0]?.step, expectedStart);
    assert.deepEqual(signs(fakeRun(40, (t) => ({ loss: 5 * 0.9 ** t }))), []);
    assert.deepEqual(signs(fakeRun(40, (t) => ({ loss: 1.1 ** t }))), []);
    // noise at the level of rounding is not a move
    assert.deepEqual(signs(fakeRun(40, (t) => ({ loss: 1 + (t % 2 ? 1e-9 : 0) }))), []);
  });

  it("flags large updates when a layer's median ratio is above 0.1", () => {
    assert.deepEqual(signs(fakeRun(10, (t) => ({ updateRatios: [1e-3, t >= 3 ? 0.3 : 0.05] }))), ["large updates@3"]);
    assert.deepEqual(signs(fakeRun(10, (t) => ({ updateRatios: [1e-3, t >= 6 ? 0.3 : 0.05] }))), [], "median below 0.1");
  });

  it("uses the thresholds given as options", () => {
    const run = fakeRun(20, () => ({ layerGradNorms: [0.005, 0.5] }));
    assert.deepEqual(signs(run), []);
    assert.deepEqual(
      diagnose(run, { vanishingRatio: 0.02 }).map((w) => w.sign),
      ["vanishing gradients"],
    );
  });

  it("rejects bad options", () => {
    const run = fakeRun(5, () => ({}));
    assert.throws(() => diagnose(run, { oscillationWindow: 2 }), { message: "diagnose: oscillationWindow must be an integer >= 3; got 2" });
    assert.throws(() => diagnose(run, { deadFraction: 1.5 }), { message: "diagnose: deadFraction must be a number in (0, 1]; got 1.5" });
    assert.throws(() => diagnose(run, { explodingGrowth: 1 }), { message: "diagnose: explodingGrowth must be a number > 1; got 1" });
  });

  it("showDiagnosis prints one line for a healthy run and returns the warnings", () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: string) => lines.push(line);
    try {
      assert.deepEqual(showDiagnosis(fakeRun(5, () => ({}), { finalLoss: 0.125 })), []);
    } finally {
      console.log = log;
    }
    assert.deepEqual(lines, ['"fake": no warning signs (5 steps, final loss 0.125)']);
  });
});

describe("monitor: diagnose on real runs", () => {
  const moons = makeMoons({ n: 100, noise: 0.1, rng: createRng(0) });
  const runWith = (name: string, sizes: number[], options: object, lr: number, numEpochs = 60) =>
    quiet(() =>
      monitoredTrain({
        name,
        model: mlp({ sizes, rng: createRng(1), activation: relu, ...options }),
        loss: binaryCrossEntropyWithLogits,
        X: moons.X,
        y: moons.y,
        optimizer: sgd({ learningRate: lr }),
        numEpochs,
      }),
    );

  it("a small ReLU network with He init and a moderate rate: no warning signs", () => {
    const run = runWith("healthy", [2, 16, 16, 1], { init: heNormal }, 0.1);
    assert.deepEqual(signs(run), []);
    assert.ok((run.finalLoss as number) < (run.steps[0]?.loss as number));
  });

  it("a deep sigmoid network: vanishing gradients from the first step", () => {
    const run = runWith("deep sigmoid", [2, ...Array(8).fill(16), 1], { activation: sigmoid, init: xavierNormal }, 0.1, 10);
    const first = run.steps[0] as MonitorStep;
    assert.ok(Math.min(...first.layerGradNorms) / Math.max(...first.layerGradNorms) < 1e-3);
    assert.deepEqual(signs(run), ["vanishing gradients@0"]);
  });

  it("oversized weights: exploding gradients", () => {
    const run = runWith("exploding", [2, 16, 16, 16, 16, 16, 1], { init: normalInit(1) }, 0.1);
    assert.ok(diagnose(run).some((w) => w.sign === "exploding gradients"));
    assert.ok(!diagnose(run).some((w) => w.sign === "vanishing gradients"));
  });

  it("a learning rate far too large: oscillating loss", () => {
    const run = runWith("lr 3", [2, 16, 16, 1], { init: heNormal }, 3);
    assert.ok(diagnose(run).some((w) => w.sign === "oscillating loss"));
  });
});

describe("monitor: dashboard and subplots", () => {
  it("the dashboard has four panels on a 2 × 2 grid, log gaps instead of zeros, and the warning signs in its title", () => {
    const run = fakeRun(30, (t) => ({
      loss: t % 2 ? 1 : 0.5,
      layerGradNorms: [0, 0.5],
      activations: t % 2 ? undefined : [{ layer: "act1", activation: "relu", deadFraction: 0.1, saturatedFraction: NaN }],
    }));
    const figure = dashboardFigure(run);
    const layout = figure.layout as Record<string, { domain?: number[]; type?: string; text?: string; range?: number[] }>;
    for (const axis of ["xaxis", "xaxis2", "xaxis3", "xaxis4"]) assert.ok(layout[axis]?.domain, axis);
    assert.deepEqual(layout.xaxis?.domain, layout.xaxis3?.domain);
    assert.deepEqual(layout.yaxis?.domain, layout.yaxis2?.domain);
    assert.equal(layout.yaxis?.type, "log");
    assert.deepEqual(layout.yaxis4?.range, [-0.02, 1.02]);
    assert.equal(layout.title?.text, "fake: warning signs: oscillating loss");
    const layer1 = figure.data.find((t) => t.name === "layer1" && t.yaxis === "y2") as { y: Array<number | null> };
    assert.ok(
      layer1.y.every((v) => v === null),
      "a zero norm cannot be drawn on a log axis",
    );
    const dead = figure.data.find((t) => t.yaxis === "y4") as { name: string; x: number[] };
    assert.equal(dead.name, "act1 dead (relu)");
    assert.deepEqual(
      dead.x,
      Array.from({ length: 15 }, (_, i) => 2 * i),
    );
  });

  it("the dashboard refuses a run without steps", () => {
    assert.throws(() => dashboardFigure(fakeRun(0, () => ({}), { diverged: { step: 0, message: "x" } })), {
      message: 'dashboardFigure: "fake" has no steps to show (it diverged at step 0)',
    });
  });

  it("subplots places panels on a grid, shows each legend name once and one colour bar", () => {
    const a = linePlot({ title: "A", series: [{ name: "s", x: [0, 1], y: [1, 2] }] });
    const b = linePlot({ title: "B", series: [{ name: "s", x: [0, 1], y: [2, 3] }] });
    const c = heatmapPlot({ f: (u, v) => u + v, xRange: [0, 1], yRange: [0, 1], n: 5 });
    const d = heatmapPlot({ f: (u, v) => u - v, xRange: [0, 1], yRange: [0, 1], n: 5 });
    const fig = subplots({ figures: [a, b, c, d], columns: 2, title: "grid" });
    const layout = fig.layout as Record<string, { domain?: number[]; anchor?: string }>;
    const width = (1 - 0.08) / 2;
    assert.deepEqual(layout.xaxis?.domain, [0, width]);
    assert.ok(isClose((layout.xaxis2?.domain as number[])[0] as number, width + 0.08, { rtol: 1e-12, atol: 1e-15 }));
    assert.equal(layout.yaxis3?.anchor, "x3");
    const lines = fig.data.filter((t) => t.name === "s");
    assert.deepEqual(
      lines.map((t) => t.showlegend),
      [undefined, false],
    );
    const heats = fig.data.filter((t) => t.type === "heatmap");
    assert.deepEqual(
      heats.map((t) => t.showscale),
      [false, undefined],
    );
    assert.deepEqual(
      ((fig.layout as { annotations: Array<{ text: string }> }).annotations ?? []).map((n) => n.text),
      ["A", "B"],
    );
  });

  it("subplots rejects an empty list and a bad column count", () => {
    assert.throws(() => subplots({ figures: [] }), { message: "subplots: figures must be a non-empty array of figures" });
    assert.throws(() => subplots({ figures: [linePlot({ series: [{ name: "s", x: [0], y: [0] }] })], columns: 0 }), {
      message: "subplots: columns must be a positive integer; got 0",
    });
  });
});
