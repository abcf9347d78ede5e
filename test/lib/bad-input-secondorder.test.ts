// Bad input to lib/secondorder (Newton, L-BFGS, gradient descent on a SolverObjective, line searches,
// the linalg namespace) and lib/autodiff (Value, the scalar transforms, Hessian cross-checks, the
// graph pictures, timing and cost): each bad value gets a clear error naming the argument.
import * as secondorder from "../../lib/secondorder";
import * as linalg from "../../lib/secondorder/linalg";
import * as autodiff from "../../lib/autodiff";
import { tf } from "../../lib/tf";
import { createRng } from "../../lib/random";
import { badInputTable, fields, rows, type Fn } from "./bad-input";

const S = secondorder;
const bowl = () => S.objective(([x, y]) => x!.mul(x!).add(y!.mul(y!)));
const start = () => ({ value: 2, gradient: [2, 2] });
const spd = () => [
  [2, 0],
  [0, 1],
];
const square: Parameters<typeof autodiff.hessian>[0] = ([x, y]) => x!.mul(x!).add(y!.mul(y!));
const pair: Parameters<typeof autodiff.jacobian>[0] = (x) => [x[0]!.mul(x[1]!), x[0]!.add(x[1]!)];
const squareTf = (x: tf.Tensor1D) => x.square().sum() as tf.Scalar;
const v = () => autodiff.toValues([1, 2]);
const root = () => {
  const [a, b] = v();
  return a!.mul(b!);
};

badInputTable(
  "lib/secondorder",
  secondorder as unknown as Record<string, unknown>,
  {
    symmetricEigen: rows(S.symmetricEigen, () => [spd()], ["A"]),
    classifyCurvature: rows(S.classifyCurvature, () => [spd(), 1e-10], ["H", "tolerance:positive?"]),
    objective: rows(S.objective, () => [square, "f"], ["f:function", "name:string?"]),
    counted: rows(S.counted, () => [bowl()], ["obj"]),
    rosenbrockFn: rows(S.rosenbrockFn, () => [[new autodiff.Real(1), new autodiff.Real(2)]], ["x"]),
    quadratic: rows(
      S.quadratic,
      () => [
        [
          [2, 0],
          [0, 1],
        ],
        [1, 1],
      ],
      ["A", "b?"],
    ),
    armijoBacktracking: [
      ...rows(S.armijoBacktracking, () => [bowl(), [1, 1], [-1, -1], start(), {}], ["obj", "x", "p", "start", "options:options"]),
      ...fields(
        (o) => S.armijoBacktracking(bowl(), [1, 1], [-1, -1], start(), o as never),
        () => ({}),
        ["alpha0:positive?", "c1:positive?", "shrink:positive?", "maxTrials:count?"],
        false,
      ),
    ],
    strongWolfe: [
      ...rows(S.strongWolfe, () => [bowl(), [1, 1], [-1, -1], start(), {}], ["obj", "x", "p", "start", "options:options"]),
      ...fields(
        (o) => S.strongWolfe(bowl(), [1, 1], [-1, -1], start(), o as never),
        () => ({}),
        ["alpha0:positive?", "c1:positive?", "c2:positive?", "alphaMax:positive?", "maxTrials:count?"],
        false,
      ),
    ],
    newton: rows(S.newton, () => [bowl(), [1, 1], {}], ["objective", "x0", "options:options"]),
    lbfgs: rows(S.lbfgs, () => [bowl(), [1, 1], {}], ["objective", "x0", "options:options"]),
    twoLoopDirection: rows(S.twoLoopDirection, () => [[1, 1], [], []], ["gradient", "s", "y"]).map((a) =>
      a.name === "gradient" ? a : { ...a, valid: ["an empty array"] },
    ),
    gradientDescentMinimize: [
      ...rows(S.gradientDescentMinimize, () => [bowl(), [1, 1], { lr: 0.1 }], ["objective", "x0", "options"]).map((a) =>
        a.name === "options" ? { ...a, mentions: /\b(options|lr)\b/ } : a,
      ),
      ...fields(
        (o) => S.gradientDescentMinimize(bowl(), [1, 1], o as never),
        () => ({ lr: 0.1, maxIterations: 5 }),
        ["lr:positive", "tolerance:positive?", "maxIterations:count?", "recordEvery:count?"],
        false,
      ),
    ],
  },
  { SolverResult: "a result lib's solvers build; a caller reads it, never constructs it" },
);

badInputTable(
  "lib/secondorder linalg",
  linalg as unknown as Record<string, unknown>,
  {
    dot: rows(
      linalg.dot,
      () => [
        [1, 2],
        [3, 4],
      ],
      ["a", "b"],
    ),
    norm: rows(linalg.norm, () => [[1, 2]], ["a"]),
    axpy: rows(linalg.axpy, () => [[1, 2], 2, [3, 4]], ["a", "t:real", "b"]),
    matVec: rows(linalg.matVec, () => [spd(), [1, 2]], ["A", "x"]),
    checkSquare: rows(linalg.checkSquare, () => ["A", spd()], ["name:string", "A"]),
    cholesky: rows(linalg.cholesky, () => [spd()], ["A"]),
    choleskySolve: rows(linalg.choleskySolve, () => [spd(), [1, 2]], ["L", "b"]),
    solve: rows(linalg.solve, () => [spd(), [1, 2]], ["A", "b"]),
    symmetricEigen: rows(linalg.symmetricEigen, () => [spd()], ["A"]),
    classifyCurvature: rows(linalg.classifyCurvature, () => [spd(), 1e-10], ["H", "tolerance:positive?"]),
  },
  {},
);

const A = autodiff as unknown as Record<string, Fn>;
badInputTable(
  "lib/autodiff",
  autodiff as unknown as Record<string, unknown>,
  {
    Value: rows(
      (...a: unknown[]) => new (autodiff.Value as unknown as new (...b: unknown[]) => unknown)(...a),
      () => [1],
      ["data:real"],
    ),
    topologicalOrder: rows(A.topologicalOrder, () => [root()], ["root"]),
    zeroGrad: rows(A.zeroGrad, () => [v()], ["values"]).map((a) => ({ ...a, valid: ["an empty array"] })),
    toValues: rows(
      A.toValues,
      () => [
        [1, 2],
        ["a", "b"],
      ],
      ["xs", "labels?"],
    ).map((a) => (a.name === "labels" ? { ...a, valid: [...a.valid!, "an array of strings"] } : a)),
    Real: rows(
      (...a: unknown[]) => new (autodiff.Real as unknown as new (...b: unknown[]) => unknown)(...a),
      () => [1],
      ["value:real"],
    ),
    sum: rows(A.sum, () => [[new autodiff.Real(1)]], ["terms"]),
    evaluate: rows(A.evaluate, () => [square, [1, 2]], ["f:function", "x"]),
    gradientValues: rows(A.gradientValues, () => [root(), v()], ["out", "wrt"]).map((a) =>
      a.name === "wrt" ? { ...a, valid: ["an empty array"] } : a,
    ),
    grad: [
      ...rows(A.grad, () => [square], ["f:function"]),
      ...rows(
        (x: unknown) => autodiff.grad(square)(x as never),
        () => [[1, 2]],
        ["x"],
      ),
    ],
    valueAndGrad: [
      ...rows(A.valueAndGrad, () => [square], ["f:function"]),
      ...rows(
        (x: unknown) => autodiff.valueAndGrad(square)(x as never),
        () => [[1, 2]],
        ["x"],
      ),
    ],
    jvp: rows(A.jvp, () => [pair, [1, 2], [1, 0]], ["f:function", "x", "v"]),
    vjp: rows(A.vjp, () => [pair, [1, 2]], ["f:function", "x"]),
    jacobian: [
      ...rows(A.jacobian, () => [pair, [1, 2], {}], ["f:function", "x", "options:options"]),
      ...fields(
        (o) => autodiff.jacobian(pair, [1, 2], o as never),
        () => ({}),
        ["mode?"],
        false,
      ),
    ],
    hessian: rows(A.hessian, () => [square, [1, 2]], ["f:function", "x"]),
    hvp: rows(A.hvp, () => [square, [1, 2], [1, 0]], ["f:function", "x", "v"]),
    graphLayout: rows(A.graphLayout, () => [root(), {}], ["root", "options:options"]),
    graphSvg: rows(A.graphSvg, () => [root(), {}], ["root", "options:options"]),
    describeGraph: rows(A.describeGraph, () => [root(), {}], ["root", "options:options"]),
    showGraph: rows(A.showGraph, () => [root(), {}], ["root", "options:options"]),
    Neuron: rows(
      (...a: unknown[]) => new (autodiff.Neuron as unknown as new (...b: unknown[]) => unknown)(...a),
      () => [2, createRng(1)],
      ["nin:count"],
    ),
    NeuronLayer: rows(
      (...a: unknown[]) => new (autodiff.NeuronLayer as unknown as new (...b: unknown[]) => unknown)(...a),
      () => [2, 3, createRng(1)],
      ["nin:count", "nout:count"],
    ),
    ScalarMLP: rows(
      (...a: unknown[]) => new (autodiff.ScalarMLP as unknown as new (...b: unknown[]) => unknown)(...a),
      () => [2, [3, 1], createRng(1)],
      ["nin:count", "nouts"],
    ).map((a) => (a.name === "nouts" ? { ...a, mentions: /\bnouts?\b/ } : a)),
    tfHessian: rows(A.tfHessian, () => [squareTf, [1, 2]], ["fTf:function", "at"]),
    tfHvp: rows(A.tfHvp, () => [squareTf, [1, 2], [1, 0]], ["fTf:function", "at", "v"]),
    hessianByDifferences: rows(A.hessianByDifferences, () => [square, [1, 2], 1e-5], ["f:function", "at", "h:positive?"]),
    crossCheckHessian: fields(A.crossCheckHessian!, () => ({ name: "bowl", f: square, fTf: squareTf, at: [[1, 2]], display: false }), [
      "name:string",
      "f:function",
      "fTf:function",
      "at",
      "variables?",
      "display:boolean?",
    ]).map((a) => (a.name === "variables" ? { ...a, valid: ["undefined", "an array of strings"] } : a)),
    checkHessianMatrix: [
      ...rows(
        A.checkHessianMatrix,
        () => [
          "H",
          () => [
            [2, 0],
            [0, 2],
          ],
          { f: square, fTf: squareTf, at: [1, 2] },
        ],
        ["name:string", "actual:function", "options"],
      ).map((a) => (a.name === "options" ? { ...a, mentions: /\b(options|at)\b/ } : a)),
    ],
    fmtDuration: rows(A.fmtDuration, () => [12], ["ms:positive"]),
    timeIt: [
      ...rows(A.timeIt, () => [() => 1, { maxCalls: 2 }], ["fn:function", "options:options"]),
      ...fields(
        (o) => autodiff.timeIt(() => 1, o as never),
        () => ({ maxCalls: 2 }),
        ["minMs:positive?", "maxCalls:count?", "warmup:count?"],
        false,
      ),
    ],
    costFigure: fields(A.costFigure!, () => ({ title: "t", sizes: [1, 2], series: [], yTitle: "ms" }), [
      "title:text",
      "sizes",
      "series",
      "yTitle:text",
      "xTitle:text?",
    ]).map((a) => (a.name === "series" ? { ...a, valid: ["an empty array"] } : a)),
    operationCount: rows(A.operationCount, () => [square, [1, 2]], ["f:function", "x"]),
    fmtBytes: rows(A.fmtBytes, () => [1024], ["bytes:positive"]),
  },
  {
    Module: "an abstract base class: Neuron, NeuronLayer and ScalarMLP have the rows",
  },
);
