/**
 * Dense float64 kernels shared by lib/nn (Matrix, Dense) and lib/tape (matMul): plain loops over
 * row-major Float64Arrays, with no imports, so both engines can use them without an import cycle
 * and compute bit-for-bit the same numbers.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
import { f64 } from "./array";

/**
 * out = op(A) · op(B), where op transposes when the flag is set. A is stored [aRows, aCols], B
 * [bRows, bCols] (row-major); every entry of out (the product's size) is written.
 *
 * A transpose is only a different pair of strides, so one loop serves all four cases. It computes
 * a 4 × 4 block of C at a time in sixteen local variables: each pass over the shared dimension
 * loads 4 numbers of A and 4 of B and does 16 multiply-adds with them, about three times the speed
 * of the textbook triple loop here. Each entry is still summed in the textbook order (p = 0, 1, ...),
 * so the results are bit-for-bit those of the textbook loop (for finite inputs). The sixteen
 * accumulators and their stores are written out line by line on purpose: named locals are what
 * the JIT keeps in registers (an array of 16 would live in memory), so the repetition is the speed.
 *
 * @example
 * const out = new Float64Array(1);
 * matmulInto(Float64Array.of(1, 2), 1, 2, Float64Array.of(3, 4), 2, 1, false, false, out); // out[0] = 11
 */
export function matmulInto(
  a: Float64Array,
  aRows: number,
  aCols: number,
  b: Float64Array,
  bRows: number,
  bCols: number,
  transposeA: boolean,
  transposeB: boolean,
  out: Float64Array,
): void {
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const n = transposeB ? bRows : bCols;
  // op(A)[i, p] = a[i·sai + p·sap] and op(B)[p, j] = b[p·sbp + j·sbj]
  const sai = transposeA ? 1 : aCols;
  const sap = transposeA ? aCols : 1;
  const sbp = transposeB ? 1 : bCols;
  const sbj = transposeB ? bCols : 1;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0,
        c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0,
        c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      let pa = i * sai;
      let pb = j * sbj;
      for (let p = 0; p < k; p++) {
        const a0 = f64(a, pa);
        const a1 = f64(a, pa + sai);
        const a2 = f64(a, pa + 2 * sai);
        const a3 = f64(a, pa + 3 * sai);
        const b0 = f64(b, pb);
        const b1 = f64(b, pb + sbj);
        const b2 = f64(b, pb + 2 * sbj);
        const b3 = f64(b, pb + 3 * sbj);
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
        pa += sap;
        pb += sbp;
      }
      // Stored one by one as they were summed: sixteen named locals stay in registers (see the header).
      let o = i * n + j;
      out[o] = c00;
      out[o + 1] = c01;
      out[o + 2] = c02;
      out[o + 3] = c03;
      o += n;
      out[o] = c10;
      out[o + 1] = c11;
      out[o + 2] = c12;
      out[o + 3] = c13;
      o += n;
      out[o] = c20;
      out[o + 1] = c21;
      out[o + 2] = c22;
      out[o + 3] = c23;
      o += n;
      out[o] = c30;
      out[o + 1] = c31;
      out[o + 2] = c32;
      out[o + 3] = c33;
    }
  }
  // The edges the 4 × 4 blocks did not cover: the last n % 4 columns of the blocked rows, and the last m % 4 rows.
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += f64(a, i * sai + p * sap) * f64(b, p * sbp + j * sbj);
      out[i * n + j] = s;
    }
  }
}
