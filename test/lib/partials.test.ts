import assert from "node:assert/strict";
import { tf, liveTensors } from "../../lib/tf";
import { directionalDerivative, numericHessian, numericJacobian, numericPartial } from "../../lib/numeric/partials";
import { numericGradient } from "../../lib/numeric/numeric";
import { levelCurveChord } from "../../lib/numeric/level-curve";

const f = (x: number, y: number) => x * x + 3 * x * y + y * y;
// a less friendly function for tfjs comparisons
const g = (x: number, y: number, z: number) => Math.sin(x * y) + Math.exp(0.5 * z) * x - y * z * z;
const gTf = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => x.mul(y).sin().add(z.mul(0.5).exp().mul(x)).sub(y.mul(z.square()));

const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

function tfGradient(fn: (...args: tf.Tensor[]) => tf.Tensor, point: number[]): number[] {
  return tf.tidy(() =>
    tf
      .grads(fn)(point.map((v) => tf.scalar(v)))
      .map((t) => t.dataSync()[0] as number),
  );
}

describe("derivatives/partials: numeric partial derivatives, gradient, Jacobian, Hessian", () => {
  it("gives the article's partials of x^2 + 3xy + y^2 at (1, 2): 8 and 7", () => {
    assert.ok(near(numericPartial(f, [1, 2], 0), 2 * 1 + 3 * 2, 1e-9));
    assert.ok(near(numericPartial(f, [1, 2], 1), 3 * 1 + 2 * 2, 1e-9));
    const forward = numericGradient(f, [1, 2], { scheme: "forward" });
    assert.ok(near(forward[0] as number, 8, 1e-6) && near(forward[1] as number, 7, 1e-6), `${forward}`);
  });

  it("matches tfjs autograd on a three-variable function", () => {
    const before = liveTensors();
    for (const p of [
      [0.3, -1.2, 0.8],
      [1.5, 0.4, -0.6],
    ]) {
      const numeric = numericGradient(g, p);
      const viaTf = tfGradient(gTf, p);
      numeric.forEach((v, i) => assert.ok(near(v, viaTf[i] as number, 1e-4), `∂/∂x${i} at ${p}: ${v} vs tfjs ${viaTf[i]}`));
    }
    assert.equal(liveTensors(), before);
  });

  it("gives directional derivatives equal to ∇f · u, largest along the gradient", () => {
    const grad = [8, 7];
    const norm = Math.hypot(8, 7);
    for (const angle of [0, 0.7, 2, 4]) {
      const u = [Math.cos(angle), Math.sin(angle)];
      const expected = grad[0]! * u[0]! + grad[1]! * u[1]!;
      assert.ok(near(directionalDerivative(f, [1, 2], u), expected, 1e-8), `angle ${angle}`);
    }
    assert.ok(near(directionalDerivative(f, [1, 2], [8 / norm, 7 / norm]), norm, 1e-8), "along ∇f the slope is |∇f|");
  });

  it("gives the Jacobian of a vector function, rows = outputs", () => {
    // F(x, y) = [x y, x + y^2, sin(x)]: J = [[y, x], [1, 2y], [cos x, 0]]
    const J = numericJacobian((x, y) => [x * y, x + y * y, Math.sin(x)], [2, 3]);
    const expected = [
      [3, 2],
      [1, 6],
      [Math.cos(2), 0],
    ];
    J.forEach((row, i) => row.forEach((v, j) => assert.ok(near(v, expected[i]![j]!, 1e-8), `J[${i}][${j}] = ${v}`)));
    // and row by row against tfjs: each row is the gradient of one output
    const outputsTf = [
      (x: tf.Tensor, y: tf.Tensor) => x.mul(y),
      (x: tf.Tensor, y: tf.Tensor) => x.add(y.square()),
      (x: tf.Tensor, y: tf.Tensor) => x.sin().add(y.mul(0)),
    ];
    const before = liveTensors();
    outputsTf.forEach((fn, i) => {
      const row = tfGradient(fn, [2, 3]);
      row.forEach((v, j) => assert.ok(near(J[i]![j]!, v, 1e-5), `J[${i}][${j}] = ${J[i]![j]}, tfjs ${v}`));
    });
    assert.equal(liveTensors(), before);
  });

  it("gives the Hessian: constant [[2, 3], [3, 2]] for the article's f, and the second derivatives of g", () => {
    const H = numericHessian(f, [1, 2]);
    [
      [2, 3],
      [3, 2],
    ].forEach((row, i) => row.forEach((v, j) => assert.ok(near(H[i]![j]!, v, 1e-6), `H[${i}][${j}] = ${H[i]![j]}`)));
    // g = sin(xy) + x e^(z/2) - y z^2, second derivatives by hand
    const [x, y, z] = [0.3, -1.2, 0.8];
    const s = Math.sin(x * y);
    const c = Math.cos(x * y);
    const e = Math.exp(z / 2);
    const byHand = [
      [-y * y * s, c - x * y * s, e / 2],
      [c - x * y * s, -x * x * s, -2 * z],
      [e / 2, -2 * z, (x * e) / 4 - 2 * y],
    ];
    const Hg = numericHessian(g, [x, y, z]);
    Hg.forEach((row, i) =>
      row.forEach((v, j) => assert.ok(near(v, byHand[i]![j]!, 1e-6), `H[${i}][${j}] = ${v}, by hand ${byHand[i]![j]}`)),
    );
    assert.deepEqual(Hg[0]![1], Hg[1]![0], "symmetric");
  });

  it("agrees with tfjs differentiating its own gradient (for ops whose gradients tfjs can differentiate)", () => {
    // tfjs 4.22 cannot take second derivatives through exp, sigmoid or tanh (their gradients reuse
    // the saved output), so this witness uses sin, powers and products only
    const h = (x: number, y: number, z: number) => Math.sin(x * y) + x ** 3 * z - y * z * z;
    const hTf = (x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => x.mul(y).sin().add(x.pow(3).mul(z)).sub(y.mul(z.square()));
    const p = [0.3, -1.2, 0.8];
    const before = liveTensors();
    const viaTf = tf.tidy(() =>
      p.map((_, i) => {
        // row i: the gradient of ∂h/∂x_i
        const partial = (...args: tf.Tensor[]) => tf.grads(hTf)(args)[i] as tf.Tensor;
        return tf
          .grads(partial)(p.map((v) => tf.scalar(v)))
          .map((t) => t.dataSync()[0] as number);
      }),
    );
    assert.equal(liveTensors(), before);
    const H = numericHessian(h, p);
    H.forEach((row, i) => row.forEach((v, j) => assert.ok(near(v, viaTf[i]![j]!, 1e-4), `H[${i}][${j}] = ${v}, tfjs ${viaTf[i]![j]}`)));
  });

  it("names bad input: arity, dimension, index, direction", () => {
    assert.throws(() => numericGradient(f, [1, 2, 3]), { message: "f takes 2 arguments but point has 3 coordinates" });
    assert.throws(() => numericGradient(f, []), { message: "point must be a non-empty array of numbers; got []" });
    assert.throws(() => numericGradient(f, [1, NaN]), { message: "point[1] must be a finite number; got NaN" });
    assert.throws(() => numericPartial(f, [1, 2], 2), { message: "index must be an integer from 0 to 1 (one per coordinate); got 2" });
    assert.throws(() => directionalDerivative(f, [1, 2], [1]), { message: "direction must have 2 coordinates like point; got 1" });
    assert.throws(() => directionalDerivative(f, [1, 2], [0, 0]), { message: "direction must not be the zero vector" });
    let calls = 0;
    assert.throws(() => numericJacobian((x) => (calls++ === 0 ? [x, x] : [x]), [1]), {
      message: "F returned 2 values at [1] but 1 at [1.00001]",
    });
    assert.throws(() => numericHessian((x) => (x > 1 ? NaN : x), [1]), {
      message: "f([1.0001]) is NaN; a second difference needs finite values",
    });
  });
});

describe("derivatives/level-curve: the level curve found without derivatives", () => {
  it("finds a chord perpendicular to the gradient, more exactly as the circle shrinks", () => {
    const grad = [8, 7];
    const norm = Math.hypot(8, 7);
    let previous = Infinity;
    for (const r of [0.5, 0.1, 0.01, 0.001]) {
      const { points, direction } = levelCurveChord(f, [1, 2], r);
      // both points are on the level f = 11 and on the circle
      for (const q of points) {
        assert.ok(Math.abs(f(q[0], q[1]) - 11) < 1e-9, `f = ${f(q[0], q[1])}`);
        assert.ok(Math.abs(Math.hypot(q[0] - 1, q[1] - 2) - r) < 1e-12);
      }
      const cos = Math.abs(direction[0] * grad[0]! + direction[1] * grad[1]!) / norm;
      assert.ok(cos < previous, `r = ${r}: |cos| ${cos} shrinks`);
      previous = cos;
    }
    assert.ok(previous < 1e-3, `at r = 0.001 the chord is within 0.06° of perpendicular (|cos| = ${previous})`);
  });

  it("says when the circle does not cross the level curve twice", () => {
    // (0, 0) is a saddle of x^2 + 3xy + y^2: four crossings
    assert.throws(() => levelCurveChord(f, [0, 0], 0.1), {
      message:
        "the circle of radius 0.1 around (0, 0) meets the level curve 4 times, not 2: p may be a critical point (zero gradient), or the radius is too large",
    });
    assert.throws(() => levelCurveChord(f, [1, 2], 0), { message: "radius must be a positive finite number such as 0.01; got 0" });
  });
});
