import assert from "node:assert/strict";
import { tf, liveTensors } from "../../lib/tf";
import { centralDifference } from "../../lib/numeric/numeric";
import { FD_TOLERANCE, TF_TOLERANCE, isClose } from "../../lib/check/tolerance";
import { gelu, identity, leakyRelu, relu, sigmoid, softplus, tanh, type ActivationFn } from "../../lib/nn/activations";
import { erf, erfc, normalCdf } from "../../lib/util/special";

function tfDerivative(fn: ActivationFn, x: number): number {
  return tf.tidy(
    () =>
      tf
        .grad((t: tf.Tensor) => fn.fTf(t))(tf.scalar(x))
        .dataSync()[0] as number,
  );
}

function tfValue(fn: ActivationFn, x: number): number {
  return tf.tidy(() => fn.fTf(tf.scalar(x)).dataSync()[0] as number);
}

const SMOOTH: ActivationFn[] = [sigmoid, tanh, softplus, gelu, identity];
const POINTS = [-6, -2.5, -1, -0.3, 0, 0.4, 1, 2.5, 6];

describe("nn/activations: derivatives against tfjs autograd and central differences", () => {
  for (const fn of SMOOTH) {
    it(`${fn.name}: df matches tf.grad and a central difference, including at 0`, () => {
      for (const x of POINTS) {
        const hand = fn.df(x);
        assert.ok(isClose(hand, tfDerivative(fn, x), TF_TOLERANCE), `${fn.name}'(${x}): ${hand} vs tfjs ${tfDerivative(fn, x)}`);
        assert.ok(
          isClose(hand, centralDifference(fn.f, x), FD_TOLERANCE),
          `${fn.name}'(${x}): ${hand} vs c.d. ${centralDifference(fn.f, x)}`,
        );
        assert.ok(isClose(fn.f(x), tfValue(fn, x), TF_TOLERANCE), `${fn.name}(${x}) vs tfjs`);
      }
    });
  }

  for (const fn of [relu, leakyRelu(0.01), leakyRelu(0.2)]) {
    it(`${fn.name}: df matches tf.grad away from the kink and tfjs's convention at 0`, () => {
      for (const x of POINTS.filter((v) => v !== 0)) {
        assert.ok(isClose(fn.df(x), tfDerivative(fn, x), TF_TOLERANCE));
        assert.ok(isClose(fn.df(x), centralDifference(fn.f, x), FD_TOLERANCE));
      }
      // At the kink the derivative does not exist; both tfjs and we take the left slope.
      assert.ok(isClose(fn.df(0), tfDerivative(fn, 0), TF_TOLERANCE), `${fn.name}'(0): ${fn.df(0)} vs tfjs ${tfDerivative(fn, 0)}`);
      const h = 1e-6;
      assert.ok(isClose(fn.df(0), (fn.f(0) - fn.f(-h)) / h, FD_TOLERANCE), "left one-sided difference at 0");
      assert.ok(isClose(1, (fn.f(h) - fn.f(0)) / h, FD_TOLERANCE), "right one-sided difference at 0 is 1");
    });
  }

  it("uses the article's values: σ'(0) = 0.25, tanh'(0) = 1, ReLU'(2) = 1, LeakyReLU'(-2) = 0.01", () => {
    assert.equal(sigmoid.df(0), 0.25);
    assert.equal(tanh.df(0), 1);
    assert.equal(relu.df(2), 1);
    assert.equal(relu.df(-2), 0);
    assert.equal(leakyRelu().df(-2), 0.01);
    assert.equal(leakyRelu().f(-2), -0.02);
  });

  it("satisfies the identities σ' = σ(1 - σ), tanh' = 1 - tanh², softplus' = σ", () => {
    for (const x of POINTS) {
      const s = 1 / (1 + Math.exp(-x));
      assert.ok(isClose(sigmoid.df(x), s * (1 - s), { rtol: 1e-12, atol: 1e-15 }));
      assert.ok(isClose(tanh.df(x), 1 - Math.tanh(x) ** 2, { rtol: 1e-12, atol: 1e-15 }));
      assert.ok(isClose(softplus.df(x), s, { rtol: 1e-12, atol: 1e-15 }));
    }
  });

  it("stays accurate in saturation, where σ(1 - σ) and 1 - tanh² round to 0", () => {
    for (const x of [20, 40, 300, -20, -40, -300]) {
      // Exact closed forms: σ'(x) = e^{-|x|} / (1 + e^{-|x|})², tanh'(x) = 4e^{-2|x|} / (1 + e^{-2|x|})².
      const e = Math.exp(-Math.abs(x));
      assert.ok(isClose(sigmoid.df(x), e / (1 + e) ** 2, { rtol: 1e-12, atol: 0 }), `σ'(${x}) = ${sigmoid.df(x)}`);
      const e2 = Math.exp(-2 * Math.abs(x));
      assert.ok(isClose(tanh.df(x), (4 * e2) / (1 + e2) ** 2, { rtol: 1e-12, atol: 0 }), `tanh'(${x})`);
      // ... and agree with tfjs (float32, where they are 0 or tiny) within the absolute tolerance.
      assert.ok(isClose(sigmoid.df(x), tfDerivative(sigmoid, x), TF_TOLERANCE));
      assert.ok(isClose(tanh.df(x), tfDerivative(tanh, x), TF_TOLERANCE));
      assert.ok(Number.isFinite(softplus.f(x)) && Number.isFinite(sigmoid.f(x)));
    }
    assert.ok(sigmoid.df(40) > 0, "σ'(40) is tiny but not 0");
    const s40 = 1 / (1 + Math.exp(-40));
    assert.equal(s40 * (1 - s40), 0, "the naive product does round to 0 at 40 (why lib avoids it)");
    assert.equal(softplus.f(800), 800);
    assert.equal(sigmoid.f(-800), 0);
  });

  it("leaves no tensors behind", () => {
    const before = liveTensors();
    for (const fn of [...SMOOTH, relu]) tfDerivative(fn, 0.5);
    assert.equal(liveTensors(), before);
  });

  it("rejects a bad leaky slope", () => {
    assert.throws(() => leakyRelu(-0.1), { message: "leakyRelu: alpha must be a number in [0, 1); got -0.1" });
  });
});

describe("util/special: erf", () => {
  // Reference values of erf and erfc (Abramowitz & Stegun, table 7.1, and high-precision tables).
  const table: Array<[number, number]> = [
    [0, 0],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [2.5, 0.999593047982555],
    [3, 0.9999779095030014],
  ];
  it("matches tabulated values to 1e-15 and is odd", () => {
    for (const [x, v] of table) {
      assert.ok(Math.abs(erf(x) - v) <= 1e-15, `erf(${x}) = ${erf(x)}, expected ${v}`);
      assert.ok(Math.abs(erf(-x) + v) <= 1e-15);
    }
  });
  it("keeps relative precision in the tail through erfc", () => {
    assert.ok(isClose(erfc(3), 2.209049699858544e-5, { rtol: 1e-13, atol: 0 }));
    assert.ok(isClose(erfc(5), 1.5374597944280349e-12, { rtol: 1e-13, atol: 0 }));
    assert.ok(isClose(normalCdf(-10), 7.61985302416047e-24, { rtol: 1e-12, atol: 0 }));
    assert.equal(normalCdf(0), 0.5);
  });
  it("has derivative 2/√π e^{-x²} (central difference)", () => {
    for (const x of [-2.6, -1, 0, 0.7, 2.49, 2.51, 3.2]) {
      assert.ok(isClose(centralDifference(erf, x), (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x), FD_TOLERANCE), `at ${x}`);
    }
  });
});
