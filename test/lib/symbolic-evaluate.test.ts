import assert from "node:assert/strict";
import { tf, liveTensors } from "../../lib/tf";
import { evaluateExpression, EvaluationError, parse, toFunction, toTf } from "../../lib/derivatives/symbolic";

describe("symbolic/evaluate: computing from the syntax tree", () => {
  it("computes the article's functions at points, as plain Math does", () => {
    assert.equal(evaluateExpression("x^2 + 3xy + y^2", { x: 1, y: 2 }), 1 + 6 + 4);
    assert.equal(evaluateExpression("(x^2 + 1)^3", { x: 2 }), 125);
    assert.equal(evaluateExpression("2pi", {}), 2 * Math.PI);
    assert.equal(evaluateExpression("e^1", {}), Math.E);
    assert.equal(evaluateExpression("sigmoid(0) + tanh(0) + atan(1)", {}), 0.5 + 0 + Math.PI / 4);
    assert.equal(evaluateExpression("(-2)^3", {}), -8);
  });

  it("names the problem, the subexpression and the point when a value is outside a domain", () => {
    const cases: Array<[string, Record<string, number>, string]> = [
      ["log(x - 3)", { x: 2 }, "log needs a positive argument; got -1 in log(x - 3), at x = 2"],
      ["1/x", { x: 0 }, "division by zero in 1/x, at x = 0"],
      ["sqrt(x) + y", { x: -4, y: 1 }, "sqrt needs a non-negative argument; got -4 in sqrt(x), at x = -4, y = 1"],
      ["x^0.5", { x: -2 }, "a negative base (-2) needs a whole-number exponent; got 0.5 in x^0.5, at x = -2"],
      ["x^-1", { x: 0 }, "zero to a negative power (division by zero) in x^(-1), at x = 0"],
      ["exp(x)", { x: 1000 }, "the value is Infinity in exp(x), at x = 1000"],
    ];
    for (const [source, values, message] of cases) {
      assert.throws(
        () => evaluateExpression(source, values),
        (error: unknown) => error instanceof EvaluationError && error.message === message,
        source,
      );
    }
  });

  it("names missing and non-finite values", () => {
    assert.throws(() => evaluateExpression("x^2 + y", { x: 1 }), { message: "values has no value for y: the expression uses x, y" });
    assert.throws(() => evaluateExpression("x", { x: NaN }), { message: "values.x must be a finite number; got NaN" });
    assert.throws(() => evaluateExpression("x", { x: Infinity }), { message: "values.x must be a finite number; got Infinity" });
  });
});

describe("symbolic/toFunction", () => {
  it("gives an ordinary function of the variables in the order given", () => {
    const f = toFunction("x^2 + 3xy + y^2", ["y", "x"]);
    assert.equal(f(2, 1), 11);
    assert.equal(toFunction("x - y")(5, 2), 3, "default order is alphabetical");
    assert.equal(toFunction("theta^2", ["theta"])(3), 9, "multi-letter names listed in variables are read as one name");
  });

  it("checks arity, missing variables and bad points", () => {
    assert.throws(() => toFunction("x^2 + y", ["x", "y"])(1), { message: "x^2 + y is a function of (x, y): it takes 2 arguments; got 1" });
    assert.throws(() => toFunction("x^2 + y", ["x"]), { message: "the expression uses y, which is not among the variables x" });
    assert.throws(() => toFunction("x^2")(NaN), { message: "argument 1 (x) must be a finite number; got NaN" });
  });

  it("throws outside the domain by default, or gives NaN for plots when asked", () => {
    assert.throws(() => toFunction("log(x)")(-1), EvaluationError);
    assert.ok(Number.isNaN(toFunction("log(x)", ["x"], { outsideDomain: "nan" })(-1)));
    assert.equal(toFunction("log(x)", ["x"], { outsideDomain: "nan" })(1), 0);
  });
});

describe("symbolic/toTf: expressions as tfjs functions", () => {
  it("differentiates with tf.grad / tf.grads to the hand-computed values", () => {
    const before = liveTensors();
    // d/dx (x^2 + 1)^3 = 6x(x^2 + 1)^2 = 300 at x = 2
    const d = tf.tidy(() => tf.grad(toTf("(x^2 + 1)^3"))(tf.scalar(2)).dataSync()[0] as number);
    assert.ok(Math.abs(d - 300) < 300 * 1e-6, `got ${d}`);
    // f(x) = x alone still has a gradient (1)
    assert.equal(
      tf.tidy(() => tf.grad(toTf("x"))(tf.scalar(5)).dataSync()[0]),
      1,
    );
    const g = tf.tidy(() =>
      tf
        .grads(toTf("x^2 + 3xy + y^2"))([tf.scalar(1), tf.scalar(2)])
        .map((t) => t.dataSync()[0]),
    );
    assert.deepEqual(g, [8, 7]);
    assert.equal(liveTensors(), before, "no tensor leaked");
  });

  it("checks its arguments", () => {
    assert.throws(() => toTf("x + y", ["x"]), { message: "the expression uses y, which is not among the variables x" });
    assert.throws(() => tf.tidy(() => toTf("x + y")(tf.scalar(1))), { message: "expected 2 tensor arguments (x, y); got 1" });
  });

  it("keeps source positions out of the way of evaluation", () => {
    assert.equal(evaluateExpression(parse("  x  +  1 "), { x: 1 }), 2);
  });
});
