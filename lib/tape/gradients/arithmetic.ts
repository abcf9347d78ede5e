/**
 * Gradient rules of the arithmetic ops. Each returns one lazy gradient per input, in input order
 * (tfjs's `{a: () => ..., b: () => ...}`), computed with ops so that it can be differentiated
 * again. A broadcast operand receives the gradient summed back to its own shape (`sumTo`): every
 * entry it lent to several outputs collects all their contributions.
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import type { GradientRule, TapeNode } from "../tape";
import { numberAttr } from "../tape";
import type { Tensor } from "../tensor";
import { div, mul, neg, pow, square } from "../ops/arithmetic";
import { sumTo } from "../ops/reductions";

// A rule runs only on nodes its own op recorded, with that op's inputs (two for a binary op): the
// casts say so at no cost, once per node of every backward pass (bench part 2).
const inputs = (node: TapeNode) => node.inputs as [Tensor, Tensor];
const input = (node: TapeNode) => node.inputs[0] as Tensor;

/** d(a + b) = da + db. */
export const addGrad: GradientRule = {
  op: "add",
  inputs: ["a", "b"],
  grad: (dy, node) => {
    const [a, b] = inputs(node);
    return [() => sumTo(dy, a.shape), () => sumTo(dy, b.shape)];
  },
};

/** d(a − b) = da − db. */
export const subGrad: GradientRule = {
  op: "sub",
  inputs: ["a", "b"],
  grad: (dy, node) => {
    const [a, b] = inputs(node);
    return [() => sumTo(dy, a.shape), () => sumTo(neg(dy), b.shape)];
  },
};

/** product rule: d(a·b) = b·da + a·db. */
export const mulGrad: GradientRule = {
  op: "mul",
  inputs: ["a", "b"],
  grad: (dy, node) => {
    const [a, b] = inputs(node);
    return [() => sumTo(mul(dy, b), a.shape), () => sumTo(mul(dy, a), b.shape)];
  },
};

/** quotient rule: ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b². */
export const divGrad: GradientRule = {
  op: "div",
  inputs: ["a", "b"],
  grad: (dy, node) => {
    const [a, b] = inputs(node);
    return [() => sumTo(div(dy, b), a.shape), () => sumTo(neg(div(mul(dy, a), square(b))), b.shape)];
  },
};

/** d(−x) = −dx. */
export const negGrad: GradientRule = { op: "neg", inputs: ["x"], grad: (dy) => [() => neg(dy)] };

/** d(x²) = 2x·dx. */
export const squareGrad: GradientRule = {
  op: "square",
  inputs: ["x"],
  grad: (dy, node) => [() => mul(dy, mul(input(node), 2))],
};

/** power rule: d(x^k) = k·x^{k−1}·dx. */
export const powGrad: GradientRule = {
  op: "pow",
  inputs: ["x"],
  grad: (dy, node) => {
    const k = numberAttr(node, "k");
    return [() => mul(dy, mul(pow(input(node), k - 1), k))];
  },
};

/** d√x = dx / (2√x), reusing the output √x. */
export const sqrtGrad: GradientRule = {
  op: "sqrt",
  inputs: ["x"],
  grad: (dy, node) => [() => div(dy, mul(node.output, 2))],
};

/** d eˣ = eˣ·dx, reusing the output eˣ. */
export const expGrad: GradientRule = { op: "exp", inputs: ["x"], grad: (dy, node) => [() => mul(dy, node.output)] };

/** d ln x = dx / x. */
export const logGrad: GradientRule = { op: "log", inputs: ["x"], grad: (dy, node) => [() => div(dy, input(node))] };
