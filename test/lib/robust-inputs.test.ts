// Boundaries of the engines and optimizers: derivatives that are defined must not come out NaN,
// and bad input must be refused with a message that names the caller's argument.
import assert from "node:assert/strict";
import { Value } from "../../lib/autodiff/value";
import { gradientValues } from "../../lib/autodiff/higher";
import { grad, hessian } from "../../lib/autodiff/transforms";
import { Dual } from "../../lib/derivatives/dual/dual";
import { dualDerivative } from "../../lib/derivatives/dual/expression";
import { parse } from "../../lib/derivatives/symbolic/parse";
import { centralGradient, numericGradient } from "../../lib/numeric/numeric";
import { adagrad, adam, momentum, rmsprop, sgd } from "../../lib/optim";
import type { Optimizer } from "../../lib/optim/optimizer";
import { param } from "../../lib/util/params";
import { NonFiniteError } from "../../lib/util/errors";
import { fill, fromValues, zeros } from "../../lib/tape/tensor";

describe("the power rule at x = 0", () => {
  it("x^0 has derivative 0 everywhere, 0 included (reverse mode, first order)", () => {
    assert.deepEqual(grad(([x]) => x!.pow(0).add(x!))([0]), [1]);
  });

  it("x^1 has second derivative 0 at 0 (reverse over reverse)", () => {
    assert.deepEqual(
      hessian(([x]) => x!.pow(1), [0]),
      [[0]],
    );
    assert.deepEqual(
      hessian(([x]) => x!.pow(0).mul(x!), [0]),
      [[0]],
    );
  });

  it("the first- and higher-order rules agree on powers (one rule table)", () => {
    for (const k of [0, 1, 2, 3, -1, 0.5]) {
      const x = new Value(1.7, "x");
      const y = x.pow(k).mul(x.pow(2));
      y.backward();
      const [g] = gradientValues(y, [x]);
      assert.ok(Math.abs(g!.data - x.grad) <= 1e-12 * Math.abs(x.grad), `k = ${k}: ${g!.data} vs ${x.grad}`);
    }
  });

  it("dual numbers: x^0 has derivative 0 at 0", () => {
    assert.equal(Dual.variable(0).pow(0).derivative, 0);
    assert.deepEqual(dualDerivative(parse("x^0"), "x", { x: 0 }), { value: 1, derivative: 0 });
    assert.equal(Dual.variable(0).pow(1).derivative, 1);
  });

  it("Value.pow refuses a Value exponent instead of returning NaN", () => {
    const x = new Value(2, "x");
    assert.throws(() => x.pow(new Value(3) as unknown as number), {
      name: "TypeError",
      message:
        "Value.pow: the exponent k must be a finite number; got a Value. For a varying exponent y write y.mul(x.log()).exp() (x > 0).",
    });
    assert.throws(() => x.pow(Number.NaN), /the exponent k must be a finite number; got NaN/);
  });
});

describe("optimizers refuse non-finite gradients", () => {
  const makers: Array<[string, () => Optimizer]> = [
    ["sgd", () => sgd({ learningRate: 0.1 })],
    ["momentum", () => momentum({ learningRate: 0.1 })],
    ["adagrad", () => adagrad({ learningRate: 0.1 })],
    ["rmsprop", () => rmsprop({ learningRate: 0.1 })],
    ["adam", () => adam({ learningRate: 0.1 })],
  ];
  for (const [name, make] of makers) {
    for (const bad of [Number.NaN, Infinity]) {
      it(`${name} throws on a gradient of ${bad}, naming the parameter, and changes nothing`, () => {
        const w = param("layer1.W", [2], [1, 2]);
        const b = param("layer1.b", [1], [3]);
        w.grad.set([0.5, 0.5]);
        b.grad.set([bad]);
        const optimizer = make();
        assert.throws(
          () => optimizer.step([w, b]),
          (e: unknown) =>
            e instanceof NonFiniteError &&
            e.source === `${name}.step` &&
            e.message ===
              `${name}.step: the gradient of "layer1.b" is ${bad} at index 0; no parameter was changed (clip the gradients or lower the learning rate)`,
        );
        assert.deepEqual([...w.value, ...b.value], [1, 2, 3]);
        assert.equal(optimizer.iterations, 0);
      });
    }
  }
});

describe("tensor construction refuses bad input", () => {
  it("ragged nested arrays", () => {
    assert.throws(() => fromValues([[1, 2], [3, 4, 5], [6]]), {
      name: "RangeError",
      message: "fromValues: ragged nested arrays: values[1] has 3 entries where 2 were expected (every row needs the same length)",
    });
    assert.throws(() => fromValues([[1, 2], 3] as never), /values\[1\] has number where 2 were expected/);
  });

  it("non-numbers", () => {
    assert.throws(() => fromValues(["1", "2"] as never), { name: "TypeError", message: 'fromValues: values[0] must be a number; got "1"' });
    assert.throws(() => fromValues([[1], [null]] as never), { message: "fromValues: values[1][0] must be a number; got null" });
  });

  it("negative or fractional sizes", () => {
    assert.throws(() => zeros([-1]), { message: "zeros: shape must be a list of positive integers such as [2, 3]; got [-1]" });
    assert.throws(() => fill([1.5], 0), { message: "fill: shape must be a list of positive integers such as [2, 3]; got [1.5]" });
    assert.throws(() => fill([2], Number.NaN), { message: "fill: value must be a finite number; got NaN" });
  });

  it("still builds regular nested arrays", () => {
    const t = fromValues([
      [1, 2],
      [3, 4],
    ]);
    assert.deepEqual(t.shape, [2, 2]);
    assert.deepEqual([...t.data], [1, 2, 3, 4]);
  });
});

describe("centralGradient has numericGradient's checks (one implementation)", () => {
  const f = (x: number, y: number) => x * x + 3 * x * y + y * y;
  it("gives the same numbers", () => {
    assert.deepEqual(centralGradient(f, [1, 2]), numericGradient(f, [1, 2]));
    assert.deepEqual(centralGradient(f, [1, 2], 1e-3), numericGradient(f, [1, 2], { h: 1e-3 }));
  });
  it("refuses an empty point, an arity mismatch, a non-function and non-finite values", () => {
    assert.throws(() => centralGradient(f, []), { message: "point must be a non-empty array of numbers; got []" });
    assert.throws(() => centralGradient(f, [1, 2, 3]), { message: "f takes 2 arguments but point has 3 coordinates" });
    assert.throws(() => centralGradient(42 as never, [1]), {
      message: "f must be a function (...coordinates: number[]) => number; got number",
    });
    assert.throws(() => centralGradient((x: number) => Math.log(x), [0]), /a difference quotient needs finite values/);
  });
});
