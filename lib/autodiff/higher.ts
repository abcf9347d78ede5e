/**
 * Gradients that are themselves differentiable. `backward()` computes gradients as plain numbers;
 * `gradientValues` instead walks the graph backwards building each adjoint (d out / d node) out of
 * `Value` operations, so the gradient is a new graph over the same inputs. Running `backward()`
 * on one of its entries gives a row of the Hessian; on a weighted sum of them, a Hessian-vector
 * product (reverse-over-reverse).
 *
 * The rules mirror the closures in value.ts, written with Values instead of numbers: one entry
 * per primitive op, returning the contribution to each child's adjoint (null: none, as for relu
 * left of its kink).
 *
 * @example
 * const [x, y] = toValues([2, 3]);
 * const [gx, gy] = gradientValues(x.pow(2).add(x.mul(3).mul(y)).add(y.pow(2)), [x, y]);
 * gx.data; // 13 = 2x + 3y
 * gx.backward(); [x.grad, y.grad]; // [2, 3]: the first row of the Hessian
 */
import { Value, topologicalOrder } from "./value";

type AdjointRule = (node: Value, adjoint: Value) => Array<Value | null>;

/** Exponent of a power node: its op string is "^k". */
function exponent(node: Value): number {
  return Number(node.op.slice(1));
}

const RULES: Record<string, AdjointRule> = {
  "+": (_node, adj) => [adj, adj],
  "*": (node, adj) => [adj.mul(node.children[1] as Value), adj.mul(node.children[0] as Value)],
  exp: (node, adj) => [adj.mul(node)],
  log: (node, adj) => [adj.div(node.children[0] as Value)],
  tanh: (node, adj) => [adj.mul(node.pow(2).neg().add(1))],
  sigmoid: (node, adj) => [adj.mul(node.mul(node.neg().add(1)))],
  // relu' is a step: a constant 0 or 1 near any point off the kink, so its own derivative is 0
  relu: (node, adj) => [(node.children[0] as Value).data > 0 ? adj : null],
};

function rule(node: Value): AdjointRule {
  if (node.op.startsWith("^")) {
    const k = exponent(node);
    return (n, adj) => [adj.mul((n.children[0] as Value).pow(k - 1).mul(k))];
  }
  const found = RULES[node.op];
  if (!found) throw new Error(`gradientValues: no rule for the op "${node.op}"`);
  return found;
}

/**
 * d out / d wrt[i] for each i, as Values built from the graph of `out` (so they can be
 * differentiated again). An input `out` does not depend on gets the constant 0.
 */
export function gradientValues(out: Value, wrt: readonly Value[]): Value[] {
  const order = topologicalOrder(out);
  // Adjoints are built once per backward construction, not per operation: a Map is fine here.
  const adjoints = new Map<Value, Value>([[out, new Value(1)]]);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as Value;
    const adj = adjoints.get(node);
    if (!adj || node.children.length === 0) continue;
    const contributions = rule(node)(node, adj);
    node.children.forEach((child, j) => {
      const term = contributions[j];
      if (!term) return;
      const previous = adjoints.get(child);
      adjoints.set(child, previous ? previous.add(term) : term); // a value used twice sums both paths
    });
  }
  return wrt.map((x) => adjoints.get(x) ?? new Value(0));
}
