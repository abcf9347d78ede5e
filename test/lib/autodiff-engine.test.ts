// The scalar reverse-mode engine (lib/autodiff/value.ts) and its network (nn.ts): each op and
// random expressions against tfjs autograd and central differences; forward mode (dual numbers)
// against reverse mode; gradient accumulation; deep graphs; an MLP against the same MLP in tfjs.
import assert from "node:assert/strict";
import { tf, liveTensors } from "../../lib/tf";
import { createRng } from "../../lib/random";
import { centralGradient } from "../../lib/numeric/numeric";
import { FD_TOLERANCE, TF_TOLERANCE, isClose, type Tolerance } from "../../lib/check/tolerance";
import { Value, topologicalOrder, zeroGrad, toValues } from "../../lib/autodiff/value";
import { Dual } from "../../lib/derivatives/dual/dual";
import { Real, evaluate, sum, type ScalarFn } from "../../lib/autodiff/scalar";
import { grad, jvp, valueAndGrad } from "../../lib/autodiff/transforms";
import { ScalarMLP, Neuron } from "../../lib/autodiff/nn";
import { mathFn, nearKink, randomExpr, scalarFn, tfFn } from "./autodiff-expressions";
import { first, xy } from "../support/points";

function tfGrad(f: (...x: tf.Scalar[]) => tf.Tensor, point: number[]): { value: number; grad: number[] } {
  return tf.tidy(() => {
    const xs = point.map((v) => tf.scalar(v));
    // + Σ 0·x_i: tfjs refuses to differentiate an expression that does not use some input
    const connected = (...args: tf.Tensor[]) => args.reduce((acc, a) => acc.add(a.mul(0)), f(...(args as tf.Scalar[])));
    const { value, grads } = tf.valueAndGrads(connected)(xs);
    return { value: value.dataSync()[0] as number, grad: grads.map((g) => g.dataSync()[0] as number) };
  });
}

function assertClose(actual: number, expected: number, tol: Tolerance, what: string): void {
  assert.ok(isClose(actual, expected, tol), `${what}: got ${actual}, expected ${expected}`);
}

describe("autodiff/value: the scalar reverse-mode engine", () => {
  it("reproduces the article's example: z = x² + 3xy + y² at (2, 3) has ∂z/∂x = 13, ∂z/∂y = 12", () => {
    const x = new Value(2, "x");
    const y = new Value(3, "y");
    const z = x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2));
    z.backward();
    assert.equal(z.data, 2 ** 2 + 3 * 2 * 3 + 3 ** 2);
    assert.equal(x.grad, 2 * 2 + 3 * 3);
    assert.equal(y.grad, 3 * 2 + 2 * 3);
    const viaTf = tfGrad((a, b) => a.square().add(a.mul(b).mul(3)).add(b.square()), [2, 3]);
    assert.deepEqual(viaTf.grad, [13, 12]);
  });

  // Each primitive and composite, as f(a, b) on Values, tfjs and Math.
  const cases: Array<{
    name: string;
    f: (a: Value, b: Value) => Value;
    t: (a: tf.Scalar, b: tf.Scalar) => tf.Tensor;
    m: (a: number, b: number) => number;
    at: number[][];
  }> = [
    { name: "add", f: (a, b) => a.add(b), t: (a, b) => a.add(b), m: (a, b) => a + b, at: [[1.5, -2]] },
    { name: "sub", f: (a, b) => a.sub(b), t: (a, b) => a.sub(b), m: (a, b) => a - b, at: [[1.5, -2]] },
    {
      name: "mul",
      f: (a, b) => a.mul(b),
      t: (a, b) => a.mul(b),
      m: (a, b) => a * b,
      at: [
        [1.5, -2],
        [0, 3],
      ],
    },
    {
      name: "div",
      f: (a, b) => a.div(b),
      t: (a, b) => a.div(b),
      m: (a, b) => a / b,
      at: [
        [1.5, -2],
        [-3, 0.5],
      ],
    },
    {
      name: "pow 3",
      f: (a) => a.pow(3),
      t: (a) => a.pow(tf.scalar(3)),
      m: (a) => a ** 3,
      at: [
        [-1.3, 0],
        [2, 0],
      ],
    },
    {
      name: "pow -1",
      f: (a) => a.pow(-1),
      t: (a) => tf.scalar(1).div(a),
      m: (a) => 1 / a,
      at: [
        [0.7, 0],
        [-2, 0],
      ],
    },
    {
      name: "pow 0.5",
      f: (a) => a.pow(0.5),
      t: (a) => a.sqrt(),
      m: (a) => Math.sqrt(a),
      at: [
        [0.7, 0],
        [4, 0],
      ],
    },
    { name: "neg", f: (a) => a.neg(), t: (a) => a.neg(), m: (a) => -a, at: [[0.7, 0]] },
    {
      name: "exp",
      f: (a) => a.exp(),
      t: (a) => a.exp(),
      m: (a) => Math.exp(a),
      at: [
        [-1, 0],
        [2.5, 0],
      ],
    },
    {
      name: "log",
      f: (a) => a.log(),
      t: (a) => a.log(),
      m: (a) => Math.log(a),
      at: [
        [0.3, 0],
        [5, 0],
      ],
    },
    {
      name: "tanh",
      f: (a) => a.tanh(),
      t: (a) => a.tanh(),
      m: (a) => Math.tanh(a),
      at: [
        [-0.8, 0],
        [1.7, 0],
      ],
    },
    {
      name: "relu",
      f: (a) => a.relu(),
      t: (a) => a.relu(),
      m: (a) => Math.max(a, 0),
      at: [
        [-0.8, 0],
        [1.7, 0],
      ],
    },
    {
      name: "sigmoid",
      f: (a) => a.sigmoid(),
      t: (a) => a.sigmoid(),
      m: (a) => 1 / (1 + Math.exp(-a)),
      at: [
        [-0.8, 0],
        [3, 0],
      ],
    },
    { name: "a used twice: a·a + a", f: (a) => a.mul(a).add(a), t: (a) => a.mul(a).add(a), m: (a) => a * a + a, at: [[-1.25, 0]] },
  ];
  for (const c of cases) {
    it(`${c.name}: value and gradient agree with tfjs and a central difference`, () => {
      for (const [p, q] of c.at as Array<[number, number]>) {
        const a = new Value(p, "a");
        const b = new Value(q, "b");
        const out = c.f(a, b);
        out.backward();
        const viaTf = tfGrad((s, t) => c.t(s, t).add(t.mul(0)), [p, q]);
        const viaFd = centralGradient((s, t) => c.m(s, t), [p, q]);
        assertClose(out.data, c.m(p, q), { rtol: 1e-15, atol: 0 }, `${c.name}(${p}, ${q})`);
        assertClose(out.data, viaTf.value, TF_TOLERANCE, `${c.name} value vs tfjs`);
        [a.grad, b.grad].forEach((g, i) => {
          assertClose(g, viaTf.grad[i] as number, TF_TOLERANCE, `${c.name} ∂/∂${"ab"[i]} vs tfjs at (${p}, ${q})`);
          assertClose(g, viaFd[i] as number, FD_TOLERANCE, `${c.name} ∂/∂${"ab"[i]} vs central difference at (${p}, ${q})`);
        });
      }
    });
  }

  it("agrees with tfjs, forward mode and central differences on 40 random expressions of 3 variables", () => {
    const rng = createRng(2024);
    let compared = 0;
    for (let trial = 0; trial < 40; trial++) {
      const e = randomExpr(rng, 3, 4);
      const point = [rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5), rng.uniform(-1.5, 1.5)];
      const f = scalarFn(e);
      const reverse = valueAndGrad(f)(point);
      const viaTf = tfGrad(tfFn(e), point);
      const forward = point.map(
        (_, i) =>
          jvp(
            f,
            point,
            point.map((_, j) => (i === j ? 1 : 0)),
          ).tangent[0] as number,
      );
      assertClose(reverse.value, mathFn(e)(...point), { rtol: 1e-12, atol: 1e-12 }, `trial ${trial} value`);
      assertClose(reverse.value, viaTf.value, TF_TOLERANCE, `trial ${trial} value vs tfjs`);
      reverse.grad.forEach((g, i) => {
        assertClose(g, forward[i] as number, { rtol: 1e-12, atol: 1e-12 }, `trial ${trial} ∂/∂x${i + 1}: reverse vs forward`);
        // float32 tfjs: a slightly looser absolute floor for derivatives that cancel to ~0
        assertClose(g, viaTf.grad[i] as number, { rtol: 1e-4, atol: 1e-4 }, `trial ${trial} ∂/∂x${i + 1}: reverse vs tfjs`);
      });
      if (!nearKink(e, point)) {
        const viaFd = centralGradient(mathFn(e), point);
        reverse.grad.forEach((g, i) =>
          assertClose(g, viaFd[i] as number, { rtol: 1e-6, atol: 1e-6 }, `trial ${trial} ∂/∂x${i + 1}: vs c.d.`),
        );
        compared++;
      }
    }
    assert.ok(compared >= 30, `only ${compared} of 40 expressions were away from relu kinks`);
  });

  it("accumulates into leaves across backward passes; zeroGrad resets them; intermediates restart", () => {
    const x = new Value(1.5, "x");
    const y = new Value(-2, "y");
    const h = x.mul(y).tanh(); // an intermediate used twice
    const out = h.mul(h).add(h.mul(x));
    out.backward();
    const once = [x.grad, y.grad, h.grad];
    out.backward();
    // twice the contributions, summed in a different order: equal up to rounding
    assertClose(x.grad, 2 * (once[0] as number), { rtol: 1e-15, atol: 0 }, "x accumulates");
    assertClose(y.grad, 2 * (once[1] as number), { rtol: 1e-15, atol: 0 }, "y accumulates");
    assert.equal(h.grad, once[2], "an intermediate's grad is recomputed, not accumulated");
    zeroGrad([x, y]);
    out.backward();
    assert.deepEqual([x.grad, y.grad, h.grad], once);
    const t = Math.tanh(1.5 * -2);
    const dh = 2 * t + 1.5; // d(h² + h x)/dh
    assertClose(y.grad, dh * (1 - t * t) * 1.5, { rtol: 1e-12, atol: 0 }, "∂out/∂y by hand");
    assertClose(x.grad, dh * (1 - t * t) * -2 + t, { rtol: 1e-12, atol: 0 }, "∂out/∂x by hand");
  });

  it("handles a graph 50 000 operations deep (no recursion)", () => {
    const xs = toValues(Array.from({ length: 25000 }, (_, i) => i / 25000));
    const total = sum(xs.map((x) => x.mul(x)));
    total.backward();
    xs.forEach((x) => assert.equal(x.grad, 2 * x.data));
    assert.equal(topologicalOrder(total).length, 25000 + 25000 + 24999);
  });

  it("sorts the graph so that every node comes after its children, each node once", () => {
    const [x, y] = toValues([0.3, 0.9]) as [Value, Value];
    const z = x.mul(y).add(x.exp()).mul(y.add(x));
    const order = topologicalOrder(z);
    assert.equal(new Set(order).size, order.length);
    const position = new Map(order.map((v, i) => [v, i]));
    for (const v of order) for (const c of v.children) assert.ok((position.get(c) as number) < (position.get(v) as number));
    assert.equal(order[order.length - 1], z);
  });

  it("evaluates the same function with plain numbers, dual numbers and Values", () => {
    const f: ScalarFn = (v) => {
      const [x, y] = xy(v);
      return x.mul(y).add(x.exp());
    };
    assert.equal(f([new Real(0.5), new Real(2)]).data, 0.5 * 2 + Math.exp(0.5));
    const d = f([new Dual(0.5, 1), new Dual(2, 0)]);
    assert.equal(d.value, 0.5 * 2 + Math.exp(0.5));
    assert.equal(d.derivative, 2 + Math.exp(0.5));
    const v = toValues([0.5, 2]);
    f(v).backward();
    assert.equal(v[0]?.grad, 2 + Math.exp(0.5));
    assert.equal(evaluate(f, [0.5, 2]), 0.5 * 2 + Math.exp(0.5));
  });

  it("names bad input", () => {
    assert.throws(() => grad((v) => first(v).log())([-1]), {
      message: "f(x) is NaN at x = [-1]: the function is not defined (or overflows) there",
    });
    assert.throws(() => grad((v) => first(v).exp())([]), { message: "x must be a non-empty array of numbers; got 0 values" });
    assert.throws(() => grad((v) => first(v).exp())([1, NaN]), { message: "x[1] must be a finite number; got NaN" });
    assert.throws(() => jvp((v) => first(v), [1, 2], [1]), { message: "v must have 2 numbers; got 1 values" });
    assert.throws(() => grad((x) => x as never)([1]), {
      message: "valueAndGrad: f must return one Scalar (a function R^n -> R); got an array",
    });
    assert.throws(() => sum([]), { message: "sum: terms must contain at least one value" });
  });
});

describe("autodiff/nn: a ScalarMLP on the scalar engine", () => {
  it("has micrograd's 337 parameters for 2-16-16-1 and the same seed gives the same weights", () => {
    const a = new ScalarMLP(2, [16, 16, 1], createRng(1337));
    const b = new ScalarMLP(2, [16, 16, 1], createRng(1337));
    assert.equal(a.parameters().length, 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
    assert.deepEqual(
      a.parameters().map((p) => p.data),
      b.parameters().map((p) => p.data),
    );
    assert.ok(a.parameters().every((p) => p.data >= -1 && p.data < 1));
  });

  for (const activation of ["relu", "tanh", "sigmoid"] as const) {
    it(`loss and every weight gradient match the same ${activation} network in tfjs`, () => {
      const model = new ScalarMLP(3, [4, 5, 2], createRng(7), activation);
      const X = [
        [0.5, -1.2, 2],
        [-0.3, 0.8, 0.1],
        [1.1, 0.4, -0.7],
      ];
      const Y = [
        [1, -1],
        [0.5, 0],
        [-1, 2],
      ];
      // mean squared error over samples and outputs
      const terms = X.flatMap((x, i) => model.call(x).map((o, k) => o.sub((Y[i] as number[])[k] as number).pow(2)));
      const loss = sum(terms).mul(1 / terms.length);
      model.zeroGrad();
      loss.backward();

      const before = liveTensors();
      const expected = tf.tidy(() => {
        const weights = model.layers.flatMap((layer) => [
          tf.tensor2d(layer.neurons.map((n) => n.w.map((w) => w.data))).transpose(), // [nin, nout]
          tf.tensor1d(layer.neurons.map((n) => n.b.data)),
        ]);
        const act = { relu: tf.relu, tanh: tf.tanh, sigmoid: tf.sigmoid }[activation];
        const f = (...params: tf.Tensor[]) => {
          let h: tf.Tensor = tf.tensor2d(X);
          model.layers.forEach((_, l) => {
            h = h.matMul(params[2 * l] as tf.Tensor2D).add(params[2 * l + 1] as tf.Tensor);
            if (l < model.layers.length - 1) h = act(h);
          });
          return h.sub(tf.tensor2d(Y)).square().mean() as tf.Scalar;
        };
        const { value, grads } = tf.valueAndGrads(f)(weights);
        return { loss: value.dataSync()[0] as number, grads: grads.map((g) => Array.from(g.dataSync())) };
      });
      assert.equal(liveTensors(), before);
      assertClose(loss.data, expected.loss, TF_TOLERANCE, "loss");
      model.layers.forEach((layer, l) => {
        const dW = expected.grads[2 * l] as number[]; // [nin, nout] row-major
        const db = expected.grads[2 * l + 1] as number[];
        const nout = layer.neurons.length;
        layer.neurons.forEach((n, k) => {
          n.w.forEach((w, i) =>
            assertClose(w.grad, dW[i * nout + k] as number, { rtol: 1e-4, atol: 1e-6 }, `layer ${l} neuron ${k} w${i + 1}`),
          );
          assertClose(n.b.grad, db[k] as number, { rtol: 1e-4, atol: 1e-6 }, `layer ${l} neuron ${k} b`);
        });
      });
    });
  }

  it("names bad sizes and activations", () => {
    const rng = createRng(1);
    assert.throws(() => new Neuron(0, rng), { message: "nin must be an integer >= 1; got 0" });
    assert.throws(() => new Neuron(2, rng, "swish" as never), {
      message: 'activation must be one of relu, tanh, sigmoid, linear; got "swish"',
    });
    assert.throws(() => new Neuron(2, rng).call([1]), { message: "Neuron: expected 2 inputs; got 1" });
    assert.throws(() => new ScalarMLP(2, [], rng), { message: "nouts must list at least one layer size" });
  });
});
