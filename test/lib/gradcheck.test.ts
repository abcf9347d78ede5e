import assert from "node:assert/strict";
import { checkGradient, classifyRelativeError, ExerciseError, gradCheck, GradientCheckError, relativeError } from "../../lib/check";
import { centralGradient } from "../../lib/numeric/numeric";
import { liveTensors, tf } from "../../lib/tf";
import { quietly } from "../support/quietly";

describe("check/gradcheck: relative error on the CS231n scale", () => {
  it("computes max |a - b| / max(|a| + |b|, 1e-8)", () => {
    assert.equal(relativeError(8, 8), 0);
    assert.ok(Math.abs(relativeError([8, 7], [8, 7.7]) - 0.7 / 7.7) < 1e-15);
    assert.equal(relativeError([1e-10], [0]), 1e-10 / 1e-8, "the 1e-8 floor keeps tiny gradients from dividing by ~0");
    assert.equal(relativeError([1, -1], [-1, 1]), 2, "CS231n's scale: |a − b| / max(|a|, |b|)");
  });

  it("classifies on the scale: good <= 1e-7 < ok with kinks <= 1e-4 < suspicious <= 1e-2 < wrong", () => {
    const cases: Array<[number, string]> = [
      [0, "good"],
      [1e-7, "good"],
      [2e-7, "ok with kinks"],
      [1e-4, "ok with kinks"],
      [5e-3, "suspicious"],
      [1e-2, "suspicious"],
      [0.3, "wrong"],
    ];
    for (const [e, verdict] of cases) assert.equal(classifyRelativeError(e), verdict, `${e}`);
    assert.throws(() => classifyRelativeError(NaN), { message: "error must be a number >= 0; got NaN" });
  });

  it("passes an exact gradient against central differences as good", () => {
    const f = (x: number, y: number) => x * x + 3 * x * y + y * y;
    const report = gradCheck([8, 7], centralGradient(f, [1, 2]), { name: "∇(x² + 3xy + y²)" });
    assert.equal(report.verdict, "good");
    assert.equal(report.passed, true);
    assert.ok(report.relativeError < 1e-9);
  });

  it("rates a float32 tfjs gradient against float64 differences, and fails it only when asked for 'good'", () => {
    const before = liveTensors();
    const viaTf = tf.tidy(() =>
      tf
        .grads((x: tf.Tensor, y: tf.Tensor) => x.sin().mul(y.exp()))([tf.scalar(0.7), tf.scalar(1.3)])
        .map((t) => t.dataSync()[0] as number),
    );
    assert.equal(liveTensors(), before);
    const numeric = centralGradient((x, y) => Math.sin(x) * Math.exp(y), [0.7, 1.3]);
    const report = gradCheck(viaTf, numeric, { require: "ok with kinks" });
    assert.ok(report.relativeError > 1e-10 && report.relativeError < 1e-4, `${report.relativeError}`);
  });

  it("throws a GradientCheckError naming the worst component for a wrong gradient", () => {
    assert.throws(
      () => gradCheck([8, 6], [8, 7], { name: "grad" }),
      (error: unknown) => {
        assert.ok(error instanceof GradientCheckError);
        assert.equal(
          error.message,
          'grad: relative error 0.143 is "wrong" (required: "good"); worst component 1: analytic 6, numeric 7 (analytic [8, 6], numeric [8, 7])',
        );
        assert.equal(error.report.worst, 1);
        return true;
      },
    );
    const report = gradCheck([8, 6], [8, 7], { throwOnFail: false });
    assert.equal(report.passed, false);
    assert.equal(report.verdict, "wrong");
  });

  it("shows a table when asked", () => {
    const { messages } = quietly(() => gradCheck([8, 7], [8, 7.0000001], { display: true, labels: ["x", "y"] }));
    assert.equal(messages.length, 1);
    assert.match(String(messages[0]?.data["text/plain"]), /^Gradient check: gradient: relative error 1\.43e-8 \(good; required: good\)/);
  });

  it("names bad input", () => {
    assert.throws(() => gradCheck([1, 2], [1]), { message: "gradient: analytic has 2 components but numeric has 1" });
    assert.throws(() => gradCheck([NaN], [1]), { message: "analytic[0] must be a finite number; got NaN" });
    assert.throws(() => gradCheck([1], [1], { require: "great" as "good" }), {
      message: 'require must be one of "good", "ok with kinks", "suspicious", "wrong"; got "great"',
    });
    assert.throws(() => relativeError([], []), { message: "a must be a number or a non-empty array of numbers" });
  });
});

describe("check/checkGradient: the exercise check for gradients", () => {
  const options = {
    f: (x: number, y: number) => x * x * y + Math.sin(y),
    fTf: (x: tf.Scalar, y: tf.Scalar) => x.square().mul(y).add(y.sin()),
    at: [
      [1, 2],
      [-0.5, 0.3],
    ],
  };

  it("passes a right gradient and says so", () => {
    const { logs } = quietly(() => checkGradient("gradF", (x, y) => [2 * x * y, x * x + Math.cos(y)], options));
    assert.deepEqual(logs, ["✓ gradF matches tfjs autograd and central differences at (1, 2), (-0.5, 0.3)"]);
  });

  it("explains a wrong gradient by the entries that are off and how, without the expected values, and gives the hint", () => {
    assert.throws(
      () => quietly(() => checkGradient("gradF", (x, y) => [2 * x * y, x * x], { ...options, hint: "y appears in sin(y) too" })),
      (error: unknown) => {
        assert.ok(error instanceof ExerciseError);
        assert.equal(
          error.message,
          "gradF(1, 2): 1 of 2 entries are off: [1] too large, off by about 70% of the expected size (tolerance rtol 0.0001, atol 1e-5), " +
            "compared with tfjs autograd and central differences.\nHint: y appears in sin(y) too",
        );
        assert.match(error.message, /\nHint: y appears in sin\(y\) too$/);
        return true;
      },
    );
  });

  it("turns 'not implemented' and wrong shapes into friendly messages", () => {
    assert.throws(
      () =>
        checkGradient(
          "gradF",
          () => {
            throw new Error("not implemented");
          },
          options,
        ),
      /gradF is not written yet \(it threw "not implemented"\)/,
    );
    assert.throws(() => checkGradient("gradF", () => [1], options), /^ExerciseError: gradF\(1, 2\) has 1 values; it should have 2/);
    assert.throws(() => checkGradient("gradF", 3 as unknown as () => number[], options), {
      message: "gradF should be a function returning an array of partial derivatives; got number",
    });
  });
});
