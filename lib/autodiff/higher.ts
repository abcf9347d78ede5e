/**
 * Gradients that are themselves differentiable. `backward()` computes gradients as plain numbers;
 * `gradientValues` instead walks the graph backwards building each adjoint (d out / d node) out of
 * `Value` operations, so the gradient is a new graph over the same inputs. Running `backward()`
 * on one of its entries gives a row of the Hessian; on a weighted sum of them, a Hessian-vector
 * product (reverse-over-reverse).
 *
 * The rules are value.ts's: each op's `adjoint`, the same derivative as its `backward` written with
 * Values instead of numbers (null: no contribution, as for relu left of its kink).
 *
 * @example
 * const [x, y] = toValues([2, 3]);
 * const [gx, gy] = gradientValues(x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2)), [x, y]);
 * gx.data; // 13 = 2x + 3y
 * gx.backward(); [x.grad, y.grad]; // [2, 3]: the first row of the Hessian
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
import { Value, checkValue, topologicalOrder } from "./value";
import { show } from "../util/validate";

/**
 * d out / d wrt[i] for each i, as Values built from the graph of `out` (so they can be
 * differentiated again). An input `out` does not depend on gets the constant 0.
 */
export function gradientValues(out: Value, wrt: readonly Value[]): Value[] {
  checkValue("gradientValues: out", out);
  const given: unknown = wrt; // what a caller without types may pass
  if (!Array.isArray(given)) throw new TypeError(`gradientValues: wrt must be an array of Values; got ${show(wrt)}`);
  wrt.forEach((v, i) => checkValue(`gradientValues: wrt[${i}]`, v));
  const order = topologicalOrder(out);
  // Adjoints are built once per backward construction, not per operation: a Map is fine here.
  const adjoints = new Map<Value, Value>([[out, new Value(1)]]);
  for (const node of order.reverse()) {
    const adj = adjoints.get(node);
    if (!adj || node.rule === undefined) continue;
    const contributions = node.rule.adjoint(node, adj);
    node.children.forEach((child, j) => {
      const term = contributions[j];
      if (!term) return;
      const previous = adjoints.get(child);
      adjoints.set(child, previous ? previous.add(term) : term); // a value used twice sums both paths
    });
  }
  return wrt.map((x) => adjoints.get(x) ?? new Value(0));
}
