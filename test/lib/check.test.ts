import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  checkAllClose,
  checkClose,
  checkDerivative,
  crossCheck,
  CrossCheckError,
  crossCheckGradient,
  ExerciseError,
  isClose,
} from "../../lib/check";
import { liveTensors } from "../../lib/tf";
import { quietly } from "../support/quietly";

describe("check/crossCheck", () => {
  it("passes a correct derivative and shows one row per point", () => {
    const before = liveTensors();
    const { value, messages } = quietly(() =>
      crossCheck({ name: "x^2", f: (x) => x * x, df: (x) => 2 * x, fTf: (x) => x.square(), at: [-3, 0, 2] }),
    );
    assert.equal(value.passed, true);
    assert.deepEqual(
      value.rows.map((r) => r.tfjs),
      [-6, 0, 4],
    );
    assert.equal(messages.length, 1);
    assert.match(String(messages[0]?.data["text/plain"]), /Cross-check: x\^2/);
    assert.equal(liveTensors(), before, "no tensor leaked");
    assert.match(
      inspect(value),
      /^✓ x\^2: 3 of 3 values agree with tfjs \(\w+\) and a central difference \(at most [\d.e-]+% of the tolerance used\)$/,
    );
  });

  it("throws a CrossCheckError naming the point when the hand-written derivative is wrong", () => {
    const run = () => quietly(() => crossCheck({ name: "x^3", f: (x) => x ** 3, df: (x) => 2 * x ** 2, fTf: (x) => x.pow(3), at: [1, 2] }));
    assert.throws(run, (error: unknown) => {
      assert.ok(error instanceof CrossCheckError);
      assert.match(error.message, /^x\^3: 2 of 2 values disagree/);
      assert.match(error.message, /derivative at x = 2: hand-written 8, tfjs 12, central difference 12/);
      return true;
    });
  });

  it("catches a derivative that is off by only 1e-3 relative", () => {
    assert.throws(
      () =>
        quietly(() =>
          crossCheck({ name: "exp", f: Math.exp, df: (x) => Math.exp(x) * 1.001, fTf: (x) => x.exp(), at: [0.5], display: false }),
        ),
      CrossCheckError,
    );
  });

  it("checks gradients of several variables, component by component", () => {
    const { value } = quietly(() =>
      crossCheckGradient({
        name: "x^2 + 3xy + y^2",
        f: (x, y) => x * x + 3 * x * y + y * y,
        grad: (x, y) => [2 * x + 3 * y, 3 * x + 2 * y],
        fTf: (x, y) => x.square().add(x.mul(y).mul(3)).add(y.square()),
        at: [[1, 2]],
      }),
    );
    assert.deepEqual(
      value.rows.map((r) => r.tfjs),
      [8, 7],
    );
  });

  it("rejects malformed points and gradients with the argument named", () => {
    const base = { name: "g", f: (x: number) => x, fTf: (x: import("../../lib/tf").tf.Scalar) => x, display: false as const };
    assert.throws(() => crossCheckGradient({ ...base, grad: () => [1], at: [[1], [1, 2]] }), {
      message: "g: point 1 has 2 coordinates; expected 1",
    });
    assert.throws(() => crossCheckGradient({ ...base, grad: () => [1], at: [[NaN]] }), {
      message: "g: at[0][0] must be a finite number; got NaN",
    });
    assert.throws(() => crossCheckGradient({ ...base, grad: () => [1, 2], at: [[1]] }), {
      message: "g: grad returned 2 values at [1]; expected 1",
    });
    assert.throws(() => crossCheckGradient({ ...base, grad: () => [1], at: [] }), { message: "g: at must list at least one point" });
  });
});

describe("check/exercise", () => {
  const cube = { f: (x: number) => x ** 3, fTf: (x: import("../../lib/tf").tf.Scalar) => x.pow(3), at: [-2, 0, 1.5], hint: "power rule" };

  it("accepts a right answer and says what was verified", () => {
    const { logs } = quietly(() => checkDerivative("cubeDerivative", (x) => 3 * x * x, cube));
    assert.deepEqual(logs, ["✓ cubeDerivative matches tfjs autograd and a central difference at x = -2, 0, 1.5"]);
  });

  it("explains a wrong answer by its direction and size, without the expected value, and gives the hint", () => {
    assert.throws(
      () => quietly(() => checkDerivative("cubeDerivative", (x) => 2 * x, cube)),
      (error: unknown) => {
        assert.ok(error instanceof ExerciseError);
        assert.match(error.message, /^cubeDerivative\(-2\) returned -4: has the wrong sign \(compared with tfjs autograd/);
        assert.doesNotMatch(error.message, /12/, "the expected derivative 3·(-2)² = 12 is not shown");
        assert.match(error.message, /\nHint: power rule$/);
        return true;
      },
    );
  });

  it("turns the not-implemented stub into the one friendly message", () => {
    const stub = () => {
      throw new Error("not implemented");
    };
    assert.throws(() => checkDerivative("cubeDerivative", stub, cube), {
      message:
        'cubeDerivative is not written yet (it threw "not implemented"). Replace the `throw` line in the exercise cell with your code, run that cell, then this one.',
    });
  });

  it("refuses an empty list of points instead of passing anything", () => {
    assert.throws(
      () => checkDerivative("cubeDerivative", (x) => 3 * x * x, { ...cube, at: [] }),
      /checkDerivative: options.at must list at least one point/,
    );
  });

  it("checks numbers and vectors, saying what is off and how, not the expected values", () => {
    quietly(() => checkClose("f(2)", 4, 4));
    assert.throws(() => checkClose("f(2)", "4", 4), { message: "f(2) is string 4, not a number (tolerance rtol 1e-9, atol 1e-12)." });
    assert.throws(() => checkClose("iterationsNeeded", 10, 35), {
      message: "iterationsNeeded is 10: too small, off by about 70% of the expected size (tolerance rtol 1e-9, atol 1e-12).",
    });
    quietly(() => checkAllClose("grad", new Float64Array([8, 7]), [8, 7]));
    assert.throws(() => checkAllClose("grad", [8, 6], [8, 7], { hint: "∂f/∂y = 3x + 2y" }), {
      message:
        "grad: 1 of 2 entries are off: [1] too small, off by about 10% of the expected size (tolerance rtol 1e-9, atol 1e-12).\nHint: ∂f/∂y = 3x + 2y",
    });
    assert.throws(() => checkAllClose("grad", [8], [8, 7]), {
      message: "grad has 1 values; it should have 2 (tolerance rtol 1e-9, atol 1e-12).",
    });
  });

  it("isClose treats non-finite values as never close", () => {
    assert.equal(isClose(NaN, NaN, { rtol: 1, atol: 1 }), false);
    assert.equal(isClose(Infinity, Infinity, { rtol: 1, atol: 1 }), false);
  });
});

describe("check/crossCheck: tiny gradients", () => {
  it("accepts a correct slope that is below the central difference's round-off resolution", () => {
    // 20 stacked sigmoids: the slope at 0 is about 1e-13, while a central difference with
    // h = 1e-5 is only good to about 1e-11 here; tfjs still has to agree to rtol 1e-4 (absolute 1e-5).
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    const f = (x: number) => Array.from({ length: 20 }).reduce<number>((v) => sigmoid(v), x);
    const df = (x: number) => {
      let v = x;
      let slope = 1;
      for (let k = 0; k < 20; k++) {
        const s = sigmoid(v);
        slope *= s * (1 - s);
        v = s;
      }
      return slope;
    };
    const { value } = quietly(() =>
      crossCheck({
        name: "stack",
        f,
        df,
        fTf: (x) => Array.from({ length: 20 }).reduce<import("../../lib/tf").tf.Tensor>((v) => v.sigmoid(), x),
        at: [0],
        display: false,
      }),
    );
    assert.equal(value.passed, true);
    assert.ok(Math.abs(value.rows[0]!.handWritten) < 1e-12);
  });

  it("still rejects a wrong slope that is large enough to resolve", () => {
    assert.throws(
      () =>
        quietly(() =>
          crossCheck({ name: "x^2", f: (x) => x * x, df: (x) => 2 * x + 1e-6, fTf: (x) => x.square(), at: [1e-3], display: false }),
        ),
      CrossCheckError,
    );
  });
});
