import assert from "node:assert/strict";
import { tf, liveTensors } from "../../lib/tf";
import { FD_TOLERANCE, TF_TOLERANCE, isClose } from "../../lib/check/tolerance";
import { Matrix } from "../../lib/util/matrix";
import { binaryCrossEntropy, binaryCrossEntropyWithLogits, mse, softmaxCrossEntropy, type Loss } from "../../lib/nn/losses";
import { tidyValue, toTensor } from "../../lib/nn/reference";

/** dL/dyHat by tfjs autograd of loss.fTf, and the loss value tfjs computes. */
function viaTf(loss: Loss, yHat: Matrix, y: Matrix): { value: number; grad: number[] } {
  return tidyValue(() => {
    const yt = toTensor(y);
    const { value, grad } = tf.valueAndGrad((p: tf.Tensor) => loss.fTf(p, yt))(toTensor(yHat));
    return { value: value.dataSync()[0] as number, grad: Array.from(grad.dataSync()) };
  });
}

function centralDifferences(loss: Loss, yHat: Matrix, y: Matrix, h = 1e-5): number[] {
  return Array.from(yHat.data, (_, k) => {
    const plus = yHat.clone();
    const minus = yHat.clone();
    plus.data[k] = plus.data[k]! + h;
    minus.data[k] = minus.data[k]! - h;
    return (loss.value(plus, y) - loss.value(minus, y)) / (2 * h);
  });
}

function checkLoss(loss: Loss, yHat: Matrix, y: Matrix, expectedValue: number): void {
  const before = liveTensors();
  assert.ok(
    isClose(loss.value(yHat, y), expectedValue, { rtol: 1e-12, atol: 1e-15 }),
    `${loss.name} value ${loss.value(yHat, y)} vs ${expectedValue}`,
  );
  const t = viaTf(loss, yHat, y);
  assert.ok(isClose(t.value, expectedValue, TF_TOLERANCE), `tfjs value ${t.value}`);
  const grad = loss.grad(yHat, y).data;
  const fd = centralDifferences(loss, yHat, y);
  grad.forEach((g, k) => {
    assert.ok(isClose(g, t.grad[k]!, TF_TOLERANCE), `${loss.name} grad[${k}] ${g} vs tfjs ${t.grad[k]}`);
    assert.ok(isClose(g, fd[k]!, FD_TOLERANCE), `${loss.name} grad[${k}] ${g} vs c.d. ${fd[k]}`);
  });
  assert.equal(liveTensors(), before);
}

describe("nn/losses: values and gradients against plain Math, tfjs autograd and central differences", () => {
  const y = Matrix.from([
    [0, 1],
    [1, 1],
    [0, 0],
  ]);

  it("mse: mean of squared errors, gradient 2(ŷ - y)/N", () => {
    const yHat = Matrix.from([
      [0.5, 0.2],
      [1.5, -1],
      [0.1, 0.3],
    ]);
    const squares = [0.25, 0.64, 0.25, 4, 0.01, 0.09];
    checkLoss(mse, yHat, y, squares.reduce((a, b) => a + b) / 6);
    assert.deepEqual(mse.grad(Matrix.column([3]), Matrix.column([1])).toArray(), [[4]]);
  });

  it("binaryCrossEntropy on probabilities", () => {
    const p = Matrix.from([
      [0.2, 0.9],
      [0.6, 0.75],
      [0.3, 0.01],
    ]);
    const terms = [Math.log(0.8), Math.log(0.9), Math.log(0.6), Math.log(0.75), Math.log(0.7), Math.log(0.99)];
    checkLoss(binaryCrossEntropy, p, y, -terms.reduce((a, b) => a + b) / 6);
  });

  it("binaryCrossEntropyWithLogits equals binaryCrossEntropy of σ(z), gradient (σ(z) - y)/N", () => {
    const z = Matrix.from([
      [-1.2, 2],
      [0.3, 0],
      [4, -0.7],
    ]);
    const p = z.map((v) => 1 / (1 + Math.exp(-v)));
    checkLoss(binaryCrossEntropyWithLogits, z, y, binaryCrossEntropy.value(p, y));
    const g = binaryCrossEntropyWithLogits.grad(z, y);
    g.data.forEach((v, k) => assert.ok(isClose(v, (p.data[k]! - y.data[k]!) / 6, { rtol: 1e-12, atol: 1e-16 })));
  });

  it("binaryCrossEntropyWithLogits stays finite and exact where the sigmoid saturates", () => {
    const z = Matrix.column([50, -50, 800, -800]);
    const t = Matrix.column([0, 1, 1, 0]);
    // Wrong and confident costs |z|; right and confident costs ln(1 + e^{-|z|}) ≈ e^{-|z|}.
    const expected = (50 + 50 + Math.log1p(Math.exp(-800)) + Math.log1p(Math.exp(-800))) / 4;
    assert.ok(isClose(binaryCrossEntropyWithLogits.value(z, t), expected, { rtol: 1e-14, atol: 0 }));
    assert.deepEqual(binaryCrossEntropyWithLogits.grad(z, t).toArray(), [[0.25], [-0.25], [0], [0]]);
    assert.ok(isClose(viaTf(binaryCrossEntropyWithLogits, z, t).value, expected, TF_TOLERANCE));
  });

  it("binaryCrossEntropy refuses a saturated probability instead of returning Infinity", () => {
    assert.throws(() => binaryCrossEntropy.value(Matrix.column([1, 0.5]), Matrix.column([0, 1])), {
      message:
        "binaryCrossEntropy: predictions must be strictly between 0 and 1; yHat has 1 at index 0 (a saturated sigmoid: ln 0 is -Infinity). " +
        "Use binaryCrossEntropyWithLogits on the pre-sigmoid outputs instead.",
    });
  });

  it("names bad shapes and labels", () => {
    assert.throws(() => mse.value(Matrix.zeros(4, 1), Matrix.zeros(4, 2)), {
      message: "mse: yHat has shape [4, 1] but y has shape [4, 2]; they must be equal",
    });
    assert.throws(() => binaryCrossEntropyWithLogits.grad(Matrix.zeros(2, 1), Matrix.column([0, 2])), {
      message: "binaryCrossEntropyWithLogits: targets must be in [0, 1]; y has 2 at index 1",
    });
  });
  it("softmaxCrossEntropy: mean over rows of −Σ y ln softmax(z), gradient (softmax(z) − y)/rows", () => {
    const z = Matrix.from([
      [1, -0.5, 2],
      [0.3, 0.3, -1.2],
    ]);
    const labels = Matrix.from([
      [0, 0, 1],
      [0.25, 0.75, 0],
    ]);
    const softmaxRow = (row: number[]) => {
      const e = row.map(Math.exp);
      const s = e.reduce((a, b) => a + b);
      return e.map((v) => v / s);
    };
    const p = z.toArray().map(softmaxRow);
    const expected = -(Math.log(p[0]![2]!) + 0.25 * Math.log(p[1]![0]!) + 0.75 * Math.log(p[1]![1]!)) / 2;
    checkLoss(softmaxCrossEntropy, z, labels, expected);
    softmaxCrossEntropy.grad(z, labels).data.forEach((g, k) => {
      const want = (p.flat()[k]! - labels.data[k]!) / 2;
      assert.ok(isClose(g, want, { rtol: 1e-12, atol: 1e-16 }), `grad[${k}] ${g} vs ${want}`);
    });
    // Huge logits: the max is taken out before exponentiating, so nothing overflows.
    assert.ok(isClose(softmaxCrossEntropy.value(Matrix.from([[1000, 0]]), Matrix.from([[0, 1]])), 1000, { rtol: 1e-14, atol: 0 }));
    assert.throws(() => softmaxCrossEntropy.value(Matrix.zeros(2, 3), Matrix.zeros(2, 2)), {
      message: "softmaxCrossEntropy: yHat has shape [2, 3] but y has shape [2, 2]; they must be equal",
    });
  });
});
