/**
 * Dual numbers: a + b·ε with ε² = 0. Carrying the derivative b beside the value a through every
 * operation gives the exact derivative (to float64 rounding), with no step size: this is
 * forward-mode automatic differentiation. Each method applies one differentiation rule to the
 * derivative part. The only dual number in gradlab: notebooks 03 and 05 differentiate functions and
 * expressions with it, and notebook 13's forward-mode transforms (`jvp`, `jacobian`) evaluate a
 * `ScalarFn` with it, the derivative part then being the tangent along a seeded direction.
 *
 * @example
 * const x = Dual.variable(2);           // value 2, derivative dx/dx = 1
 * const y = x.mul(x).add(x.sin());      // x^2 + sin(x)
 * y.value; y.derivative;                // 4 + sin(2), 4 + cos(2)
 * Introduced in [notebook 13](../../../notebooks/13-automatic-differentiation.ipynb).
 */
import { checkNumber, show } from "../../util/validate";

export type DualLike = Dual | number;

export class Dual {
  /**
   * @param value the function's value
   * @param derivative its derivative with respect to the input being seeded
   */
  constructor(
    readonly value: number,
    readonly derivative = 0,
  ) {
    // only the type: a result such as log(0) may carry a non-finite part, which the transforms
    // (forwardGrad, jvp, ...) refuse when they read it
    if (typeof value !== "number") throw new TypeError(`new Dual(value, derivative): value must be a number; got ${show(value)}`);
    if (typeof derivative !== "number")
      throw new TypeError(`new Dual(value, derivative): derivative must be a number; got ${show(derivative)}`);
  }

  /** The input of a function: its derivative with respect to itself is 1. */
  static variable(x: number): Dual {
    checkNumber("Dual.variable: x", x);
    return new Dual(x, 1);
  }

  /** A constant: derivative 0. */
  static constant(c: number): Dual {
    checkNumber("Dual.constant: c", c);
    return new Dual(c, 0);
  }

  /** x itself if it is a Dual, else the constant x; `name` is the caller's argument for the message. */
  static from(x: DualLike, name = "x"): Dual {
    if (x instanceof Dual) return x;
    if (typeof x !== "number") throw new TypeError(`${name} must be a Dual or a number; got ${show(x)}`);
    return new Dual(x, 0);
  }

  // sum and difference rules
  add(other: DualLike): Dual {
    const o = Dual.from(other, "add: other");
    return new Dual(this.value + o.value, this.derivative + o.derivative);
  }

  sub(other: DualLike): Dual {
    const o = Dual.from(other, "sub: other");
    return new Dual(this.value - o.value, this.derivative - o.derivative);
  }

  neg(): Dual {
    return new Dual(-this.value, -this.derivative);
  }

  // product rule: (uv)' = u'v + uv'
  mul(other: DualLike): Dual {
    const o = Dual.from(other, "mul: other");
    return new Dual(this.value * o.value, this.derivative * o.value + this.value * o.derivative);
  }

  // quotient rule: (u/v)' = (u'v - uv') / v^2
  div(other: DualLike): Dual {
    const o = Dual.from(other, "div: other");
    return new Dual(this.value / o.value, (this.derivative * o.value - this.value * o.derivative) / (o.value * o.value));
  }

  square(): Dual {
    return this.mul(this);
  }

  /**
   * u^v. A constant exponent uses the power rule n u^(n-1) u' (valid for negative u too); a
   * varying one, (u^v)' = u^v (v' ln u + v u'/u).
   */
  pow(exponent: DualLike): Dual {
    const e = Dual.from(exponent, "pow: exponent");
    const value = this.value ** e.value;
    if (e.derivative === 0) {
      // a constant base (derivative 0) stays constant, even where n u^(n-1) would be infinite;
      // u^0 = 1 is constant too (n u^(n-1) would be 0·∞ = NaN at u = 0)
      if (this.derivative === 0 || e.value === 0) return new Dual(value, 0);
      return new Dual(value, e.value * this.value ** (e.value - 1) * this.derivative);
    }
    return new Dual(value, value * (e.derivative * Math.log(this.value) + (e.value * this.derivative) / this.value));
  }

  // chain rule for each elementary function: f(u)' = f'(u) u'
  private chain(value: number, outerDerivative: number): Dual {
    return new Dual(value, outerDerivative * this.derivative);
  }

  sin(): Dual {
    return this.chain(Math.sin(this.value), Math.cos(this.value));
  }

  cos(): Dual {
    return this.chain(Math.cos(this.value), -Math.sin(this.value));
  }

  tan(): Dual {
    const c = Math.cos(this.value);
    return this.chain(Math.tan(this.value), 1 / (c * c));
  }

  exp(): Dual {
    const e = Math.exp(this.value);
    return this.chain(e, e);
  }

  log(): Dual {
    return this.chain(Math.log(this.value), 1 / this.value);
  }

  sqrt(): Dual {
    const r = Math.sqrt(this.value);
    return this.chain(r, 1 / (2 * r));
  }

  tanh(): Dual {
    const t = Math.tanh(this.value);
    return this.chain(t, 1 - t * t);
  }

  /** max(0, u): slope 1 on the right, 0 on the left (and at 0). */
  relu(): Dual {
    return this.value > 0 ? this : new Dual(0, 0);
  }

  sigmoid(): Dual {
    const s = 1 / (1 + Math.exp(-this.value));
    return this.chain(s, s * (1 - s));
  }

  atan(): Dual {
    return this.chain(Math.atan(this.value), 1 / (1 + this.value * this.value));
  }

  sinh(): Dual {
    return this.chain(Math.sinh(this.value), Math.cosh(this.value));
  }

  cosh(): Dual {
    return this.chain(Math.cosh(this.value), Math.sinh(this.value));
  }

  toString(): string {
    return `${this.value} + ${this.derivative}ε`;
  }
}
