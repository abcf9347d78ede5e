/**
 * Gradient rules of the matrix ops. For C = A·B, dL/dA = dC·Bᵀ and dL/dB = Aᵀ·dC; with transposed
 * operands the same identities, transposed (as tfjs's MatMul gradient). The transposes are kernel
 * flags, so no transposed copy is ever built.
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import type { GradientRule, TapeNode } from "../tape";
import type { Tensor } from "../tensor";
import { matMul, transpose } from "../ops/matmul";

/** C = op(A)·op(B). */
export const matMulGrad: GradientRule = {
  op: "matMul",
  inputs: ["a", "b"],
  grad: (dy, node: TapeNode) => {
    const [a, b] = node.inputs as [Tensor, Tensor]; // a matMul node has inputs [a, b] (no check: once per node per backward pass)
    const tA = node.attrs.transposeA === true;
    const tB = node.attrs.transposeB === true;
    if (!tA && !tB) return [() => matMul(dy, b, false, true), () => matMul(a, dy, true, false)];
    if (tA && !tB) return [() => matMul(b, dy, false, true), () => matMul(a, dy, false, false)];
    if (!tA && tB) return [() => matMul(dy, b, false, false), () => matMul(dy, a, true, false)];
    return [() => matMul(b, dy, true, true), () => matMul(dy, a, true, true)];
  },
};

/** d(Xᵀ) = (dY)ᵀ. */
export const transposeGrad: GradientRule = { op: "transpose", inputs: ["x"], grad: (dy) => [() => transpose(dy)] };
