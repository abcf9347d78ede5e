// The tensor engine's ops one by one (lib/tape): forward values against plain Math, gradients
// against tfjs autograd and float64 central differences; the registry; the tape's bookkeeping;
// error messages.
import assert from "node:assert/strict";
import { tf, liveTensors } from "../../lib/tf";
import { createRng, type Rng } from "../../lib/random";
import { isClose, type Tolerance } from "../../lib/check/tolerance";
import * as tape from "../../lib/tape";
import { Tensor } from "../../lib/tape";
import { NonFiniteError } from "../../lib/util/errors";
import { Matrix } from "../../lib/util/matrix";
import { nodesSince, recording, releaseIfIdle } from "../../lib/tape/tape";

const TF_TOL: Tolerance = { rtol: 2e-4, atol: 2e-5 };
const FD_TOL: Tolerance = { rtol: 1e-6, atol: 1e-7 };

interface OpCase {
  name: string;
  /** Input shapes, and the range their entries are drawn from. */
  shapes: number[][];
  range?: [number, number];
  /** The op with tape tensors. */
  f: (...x: Tensor[]) => Tensor;
  /** The same with tfjs ops. */
  t: (...x: tf.Tensor[]) => tf.Tensor;
  /** Labels for losses: the second input drawn in [0, 1] (or one-hot rows). */
  labels?: "unit" | "oneHot" | "soft";
  /** Inputs whose tfjs gradient is not the derivative (tfjs defines its own), checked by central differences only. */
  noTfGrad?: number[];
}

function randomTensor(rng: Rng, shape: number[], range: [number, number]): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tape.fromValues(
    Array.from({ length: size }, () => rng.uniform(range[0], range[1])),
    shape,
  );
}

/** Rows of class probabilities, each entry in [0.05, 0.9]. */
function softLabels(rng: Rng, rows: number, cols: number): Tensor {
  const raw = Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniform(0.2, 1)));
  return tape.fromValues(raw.map((row) => row.map((v) => v / row.reduce((a, b) => a + b))));
}

function oneHot(rng: Rng, rows: number, cols: number): Tensor {
  const data = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) data[i * cols + rng.int(0, cols - 1)] = 1;
  return tape.fromValues(data, [rows, cols]);
}

const toTf = (t: Tensor) => tf.tensor(Float32Array.from(t.data), [...t.shape], "float32");

/** Σ w ⊙ f(x): a scalar whose gradient is a generic vector-Jacobian product of f. */
function weighted(f: (...x: Tensor[]) => Tensor, w: Tensor) {
  return (...x: Tensor[]) => tape.sum(tape.mul(f(...x), w));
}

const cases: OpCase[] = [
  {
    name: "add (same shape)",
    shapes: [
      [3, 4],
      [3, 4],
    ],
    f: tape.add,
    t: (a, b) => a.add(b),
  },
  { name: "add (a bias row)", shapes: [[3, 4], [4]], f: tape.add, t: (a, b) => a.add(b) },
  {
    name: "sub (column minus row)",
    shapes: [
      [3, 1],
      [1, 4],
    ],
    f: tape.sub,
    t: (a, b) => a.sub(b),
  },
  { name: "mul (by a scalar tensor)", shapes: [[2, 3], []], f: tape.mul, t: (a, b) => a.mul(b) },
  {
    name: "mul (rank 3 by a matrix)",
    shapes: [
      [2, 3, 4],
      [3, 4],
    ],
    f: tape.mul,
    t: (a, b) => a.mul(b),
  },
  {
    name: "div",
    shapes: [
      [2, 3],
      [2, 3],
    ],
    range: [0.5, 2],
    f: tape.div,
    t: (a, b) => a.div(b),
  },
  { name: "div (a number)", shapes: [[4]], f: (a) => tape.div(a, 3), t: (a) => a.div(3) },
  { name: "neg", shapes: [[5]], f: tape.neg, t: (a) => a.neg() },
  { name: "square", shapes: [[2, 2]], f: tape.square, t: (a) => a.square() },
  { name: "pow 3", shapes: [[4]], f: (a) => tape.pow(a, 3), t: (a) => a.pow(3) },
  { name: "pow 0.5", shapes: [[4]], range: [0.2, 3], f: (a) => tape.pow(a, 0.5), t: (a) => a.pow(0.5) },
  { name: "sqrt", shapes: [[4]], range: [0.2, 3], f: tape.sqrt, t: (a) => a.sqrt() },
  { name: "exp", shapes: [[2, 3]], f: tape.exp, t: (a) => a.exp() },
  { name: "log", shapes: [[2, 3]], range: [0.2, 3], f: tape.log, t: (a) => a.log() },
  {
    name: "matMul",
    shapes: [
      [3, 4],
      [4, 2],
    ],
    f: (a, b) => tape.matMul(a, b),
    t: (a, b) => tf.matMul(a, b),
  },
  {
    name: "matMul aᵀ·b",
    shapes: [
      [4, 3],
      [4, 2],
    ],
    f: (a, b) => tape.matMul(a, b, true, false),
    t: (a, b) => tf.matMul(a, b, true, false),
  },
  {
    name: "matMul a·bᵀ",
    shapes: [
      [3, 4],
      [5, 4],
    ],
    f: (a, b) => tape.matMul(a, b, false, true),
    t: (a, b) => tf.matMul(a, b, false, true),
  },
  {
    name: "matMul aᵀ·bᵀ",
    shapes: [
      [6, 5],
      [7, 6],
    ],
    f: (a, b) => tape.matMul(a, b, true, true),
    t: (a, b) => tf.matMul(a, b, true, true),
  },
  { name: "transpose", shapes: [[2, 5]], f: tape.transpose, t: (a) => a.transpose() },
  { name: "sum (all)", shapes: [[3, 4]], f: (a) => tape.sum(a), t: (a) => a.sum() },
  { name: "sum (axis 0)", shapes: [[3, 4]], f: (a) => tape.sum(a, 0), t: (a) => a.sum(0) },
  { name: "sum (axis -1, keepDims)", shapes: [[3, 4]], f: (a) => tape.sum(a, -1, true), t: (a) => a.sum(-1, true) },
  { name: "sum (axes 0 and 2 of rank 3)", shapes: [[2, 3, 4]], f: (a) => tape.sum(a, [0, 2]), t: (a) => a.sum([0, 2]) },
  { name: "mean (axis 1)", shapes: [[3, 4]], f: (a) => tape.mean(a, 1), t: (a) => a.mean(1) },
  { name: "sumTo", shapes: [[3, 4]], f: (a) => tape.sumTo(a, [1, 4]), t: (a) => a.sum(0, true) },
  { name: "broadcastTo", shapes: [[4]], f: (a) => tape.broadcastTo(a, [3, 4]), t: (a) => tf.broadcastTo(a, [3, 4]) },
  { name: "reshape", shapes: [[2, 6]], f: (a) => tape.reshape(a, [3, 4]), t: (a) => a.reshape([3, 4]) },
  { name: "relu", shapes: [[3, 4]], f: tape.relu, t: (a) => a.relu() },
  { name: "leakyRelu 0.1", shapes: [[3, 4]], f: (a) => tape.leakyRelu(a, 0.1), t: (a) => tf.leakyRelu(a, 0.1) },
  { name: "sigmoid", shapes: [[3, 4]], range: [-4, 4], f: tape.sigmoid, t: (a) => a.sigmoid() },
  { name: "tanh", shapes: [[3, 4]], range: [-3, 3], f: tape.tanh, t: (a) => a.tanh() },
  { name: "softplus", shapes: [[3, 4]], range: [-4, 4], f: tape.softplus, t: (a) => tf.softplus(a) },
  { name: "gelu", shapes: [[3, 4]], f: tape.gelu, t: (a) => a.mul(tf.erf(a.div(Math.SQRT2)).add(1)).mul(0.5) },
  { name: "softmax", shapes: [[3, 4]], f: tape.softmax, t: (a) => tf.softmax(a) },
  { name: "logSoftmax", shapes: [[3, 4]], f: tape.logSoftmax, t: (a) => tf.logSoftmax(a) },
  {
    name: "mse",
    shapes: [
      [4, 2],
      [4, 2],
    ],
    f: tape.mse,
    t: (a, b) => tf.losses.meanSquaredError(b, a),
  },
  {
    name: "binaryCrossEntropy",
    shapes: [
      [4, 2],
      [4, 2],
    ],
    range: [0.05, 0.95],
    labels: "unit",
    f: tape.binaryCrossEntropy,
    t: (p, y) =>
      y
        .mul(p.log())
        .add(tf.scalar(1).sub(y).mul(tf.scalar(1).sub(p).log()))
        .mean()
        .neg(),
  },
  {
    name: "binaryCrossEntropyWithLogits",
    shapes: [
      [4, 2],
      [4, 2],
    ],
    labels: "unit",
    f: tape.binaryCrossEntropyWithLogits,
    t: (z, y) => tf.losses.sigmoidCrossEntropy(y, z),
  },
  {
    name: "softmaxCrossEntropy",
    shapes: [
      [4, 3],
      [4, 3],
    ],
    labels: "oneHot",
    noTfGrad: [1],
    f: tape.softmaxCrossEntropy,
    t: (z, y) => tf.losses.softmaxCrossEntropy(y, z),
  },
  {
    // tfjs's softmaxCrossEntropy has a custom gradient that gives labels − softmax(z) for the labels,
    // not the derivative −log softmax(z): soft labels, and central differences as the witness there.
    name: "softmaxCrossEntropy (soft labels: rows of probabilities)",
    shapes: [
      [4, 3],
      [4, 3],
    ],
    labels: "soft",
    noTfGrad: [1],
    f: tape.softmaxCrossEntropy,
    t: (z, y) => tf.losses.softmaxCrossEntropy(y, z),
  },
];

describe("tape ops: values and gradients against tfjs autograd and central differences", () => {
  const rng = createRng(2024);
  for (const c of cases) {
    it(c.name, () => {
      const range = c.range ?? [-2, 2];
      const inputs = c.shapes.map((s, i) =>
        i === 1 && c.labels === "oneHot"
          ? oneHot(rng, s[0]!, s[1]!)
          : i === 1 && c.labels === "soft"
            ? softLabels(rng, s[0]!, s[1]!)
            : randomTensor(rng, s, i === 1 && c.labels === "unit" ? [0.05, 0.95] : range),
      );
      const out = c.f(...inputs);
      const w = randomTensor(rng, [...out.shape], [-1, 1]);
      const g = weighted(c.f, w);
      const { value, grads } = tape.valueAndGrads(g)(inputs);
      assert.equal(tape.tapeLength(), 0, "the tape is empty after the call");

      const before = liveTensors();
      const viaTf = tf.tidy(() => {
        const wt = toTf(w);
        const r = tf.valueAndGrads((...x: tf.Tensor[]) =>
          c
            .t(...x)
            .mul(wt)
            .sum(),
        )(inputs.map(toTf));
        return { value: r.value.dataSync()[0]!, grads: r.grads.map((t) => Array.from(t.dataSync())) };
      });
      assert.equal(liveTensors(), before);
      assert.deepEqual(
        [...out.shape],
        tf.tidy(() => c.t(...inputs.map(toTf)).shape),
      );
      assert.ok(isClose(value.item(), viaTf.value, TF_TOL), `value ${value.item()} vs tfjs ${viaTf.value}`);

      inputs.forEach((x, i) => {
        // central differences of the float64 forward pass, entry by entry
        // (one-hot labels sit on the edge of [0, 1]: no central difference there, tfjs is the witness)
        const skipFd = i === 1 && c.labels === "oneHot";
        const fd = Array.from(x.data, (_, k) => {
          if (skipFd) return NaN;
          const at = (dv: number) => {
            const moved = inputs.map((t, j) =>
              j === i
                ? new Tensor(
                    t.shape,
                    Float64Array.from(t.data, (v, m) => (m === k ? v + dv : v)),
                  )
                : t,
            );
            return g(...moved).item();
          };
          return (at(1e-5) - at(-1e-5)) / 2e-5;
        });
        const scale = Math.max(...grads[i]!.data.map(Math.abs), 1e-12);
        grads[i]!.data.forEach((v, k) => {
          const t = viaTf.grads[i]![k]!;
          assert.ok(
            c.noTfGrad?.includes(i) || Math.abs(v - t) <= TF_TOL.rtol * (Math.abs(v) + scale) + 1e-6,
            `${c.name} d/dx${i}[${k}]: ${v} vs tfjs ${t}`,
          );
          assert.ok(skipFd || isClose(v, fd[k]!, FD_TOL), `${c.name} d/dx${i}[${k}]: ${v} vs central difference ${fd[k]}`);
        });
      });
    });
  }

  it("reproduces the article's example: z = x² + 3xy + y² at (2, 3) has gradient [13, 12]", () => {
    const [dx, dy] = tape.grads((x, y) => tape.add(tape.add(tape.square(x), tape.mul(tape.mul(x, 3), y)), tape.square(y)))([
      tape.scalar(2),
      tape.scalar(3),
    ]);
    assert.equal(dx!.item(), 2 * 2 + 3 * 3);
    assert.equal(dy!.item(), 3 * 2 + 2 * 3);
  });

  it("forward values match plain Math, including in saturation", () => {
    const x = tape.fromValues([-800, -30, -1, 0, 1, 30, 800]);
    const sig = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
    assert.deepEqual(Array.from(tape.sigmoid(x).data), Array.from(x.data, sig));
    assert.deepEqual(Array.from(tape.tanh(x).data), Array.from(x.data, Math.tanh));
    // sech²(30) = 4e^{-60}/(1 + e^{-60})², far below what 1 − tanh²(30) (exactly 0 in float64) can show
    assert.ok(isClose(tape.sech2(x).data[5]!, 4 * Math.exp(-60), { rtol: 1e-14, atol: 0 }));
    assert.equal(1 - Math.tanh(30) ** 2, 0);
    assert.deepEqual(Array.from(tape.softplus(tape.fromValues([800, -800])).data), [800, Math.log1p(Math.exp(-800))]);
    const p = tape.softmax(tape.fromValues([[1000, 1000, 0]]));
    assert.ok(isClose(p.data[0]!, 0.5, { rtol: 1e-15, atol: 0 }) && p.data[2] === 0);
    assert.deepEqual(tape.matMul(tape.fromValues([[1, 2]]), tape.fromValues([[3], [4]])).toArray(), [[11]]);
  });

  it("matMul gives exactly Matrix.matmul's numbers (same summation order), also on odd sizes", () => {
    const rng2 = createRng(5);
    for (const [m, k, n] of [
      [7, 9, 5],
      [64, 33, 10],
      [1, 1, 1],
    ] as const) {
      const A = Matrix.fromFlat(m, k, rng2.normals(m * k));
      const B = Matrix.fromFlat(k, n, rng2.normals(k * n));
      assert.deepEqual(Array.from(tape.matMul(tape.fromMatrix(A), tape.fromMatrix(B)).data), Array.from(A.matmul(B).data));
      const At = tape.fromMatrix(A.transpose());
      const Bt = tape.fromMatrix(B.transpose());
      assert.deepEqual(Array.from(tape.matMul(At, Bt, true, true).data), Array.from(A.matmul(B).data));
    }
  });
});

describe("tape: the registry, the tape's bookkeeping and gradient accumulation", () => {
  it("has one gradient rule for every op, filed under its own name", () => {
    const entries = Object.entries(tape.GRADIENT_RULES);
    assert.equal(entries.length, 32);
    for (const [op, rule] of entries) {
      assert.equal(rule.op, op);
      assert.ok(rule.inputs.length >= 1, `${op} names its inputs`);
    }
    assert.throws(() => tape.gradientRuleFor("conv2d"), { message: 'no gradient rule for op "conv2d" (registry.ts lists every rule)' });
  });

  it("records nothing outside grads, and empties the tape afterwards, also when f throws", () => {
    const x = tape.fromValues([1, 2]);
    tape.mul(x, x);
    assert.equal(tape.isRecording(), false);
    assert.equal(tape.tapeLength(), 0);
    assert.throws(() =>
      tape.grads((a) => {
        tape.mul(a, a);
        throw new Error("boom");
      })([x]),
    );
    assert.equal(tape.isRecording(), false);
    assert.equal(tape.tapeLength(), 0);
  });

  it("adds up the gradients of a tensor used several times (x·x + x has derivative 2x + 1)", () => {
    const g = tape.grad((x) => tape.sum(tape.add(tape.mul(x, x), x)))(tape.fromValues([-1.5, 0, 2]));
    assert.deepEqual(Array.from(g.data), [-2, 1, 5]);
  });

  it("gives a zero gradient for an input the output does not depend on (where tfjs throws)", () => {
    const [ga, gb] = tape.grads((a) => tape.sum(tape.square(a)))([tape.fromValues([3]), tape.fromValues([[1, 2]])]);
    assert.deepEqual(Array.from(ga!.data), [6]);
    assert.deepEqual(gb!.toArray(), [[0, 0]]);
  });

  it("weights a non-scalar output by dy (default ones), as tf.grad does", () => {
    const x = tape.fromValues([1, 2, 3]);
    assert.deepEqual(Array.from(tape.grad(tape.square)(x).data), [2, 4, 6]);
    assert.deepEqual(Array.from(tape.grad(tape.square)(x, tape.fromValues([1, 0, -1])).data), [2, 0, -6]);
    assert.throws(() => tape.grad(tape.square)(x, tape.fromValues([1, 0])), {
      message: "valueAndGrads: dy must be a Tensor of the output's shape [3]",
    });
  });

  it("skips the gradients nobody asked for: a data input of matMul costs no product", () => {
    const X = tape.fromValues([
      [1, 2],
      [3, 4],
    ]);
    const W = tape.fromValues([[0.5], [-1]]);
    const { result: y, start } = recording(() => tape.sum(tape.matMul(X, W)));
    const nodes = nodesSince(start);
    // Run the backward pass while recording, to see which ops it performs.
    const { result: gradients, start: backwardStart } = recording(() => tape.backpropagate(nodes, [W], y, tape.scalar(1)));
    const ops = nodesSince(backwardStart).map((n) => n.op);
    releaseIfIdle();
    assert.deepEqual(gradients[0]!.toArray(), [[4], [6]]);
    assert.deepEqual(ops.filter((op) => op === "matMul").length, 1, `backward ops: ${ops.join(", ")}`);
    assert.equal(tape.tapeLength(), 0);
  });
});

describe("tape: errors name the op, the argument and the shapes", () => {
  it("refuses shapes that do not fit", () => {
    assert.throws(() => tape.matMul(tape.zeros([64, 784]), tape.zeros([128, 10])), {
      message: "matMul: [64, 784] × [128, 10] does not fit: the left has 784 columns but the right has 128 rows",
    });
    assert.throws(() => tape.matMul(tape.zeros([3, 4]), tape.zeros([4, 3]), false, true), {
      message: "matMul: [3, 4] × [4, 3]ᵀ does not fit: the left has 4 columns but the right has 3 rows",
    });
    assert.throws(() => tape.matMul(tape.zeros([3]), tape.zeros([3, 4])), {
      message: "matMul: a must be a matrix (rank 2); got shape [3]",
    });
    assert.throws(() => tape.add(tape.zeros([2, 3]), tape.zeros([4])), {
      message: "add: shapes [2, 3] and [4] cannot be broadcast together (dimension 1 is 3 in one and 4 in the other)",
    });
    assert.throws(() => tape.mse(tape.zeros([4, 1]), tape.zeros([4, 2])), {
      message: "mse: yHat has shape [4, 1] but y has shape [4, 2]; they must be equal",
    });
    assert.throws(() => tape.sum(tape.zeros([2, 3]), 2), { message: "sum: axis 2 is out of range for a tensor of rank 2" });
    assert.throws(() => tape.reshape(tape.zeros([2, 3]), [4]), {
      message: "reshape: cannot reshape [2, 3] (6 values) to [4] (4 values)",
    });
    assert.throws(() => tape.fromValues([1, 2, 3], [2, 2]), { message: "fromValues: shape [2, 2] needs 4 values; got 3" });
  });

  it("refuses arguments of the wrong kind", () => {
    assert.throws(() => tape.add(tape.zeros([2]), "1" as never), { message: "add: b must be a Tensor or a number; got string" });
    assert.throws(() => tape.grads((a) => a)([2 as never]), {
      message: "valueAndGrads: xs[0] must be a Tensor (make one with fromValues(...)); got number",
    });
    assert.throws(() => tape.grads(() => 3 as never)([tape.scalar(1)]), { message: "valueAndGrads: f must return a Tensor; got number" });
    assert.throws(() => tape.leakyRelu(tape.zeros([2]), 2), { message: "leakyRelu: alpha must be a number in [0, 1); got 2" });
    assert.throws(() => tape.pow(tape.zeros([2]), NaN), { message: "pow: the exponent k must be a finite number; got NaN" });
    assert.throws(
      () => tape.binaryCrossEntropy(tape.fromValues([1, 0.5]), tape.fromValues([0, 1])),
      /binaryCrossEntropy: predictions must be strictly between 0 and 1; p has 1 at index 0/,
    );
  });

  it("reports a value or gradient that is not finite instead of returning it", () => {
    assert.throws(
      () => tape.grad((x) => tape.sum(tape.exp(x)))(tape.fromValues([1, 800])),
      (error: unknown) =>
        error instanceof NonFiniteError &&
        error.message ===
          "valueAndGrads: f's value is not finite (Infinity at index 0 of shape []): the computation overflowed or divided by zero",
    );
    assert.throws(() => tape.grad((x) => tape.sum(tape.sqrt(x)))(tape.fromValues([4, 0])), {
      message:
        "valueAndGrads: the gradient for xs[0] is not finite (Infinity at index 1 of shape [2]): the computation overflowed or divided by zero",
    });
  });
});
