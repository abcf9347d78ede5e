/**
 * One function, several kinds of number. A function written against `Scalar` (methods add, mul,
 * pow, exp ...) can be evaluated with plain numbers (`Real`), with dual numbers that carry a
 * directional derivative along (`Dual`, forward mode) or with `Value`s that record the
 * computation graph (reverse mode). The transforms in transforms.ts pick the number type.
 *
 * @example
 * const f: ScalarFn = ([x, y]) => x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2));
 * evaluate(f, [2, 3]); // 31
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
import { checkPoint, checkFunction, show } from "../util/validate";

export interface Scalar<T> {
  add(other: T | number): T;
  sub(other: T | number): T;
  mul(other: T | number): T;
  div(other: T | number): T;
  pow(k: number): T;
  neg(): T;
  exp(): T;
  log(): T;
  tanh(): T;
  relu(): T;
  sigmoid(): T;
}

/** f: R^n -> R, written once for any Scalar type. */
export type ScalarFn = <T extends Scalar<T>>(x: T[]) => T;
/** f: R^n -> R^m, written once for any Scalar type. */
export type VectorFn = <T extends Scalar<T>>(x: T[]) => T[];

/** A plain float64 number behind the Scalar methods: evaluation without any bookkeeping. */
export class Real implements Scalar<Real> {
  constructor(readonly data: number) {
    if (typeof data !== "number") throw new TypeError(`Real: value must be a number; got ${show(data)}`);
  }
  add(o: Real | number): Real {
    return new Real(this.data + num(o));
  }
  sub(o: Real | number): Real {
    return new Real(this.data - num(o));
  }
  mul(o: Real | number): Real {
    return new Real(this.data * num(o));
  }
  div(o: Real | number): Real {
    return new Real(this.data / num(o));
  }
  pow(k: number): Real {
    return new Real(this.data ** k);
  }
  neg(): Real {
    return new Real(-this.data);
  }
  exp(): Real {
    return new Real(Math.exp(this.data));
  }
  log(): Real {
    return new Real(Math.log(this.data));
  }
  tanh(): Real {
    return new Real(Math.tanh(this.data));
  }
  relu(): Real {
    return new Real(this.data > 0 ? this.data : 0);
  }
  sigmoid(): Real {
    return new Real(1 / (1 + Math.exp(-this.data)));
  }
}

function num(x: Real | number): number {
  return typeof x === "number" ? x : x.data;
}

/** x1 + x2 + ... for any Scalar type (at least one term). */
export function sum<T extends Scalar<T>>(terms: readonly T[]): T {
  if (
    !Array.isArray(terms) ||
    !terms.every((t: unknown) => typeof t === "object" && t !== null && "add" in t && typeof t.add === "function")
  )
    throw new TypeError(`sum: terms must be an array of Values or Reals; got ${show(terms)}`);
  if (terms.length === 0) throw new RangeError("sum: terms must contain at least one value");
  return terms.reduce((total, t) => total.add(t)); // non-empty: starts from terms[0], as a + b + ...
}

/** f(x) with plain numbers; a non-finite result is an error that names the point. */
export function evaluate(f: ScalarFn, x: readonly number[]): number {
  checkFunction("evaluate: f", f, "(x: Scalar[]) => Scalar");
  checkPoint("evaluate: x", x);
  const point = checkPoint("x", x);
  const out = f(point.map((v) => new Real(v)));
  return finite(out.data, point);
}

/** Throws when `value` is NaN or infinite: such a value is a bug to report, not a result. */
export function finite(value: number, point: readonly number[], what = "f(x)"): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${what} is ${value} at x = [${point.join(", ")}]: the function is not defined (or overflows) there`);
  }
  return value;
}
