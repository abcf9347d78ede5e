/**
 * Gradient rules of the losses. Each loss is a mean, so every gradient carries 1/N (N entries, or
 * N rows for softmax cross-entropy) times the upstream scalar dy. The rules for the targets are
 * there too, so a loss is differentiable in both arguments (as in tfjs).
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import type { GradientRule, TapeNode } from "../tape";
import { at } from "../../util/array";
import type { Tensor } from "../tensor";
import { div, log, mul, neg, sub } from "../ops/arithmetic";
import { sum } from "../ops/reductions";
import { logSoftmax, sigmoid, softmax } from "../ops/activations";

// A rule runs only on nodes its own op recorded, with that op's inputs (two for a binary op): the
// casts say so at no cost, once per node of every backward pass (bench part 2).
const pair = (node: TapeNode) => node.inputs as [Tensor, Tensor];

/** ∂/∂ŷ mean (ŷ − y)² = 2(ŷ − y)/N, and the negative for y. */
export const mseGrad: GradientRule = {
  op: "mse",
  inputs: ["yHat", "y"],
  grad: (dy, node) => {
    const [yHat, y] = pair(node);
    const g = () => mul(sub(yHat, y), mul(dy, 2 / yHat.size));
    return [g, () => neg(g())];
  },
};

/** Through p = σ(z) the p(1 − p) factors cancel: ∂L/∂z = (σ(z) − y)/N; ∂L/∂y = −z/N. */
export const binaryCrossEntropyWithLogitsGrad: GradientRule = {
  op: "binaryCrossEntropyWithLogits",
  inputs: ["z", "y"],
  grad: (dy, node) => {
    const [z, y] = pair(node);
    const scale = () => mul(dy, 1 / z.size);
    return [() => mul(sub(sigmoid(z), y), scale()), () => mul(neg(z), scale())];
  },
};

/** ∂L/∂p = (p − y) / (p(1 − p)) / N; ∂L/∂y = (ln(1 − p) − ln p) / N. */
export const binaryCrossEntropyGrad: GradientRule = {
  op: "binaryCrossEntropy",
  inputs: ["p", "y"],
  grad: (dy, node) => {
    const [p, y] = pair(node);
    const scale = () => mul(dy, 1 / p.size);
    return [() => mul(div(sub(p, y), mul(p, sub(1, p))), scale()), () => mul(sub(log(sub(1, p)), log(p)), scale())];
  },
};

/** ∂L/∂z = (softmax(z)·Σ_j y_j − y) / rows (softmax(z) − y for one-hot rows); ∂L/∂y = −log softmax(z) / rows. */
export const softmaxCrossEntropyGrad: GradientRule = {
  op: "softmaxCrossEntropy",
  inputs: ["z", "y"],
  grad: (dy, node) => {
    const [z, y] = pair(node);
    const rows = z.size / at(z.shape, z.rank - 1, "shape");
    const scale = () => mul(dy, 1 / rows);
    return [() => mul(sub(mul(softmax(z), sum(y, -1, true)), y), scale()), () => mul(neg(logSoftmax(z)), scale())];
  },
};
