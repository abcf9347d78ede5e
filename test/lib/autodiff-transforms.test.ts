// JVP, VJP, Jacobians (forward and reverse), Hessians (reverse-over-reverse) and Hessian-vector
// products, against tfjs (tf.grads, and tf.grads of tf.grads), closed forms in Math and central
// differences.
import assert from "node:assert/strict";
import { tf, liveTensors } from "../../lib/tf";
import { createRng } from "../../lib/random";
import { captureDisplays, type DisplayMessage } from "../../lib/display";
import { centralGradient } from "../../lib/numeric/numeric";
import { CrossCheckReport } from "../../lib/check/crosscheck";
import { ExerciseError } from "../../lib/check/exercise";
import { isClose, type Tolerance } from "../../lib/check/tolerance";
import type { ScalarFn, VectorFn } from "../../lib/autodiff/scalar";
import { grad, hessian, hvp, jacobian, jvp, vjp } from "../../lib/autodiff/transforms";
import { gradientValues } from "../../lib/autodiff/higher";
import { toValues } from "../../lib/autodiff/value";
import { checkHessianMatrix, crossCheckHessian, hessianByDifferences, tfHessian, tfHvp } from "../../lib/autodiff/crosscheck";
import { SECOND_ORDER_UNARY, mathFn, randomExpr, scalarFn, tfFn, type Expr } from "./autodiff-expressions";
import { abc, xy } from "../support/points";

function assertMatrixClose(actual: number[][], expected: number[][], tol: Tolerance, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: rows`);
  actual.forEach((row, i) =>
    row.forEach((v, j) => {
      const e = (expected[i] as number[])[j] as number;
      assert.ok(isClose(v, e, tol), `${what}[${i}][${j}]: got ${v}, expected ${e}`);
    }),
  );
}

const article: ScalarFn = (v) => {
  const [x, y] = xy(v);
  return x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2));
};
const articleTf = (x: tf.Scalar, y: tf.Scalar) => x.square().add(x.mul(y).mul(3)).add(y.square());
const rosenbrock2: ScalarFn = (v) => {
  const [x, y] = xy(v);
  return x
    .neg()
    .add(1)
    .pow(2)
    .add(y.sub(x.pow(2)).pow(2).mul(100));
};
/** Rosenbrock's Hessian by hand: [[1200x² - 400y + 2, -400x], [-400x, 200]]. */
const rosenbrockHessian = (x: number, y: number) => [
  [1200 * x * x - 400 * y + 2, -400 * x],
  [-400 * x, 200],
];

describe("autodiff/transforms: JVP, VJP and Jacobians", () => {
  // f: R^3 -> R^2, f(a, b, c) = (a·b + sin-free tanh(c), exp(a) / (1 + c²))
  const f: VectorFn = (v) => {
    const [a, b, c] = abc(v);
    return [a.mul(b).add(c.tanh()), a.exp().div(c.pow(2).add(1))];
  };
  const fm = [(a: number, b: number, c: number) => a * b + Math.tanh(c), (a: number, _b: number, c: number) => Math.exp(a) / (1 + c * c)];
  const ftf = [
    (a: tf.Scalar, b: tf.Scalar, c: tf.Scalar) => a.mul(b).add(c.tanh()),
    (a: tf.Scalar, b: tf.Scalar, c: tf.Scalar) => a.exp().div(c.square().add(1)).add(b.mul(0)),
  ];
  const x = [0.4, -1.3, 0.8];

  it("forward (n JVPs) and reverse (m VJPs) give the same Jacobian as tfjs and central differences", () => {
    const forward = jacobian(f, x, { mode: "forward" });
    const reverse = jacobian(f, x, { mode: "reverse" });
    const viaTf = tf.tidy(() =>
      ftf.map((fi) =>
        tf
          .grads((...args: tf.Tensor[]) => fi(...(args as [tf.Scalar, tf.Scalar, tf.Scalar])))(x.map((v) => tf.scalar(v)))
          .map((g) => g.dataSync()[0] as number),
      ),
    );
    const viaFd = fm.map((fi) => centralGradient((...v) => fi(...(v as [number, number, number])), x));
    assertMatrixClose(forward, reverse, { rtol: 1e-14, atol: 1e-15 }, "forward vs reverse");
    assertMatrixClose(reverse, viaTf, { rtol: 1e-4, atol: 1e-6 }, "reverse vs tfjs");
    assertMatrixClose(reverse, viaFd, { rtol: 1e-7, atol: 1e-9 }, "reverse vs central differences");
  });

  it("jvp gives J·v and the value; vjp's pullback gives uᵀJ for several u from one forward pass", () => {
    const J = jacobian(f, x);
    const v = [1, -2, 0.5];
    const { value, tangent } = jvp(f, x, v);
    assert.deepEqual(
      value,
      fm.map((fi) => fi(...(x as [number, number, number]))),
    );
    tangent.forEach((t, i) =>
      assert.ok(
        isClose(
          t,
          (J[i] as number[]).reduce((s, jij, j) => s + jij * (v[j] as number), 0),
          { rtol: 1e-14, atol: 1e-15 },
        ),
      ),
    );
    const { pullback } = vjp(f, x);
    for (const u of [
      [1, 0],
      [0, 1],
      [2, -3],
    ]) {
      const expected = x.map(
        (_, j) => (u[0] as number) * ((J[0] as number[])[j] as number) + (u[1] as number) * ((J[1] as number[])[j] as number),
      );
      pullback(u).forEach((g, j) => assert.ok(isClose(g, expected[j] as number, { rtol: 1e-14, atol: 1e-15 }), `u = ${u}, j = ${j}`));
    }
    assert.throws(() => pullback([1]), { message: "u must have 2 numbers; got 1 values" });
  });

  it("treats a scalar function as R^n -> R^1", () => {
    assert.deepEqual(jacobian(article, [2, 3]), [[13, 12]]);
    assert.deepEqual(jacobian(article, [2, 3], { mode: "forward" }), [[13, 12]]);
    assert.deepEqual(jvp(article, [2, 3], [1, 0]), { value: [31], tangent: [13] });
    assert.throws(() => jacobian(article, [2, 3], { mode: "sideways" as never }), {
      message: 'mode must be "forward" or "reverse"; got "sideways"',
    });
  });
});

describe("autodiff/transforms: Hessians and Hessian-vector products", () => {
  it("gives the article's Hessian [[2, 3], [3, 2]] for x² + 3xy + y², the same as tfjs grad of grad", () => {
    assert.deepEqual(hessian(article, [2, 3]), [
      [2, 3],
      [3, 2],
    ]);
    const before = liveTensors();
    assert.deepEqual(tfHessian(articleTf, [2, 3]), [
      [2, 3],
      [3, 2],
    ]);
    assert.equal(liveTensors(), before, "tfHessian leaks no tensors");
  });

  it("matches Rosenbrock's Hessian worked by hand, at several points", () => {
    for (const [x, y] of [
      [-1.2, 1],
      [1, 1],
      [0.3, -0.7],
    ] as Array<[number, number]>) {
      assertMatrixClose(hessian(rosenbrock2, [x, y]), rosenbrockHessian(x, y), { rtol: 1e-13, atol: 1e-12 }, `Rosenbrock at (${x}, ${y})`);
    }
  });

  it("agrees with tfjs grad-of-grad and a central difference of the gradient on 25 random expressions", () => {
    const rng = createRng(99);
    for (let trial = 0; trial < 25; trial++) {
      // + (x1 + x2 + x3)³ so every partial derivative depends on every variable (tf.grads throws otherwise)
      const e: Expr = { kind: "binary", op: "add", left: randomExpr(rng, 3, 4, SECOND_ORDER_UNARY), right: randomExpr(rng, 3, 0) };
      const f = scalarFn(e);
      const g: ScalarFn = (x) => f(x).add(x[0]!.add(x[1]!).add(x[2]!).pow(3));
      const gTf = (...x: tf.Scalar[]) => tfFn(e)(...x).add(x[0]!.add(x[1]!).add(x[2]!).pow(tf.scalar(3)));
      const point = [rng.uniform(-1.2, 1.2), rng.uniform(-1.2, 1.2), rng.uniform(-1.2, 1.2)];
      const H = hessian(g, point);
      assertMatrixClose(
        H,
        H.map((_, i) => H.map((row) => row[i] as number)),
        { rtol: 1e-12, atol: 1e-12 },
        `trial ${trial} symmetry`,
      );
      assertMatrixClose(H, tfHessian(gTf, point), { rtol: 2e-4, atol: 2e-4 }, `trial ${trial} vs tfjs`);
      assertMatrixClose(H, hessianByDifferences(g, point), { rtol: 1e-6, atol: 1e-6 }, `trial ${trial} vs c.d. of the gradient`);
      // the gradient itself, as Values, agrees with plain reverse mode
      const xs = toValues(point);
      const gv = gradientValues(g(xs), xs).map((v) => v.data);
      grad(g)(point).forEach((gi, i) => assert.ok(isClose(gi, gv[i] as number, { rtol: 1e-12, atol: 1e-12 })));
      assert.ok(Number.isFinite(mathFn(e)(...point)));
    }
  });

  it("differentiates exp, tanh, sigmoid and relu twice (where tfjs cannot), checked against formulas and differences", () => {
    // f = exp(x)·tanh(y) + sigmoid(x·y) + relu(x + y)²
    const f: ScalarFn = (v) => {
      const [x, y] = xy(v);
      return x.exp().mul(y.tanh()).add(x.mul(y).sigmoid()).add(x.add(y).relu().pow(2));
    };
    const [x, y] = [0.3, 0.8];
    const t = Math.tanh(y);
    const s = 1 / (1 + Math.exp(-x * y));
    const s1 = s * (1 - s);
    const s2 = s1 * (1 - 2 * s); // σ''
    const expected = [
      [Math.exp(x) * t + y * y * s2 + 2, Math.exp(x) * (1 - t * t) + s1 + x * y * s2 + 2],
      [Math.exp(x) * (1 - t * t) + s1 + x * y * s2 + 2, Math.exp(x) * -2 * t * (1 - t * t) + x * x * s2 + 2],
    ];
    assertMatrixClose(hessian(f, [x, y]), expected, { rtol: 1e-12, atol: 1e-12 }, "closed form");
    assertMatrixClose(hessian(f, [x, y]), hessianByDifferences(f, [x, y]), { rtol: 1e-6, atol: 1e-7 }, "c.d. of gradient");
    assert.throws(
      () => tfHessian((a) => a.tanh(), [0.5]),
      /tfjs has no second derivatives through exp, tanh or sigmoid \(tensorflow\/tfjs#3252\)/,
    );
  });

  it("hvp(v) equals H·v, tfjs's Hessian-vector product and a difference of gradients along v", () => {
    const point = [-0.8, 1.1];
    const H = rosenbrockHessian(-0.8, 1.1);
    const g = grad(rosenbrock2);
    for (const v of [
      [1, 0],
      [0.3, -2],
    ]) {
      const expected = H.map((row) => row[0]! * v[0]! + row[1]! * v[1]!);
      const ours = hvp(rosenbrock2, point, v);
      ours.forEach((h, i) => assert.ok(isClose(h, expected[i] as number, { rtol: 1e-13, atol: 1e-12 }), `hvp[${i}]`));
      const viaTf = tfHvp((a, b) => tf.scalar(1).sub(a).square().add(b.sub(a.square()).square().mul(100)), point, v);
      ours.forEach((h, i) => assert.ok(isClose(h, viaTf[i] as number, { rtol: 1e-4, atol: 1e-3 }), `tfjs hvp[${i}]: ${viaTf[i]} vs ${h}`));
      const eps = 1e-6;
      const gp = g(point.map((p, i) => p + eps * v[i]!));
      const gm = g(point.map((p, i) => p - eps * v[i]!));
      ours.forEach((h, i) => assert.ok(isClose(h, (gp[i]! - gm[i]!) / (2 * eps), { rtol: 1e-6, atol: 1e-5 })));
    }
    assert.throws(() => hvp(rosenbrock2, point, [1, 2, 3]), { message: "v must have 2 numbers; got 3 values" });
  });

  it("crossCheckHessian shows a table, returns a report and leaks no tensors", () => {
    const messages: DisplayMessage[] = [];
    const restore = captureDisplays((m) => messages.push(m));
    const before = liveTensors();
    let report: CrossCheckReport;
    try {
      report = crossCheckHessian({
        name: "x² + 3xy + y²",
        f: article,
        fTf: articleTf,
        at: [
          [2, 3],
          [-1, 0.5],
        ],
      });
    } finally {
      restore();
    }
    assert.equal(liveTensors(), before);
    assert.equal(report.rows.length, 8);
    assert.ok(report.passed);
    const text = messages[0]?.data["text/plain"] as string;
    assert.match(text, /^Hessian cross-check: x² \+ 3xy \+ y²/);
    assert.match(text, /∂²\/∂x∂y/);
  });

  it("checkHessianMatrix accepts the right matrix and explains a wrong one", () => {
    const log = console.log;
    const lines: string[] = [];
    console.log = (line: string) => lines.push(line);
    try {
      checkHessianMatrix(
        "H",
        () => [
          [2, 3],
          [3, 2],
        ],
        { f: article, fTf: articleTf, at: [2, 3] },
      );
    } finally {
      console.log = log;
    }
    assert.deepEqual(lines, ["✓ H matches tfjs grad-of-grad and reverse-over-reverse at [2, 3]: [[2,3],[3,2]]"]);
    assert.throws(
      () =>
        checkHessianMatrix(
          "H",
          () => [
            [2, 3],
            [3, 1],
          ],
          { f: article, fTf: articleTf, at: [2, 3] },
        ),
      {
        name: "ExerciseError",
        message: "H[1][1] is 1; the Hessian at [2, 3] has 2 there (tfjs grad of grad: 2).",
      },
    );
    assert.throws(() => checkHessianMatrix("H", () => [2, 3], { f: article, fTf: articleTf, at: [2, 3], hint: "one row per variable" }), {
      message: "H should be a 2×2 array of numbers (one row per variable).\nHint: one row per variable",
    });
    assert.throws(
      () =>
        checkHessianMatrix(
          "H",
          () => {
            throw new Error("not implemented");
          },
          { f: article, fTf: articleTf, at: [2, 3] },
        ),
      (e: unknown) => e instanceof ExerciseError && /Replace the `throw` line/.test(e.message),
    );
  });
});
