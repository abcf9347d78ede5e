import assert from "node:assert/strict";
import { inspect } from "node:util";
import { tf, liveTensors } from "../../lib/tf";
import { isClose } from "../../lib/check/tolerance";
import { captureDisplays, type DisplayMessage } from "../../lib/display";
import { param, type Param } from "../../lib/util/params";
import { createRng } from "../../lib/random";
import { Matrix } from "../../lib/util/matrix";
import { sigmoid, relu } from "../../lib/nn/activations";
import { mse } from "../../lib/nn/losses";
import { backprop, mlp } from "../../lib/nn/mlp";
import { clipByGlobalNorm, clipByValue, deadUnits, globalNorm, layerGradientNorms } from "../../lib/nn/gradients";
import { checkMatrices, crossCheckModel } from "../../lib/nn/check";
import { tfVjp, tidyValue } from "../../lib/nn/reference";
import { ExerciseError } from "../../lib/check/exercise";
import { crossCheck } from "../../lib/check/crosscheck";
import { xorData } from "../../lib/nn/datasets";
import { heatmapPlot } from "../../lib/plot/heatmap";

function paramsWithGrads(grads: number[][]): Param[] {
  return grads.map((g, i) => {
    const p = param(`p${i}`, [g.length]);
    p.grad.set(g);
    return p;
  });
}

describe("nn/gradients: norms and clipping with tfjs semantics", () => {
  it("globalNorm is the length of all gradients stacked into one vector", () => {
    assert.equal(globalNorm(paramsWithGrads([[3], [4, 0], [12]])), 13);
  });

  it("clipByValue clamps each entry exactly like tf.clipByValue", () => {
    const grads = [
      [-3, 0.2, 5, -0.5],
      [0.7, -0.71, 2],
    ];
    const params = paramsWithGrads(grads);
    const { clipped } = clipByValue(params, -0.7, 0.7);
    assert.equal(clipped, 4);
    const before = liveTensors();
    grads.forEach((g, i) => {
      const expected = tf.tidy(() => Array.from(tf.clipByValue(tf.tensor1d(g), -0.7, 0.7).dataSync()));
      params[i]!.grad.forEach((v, k) => assert.ok(isClose(v, expected[k]!, { rtol: 1e-7, atol: 0 }), `${v} vs ${expected[k]}`));
    });
    assert.equal(liveTensors(), before);
    assert.throws(() => clipByValue(params, 1, -1), {
      message: "clipByValue: min and max must be finite numbers with min <= max; got min 1, max -1",
    });
  });

  it("clipByGlobalNorm scales by maxNorm / max(globalNorm, maxNorm), computed here with tfjs ops", () => {
    const rng = createRng(3);
    const grads = [rng.normals(6, 0, 2), rng.normals(3, 0, 2), rng.normals(1, 0, 2)];
    const maxNorm = 1.5;
    // The TensorFlow definition, op by op: global_norm = √(Σ_t ||t||²); t · clip / max(global_norm, clip).
    const expected = tidyValue(() => {
      const tensors = grads.map((g) => tf.tensor1d(g));
      const norm = tf.sqrt(tf.addN(tensors.map((t) => t.square().sum())));
      const scale = tf.scalar(maxNorm).div(tf.maximum(norm, maxNorm));
      return { norm: norm.dataSync()[0]!, values: tensors.map((t) => Array.from(t.mul(scale).dataSync())) };
    });
    const params = paramsWithGrads(grads);
    const result = clipByGlobalNorm(params, maxNorm);
    assert.ok(isClose(result.globalNorm, expected.norm, { rtol: 1e-6, atol: 0 }));
    assert.ok(result.scale < 1);
    params.forEach((p, i) => p.grad.forEach((v, k) => assert.ok(isClose(v, expected.values[i]![k]!, { rtol: 1e-6, atol: 1e-7 }))));
    assert.ok(isClose(globalNorm(params), maxNorm, { rtol: 1e-12, atol: 0 }), "the clipped global norm is maxNorm");
    // The direction is unchanged: every entry was multiplied by the same factor.
    params.forEach((p, i) => p.grad.forEach((v, k) => assert.ok(isClose(v / grads[i]![k]!, result.scale, { rtol: 1e-12, atol: 0 }))));
  });

  it("clipByGlobalNorm leaves gradients below the threshold untouched (scale exactly 1)", () => {
    const params = paramsWithGrads([[0.3, -0.4]]);
    assert.deepEqual(clipByGlobalNorm(params, 1), { globalNorm: 0.5, scale: 1 });
    assert.deepEqual(Array.from(params[0]!.grad), [0.3, -0.4]);
  });

  it("clipByGlobalNorm refuses an overflowed gradient instead of spreading NaN", () => {
    const params = paramsWithGrads([[1e200, 1e200]]);
    assert.throws(() => clipByGlobalNorm(params, 1), {
      message:
        "clipByGlobalNorm: the global gradient norm is Infinity; a gradient overflowed before clipping (lower the learning rate or the initial weight scale)",
    });
    assert.throws(() => clipByGlobalNorm(params, 0), { message: "clipByGlobalNorm: maxNorm must be a finite number > 0; got 0" });
  });

  it("layerGradientNorms gives ||dL/dW|| per Dense layer, input side first", () => {
    const { X, y } = xorData();
    const model = mlp({ sizes: [2, 4, 4, 1], activation: sigmoid, rng: createRng(2) });
    backprop(model, mse, X, y);
    const norms = layerGradientNorms(model);
    assert.deepEqual(
      norms.map((n) => n.layer),
      ["layer1", "layer2", "layer3"],
    );
    const W = model.params().filter((p) => p.name.endsWith(".W"));
    norms.forEach((n, i) => assert.equal(n.norm, Math.sqrt(W[i]!.grad.reduce((s, g) => s + g * g, 0))));
    const all = layerGradientNorms(model, { weightsOnly: false });
    const layer1 = model.params().filter((p) => p.name.startsWith("layer1."));
    assert.equal(all[0]!.norm, globalNorm(layer1));
  });

  it("deadUnits lists the columns that are <= 0 for every sample", () => {
    assert.deepEqual(
      deadUnits(
        Matrix.from([
          [-1, 2, 0],
          [-3, 0, 0],
        ]),
      ),
      [0, 2],
    );
    const model = mlp({ sizes: [2, 3, 1], activation: relu, rng: createRng(0) });
    (model.layers[0] as unknown as { b: Param }).b.value.set([-100, 100, 100]);
    const { outputs } = model.forwardAll(xorData().X);
    assert.deepEqual(deadUnits(outputs.get("layer1")!), [0]);
  });
});

describe("nn/check: exercise checks and the tfjs vector-Jacobian product", () => {
  function quietly<T>(fn: () => T): { value: T; logs: string[]; messages: DisplayMessage[] } {
    const logs: string[] = [];
    const messages: DisplayMessage[] = [];
    const log = console.log;
    const restore = captureDisplays((m) => messages.push(m));
    console.log = (...args: unknown[]) => logs.push(args.join(" "));
    try {
      return { value: fn(), logs, messages };
    } finally {
      console.log = log;
      restore();
    }
  }

  const x = Matrix.from([
    [1, 2],
    [3, -1],
  ]);
  const W = Matrix.from([[0.5], [-2]]);
  const b = Matrix.row([0.25]);
  const dY = Matrix.column([1, -2]);

  it("tfVjp returns the gradients of Σ dY ⊙ f(inputs)", () => {
    const before = liveTensors();
    const g = tfVjp(({ x, W, b }) => x.matMul(W).add(b), { x, W, b }, dY);
    assert.deepEqual(g.x.toArray(), [
      [0.5, -2],
      [-1, 4],
    ]); // dY · Wᵀ
    assert.deepEqual(g.W.toArray(), [[-5], [4]]); // Xᵀ · dY
    assert.deepEqual(g.b.toArray(), [[-1]]); // Σ dY
    assert.equal(liveTensors(), before);
  });

  it("checkMatrices passes a right answer and explains a wrong one", () => {
    const expected = { dX: dY.matmul(W.transpose()), dW: x.transpose().matmul(dY) };
    const { logs } = quietly(() => checkMatrices("denseBackward", { ...expected }, expected));
    assert.match(logs[0]!, /^✓ denseBackward: dX, dW match/);
    assert.throws(() => checkMatrices("denseBackward", { dX: expected.dX, dW: expected.dW.scale(2) }, expected, { hint: "dW = Xᵀ·dY" }), {
      name: "ExerciseError",
      message: "denseBackward: dW[0, 0] is -10; expected -5 (tolerance rtol 0.0001, atol 1e-5).\nHint: dW = Xᵀ·dY",
    });
    assert.throws(() => checkMatrices("denseBackward", { dX: expected.dX, dW: W.transpose() }, expected), {
      message: "denseBackward: dW has shape [1, 2]; expected [2, 1].",
    });
    assert.throws(() => checkMatrices("denseBackward", { dX: expected.dX }, expected), ExerciseError);
    assert.throws(
      () =>
        checkMatrices(
          "denseBackward",
          () => {
            throw new Error("not implemented");
          },
          expected,
        ),
      { name: "ExerciseError", message: /^denseBackward is not written yet \(it threw "not implemented"\)/ },
    );
    const { logs: thunkLogs } = quietly(() => checkMatrices("denseBackward", () => ({ ...expected }), expected));
    assert.match(thunkLogs[0]!, /^✓ denseBackward/);
  });

  it("gradient-check reports print as one line (a notebook cell ending with the call shows that line)", () => {
    const { X, y } = xorData();
    const { value } = quietly(() =>
      crossCheckModel({ name: "xor", model: mlp({ sizes: [2, 2, 1], activation: sigmoid, rng: createRng(1) }), loss: mse, X, y }),
    );
    assert.equal(inspect(value), '[gradient check "xor": 9 entries, all pass]');
    const single = crossCheck({ name: "x²", f: (v) => v * v, df: (v) => 2 * v, fTf: (v) => v.square(), at: [1, 2], display: false });
    assert.match(
      inspect(single),
      /^✓ x²: 2 of 2 values agree with tfjs \(\w+\) and a central difference \(at most [\d.e+-]+% of the tolerance used\)$/,
    );
    assert.equal(value.entries.length, 9, "the data is still there");
  });

  it("crossCheckModel shows one row per entry for a small network and a summary for a large one", () => {
    const { X, y } = xorData();
    const small = quietly(() =>
      crossCheckModel({ name: "xor", model: mlp({ sizes: [2, 3, 1], activation: sigmoid, rng: createRng(1) }), loss: mse, X, y }),
    );
    const text = String(small.messages[0]!.data["text/plain"]);
    assert.match(text, /^Gradient check: xor/);
    assert.match(text, /layer1\.W\[1, 2\]/);
    assert.equal(text.split("\n").length, 3 + 13);
    const big = quietly(() =>
      crossCheckModel({
        name: "big",
        model: mlp({ sizes: [2, 8, 8, 1], activation: sigmoid, rng: createRng(1) }),
        loss: mse,
        X,
        y,
        fdMaxEntries: 3,
      }),
    );
    const bigText = String(big.messages[0]!.data["text/plain"]);
    assert.equal(bigText.split("\n").length, 3 + 6);
    assert.match(bigText, /layer2\.W\s+\[8, 8\].*3\/64\s+pass/);
  });
});

describe("plot/heatmap", () => {
  it("samples f on the grid, draws the level curve and the labelled points", () => {
    const fig = heatmapPlot({
      f: (a, b) => a + b,
      xRange: [0, 1],
      yRange: [0, 2],
      n: 3,
      level: 1,
      zRange: [0, 3],
      points: [{ name: "class 1", x: [0, 1], y: [1, 0] }],
    });
    const [heat, contour, points] = fig.data;
    assert.equal(heat!.type, "heatmap");
    assert.deepEqual(heat!.z, [
      [0, 0.5, 1],
      [1, 1.5, 2],
      [2, 2.5, 3],
    ]);
    assert.equal(heat!.zmin, 0);
    assert.deepEqual((contour as { contours: unknown }).contours, { start: 1, end: 1, size: 1, coloring: "lines" });
    assert.deepEqual(points!.x, [0, 1]);
    assert.equal(points!.name, "class 1");
    assert.throws(() => heatmapPlot({ f: () => 0, xRange: [0, 1], yRange: [0, 1], points: [{ name: "p", x: [1], y: [] }] }), {
      message: 'heatmapPlot: points "p" has 1 x values but 0 y values',
    });
  });
});
