/**
 * Gradient rules of the activations: dL/dx = dL/dy ⊙ f'(x), with f' itself written as ops
 * (step, sech2, sigmoid, normalPdf ...), so that second derivatives come out right. (tfjs 4.22
 * computes sigmoid's and tanh's gradients with kernels that have no gradient of their own, which
 * is why its grad-of-grad through them is wrong.)
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import type { GradientRule, TapeNode } from "../tape";
import { numberAttr } from "../tape";
import { zeros, type Tensor } from "../tensor";
import { exp, mul, neg, sub } from "../ops/arithmetic";
import { sum } from "../ops/reductions";
import { leakyStep, normalPdf, sigmoid, sech2, step, tanh } from "../ops/activations";

// A rule runs only on nodes its own op recorded, with that op's inputs (two for a binary op): the
// casts say so at no cost, once per node of every backward pass (bench part 2).
const input = (node: TapeNode) => node.inputs[0] as Tensor;

/** ReLU'(x) = step(x). */
export const reluGrad: GradientRule = { op: "relu", inputs: ["x"], grad: (dy, node) => [() => mul(dy, step(input(node)))] };

/** step is flat wherever it is differentiable: its derivative is 0. */
export const stepGrad: GradientRule = { op: "step", inputs: ["x"], grad: (_dy, node) => [() => zeros(input(node).shape)] };

/** LeakyReLU'(x) = 1 for x > 0, else alpha. */
export const leakyReluGrad: GradientRule = {
  op: "leakyRelu",
  inputs: ["x"],
  grad: (dy, node) => [() => mul(dy, leakyStep(input(node), numberAttr(node, "alpha")))],
};

/** leakyStep is piecewise constant: derivative 0. */
export const leakyStepGrad: GradientRule = { op: "leakyStep", inputs: ["x"], grad: (_dy, node) => [() => zeros(input(node).shape)] };

/** σ'(x) = σ(x)(1 − σ(x)) = σ(x)·σ(−x): the second form has no 1 − 1 cancellation in saturation. */
export const sigmoidGrad: GradientRule = {
  op: "sigmoid",
  inputs: ["x"],
  grad: (dy, node) => [() => mul(dy, mul(node.output, sigmoid(neg(input(node)))))],
};

/** tanh'(x) = sech²(x). */
export const tanhGrad: GradientRule = { op: "tanh", inputs: ["x"], grad: (dy, node) => [() => mul(dy, sech2(input(node)))] };

/** (sech² x)' = −2·sech²(x)·tanh(x). */
export const sech2Grad: GradientRule = {
  op: "sech2",
  inputs: ["x"],
  grad: (dy, node) => [() => mul(dy, mul(mul(node.output, tanh(input(node))), -2))],
};

/** softplus'(x) = σ(x). */
export const softplusGrad: GradientRule = { op: "softplus", inputs: ["x"], grad: (dy, node) => [() => mul(dy, sigmoid(input(node)))] };

/** Φ'(x) = φ(x). */
export const normalCdfGrad: GradientRule = { op: "normalCdf", inputs: ["x"], grad: (dy, node) => [() => mul(dy, normalPdf(input(node)))] };

/** φ'(x) = −x·φ(x). */
export const normalPdfGrad: GradientRule = {
  op: "normalPdf",
  inputs: ["x"],
  grad: (dy, node) => [() => mul(dy, neg(mul(input(node), node.output)))],
};

/** y = softmax(x) along a row: dL/dx = y ⊙ (dy − Σ_j dy_j·y_j) (the Jacobian is diag(y) − y·yᵀ). */
export const softmaxGrad: GradientRule = {
  op: "softmax",
  inputs: ["x"],
  grad: (dy, node) => [() => mul(node.output, sub(dy, sum(mul(dy, node.output), -1, true)))],
};

/** y = log softmax(x) along a row: dL/dx = dy − softmax(x)·Σ_j dy_j, with softmax(x) = e^y. */
export const logSoftmaxGrad: GradientRule = {
  op: "logSoftmax",
  inputs: ["x"],
  grad: (dy, node) => [() => sub(dy, mul(exp(node.output), sum(dy, -1, true)))],
};
