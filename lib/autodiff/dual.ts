/**
 * Forward mode with dual numbers: a value a + b·ε with ε² = 0 carries a number `value` and its
 * derivative along one chosen direction, `tangent` (notebook 13). Each operation applies its derivative rule to
 * the tangent as it computes the value, so one evaluation of f gives f(x) and the directional
 * derivative ∇f(x)·v (a Jacobian-vector product) with no graph and no backward pass.
 *
 * @example
 * // d/dx (x² + 3xy + y²) at (2, 3): seed x with tangent 1, y with 0
 * const [x, y] = [new DualValue(2, 1), new DualValue(3, 0)];
 * x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2)).tangent; // 13
 */
import type { Scalar } from "./scalar";

export class DualValue implements Scalar<DualValue> {
  constructor(
    readonly value: number,
    /** The derivative of `value` along the seeded direction. */
    readonly tangent = 0,
  ) {}

  add(other: DualValue | number): DualValue {
    const o = toDual(other);
    return new DualValue(this.value + o.value, this.tangent + o.tangent);
  }

  sub(other: DualValue | number): DualValue {
    const o = toDual(other);
    return new DualValue(this.value - o.value, this.tangent - o.tangent);
  }

  mul(other: DualValue | number): DualValue {
    const o = toDual(other);
    // (a + a'ε)(b + b'ε) = ab + (a'b + ab')ε: the product rule falls out of ε² = 0
    return new DualValue(this.value * o.value, this.tangent * o.value + this.value * o.tangent);
  }

  div(other: DualValue | number): DualValue {
    const o = toDual(other);
    // quotient rule: (a/b)' = (a'b - ab') / b²
    return new DualValue(this.value / o.value, (this.tangent * o.value - this.value * o.tangent) / (o.value * o.value));
  }

  pow(k: number): DualValue {
    return new DualValue(this.value ** k, k * this.value ** (k - 1) * this.tangent);
  }

  neg(): DualValue {
    return new DualValue(-this.value, -this.tangent);
  }

  exp(): DualValue {
    const e = Math.exp(this.value);
    return new DualValue(e, e * this.tangent);
  }

  log(): DualValue {
    return new DualValue(Math.log(this.value), this.tangent / this.value);
  }

  tanh(): DualValue {
    const t = Math.tanh(this.value);
    return new DualValue(t, (1 - t * t) * this.tangent);
  }

  relu(): DualValue {
    return this.value > 0 ? this : new DualValue(0, 0);
  }

  sigmoid(): DualValue {
    const s = 1 / (1 + Math.exp(-this.value));
    return new DualValue(s, s * (1 - s) * this.tangent);
  }

  toString(): string {
    return `${this.value} + ${this.tangent}ε`;
  }
}

function toDual(x: DualValue | number): DualValue {
  return typeof x === "number" ? new DualValue(x, 0) : x;
}
