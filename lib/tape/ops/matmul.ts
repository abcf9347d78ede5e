/**
 * Matrix products: `matMul(a, b, transposeA, transposeB)` as tf.matMul, and `transpose`.
 * The transposes are read in place by the kernel, never built: the backward pass of a dense layer
 * needs Xᵀ·dY and dY·Wᵀ, and those are exactly matMul with a flag set. Gradient rules:
 * gradients/matmul.ts.
 *
 * @example
 * matMul(tensor([[1, 2]]), tensor([[3], [4]])).item(); // 11
 * matMul(X, W, true, false); // Xᵀ·W
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import { record } from "../tape";
import { f64 } from "../../util/array";
import { Tensor, shapeText } from "../tensor";
import { matmulInto } from "../kernels";
import { asTensor } from "./arithmetic";
import { show } from "../../util/validate";

/** [rows, cols] of a matrix (rank 2), or an error naming the argument. */
function matrixShape(name: string, t: Tensor): [number, number] {
  const [rows, cols] = t.shape;
  if (t.rank !== 2 || rows === undefined || cols === undefined)
    throw new RangeError(`matMul: ${name} must be a matrix (rank 2); got shape ${shapeText(t.shape)}`);
  return [rows, cols];
}

/** op(a) · op(b), where op transposes when its flag is set. */
export function matMul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  if (typeof transposeA !== "boolean") throw new TypeError(`matMul: transposeA must be true or false; got ${show(transposeA)}`);
  if (typeof transposeB !== "boolean") throw new TypeError(`matMul: transposeB must be true or false; got ${show(transposeB)}`);
  const x = asTensor("matMul", "a", a);
  const y = asTensor("matMul", "b", b);
  const [aRows, aCols] = matrixShape("a", x);
  const [bRows, bCols] = matrixShape("b", y);
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const kb = transposeB ? bCols : bRows;
  const n = transposeB ? bRows : bCols;
  if (k !== kb) {
    const left = `${shapeText(x.shape)}${transposeA ? "ᵀ" : ""}`;
    const right = `${shapeText(y.shape)}${transposeB ? "ᵀ" : ""}`;
    throw new RangeError(`matMul: ${left} × ${right} does not fit: the left has ${k} columns but the right has ${kb} rows`);
  }
  const out = new Float64Array(m * n);
  matmulInto(x.data, aRows, aCols, y.data, bRows, bCols, transposeA, transposeB, out);
  return record("matMul", [x, y], new Tensor([m, n], out), { transposeA, transposeB });
}

/** The transpose of a matrix (rank 2). */
export function transpose(x: Tensor): Tensor {
  const t = asTensor("transpose", "x", x);
  const [rows, cols] = t.shape;
  if (t.rank !== 2 || rows === undefined || cols === undefined)
    throw new RangeError(`transpose: x must be a matrix (rank 2); got shape ${shapeText(t.shape)}`);
  const out = new Float64Array(t.size);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = f64(t.data, i * cols + j);
  return record("transpose", [t], new Tensor([cols, rows], out));
}
