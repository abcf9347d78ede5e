// The checks of the exercises where the learner builds a piece gradlab also has (lib/check/builds.ts
// and their entries in answers.ts): right answers pass, the stub, wrong answers and answers that hand
// the work to gradlab's own version fail, with a message that says which.
import assert from "node:assert/strict";
import { checkExercise, checkHidden, ExerciseError } from "../../lib/check";
import { Value, topologicalOrder } from "../../lib/autodiff";
import { adam, gradientDescent, momentum, sgd } from "../../lib/optim";
import { param } from "../../lib/util/params";
import { Matrix } from "../../lib/util/matrix";
import { tfVjp } from "../../lib/nn";
import { tf } from "../../lib/tf";
import { quietly } from "../support/quietly";

/** The notebook's engine node (MyValue of notebook 13), as plain objects. */
interface Node {
  data: number;
  grad: number;
  children: Node[];
  _backward: () => void;
  op: string;
}
const node = (data: number, children: Node[] = [], op = ""): Node => ({ data, grad: 0, children, _backward: () => {}, op });

const expWith = (rule: (a: Node, out: Node) => void) => (a: Node) => {
  const out = node(Math.exp(a.data), [a], "exp");
  out._backward = () => rule(a, out);
  return out;
};
const rightExp = expWith((a, out) => (a.grad += out.data * out.grad));
const stubExp = expWith(() => {
  throw new Error("not implemented");
});

function iterativeSort(out: Node): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>([out]);
  const stack: Array<[Node, number]> = [[out, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const c = top[0].children[top[1]++];
    if (c) {
      if (!seen.has(c)) {
        seen.add(c);
        stack.push([c, 0]);
      }
    } else order.push(stack.pop()![0]);
  }
  return order;
}
function recursiveSort(out: Node): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const visit = (v: Node) => {
    if (seen.has(v)) return;
    seen.add(v);
    v.children.forEach(visit);
    order.push(v);
  };
  visit(out);
  return order;
}

const fails = (run: () => unknown, pattern: RegExp) =>
  assert.throws(
    () => quietly(run),
    (e: unknown) => e instanceof ExerciseError && pattern.test(e.message),
  );

describe("check/builds: exercises that build a piece of gradlab", function () {
  this.timeout(60_000);

  it("13.3 the exp rule: right passes (visible and hidden); the stub, `=`, a missing out.grad and lib's engine fail", () => {
    quietly(() => checkExercise("ex13-3", rightExp, [[0.5, -1.2]], { Value }));
    quietly(() => checkHidden("ex13-3", rightExp, { Value }));
    fails(() => checkExercise("ex13-3", stubExp, [[0.5, -1.2]], { Value }), /myExp is not written yet/);
    fails(
      () =>
        checkExercise(
          "ex13-3",
          expWith((a, out) => (a.grad = out.data * out.grad)),
          [[0.5, -1.2]],
          { Value },
        ),
      /exp\(x\) \+ exp\(x\)·y/,
    );
    fails(
      () =>
        checkExercise(
          "ex13-3",
          expWith((a, out) => (a.grad += out.data)),
          [[0.5, -1.2]],
          { Value },
        ),
      /exp\(0\.5·exp\(x\)\)·y/,
    );
    const viaLib = expWith((a, out) => {
      const v = new Value(a.data);
      v.exp().backward();
      a.grad += v.grad * out.grad;
    });
    fails(() => checkExercise("ex13-3", viaLib, [[0.5, -1.2]], { Value }), /ran gradlab's own engine/);
    assert.throws(() => quietly(() => checkExercise("ex13-3", rightExp, [[0.5, -1.2]])), /needs lib's Value class/);
  });

  it("13.4 the sort: an explicit stack passes; recursion (deep chain), duplicates, bad order and lib's sort fail", () => {
    quietly(() => checkExercise("ex13-4", iterativeSort, [["diamond"], ["random", 4, 30], ["chain", 50_000]], { Value }));
    quietly(() => checkHidden("ex13-4", iterativeSort, { Value }));
    fails(() => checkExercise("ex13-4", recursiveSort, [["diamond"], ["chain", 50_000]], { Value }), /call stack/);
    fails(
      () =>
        checkExercise(
          "ex13-4",
          (out: Node) => {
            const order: Node[] = [];
            const visit = (v: Node) => (v.children.forEach(visit), order.push(v));
            visit(out);
            return order;
          },
          [["diamond"]],
          { Value },
        ),
      /lists the same node twice/,
    );
    fails(
      () => checkExercise("ex13-4", (out: Node) => iterativeSort(out).reverse(), [["diamond"]], { Value }),
      /before one of its children/,
    );
    fails(() => checkExercise("ex13-4", (out: Node) => iterativeSort(out).slice(1), [["diamond"]], { Value }), /lists 5 of the 6 nodes/);
    // the graph copied into lib's Values, sorted by lib, mapped back
    const viaLib = (out: Node) => {
      const back = new Map<Value, Node>();
      const toValue = (v: Node): Value => {
        const [a, b] = v.children;
        const made = a && b ? (v.op === "+" ? toValue(a).add(toValue(b)) : toValue(a).mul(toValue(b))) : new Value(v.data);
        back.set(made, v);
        return made;
      };
      return topologicalOrder(toValue(out)).map((v) => back.get(v)!);
    };
    fails(() => checkExercise("ex13-4", viaLib, [["diamond"]], { Value }), /ran gradlab's own sort/);
  });

  it("06.3 the descent loop: right passes; off by one, one slope call too many, lib's gradientDescent and an sgd step as the update fail", () => {
    const descend = (slope: (x: number) => number, x0: number, lr: number, steps: number) => {
      const xs = [x0];
      for (let k = 0; k < steps; k++) xs.push(xs[k]! - lr * slope(xs[k]!));
      return xs;
    };
    const slope = (x: number) => 2 * x - 4;
    quietly(() => checkExercise("ex06-3", descend, [[slope, 0, 0.1, 10]]));
    quietly(() => checkHidden("ex06-3", descend));
    fails(
      () =>
        checkExercise("ex06-3", (s: typeof slope, x0: number, lr: number, n: number) => descend(s, x0, lr, n - 1), [[slope, 0, 0.1, 10]]),
      /called the slope 9 times for 10 steps/,
    );
    fails(
      () =>
        checkExercise(
          "ex06-3",
          (s: typeof slope, x0: number, lr: number, n: number) => {
            const xs = [x0];
            for (let k = 0; k < n; k++) xs.push(xs[k]! - lr * s(xs[k]!) * (s(xs[k]!) === 0 ? 1 : 1));
            return xs;
          },
          [[slope, 0, 0.1, 10]],
        ),
      /called the slope 20 times/,
    );
    fails(
      () => checkExercise("ex06-3", (s: typeof slope, x0: number, lr: number, n: number) => descend(s, x0, -lr, n), [[slope, 0, 0.1, 10]]),
      /entries are off|is off|off by/,
    );
    const viaLib = (s: typeof slope, x0: number, lr: number, n: number) =>
      gradientDescent({ f: (x: number) => x, grad: s, x0, lr, steps: n, tolerance: 0 }).history.map((h) => h.x);
    fails(() => checkExercise("ex06-3", viaLib, [[slope, 0, 0.1, 10]]), /inside gradlab's optim code/);
    // the learner's own loop, calling the slope itself, but with lib's sgd making the update
    const viaSgdStep = (s: typeof slope, x0: number, lr: number, n: number) => {
      const x = param("x", [1], [x0]);
      const opt = sgd({ learningRate: lr });
      const xs = [x0];
      for (let k = 0; k < n; k++) {
        x.grad[0] = s(x.value[0]!);
        opt.step([x]);
        xs.push(x.value[0]!);
      }
      return xs;
    };
    fails(() => checkExercise("ex06-3", viaSgdStep, [[slope, 0, 0.1, 10]]), /let gradlab's optimizer make the update \(10 optimizer steps/);
    fails(() => checkHidden("ex06-3", viaSgdStep), /let gradlab's optimizer make the update/);
  });

  it("06.4 the prediction: 1.872 passes, 1.68 (x₂) and the stub fail", () => {
    quietly(() => checkExercise("ex06-4", () => 1.872, [[]]));
    quietly(() => checkHidden("ex06-4", () => 1.872));
    fails(() => checkExercise("ex06-4", () => 1.68, [[]]), /too small/);
    fails(
      () =>
        checkExercise(
          "ex06-4",
          () => {
            throw new Error("not implemented");
          },
          [[]],
        ),
      /not written yet/,
    );
  });

  it("09.3 the residual layer: the fixed backward passes the gradient check; the planted bug and a wrong transpose fail", () => {
    const sig = (z: number) => 1 / (1 + Math.exp(-z));
    const backward =
      (fixed: boolean, transposeOk = true) =>
      (X: Matrix, W: Matrix, b: Matrix, dY: Matrix) => {
        const S = X.matmul(W).addRow(b).map(sig);
        const dZ = dY.mul(S.map((s) => s * (1 - s)));
        const inner = dZ.matmul(transposeOk ? W.transpose() : W);
        return { dX: fixed ? dY.add(inner) : inner, dW: X.transpose().matmul(dZ), db: dZ.sumRows() };
      };
    const args = [
      Matrix.fromFlat(3, 2, [0.1, -1, 2, 0.5, -0.3, 1]),
      Matrix.fromFlat(2, 2, [1, -2, 0.5, 0.3]),
      Matrix.row([0.2, -0.1]),
      Matrix.fromFlat(3, 2, [1, 2, -1, 0.5, 0.3, -0.7]),
    ];
    quietly(() => checkExercise("ex09-3", backward(true), [args]));
    quietly(() => checkHidden("ex09-3", backward(true), { Matrix }));
    fails(() => checkExercise("ex09-3", backward(false), [args]), /fails the gradient check: dX/);
    fails(() => checkExercise("ex09-3", backward(true, false), [args]), /fails the gradient check: dX/);
    // the gradients asked of tfjs autograd: right numbers (to float32), refused
    const viaTf = (X: Matrix, W: Matrix, b: Matrix, dY: Matrix) => {
      const g = tfVjp(({ X: x, W: w, b: c }) => x.add(tf.sigmoid(x.matMul(w).add(c))), { X, W, b }, dY);
      return { dX: g.X!, dW: g.W!, db: g.b! };
    };
    fails(() => checkExercise("ex09-3", viaTf, [args]), /made tfjs tensors/);
  });

  it("15.3 the training loop: right passes, also against lib's losses; a wrong sign, a skipped call, wrong lib losses and a lib optimizer's step as the update fail", () => {
    const loop =
      (sign: number) =>
      (params: Array<{ value: Float64Array; grad: Float64Array }>, lossAndGrads: () => number, lr: number, steps: number) => {
        const losses: number[] = [];
        for (let t = 0; t < steps; t++) {
          losses.push(lossAndGrads());
          for (const p of params) for (let i = 0; i < p.value.length; i++) p.value[i]! -= sign * lr * p.grad[i]!;
        }
        return losses;
      };
    const factory = () => {
      const p = { value: Float64Array.from([3, -1]), grad: new Float64Array(2) };
      return {
        params: [p],
        lossAndGrads: () => {
          p.grad[0] = 2 * p.value[0]!;
          p.grad[1] = 4 * p.value[1]!;
          return p.value[0]! ** 2 + 2 * p.value[1]! ** 2;
        },
      };
    };
    quietly(() => checkExercise("ex15-3", loop(1), [[factory, 0.1, 5]]));
    quietly(() => checkHidden("ex15-3", loop(1)));
    fails(() => checkExercise("ex15-3", loop(-1), [[factory, 0.1, 5]]), /the loss of each step/);
    fails(() => checkExercise("ex15-3", loop(1), [[factory, 0.1, 5, [1, 2, 3, 4, 5]]]), /vs gradlab's training step/);
    fails(
      () =>
        checkExercise("ex15-3", (params: never, f: () => number, lr: number, steps: number) => loop(1)(params, f, lr, steps - 1), [
          [factory, 0.1, 5],
        ]),
      /called lossAndGrads 4 times/,
    );
    // the learner's own loop (lossAndGrads called by it, once per step) with a lib optimizer's step as the update
    const withLibStep =
      (make: (lr: number) => { step(params: never): void }) => (params: never, lossAndGrads: () => number, lr: number, steps: number) => {
        const opt = make(lr);
        const losses: number[] = [];
        for (let t = 0; t < steps; t++) {
          losses.push(lossAndGrads());
          opt.step(params);
        }
        return losses;
      };
    const viaSgd = withLibStep((lr) => sgd({ learningRate: lr }));
    // sgd's step is exactly the update asked for (same losses, same parameters): only the step count tells it apart
    fails(() => checkExercise("ex15-3", viaSgd, [[factory, 0.1, 5]]), /let gradlab's optimizer make the update \(5 optimizer steps/);
    fails(() => checkHidden("ex15-3", viaSgd), /let gradlab's optimizer make the update/);
    for (const make of [(lr: number) => momentum({ learningRate: lr }), (lr: number) => adam({ learningRate: lr })])
      fails(() => checkExercise("ex15-3", withLibStep(make), [[factory, 0.1, 5]]), /let gradlab's optimizer make the update/);
    // an optimizer stepped before the learner's code runs does not count against it
    sgd({ learningRate: 0.1 }).step([param("w", [1])]);
    quietly(() => checkExercise("ex15-3", loop(1), [[factory, 0.1, 5]]));
  });
});
