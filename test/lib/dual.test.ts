import assert from "node:assert/strict";
import { Dual, forwardGrad, forwardGrads, forwardValueAndGrad, dualDerivative } from "../../lib/derivatives/dual";
import { centralDifference } from "../../lib/numeric/numeric";
import { parse } from "../../lib/derivatives/symbolic";
import { tf } from "../../lib/tf";

const close = (a: number, b: number, rtol: number) => Math.abs(a - b) <= rtol * Math.max(1, Math.abs(a), Math.abs(b));

/** tfjs autograd of a one-variable function at x. */
function tfGrad(f: (x: tf.Scalar) => tf.Tensor, x: number): number {
  return tf.tidy(
    () =>
      tf
        .grad((t: tf.Tensor) => f(t as tf.Scalar))(tf.scalar(x))
        .dataSync()[0] as number,
  );
}

describe("dual numbers: forward-mode derivatives", () => {
  // each: the function with Dual methods, in plain Math, with tfjs ops, and its derivative in Math
  const cases: Array<{
    name: string;
    dual: (x: Dual) => Dual;
    math: (x: number) => number;
    tf: (x: tf.Scalar) => tf.Tensor;
    df: (x: number) => number;
  }> = [
    { name: "x^2", dual: (x) => x.mul(x), math: (x) => x * x, tf: (x) => x.square(), df: (x) => 2 * x },
    { name: "1/x", dual: (x) => Dual.constant(1).div(x), math: (x) => 1 / x, tf: (x) => tf.div(1, x), df: (x) => -1 / (x * x) },
    {
      name: "x^3 - 2x",
      dual: (x) => x.pow(3).sub(x.mul(2)),
      math: (x) => x ** 3 - 2 * x,
      tf: (x) => x.pow(3).sub(x.mul(2)),
      df: (x) => 3 * x * x - 2,
    },
    {
      name: "sin(x^2)",
      dual: (x) => x.square().sin(),
      math: (x) => Math.sin(x * x),
      tf: (x) => x.square().sin(),
      df: (x) => 2 * x * Math.cos(x * x),
    },
    {
      name: "exp(-x) cos(x)",
      dual: (x) => x.neg().exp().mul(x.cos()),
      math: (x) => Math.exp(-x) * Math.cos(x),
      tf: (x) => x.neg().exp().mul(x.cos()),
      df: (x) => -Math.exp(-x) * (Math.cos(x) + Math.sin(x)),
    },
    {
      name: "log(x) + sqrt(x)",
      dual: (x) => x.log().add(x.sqrt()),
      math: (x) => Math.log(x) + Math.sqrt(x),
      tf: (x) => x.log().add(x.sqrt()),
      df: (x) => 1 / x + 0.5 / Math.sqrt(x),
    },
    {
      name: "tanh(x) sigmoid(x)",
      dual: (x) => x.tanh().mul(x.sigmoid()),
      math: (x) => Math.tanh(x) / (1 + Math.exp(-x)),
      tf: (x) => x.tanh().mul(x.sigmoid()),
      df: (x) => {
        const s = 1 / (1 + Math.exp(-x));
        return (1 - Math.tanh(x) ** 2) * s + Math.tanh(x) * s * (1 - s);
      },
    },
    {
      name: "tan(x) + atan(x)",
      dual: (x) => x.tan().add(x.atan()),
      math: (x) => Math.tan(x) + Math.atan(x),
      tf: (x) => x.tan().add(x.atan()),
      df: (x) => 1 / Math.cos(x) ** 2 + 1 / (1 + x * x),
    },
    {
      name: "sinh(x) cosh(x)",
      dual: (x) => x.sinh().mul(x.cosh()),
      math: (x) => Math.sinh(x) * Math.cosh(x),
      tf: (x) => x.sinh().mul(x.cosh()),
      df: (x) => Math.cosh(2 * x),
    },
    { name: "x^x", dual: (x) => x.pow(x), math: (x) => x ** x, tf: (x) => x.pow(x), df: (x) => x ** x * (Math.log(x) + 1) },
  ];

  for (const c of cases) {
    it(`d/dx ${c.name}: exact to float64, matching tfjs and a central difference`, () => {
      const df = forwardGrad(c.dual);
      for (const x of [0.4, 1.1, 2.3]) {
        const got = df(x);
        assert.ok(close(got, c.df(x), 1e-13), `${c.name} at ${x}: dual ${got}, formula ${c.df(x)}`);
        assert.ok(close(got, tfGrad(c.tf, x), 1e-4), `${c.name} at ${x}: tfjs ${tfGrad(c.tf, x)}`);
        assert.ok(close(got, centralDifference(c.math, x), 1e-7), `${c.name} at ${x}: central difference`);
      }
    });
  }

  it("gives the value too, and a power rule that works for a negative base", () => {
    assert.deepEqual(forwardValueAndGrad((x) => x.pow(3))(-2), { value: -8, grad: 12 });
    // constant base, constant exponent: derivative 0 even where n x^(n-1) would be infinite
    assert.equal(new Dual(0, 0).pow(0.5).derivative, 0);
  });

  it("gives the gradient [8, 7] of x^2 + 3xy + y^2 at (1, 2), one pass per variable", () => {
    const grad = forwardGrads((x, y) => x.square().add(x.mul(y).mul(3)).add(y.square()));
    assert.deepEqual(grad([1, 2]), [8, 7]);
  });

  it("agrees with the symbolic evaluator through dualDerivative", () => {
    // d/dx (x^2 + 1)^3 at 2: 6·2·25 = 300; value 125
    assert.deepEqual(dualDerivative(parse("(x^2 + 1)^3"), "x", { x: 2 }), { value: 125, derivative: 300 });
    assert.deepEqual(dualDerivative(parse("x^2 + 3xy + y^2"), "y", { x: 1, y: 2 }), { value: 11, derivative: 7 });
  });

  it("names bad input", () => {
    assert.throws(() => forwardGrad((x) => x.square())(NaN), { message: "x must be a finite number; got NaN" });
    assert.throws(() => forwardGrad((x) => x.log())(-1), {
      message: "the function is not differentiable there: value NaN, derivative -1 at x = -1",
    });
    assert.throws(() => forwardGrad(() => "a" as unknown as Dual)(1), {
      message: "the function must return a Dual (or a number); got string",
    });
    assert.throws(() => forwardGrads((x, y) => x.mul(y))([1, 2, 3]), {
      message: "the function takes 2 arguments but the point has 3 coordinates",
    });
    assert.throws(() => forwardGrads((x) => x)([1, Infinity]), { message: "point[1] must be a finite number; got Infinity" });
    assert.throws(() => dualDerivative(parse("x + y"), "x", { x: 1 }), { message: "values.y must be a finite number; got undefined" });
  });

  it("treats a constant result as derivative 0", () => {
    assert.equal(forwardGrad(() => 5)(3), 0);
  });
});
