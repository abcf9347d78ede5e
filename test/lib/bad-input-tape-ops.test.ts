// Bad input to the rest of the `tape` namespace: the operations (arithmetic, matMul, reductions,
// activations, losses), the transforms (grad, grads, valueAndGrad(s), backpropagate), the rule
// lookup, and the tape form of lib/nn's models and training step. (Tensor construction has its
// own table in bad-input-tape.test.ts.)
import * as tapeApi from "../../lib/api/tape";
import * as ops from "../../lib/tape";
import * as nn from "../../lib/nn";
import { sgd } from "../../lib/optim";
import { createRng } from "../../lib/random";
import { Matrix } from "../../lib/util/matrix";
import { badInputTable, fields, rows, type Argument, type Fn } from "./bad-input";

const t = () =>
  ops.fromValues([
    [1, 2],
    [3, 4],
  ]);
const probs = () =>
  ops.fromValues([
    [0.2, 0.8],
    [0.6, 0.4],
  ]);
/** An operand of add/sub/mul/div: a Tensor or a finite number. */
const operand = (name: string, call2: (b: unknown) => unknown): Argument => ({
  name,
  call: call2,
  valid: ["a number", "a negative number", "a fraction"],
});
const model = () => nn.mlp({ sizes: [2, 3, 1], activation: nn.tanh, rng: createRng(1) });
const X = () =>
  Matrix.from([
    [0, 1],
    [1, 0],
  ]);
const y = () => Matrix.from([[1], [0]]);

const unary = [
  "neg",
  "square",
  "sqrt",
  "exp",
  "log",
  "transpose",
  "relu",
  "step",
  "sigmoid",
  "tanh",
  "sech2",
  "softplus",
  "gelu",
  "normalCdf",
  "normalPdf",
  "softmax",
  "logSoftmax",
] as const;
const losses = ["mse", "binaryCrossEntropy", "binaryCrossEntropyWithLogits", "softmaxCrossEntropy"] as const;
const T = ops as unknown as Record<string, Fn>;

const table: Record<string, Argument[]> = {
  ...Object.fromEntries(
    (["add", "sub", "mul", "div"] as const).map((name) => [
      name,
      [operand("a", (b) => T[name]!(b, t())), operand("b", (b) => T[name]!(t(), b))],
    ]),
  ),
  ...Object.fromEntries(unary.map((name) => [name, [operand("x", (b) => T[name]!(b))]])),
  pow: [operand("x", (b) => ops.pow(b as never, 2)), ...rows(ops.pow, () => [t(), 2], ["-", "k:number"])],
  leakyRelu: rows(ops.leakyRelu, () => [t(), 0.1], ["x:number", "alpha:positive"]).map((a) =>
    a.name === "alpha" ? { ...a, valid: [] } : a,
  ),
  leakyStep: rows(ops.leakyStep, () => [t(), 0.1], ["x:number", "alpha:positive"]).map((a) =>
    a.name === "alpha" ? { ...a, valid: [] } : a,
  ),
  matMul: rows(ops.matMul, () => [t(), t(), false, false], ["a", "b", "transposeA:boolean?", "transposeB:boolean?"]),
  sum: rows(ops.sum, () => [t(), 0, false], ["x:number", "axis", "keepDims:boolean?"]).map((a) =>
    a.name === "axis" ? { ...a, valid: ["undefined", "an empty array", "a negative number"] } : a,
  ),
  mean: rows(ops.mean, () => [t(), 0, false], ["x:number", "axis", "keepDims:boolean?"]).map((a) =>
    a.name === "axis" ? { ...a, valid: ["undefined", "an empty array", "a negative number"] } : a,
  ),
  sumTo: rows(ops.sumTo, () => [t(), [1, 2]], ["x", "shape"]).map((a) => (a.name === "shape" ? { ...a, valid: ["an empty array"] } : a)),
  broadcastTo: rows(ops.broadcastTo, () => [t(), [2, 2]], ["x:number", "shape"]),
  // reshape's size mismatch is reported with both shapes ("cannot reshape [2, 2] (4 values) to [] (1 values)")
  reshape: rows(ops.reshape, () => [t(), [4]], ["x", "shape"]).map((a) =>
    a.name === "x"
      ? { ...a, valid: ["a number", "a negative number", "a fraction"], mentions: /\bx\b|cannot reshape \[\]/ }
      : { ...a, mentions: /\bshape\b|cannot reshape .* to \[\]/ },
  ),
  ...Object.fromEntries(
    losses.map((name) => [
      name,
      rows(T[name], () => [probs(), probs()], ["yHat", "y"]).map((a, i) => ({ ...a, mentions: i === 0 ? /\b(yHat|p|z)\b/ : /\by\b/ })),
    ]),
  ),
  gradientRuleFor: rows(ops.gradientRuleFor, () => ["add"], ["op:string"]),
  grad: [
    ...rows(ops.grad, () => [ops.square], ["f:function"]),
    ...rows(
      (x: unknown) => ops.grad((v) => ops.sum(ops.square(v)))(x as never),
      () => [t()],
      ["x"],
    ),
  ],
  valueAndGrad: [
    ...rows(ops.valueAndGrad, () => [ops.square], ["f:function"]),
    ...rows(
      (x: unknown) => ops.valueAndGrad((v) => ops.sum(ops.square(v)))(x as never),
      () => [t()],
      ["x"],
    ),
  ],
  grads: [
    ...rows(ops.grads, () => [ops.mul], ["f:function"]),
    ...rows(
      (xs: unknown) => ops.grads((a, b) => ops.sum(ops.mul(a!, b!)))(xs as never),
      () => [[t(), t()]],
      ["xs"],
    ),
  ],
  valueAndGrads: [
    ...rows(ops.valueAndGrads, () => [ops.mul], ["f:function"]),
    ...rows(
      (xs: unknown) => ops.valueAndGrads((a, b) => ops.sum(ops.mul(a!, b!)))(xs as never),
      () => [[t(), t()]],
      ["xs"],
    ),
  ],
  backpropagate: rows(ops.backpropagate, () => [[], [t()], t(), t()], ["nodes", "xs", "y", "dy"]).map((a) =>
    a.name === "nodes" || a.name === "xs" ? { ...a, valid: ["an empty array"] } : a,
  ),
};

badInputTable("tape operations", ops as unknown as Record<string, unknown>, table, {
  isRecording: "takes no input: whether a tape is recording",
  tapeLength: "takes no input: the number of recorded nodes",
  // Tensor, fromValues, scalar, zeros, fill, fromMatrix, shapeText, sizeOf: bad-input-tape.test.ts
  Tensor: "its rows are in bad-input-tape.test.ts",
  fromValues: "its rows are in bad-input-tape.test.ts",
  scalar: "its rows are in bad-input-tape.test.ts",
  zeros: "its rows are in bad-input-tape.test.ts",
  fill: "its rows are in bad-input-tape.test.ts",
  fromMatrix: "its rows are in bad-input-tape.test.ts",
  shapeText: "its rows are in bad-input-tape.test.ts",
  sizeOf: "its rows are in bad-input-tape.test.ts",
});

const A = tapeApi as unknown as Record<string, Fn>;
const stepGood = () => ({ engine: "tape", model: model(), loss: nn.mse, X: X(), y: y(), optimizer: sgd({ learningRate: 0.1 }) });
badInputTable(
  "tape form of lib/nn and the training step",
  {
    forwardModel: tapeApi.forwardModel,
    tapeBackprop: tapeApi.tapeBackprop,
    tapeLossAndGradients: tapeApi.tapeLossAndGradients,
    tapeLayerVjp: tapeApi.tapeLayerVjp,
    paramTensor: tapeApi.paramTensor,
    activationOp: tapeApi.activationOp,
    lossOp: tapeApi.lossOp,
    unsupportedReason: tapeApi.unsupportedReason,
    trainStep: tapeApi.trainStep,
    computeGradients: tapeApi.computeGradients,
  },
  {
    forwardModel: rows(A.forwardModel, () => [model(), ops.fromMatrix(X()), new Map(), {}], ["layer", "x", "values", "options:options"]),
    tapeBackprop: rows(A.tapeBackprop, () => [model(), nn.mse, X(), y(), {}], ["model", "loss", "X", "y", "options:options"]),
    tapeLossAndGradients: rows(A.tapeLossAndGradients, () => [model(), nn.mse, X(), y(), {}], [
      "model",
      "loss",
      "X",
      "y",
      "options:options",
    ]),
    tapeLayerVjp: rows(A.tapeLayerVjp, () => [model(), X(), y(), {}], ["layer", "x", "dY", "options:options"]),
    paramTensor: rows(A.paramTensor, () => [model().params()[0]], ["p"]),
    activationOp: rows(A.activationOp, () => [nn.tanh], ["fn"]),
    lossOp: rows(A.lossOp, () => [nn.mse], ["loss"]),
    unsupportedReason: rows(A.unsupportedReason, () => [model(), nn.mse], ["layer", "loss?"]),
    trainStep: fields(A.trainStep!, stepGood, ["engine", "model", "loss", "X", "y", "optimizer"]),
    computeGradients: rows(A.computeGradients, () => ["tape", model(), nn.mse, X(), y(), {}], [
      "engine",
      "model",
      "loss",
      "X",
      "y",
      "options:options",
    ]),
  },
  {},
);
