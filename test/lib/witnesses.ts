// Independent witnesses for a derivative of a parsed expression, shared by the symbolic tests:
// tfjs autograd (float32), a float64 central difference, and forward mode with dual numbers.
import { tf } from "../../lib/tf";
import { toFunction, toTf, variablesOf, type Expr } from "../../lib/derivatives/symbolic";
import { dualDerivative } from "../../lib/derivatives/dual";

/** ∂e/∂variable at `values` by tfjs autograd on the expression written with tfjs ops. */
export function tfPartial(e: Expr, variable: string, values: Record<string, number>): number {
  const vars = variablesOf(e);
  return tf.tidy(() => {
    const grads = tf.grads((...args: tf.Tensor[]) => toTf(e, vars)(...(args as tf.Scalar[])));
    const out = grads(vars.map((v) => tf.scalar(values[v] as number)));
    return out[vars.indexOf(variable)]!.dataSync()[0] as number;
  });
}

/** ∂e/∂variable at `values` by a central difference (h = 1e-5) of the float64 evaluator. */
export function fdPartial(e: Expr, variable: string, values: Record<string, number>, h = 1e-5): number {
  const vars = variablesOf(e).includes(variable) ? variablesOf(e) : [...variablesOf(e), variable];
  const f = toFunction(e, vars);
  const at = (dv: number) => f(...vars.map((v) => (values[v] as number) + (v === variable ? dv : 0)));
  return (at(h) - at(-h)) / (2 * h);
}

/** ∂e/∂variable at `values` by dual numbers. */
export function dualPartial(e: Expr, variable: string, values: Record<string, number>): number {
  return dualDerivative(e, variable, values).derivative;
}

/** |a - b| <= atol + rtol * max(|a|, |b|), with a readable failure message. */
export function near(a: number, b: number, rtol: number, atol: number): boolean {
  return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= atol + rtol * Math.max(Math.abs(a), Math.abs(b));
}
