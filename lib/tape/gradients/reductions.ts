/**
 * Gradient rules of sums and shape ops. A sum hands its gradient back to every entry it added up
 * (broadcast back); broadcasting sends back the sum of the copies' gradients. The two are each
 * other's backward pass.
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import type { GradientRule, TapeNode } from "../tape";
import { at } from "../../util/array";
import type { Tensor } from "../tensor";
import { broadcastTo, reshape, sumTo } from "../ops/reductions";

// A rule runs only on nodes its own op recorded, with that op's inputs (two for a binary op): the
// casts say so at no cost, once per node of every backward pass (bench part 2).
const input = (node: TapeNode) => node.inputs[0] as Tensor;

/** ∂(Σ x)/∂x_i = 1: dy, put back in the reduced dimensions, copied to every entry. */
export const sumGrad: GradientRule = {
  op: "sum",
  inputs: ["x"],
  grad: (dy, node) => {
    const x = input(node);
    const axes = node.attrs.axes as readonly number[]; // sum records { axes: number[] } with every node
    const kept = x.shape.map((d, k) => (axes.includes(k) ? 1 : d));
    return [() => broadcastTo(reshape(dy, kept), x.shape)];
  },
};

/** sumTo's backward is broadcasting back up. */
export const sumToGrad: GradientRule = {
  op: "sumTo",
  inputs: ["x"],
  grad: (dy, node) => {
    const x = input(node);
    const pad = x.rank - dy.rank;
    const kept = x.shape.map((_, k) => (k < pad ? 1 : at(dy.shape, k - pad, "shape")));
    return [() => broadcastTo(reshape(dy, kept), x.shape)];
  },
};

/** broadcastTo's backward sums the copies back down. */
export const broadcastToGrad: GradientRule = { op: "broadcastTo", inputs: ["x"], grad: (dy, node) => [() => sumTo(dy, input(node).shape)] };

/** reshape's backward reshapes back. */
export const reshapeGrad: GradientRule = { op: "reshape", inputs: ["x"], grad: (dy, node) => [() => reshape(dy, input(node).shape)] };
