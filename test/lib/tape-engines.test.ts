// The tensor engine (lib/tape) against the other engines: the scalar reverse-mode Value engine and
// tfjs autograd on random expressions; tfjs grad-of-grad, closed forms and differences of
// gradients for second derivatives; lib/nn's hand-written backward passes and tfjs on random
// networks; and training steps with either engine.
import assert from "node:assert/strict";
import { tf, liveTensors } from "../../lib/tf";
import { createRng } from "../../lib/random";
import { isClose, type Tolerance } from "../../lib/check/tolerance";
import { centralGradient } from "../../lib/numeric/numeric";
import * as tape from "../../lib/api/tape";
import { Tensor } from "../../lib/tape";
import type { Scalar } from "../../lib/autodiff/scalar";
import { grad as valueGrad, hessian as valueHessian } from "../../lib/autodiff/transforms";
import { tfHessian } from "../../lib/autodiff/crosscheck";
import { Matrix } from "../../lib/util/matrix";
import { mlp, backprop } from "../../lib/nn/mlp";
import { ACTIVATIONS, leakyRelu, sigmoid, tanh, relu, type ActivationFn } from "../../lib/nn/activations";
import { binaryCrossEntropyWithLogits, mse, softmaxCrossEntropy, binaryCrossEntropy, type Loss } from "../../lib/nn/losses";
import { tfLossAndGradients } from "../../lib/nn/reference";
import { makeMoons } from "../../lib/nn/datasets";
import { BatchNorm } from "../../lib/nn/batchnorm";
import { leafLayers } from "../../lib/nn/layer";
import { DivergenceError } from "../../lib/util/errors";
import { crossCheckLayer, crossCheckModel, type GradientCheckReport } from "../../lib/nn/check";
import { GradientCheckError } from "../../lib/check/gradcheck";
import { Dense } from "../../lib/nn/dense";
import { heNormal, normalInit } from "../../lib/nn/init";
import { adam } from "../../lib/optim/adam";
import { sgd } from "../../lib/optim/sgd";
import { SECOND_ORDER_UNARY, mathFn, nearKink, randomExpr, scalarFn, tfFn } from "./autodiff-expressions";

/** The Scalar interface over tape tensors, so the random expressions run on the tensor engine, entry by entry. */
class TensorScalar implements Scalar<TensorScalar> {
  constructor(readonly t: Tensor) {}
  private static of(o: TensorScalar | number): Tensor | number {
    return o instanceof TensorScalar ? o.t : o;
  }
  add(o: TensorScalar | number) {
    return new TensorScalar(tape.add(this.t, TensorScalar.of(o)));
  }
  sub(o: TensorScalar | number) {
    return new TensorScalar(tape.sub(this.t, TensorScalar.of(o)));
  }
  mul(o: TensorScalar | number) {
    return new TensorScalar(tape.mul(this.t, TensorScalar.of(o)));
  }
  div(o: TensorScalar | number) {
    return new TensorScalar(tape.div(this.t, TensorScalar.of(o)));
  }
  pow(k: number) {
    return new TensorScalar(tape.pow(this.t, k));
  }
  neg() {
    return new TensorScalar(tape.neg(this.t));
  }
  exp() {
    return new TensorScalar(tape.exp(this.t));
  }
  log() {
    return new TensorScalar(tape.log(this.t));
  }
  tanh() {
    return new TensorScalar(tape.tanh(this.t));
  }
  relu() {
    return new TensorScalar(tape.relu(this.t));
  }
  sigmoid() {
    return new TensorScalar(tape.sigmoid(this.t));
  }
}

function assertClose(actual: number, expected: number, tol: Tolerance, what: string): void {
  assert.ok(isClose(actual, expected, tol), `${what}: got ${actual}, expected ${expected}`);
}

describe("tape against the Value engine, tfjs and central differences on random expressions", () => {
  it("gives the same gradients at 6 points at once (one tensor entry per point) on 40 random expressions", () => {
    const rng = createRng(314);
    const points = 6;
    let compared = 0;
    for (let trial = 0; trial < 40; trial++) {
      const e = randomExpr(rng, 3, 4);
      const columns = Array.from({ length: 3 }, () => Array.from({ length: points }, () => rng.uniform(-1.5, 1.5)));
      const xs = columns.map((c) => tape.fromValues(c));
      // Σ over the points: the gradient's entry k is ∂e/∂x_i at point k
      const f = (...ts: Tensor[]) => tape.sum(scalarFn(e)(ts.map((t) => new TensorScalar(t))).t);
      const { value, grads } = tape.valueAndGrads(f)(xs);
      const viaTf = tf.tidy(() => {
        const g = (...args: tf.Tensor[]) => args.reduce((acc, a) => acc.add(a.mul(0).sum()), tfFn(e)(...(args as tf.Scalar[])).sum());
        return tf
          .grads(g)(columns.map((c) => tf.tensor1d(c)))
          .map((t) => Array.from(t.dataSync()));
      });
      let total = 0;
      for (let k = 0; k < points; k++) {
        const point = columns.map((c) => c[k]!);
        total += mathFn(e)(...point);
        const byValue = valueGrad(scalarFn(e))(point);
        const kink = nearKink(e, point);
        const fd = centralGradient(mathFn(e), point);
        for (let i = 0; i < 3; i++) {
          const g = grads[i]!.data[k]!;
          assertClose(g, byValue[i]!, { rtol: 1e-10, atol: 1e-12 }, `trial ${trial} point ${k} ∂/∂x${i} vs the Value engine`);
          assertClose(g, viaTf[i]![k]!, { rtol: 2e-3, atol: 2e-4 }, `trial ${trial} point ${k} ∂/∂x${i} vs tfjs`);
          if (!kink) assertClose(g, fd[i]!, { rtol: 1e-5, atol: 1e-6 }, `trial ${trial} point ${k} ∂/∂x${i} vs central difference`);
          compared++;
        }
      }
      assertClose(value.item(), total, { rtol: 1e-12, atol: 1e-12 }, `trial ${trial} value`);
    }
    assert.equal(compared, 40 * 6 * 3);
  });
});

/** H[i][j] = ∂/∂x_j (∂f/∂x_i) by the tape's grad of grad, at scalar inputs. */
function tapeHessian(f: (...x: Tensor[]) => Tensor, point: number[]): number[][] {
  const xs = point.map((v) => tape.scalar(v));
  return point.map((_, i) =>
    tape
      .grads((...args) => tape.grads(f)(args)[i]!)(xs)
      .map((t) => t.item()),
  );
}

describe("tape: second derivatives by differentiating the backward pass", () => {
  it("agrees with tfjs grad-of-grad and the Value engine's Hessian on 20 random expressions (ops tfjs differentiates twice)", () => {
    const rng = createRng(7);
    for (let trial = 0; trial < 20; trial++) {
      // + (x1 + x2 + x3)³ so every second partial is non-trivial (as the Value engine's test does)
      const e = randomExpr(rng, 3, 4, SECOND_ORDER_UNARY);
      const f = (...ts: Tensor[]) =>
        tape.add(scalarFn(e)(ts.map((t) => new TensorScalar(t))).t, tape.pow(tape.add(tape.add(ts[0]!, ts[1]!), ts[2]!), 3));
      const fTf = (...x: tf.Scalar[]) => tfFn(e)(...x).add(x[0]!.add(x[1]!).add(x[2]!).pow(tf.scalar(3)));
      const fValue = <T extends Scalar<T>>(x: T[]) => scalarFn(e)(x).add(x[0]!.add(x[1]!).add(x[2]!).pow(3));
      const point = [rng.uniform(-1.2, 1.2), rng.uniform(-1.2, 1.2), rng.uniform(-1.2, 1.2)];
      const H = tapeHessian(f, point);
      const Htf = tfHessian(fTf, point);
      const Hv = valueHessian(fValue, point);
      H.forEach((row, i) =>
        row.forEach((h, j) => {
          assertClose(h, Hv[i]![j]!, { rtol: 1e-10, atol: 1e-10 }, `trial ${trial} H[${i}][${j}] vs the Value engine`);
          assertClose(h, Htf[i]![j]!, { rtol: 2e-3, atol: 2e-3 }, `trial ${trial} H[${i}][${j}] vs tfjs`);
          assertClose(h, H[j]![i]!, { rtol: 1e-12, atol: 1e-12 }, `trial ${trial} symmetry`);
        }),
      );
    }
  });

  it("gets exp, sigmoid, tanh, softplus, gelu and relu right twice (where tfjs 4.22 is wrong or throws): closed forms and differences", () => {
    const second = (f: (x: Tensor) => Tensor, x: number) =>
      tape
        .grad((t) => tape.grad(f)(t))(tape.scalar(x))
        .item();
    const s = (x: number) => 1 / (1 + Math.exp(-x));
    const phi = (x: number) => Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
    const table: Array<[string, (x: Tensor) => Tensor, (x: number) => number, (x: number) => number]> = [
      // name, op, f', f'' (closed form)
      ["exp", tape.exp, Math.exp, Math.exp],
      ["sigmoid", tape.sigmoid, (x) => s(x) * (1 - s(x)), (x) => s(x) * (1 - s(x)) * (1 - 2 * s(x))],
      ["tanh", tape.tanh, (x) => 1 - Math.tanh(x) ** 2, (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)],
      ["softplus", tape.softplus, s, (x) => s(x) * (1 - s(x))],
      ["gelu", tape.gelu, (x) => 0.5 * (1 + erfApprox(x / Math.SQRT2)) + x * phi(x), (x) => 2 * phi(x) - x * x * phi(x)],
      ["relu", tape.relu, (x) => (x > 0 ? 1 : 0), () => 0],
    ];
    for (const [name, op, d1, d2] of table) {
      for (const x of [-2.3, -0.4, 0.7, 1.9]) {
        const first = (v: number) => tape.grad(op)(tape.scalar(v)).item();
        assertClose(first(x), d1(x), { rtol: 1e-6, atol: 1e-9 }, `${name}' at ${x}`);
        assertClose(second(op, x), d2(x), { rtol: 1e-12, atol: 1e-14 }, `${name}'' at ${x}`);
        const fd = (first(x + 1e-5) - first(x - 1e-5)) / 2e-5;
        assertClose(second(op, x), fd, { rtol: 1e-6, atol: 1e-8 }, `${name}'' at ${x} vs a difference of first derivatives`);
      }
    }
    // the third derivative of the sigmoid, by differentiating three times
    const third = tape
      .grad((a) => tape.grad((b) => tape.grad(tape.sigmoid)(b))(a))(tape.scalar(0.3))
      .item();
    const sv = s(0.3);
    assertClose(third, sv * (1 - sv) * (1 - 6 * sv + 6 * sv * sv), { rtol: 1e-12, atol: 1e-14 }, "σ''' at 0.3");
  });

  it("a Hessian-vector product of a network's loss equals the difference of its gradients along v", () => {
    const rng = createRng(11);
    const X = tape.fromValues(Array.from({ length: 5 }, () => [rng.normal(), rng.normal()]));
    const y = tape.fromValues(Array.from({ length: 5 }, () => [rng.int(0, 1)]));
    const W1 = tape.fromValues(Array.from({ length: 2 }, () => rng.normals(4)));
    const W2 = tape.fromValues(Array.from({ length: 4 }, () => rng.normals(1)));
    const loss = (w1: Tensor, w2: Tensor) => tape.binaryCrossEntropyWithLogits(tape.matMul(tape.tanh(tape.matMul(X, w1)), w2), y);
    const v1 = tape.fromValues(Array.from({ length: 2 }, () => rng.normals(4)));
    const v2 = tape.fromValues(Array.from({ length: 4 }, () => rng.normals(1)));
    // H·v = ∇(∇L · v): one backward pass through the backward pass
    const hv = tape.grads((w1, w2) => {
      const [g1, g2] = tape.grads(loss)([w1, w2]);
      return tape.add(tape.sum(tape.mul(g1!, v1)), tape.sum(tape.mul(g2!, v2)));
    })([W1, W2]);
    const eps = 1e-6;
    const shifted = (sign: number) => tape.grads(loss)([tape.add(W1, tape.mul(v1, sign * eps)), tape.add(W2, tape.mul(v2, sign * eps))]);
    const plus = shifted(1);
    const minus = shifted(-1);
    hv.forEach((h, i) =>
      h.data.forEach((value, k) => {
        const fd = (plus[i]!.data[k]! - minus[i]!.data[k]!) / (2 * eps);
        assertClose(value, fd, { rtol: 1e-5, atol: 1e-7 }, `Hv block ${i} entry ${k}`);
      }),
    );
    assert.equal(tape.tapeLength(), 0);
  });
});

/** erf by its Taylor series (accurate to ~1e-15 for |x| < 2), independent of lib/util/special. */
function erfApprox(x: number): number {
  let term = x;
  let s = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    s += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * s;
}

interface NetCase {
  sizes: number[];
  activation: ActivationFn;
  loss: Loss;
  batchNorm: boolean;
  residual: boolean;
  outputActivation?: ActivationFn;
}

function labelsFor(loss: Loss, rng: ReturnType<typeof createRng>, rows: number, cols: number): Matrix {
  if (loss === softmaxCrossEntropy) {
    return Matrix.from(
      Array.from({ length: rows }, () => {
        const c = rng.int(0, cols - 1);
        return Array.from({ length: cols }, (_, j) => (j === c ? 1 : 0));
      }),
    );
  }
  if (loss === mse) return Matrix.fromFlat(rows, cols, rng.normals(rows * cols));
  return Matrix.fromFlat(
    rows,
    cols,
    Array.from({ length: rows * cols }, () => rng.int(0, 1)),
  );
}

describe("tape on lib/nn networks: the same gradients as the hand-written backward passes and tfjs", () => {
  it("agrees with backprop to float64 precision and with tfjs to float32 tolerance on 24 random networks", () => {
    const rng = createRng(99);
    const activations = Object.values(ACTIVATIONS);
    const losses = [mse, binaryCrossEntropyWithLogits, softmaxCrossEntropy];
    for (let trial = 0; trial < 24; trial++) {
      const loss = losses[trial % 3]!;
      const inputs = rng.int(1, 4);
      const hidden = Array.from({ length: rng.int(1, 3) }, () => rng.int(2, 5));
      const outputs = loss === softmaxCrossEntropy ? rng.int(2, 4) : rng.int(1, 2);
      const c: NetCase = {
        sizes: [inputs, ...hidden, outputs],
        activation: activations[rng.int(0, activations.length - 1)]!,
        loss,
        batchNorm: rng.uniform() < 0.3,
        residual: rng.uniform() < 0.3,
      };
      const model = mlp({ sizes: c.sizes, activation: c.activation, rng: createRng(trial), batchNorm: c.batchNorm, residual: c.residual });
      const rows = rng.int(2, 7);
      const X = Matrix.fromFlat(rows, inputs, rng.normals(rows * inputs));
      const y = labelsFor(loss, rng, rows, outputs);
      const mode = { training: true, updateStats: false };
      const what = `trial ${trial} (${c.sizes.join("-")}, ${c.activation.name}, ${loss.name}${c.batchNorm ? ", batch norm" : ""}${c.residual ? ", residual" : ""})`;

      const hand = backprop(model, loss, X, y, mode);
      const handGrads = model.params().map((p) => Float64Array.from(p.grad));
      model.params().forEach((p) => p.grad.fill(NaN)); // the engine must overwrite every entry
      const viaTape = tape.tapeBackprop(model, loss, X, y, { ...mode, inputGradient: true });
      assertClose(viaTape.loss, hand.loss, { rtol: 1e-13, atol: 1e-15 }, `${what} loss`);
      viaTape.yHat.data.forEach((v, k) => assertClose(v, hand.yHat.data[k]!, { rtol: 1e-13, atol: 1e-15 }, `${what} yHat[${k}]`));
      viaTape.dX!.data.forEach((v, k) => assertClose(v, hand.dX.data[k]!, { rtol: 1e-9, atol: 1e-13 }, `${what} dL/dX[${k}]`));
      const before = liveTensors();
      const viaTf = tfLossAndGradients(model, loss, X, y, mode).grads;
      assert.equal(liveTensors(), before);
      model.params().forEach((p, i) => {
        const scale = Math.max(...handGrads[i]!.map(Math.abs), 1e-300);
        p.grad.forEach((g, k) => {
          assert.ok(
            Math.abs(g - handGrads[i]![k]!) <= 1e-12 * scale + 1e-15,
            `${what} ${p.name}[${k}]: tape ${g}, backprop ${handGrads[i]![k]}`,
          );
          const t = viaTf.get(p)![k]!;
          assert.ok(Math.abs(g - t) <= 1e-4 * (Math.abs(g) + scale) + 1e-7, `${what} ${p.name}[${k}]: tape ${g}, tfjs ${t}`);
        });
      });
    }
  });

  it("updates batch norm's running averages exactly as the hand-written layer does", () => {
    const { X, y } = makeMoons({ n: 20, noise: 0.1, rng: createRng(1) });
    const build = () => mlp({ sizes: [2, 6, 1], activation: tanh, rng: createRng(2), batchNorm: true });
    const a = build();
    const b = build();
    backprop(a, binaryCrossEntropyWithLogits, X, y);
    tape.tapeBackprop(b, binaryCrossEntropyWithLogits, X, y);
    const bnA = leafLayers(a).find((l) => l instanceof BatchNorm) as BatchNorm;
    const bnB = leafLayers(b).find((l) => l instanceof BatchNorm) as BatchNorm;
    bnA.runningMean.forEach((v, j) => assertClose(bnB.runningMean[j]!, v, { rtol: 1e-14, atol: 1e-16 }, `running mean ${j}`));
    bnA.runningVar.forEach((v, j) => assertClose(bnB.runningVar[j]!, v, { rtol: 1e-14, atol: 1e-16 }, `running variance ${j}`));
    // evaluation mode uses them, in both engines
    const evalA = backprop(a, binaryCrossEntropyWithLogits, X, y, { training: false });
    const evalB = tape.tapeBackprop(b, binaryCrossEntropyWithLogits, X, y, { training: false });
    assertClose(evalB.loss, evalA.loss, { rtol: 1e-14, atol: 0 }, "evaluation loss");
    a.params().forEach((p, i) =>
      p.grad.forEach((g, k) => assertClose(b.params()[i]!.grad[k]!, g, { rtol: 1e-12, atol: 1e-15 }, `${p.name}[${k}] in evaluation mode`)),
    );
  });

  it("every lib/nn activation and loss has a tape form computing the same function and derivative", () => {
    for (const fn of [...Object.values(ACTIVATIONS), leakyRelu(0.2)]) {
      const x = tape.fromValues([-1.3, 0.4, 2]);
      const out = tape.activationOp(fn)(x);
      out.data.forEach((v, k) => assertClose(v, fn.f(x.data[k]!), { rtol: 1e-15, atol: 1e-300 }, `${fn.name}(${x.data[k]})`));
    }
    // each loss's tape form against its own value and hand-written gradient (a swapped tape form fails here)
    const yHat = Matrix.from([
      [0.2, 0.7],
      [0.9, 0.4],
    ]);
    const y = Matrix.from([
      [0, 1],
      [1, 0],
    ]);
    for (const loss of [mse, binaryCrossEntropy, binaryCrossEntropyWithLogits, softmaxCrossEntropy]) {
      const { value, grads } = tape.valueAndGrads((p: Tensor) => tape.lossOp(loss)(p, tape.fromMatrix(y)))([tape.fromMatrix(yHat)]);
      assertClose(value.item(), loss.value(yHat, y), { rtol: 1e-14, atol: 1e-15 }, `${loss.name}: value`);
      const want = loss.grad(yHat, y);
      grads[0]!.data.forEach((g, k) => assertClose(g, want.data[k]!, { rtol: 1e-12, atol: 1e-15 }, `${loss.name}: dL/dyHat[${k}]`));
    }
  });

  it("names what it cannot run: an activation or loss without a tape form, whatever its name", () => {
    const custom: ActivationFn = { name: "swish", f: (x) => x * sigmoid.f(x), df: () => 0, fTf: (x) => x };
    assert.throws(() => tape.activationOp(custom), {
      message:
        'tape: no op for the activation "swish": it has no tape form (fTape); lib/nn\'s sigmoid, tanh, relu, leakyRelu(alpha), softplus, gelu and identity have one',
    });
    // a name is not a tape form: "relu" without fTape is refused too
    assert.throws(() => tape.activationOp({ ...custom, name: "relu" }), /no op for the activation "relu": it has no tape form/);
    const model = mlp({ sizes: [2, 3, 1], activation: custom, rng: createRng(0) });
    assert.throws(() => tape.tapeBackprop(model, mse, Matrix.zeros(2, 2), Matrix.zeros(2, 1)), /no op for the activation "swish"/);
    assert.throws(
      () => tape.tapeBackprop(mlp({ sizes: [2, 3, 1], activation: relu, rng: createRng(0) }), mse, Matrix.zeros(2, 3), Matrix.zeros(2, 1)),
      {
        message: "matMul: [2, 3] × [2, 3] does not fit: the left has 3 columns but the right has 2 rows",
      },
    );
    const huber: Loss = { name: "huber", value: mse.value, grad: mse.grad, fTf: mse.fTf };
    assert.throws(() => tape.lossOp(huber), /tape: no op for the loss "huber": it has no tape form/);
  });
});

describe("crossCheckModel and crossCheckLayer: the tape as a fourth witness", () => {
  it("joins the table for models it can run, and is skipped, with the reason shown, only for those it cannot", () => {
    const { X, y } = makeMoons({ n: 12, noise: 0.1, rng: createRng(5) });
    const model = mlp({ sizes: [2, 5, 1], activation: tanh, rng: createRng(6), batchNorm: true });
    const report = crossCheckModel({ name: "bn net", model, loss: binaryCrossEntropyWithLogits, X, y, display: false });
    assert.ok(
      report.entries.every((e) => Number.isFinite(e.tape) && e.relErrTape < 1e-12),
      "every entry has a tape value agreeing to 1e-12",
    );
    assert.equal(report.tapeSkipped, undefined);
    // an activation without a tape form: the tape is no witness, and the report says why
    const swish: ActivationFn = {
      name: "swish",
      f: (v) => v * sigmoid.f(v),
      df: (v) => sigmoid.f(v) + v * sigmoid.df(v),
      fTf: (t) => t.mul(t.sigmoid()),
    };
    const other = crossCheckModel({
      name: "swish net",
      model: mlp({ sizes: [2, 3, 1], activation: swish, rng: createRng(6) }),
      loss: mse,
      X,
      y,
      display: false,
    });
    assert.ok(other.passed && other.entries.every((e) => Number.isNaN(e.tape)));
    assert.match(other.tapeSkipped ?? "", /^tape: no op for the activation "swish": it has no tape form/);
    const layer = crossCheckLayer({
      name: "dense",
      layer: new Dense({ inputs: 2, outputs: 3, name: "d", rng: createRng(1) }),
      x: X,
      dY: Matrix.fromFlat(12, 3, createRng(2).normals(36)),
      display: false,
    });
    assert.equal(layer.blocks.length, 3);
    assert.ok(layer.entries.every((e) => Number.isFinite(e.tape) && e.relErrTape < 1e-12));
  });

  it("keeps the tape column when the tape disagrees: a wrong tape form fails the check", () => {
    const { X, y } = makeMoons({ n: 12, noise: 0.1, rng: createRng(5) });
    const check = (activation: ActivationFn, loss: Loss, outputActivation?: ActivationFn) => () =>
      crossCheckModel({
        name: "witness",
        model: mlp({ sizes: [2, 3, 1], activation, rng: createRng(6), ...(outputActivation ? { outputActivation } : {}) }),
        loss,
        X,
        y,
        display: false,
      });
    const onlyTheTapeDisagrees = (e: unknown) =>
      e instanceof GradientCheckError &&
      (e.report as GradientCheckReport).tapeSkipped === undefined &&
      (e.report as GradientCheckReport).entries.every((x) => x.relErrTfjs < 1e-4 && x.relErrFd < 1e-6) &&
      (e.report as GradientCheckReport).entries.some((x) => x.relErrTape > 0.01);
    // a "sigmoid" whose function is really 2σ but which kept sigmoid's tape form
    const lookAlike: ActivationFn = {
      ...sigmoid,
      f: (v) => 2 * sigmoid.f(v),
      df: (v) => 2 * sigmoid.df(v),
      fTf: (t) => t.sigmoid().mul(2),
    };
    assert.throws(check(lookAlike, mse), onlyTheTapeDisagrees);
    // binary cross-entropy whose tape form was swapped for mse's
    assert.doesNotThrow(check(tanh, binaryCrossEntropy, sigmoid));
    assert.throws(check(tanh, { ...binaryCrossEntropy, fTape: tape.mse }, sigmoid), onlyTheTapeDisagrees);
  });

  it("fails the check when the hand-written backward pass disagrees with the tape", () => {
    const { X, y } = makeMoons({ n: 8, noise: 0.1, rng: createRng(5) });
    // the right function with a 10% wrong derivative: tfjs and the tape both see the real sigmoid
    const wrong: ActivationFn = { ...sigmoid, df: (v) => 1.1 * sigmoid.df(v) };
    assert.throws(
      () =>
        crossCheckModel({
          name: "wrong",
          model: mlp({ sizes: [2, 3, 1], activation: wrong, rng: createRng(6) }),
          loss: mse,
          X,
          y,
          display: false,
        }),
      (e: unknown) =>
        e instanceof GradientCheckError &&
        /, tape -?\d/.test(e.message) &&
        (e.report as GradientCheckReport).entries.some((x) => x.relErrTape > 0.01),
    );
  });
});

describe("trainStep: one training step with either engine", () => {
  it("follows the same trajectory with backprop and with the tape (Adam, 40 steps, clipped)", () => {
    const { X, y } = makeMoons({ n: 40, noise: 0.15, rng: createRng(3) });
    const run = (engine: tape.Engine) => {
      const model = mlp({ sizes: [2, 8, 8, 1], activation: relu, init: heNormal, rng: createRng(4) });
      const optimizer = adam({ learningRate: 0.02 });
      const losses = Array.from({ length: 40 }, () =>
        tape.trainStep({ engine, model, loss: binaryCrossEntropyWithLogits, X, y, optimizer, clip: { globalNorm: 1 } }),
      );
      return { losses, params: model.params().map((p) => Array.from(p.value)) };
    };
    const a = run("backprop");
    const b = run("tape");
    a.losses.forEach((l, t) => assertClose(b.losses[t]!, l, { rtol: 1e-10, atol: 1e-14 }, `loss at step ${t}`));
    assert.ok(a.losses.at(-1)! < 0.5 * a.losses[0]!, `it trains: ${a.losses[0]} → ${a.losses.at(-1)}`);
    a.params.forEach((p, i) => p.forEach((v, k) => assertClose(b.params[i]![k]!, v, { rtol: 1e-9, atol: 1e-12 }, `param ${i}[${k}]`)));
  });

  it("throws DivergenceError, naming the step, when the loss overflows; refuses an unknown engine", () => {
    const X = Matrix.from([[1], [2]]);
    const y = Matrix.from([[1], [2]]);
    for (const engine of tape.ENGINES) {
      const model = mlp({ sizes: [1, 4, 1], activation: relu, init: normalInit(3), rng: createRng(0) });
      const optimizer = sgd({ learningRate: 10 });
      assert.throws(
        () => {
          for (let t = 0; t < 200; t++) tape.trainStep({ engine, model, loss: mse, X, y, optimizer });
        },
        (error: unknown) =>
          error instanceof DivergenceError &&
          /^training diverged at step \d+: /.test(error.message) &&
          error.epoch === optimizer.iterations,
        engine,
      );
    }
    assert.throws(
      () => tape.computeGradients("autograd" as never, mlp({ sizes: [1, 1], activation: relu, rng: createRng(0) }), mse, X, y),
      {
        message: 'engine must be one of "backprop", "tape"; got "autograd"',
      },
    );
  });
});
