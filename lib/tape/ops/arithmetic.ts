/**
 * Element-wise arithmetic with broadcasting (tfjs/numpy rules): add, sub, mul, div, neg, square,
 * pow, sqrt, exp, log. A plain number stands for a constant scalar (`mul(x, 2)`), which is never
 * differentiated. Gradient rules: gradients/arithmetic.ts.
 *
 * @example
 * add(tensor([[1, 2], [3, 4]]), tensor([10, 20])).toArray(); // [[11, 22], [13, 24]]: the bias row is added to each row
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import { record, type OpName } from "../tape";
import { f64, i32 } from "../../util/array";
import { Tensor, sameShape, shapeText } from "../tensor";
import { broadcastIndex, broadcastShapes } from "../kernels";

/** A tensor, or a number standing for a constant scalar. */
export type Operand = Tensor | number;

/** The operand as a tensor (numbers become constant scalars), or an error naming the op and argument. */
export function asTensor(op: string, name: string, v: Operand): Tensor {
  if (v instanceof Tensor) return v;
  if (typeof v === "number") {
    // a number stands for a scalar tensor, and tensors hold finite numbers only (as fromValues(...) checks)
    if (!Number.isFinite(v)) throw new RangeError(`${op}: ${name} must be a Tensor or a finite number; got ${v}`);
    return new Tensor([], Float64Array.of(v));
  }
  throw new TypeError(`${op}: ${name} must be a Tensor or a number; got ${v === null ? "null" : typeof v}`);
}

type BinaryOp = "add" | "sub" | "mul" | "div";

/** Whether `row` (leading 1s aside) is the trailing part of `shape`: then it repeats every row.size entries. */
function isTrailingRow(row: readonly number[], shape: readonly number[]): boolean {
  let r = 0;
  while (r < row.length && row[r] === 1) r++;
  const tail = row.length - r;
  if (tail === 0 || tail > shape.length) return false;
  for (let k = 0; k < tail; k++) if (row[r + k] !== shape[shape.length - tail + k]) return false;
  return true;
}

function binary(op: BinaryOp, a: Operand, b: Operand): Tensor {
  const x = asTensor(op, "a", a);
  const y = asTensor(op, "b", b);
  const same = sameShape(x.shape, y.shape);
  const shape = same ? x.shape : broadcastShapes(op, x.shape, y.shape);
  const out = new Float64Array(shape.reduce((n, d) => n * d, 1));
  const xd = x.data;
  const yd = y.data;
  if (same) {
    switch (op) {
      case "add":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, k) + f64(yd, k);
        break;
      case "sub":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, k) - f64(yd, k);
        break;
      case "mul":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, k) * f64(yd, k);
        break;
      case "div":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, k) / f64(yd, k);
        break;
    }
  } else if (y.size === 1 && x.size === out.length) {
    // x op constant: the scalar case
    const s = f64(yd, 0);
    switch (op) {
      case "add":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, k) + s;
        break;
      case "sub":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, k) - s;
        break;
      case "mul":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, k) * s;
        break;
      case "div":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, k) / s;
        break;
    }
  } else if (x.size === out.length && isTrailingRow(y.shape, shape)) {
    // x [..., n] op a row of n (a bias added to every sample): the row repeats every n entries
    const n = y.size;
    for (let base = 0; base < out.length; base += n) {
      switch (op) {
        case "add":
          for (let j = 0; j < n; j++) out[base + j] = f64(xd, base + j) + f64(yd, j);
          break;
        case "sub":
          for (let j = 0; j < n; j++) out[base + j] = f64(xd, base + j) - f64(yd, j);
          break;
        case "mul":
          for (let j = 0; j < n; j++) out[base + j] = f64(xd, base + j) * f64(yd, j);
          break;
        case "div":
          for (let j = 0; j < n; j++) out[base + j] = f64(xd, base + j) / f64(yd, j);
          break;
      }
    }
  } else {
    // General broadcasting: for each output entry, which entry of each operand it reads.
    const ix = broadcastIndex(x.shape, shape);
    const iy = broadcastIndex(y.shape, shape);
    switch (op) {
      case "add":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, i32(ix, k)) + f64(yd, i32(iy, k));
        break;
      case "sub":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, i32(ix, k)) - f64(yd, i32(iy, k));
        break;
      case "mul":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, i32(ix, k)) * f64(yd, i32(iy, k));
        break;
      case "div":
        for (let k = 0; k < out.length; k++) out[k] = f64(xd, i32(ix, k)) / f64(yd, i32(iy, k));
        break;
    }
  }
  return record(op, [x, y], new Tensor(shape, out));
}

/** a + b, broadcasting. @example add(x, 1) */
export function add(a: Operand, b: Operand): Tensor {
  return binary("add", a, b);
}

/** a − b, broadcasting. */
export function sub(a: Operand, b: Operand): Tensor {
  return binary("sub", a, b);
}

/** a ⊙ b (entry by entry), broadcasting. */
export function mul(a: Operand, b: Operand): Tensor {
  return binary("mul", a, b);
}

/** a / b (entry by entry), broadcasting. */
export function div(a: Operand, b: Operand): Tensor {
  return binary("div", a, b);
}

type UnaryOp = "neg" | "square" | "sqrt" | "exp" | "log";

function unary(op: UnaryOp, a: Tensor): Tensor {
  const x = asTensor(op, "x", a);
  const xd = x.data;
  const out = new Float64Array(xd.length);
  switch (op) {
    case "neg":
      for (let k = 0; k < out.length; k++) out[k] = -f64(xd, k);
      break;
    case "square":
      for (let k = 0; k < out.length; k++) out[k] = f64(xd, k) * f64(xd, k);
      break;
    case "sqrt":
      for (let k = 0; k < out.length; k++) out[k] = Math.sqrt(f64(xd, k));
      break;
    case "exp":
      for (let k = 0; k < out.length; k++) out[k] = Math.exp(f64(xd, k));
      break;
    case "log":
      for (let k = 0; k < out.length; k++) out[k] = Math.log(f64(xd, k));
      break;
  }
  return record(op, [x], new Tensor(x.shape, out));
}

/** −x. */
export function neg(x: Tensor): Tensor {
  return unary("neg", x);
}

/** x², entry by entry. */
export function square(x: Tensor): Tensor {
  return unary("square", x);
}

/** √x, entry by entry. */
export function sqrt(x: Tensor): Tensor {
  return unary("sqrt", x);
}

/** eˣ, entry by entry. */
export function exp(x: Tensor): Tensor {
  return unary("exp", x);
}

/** ln x, entry by entry. */
export function log(x: Tensor): Tensor {
  return unary("log", x);
}

/**
 * x^k for a constant exponent k, entry by entry (k is a number, not differentiated).
 * @example pow(tensor([2, 3]), 3).toArray() // [8, 27]
 */
export function pow(x: Tensor, k: number): Tensor {
  const t = asTensor("pow", "x", x);
  if (typeof k !== "number" || !Number.isFinite(k)) throw new RangeError(`pow: the exponent k must be a finite number; got ${String(k)}`);
  const out = new Float64Array(t.size);
  for (let i = 0; i < out.length; i++) out[i] = f64(t.data, i) ** k;
  return record("pow", [t], new Tensor(t.shape, out), { k });
}

/** Shape check shared by ops that need equal shapes, naming the op and both shapes. */
export function checkSameShape(op: OpName | string, a: Tensor, b: Tensor, names: [string, string]): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new RangeError(
      `${op}: ${names[0]} has shape ${shapeText(a.shape)} but ${names[1]} has shape ${shapeText(b.shape)}; they must be equal`,
    );
  }
}
