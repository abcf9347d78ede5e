/**
 * Reverse mode over the tape, with tfjs's API: `grad`, `grads`, `valueAndGrad`, `valueAndGrads`.
 *
 * `grads(f)(xs)` runs f with recording on, keeps the nodes that lie on a path from some x to the
 * output y, then walks them backwards: each node's gradient rule turns dL/d(output) into
 * dL/d(input) for the inputs that need one, and a tensor used by several ops adds up what each of
 * them sends back (the multivariable chain rule). Rules compute with ops, so inside another
 * `grads` call the backward pass is itself recorded: `grad(grad(f))` is a second derivative.
 *
 * Differences from tfjs, on purpose: an x that y does not depend on gets a zero gradient (tfjs
 * throws), and a value or gradient that is not finite is an error that says which (tfjs returns
 * NaN), because gradlab reports divergence instead of passing NaN on.
 *
 * @example
 * const f = (x: Tensor) => sum(square(x));          // Σ x²
 * grad(f)(tensor([1, 2, 3])).toArray();             // [2, 4, 6]
 * grad((x) => sum(grad(f)(x)))(tensor([1, 2])).toArray(); // second derivative: [2, 2]
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
import { NonFiniteError } from "../util/errors";
import { fmt } from "../util/format";
import { GRADIENT_RULES } from "./registry";
import { nodesSince, recording, releaseIfIdle, type TapeNode } from "./tape";
import { Tensor, fill, sameShape, shapeText, zeros } from "./tensor";
import { add } from "./ops/arithmetic";
import { show } from "../util/validate";
import { at, f64 } from "../util/array";

/**
 * The gradients of y with respect to each x, given dL/dy = dy, over the recorded `nodes`.
 * Exported for tests and for engines built on this one; `grads` is the usual entry point.
 */
export function backpropagate(nodes: readonly TapeNode[], xs: readonly Tensor[], y: Tensor, dy: Tensor): Tensor[] {
  const [givenNodes, givenXs]: unknown[] = [nodes, xs]; // what a caller without types may pass
  if (
    !Array.isArray(givenNodes) ||
    !givenNodes.every((n: unknown) => typeof n === "object" && n !== null && "inputs" in n && Array.isArray(n.inputs))
  )
    throw new TypeError(`backpropagate: nodes must be the tape's nodes (an array); got ${show(nodes)}`);
  if (!Array.isArray(givenXs) || !givenXs.every((x: unknown) => x instanceof Tensor))
    throw new TypeError(`backpropagate: xs must be an array of Tensors; got ${show(xs)}`);
  if (!(y instanceof Tensor)) throw new TypeError(`backpropagate: y must be a Tensor; got ${show(y)}`);
  if (!(dy instanceof Tensor)) throw new TypeError(`backpropagate: dy must be a Tensor; got ${show(dy)}`);
  // Forward sweep: which tensors depend on some x.
  const fromX = new Set<Tensor>(xs);
  const onPath = nodes.map((node) => {
    if (!node.inputs.some((t) => fromX.has(t))) return false;
    fromX.add(node.output);
    return true;
  });
  // Backward sweep: of those, which ones y depends on. Only these nodes are differentiated.
  const toY = new Set<Tensor>([y]);
  // In both sweeps below i runs over nodes' indices: `nodes[i] as TapeNode` is in range, and the
  // loops run once per recorded op of every training step (bench part 2), so there is no check.
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i] as TapeNode;
    if (onPath[i] && toY.has(node.output)) {
      for (const t of node.inputs) if (fromX.has(t)) toY.add(t);
    } else {
      onPath[i] = false;
    }
  }
  const needed = (t: Tensor) => fromX.has(t) && toY.has(t);
  const keep = new Set(xs);
  const gradients = new Map<Tensor, Tensor>([[y, dy]]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (!onPath[i]) continue;
    const node = nodes[i] as TapeNode;
    const g = gradients.get(node.output);
    if (!g) continue;
    // An intermediate's gradient is only needed by the nodes that produced it: free it as we go.
    if (!keep.has(node.output)) gradients.delete(node.output);
    const rule = GRADIENT_RULES[node.op];
    const lazy = rule.grad(g, node);
    node.inputs.forEach((input, k) => {
      if (!needed(input)) return;
      const thunk = lazy[k];
      if (!thunk) throw new Error(`the gradient rule of "${node.op}" gives no gradient for input ${rule.inputs[k] ?? k}`);
      const gi = thunk();
      if (!sameShape(gi.shape, input.shape)) {
        throw new RangeError(
          `the gradient rule of "${node.op}" gave shape ${shapeText(gi.shape)} for input ${rule.inputs[k] ?? k} of shape ${shapeText(input.shape)}`,
        );
      }
      const previous = gradients.get(input);
      gradients.set(input, previous ? add(previous, gi) : gi);
    });
  }
  return xs.map((x) => gradients.get(x) ?? zeros(x.shape));
}

function checkXs(what: string, xs: unknown): Tensor[] {
  if (!Array.isArray(xs) || xs.length === 0) throw new TypeError(`${what}: xs must be a non-empty array of Tensors`);
  xs.forEach((x, i) => {
    if (!(x instanceof Tensor)) {
      throw new TypeError(`${what}: xs[${i}] must be a Tensor (make one with fromValues(...)); got ${x === null ? "null" : typeof x}`);
    }
  });
  return xs.filter((x): x is Tensor => x instanceof Tensor); // all of them (checked above), typed
}

function checkFinite(what: string, label: string, t: Tensor): void {
  const bad = t.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new NonFiniteError(
      what,
      `${label} is not finite (${fmt(f64(t.data, bad))} at index ${bad} of shape ${shapeText(t.shape)}): the computation overflowed or divided by zero`,
    );
  }
}

/**
 * f(xs) and the gradients of f with respect to every x, as tf.valueAndGrads. `dy` weights the
 * output (default: ones, so a non-scalar y is summed).
 * @example valueAndGrads((a, b) => sum(mul(a, b)))([tensor([1, 2]), tensor([3, 4])]).grads // [[3, 4], [1, 2]]
 */
export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Tensor[], dy?: Tensor) => { value: Tensor; grads: Tensor[] } {
  if (typeof f !== "function") throw new TypeError("valueAndGrads: f must be a function of tensors");
  return (xsIn, dy) => {
    const xs = checkXs("valueAndGrads", xsIn);
    try {
      const { result: y, start } = recording(() => f(...xs));
      if (!(y instanceof Tensor)) throw new TypeError(`valueAndGrads: f must return a Tensor; got ${y === null ? "null" : typeof y}`);
      checkFinite("valueAndGrads", "f's value", y);
      if (dy !== undefined && (!(dy instanceof Tensor) || !sameShape(dy.shape, y.shape))) {
        throw new RangeError(`valueAndGrads: dy must be a Tensor of the output's shape ${shapeText(y.shape)}`);
      }
      const grads = backpropagate(nodesSince(start), xs, y, dy ?? fill(y.shape, 1));
      grads.forEach((g, i) => checkFinite("valueAndGrads", `the gradient for xs[${i}]`, g));
      return { value: y, grads };
    } finally {
      releaseIfIdle();
    }
  };
}

/** The gradients of f with respect to every x, as tf.grads. */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Tensor[], dy?: Tensor) => Tensor[] {
  const vg = valueAndGrads(f);
  return (xs, dy) => vg(xs, dy).grads;
}

/** f(x) and df/dx for a function of one tensor, as tf.valueAndGrad. */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  if (typeof f !== "function") throw new TypeError("valueAndGrad: f must be a function of a tensor");
  const vg = valueAndGrads((x) => f(x));
  return (x, dy) => {
    if (!(x instanceof Tensor)) throw new TypeError(`valueAndGrad: x must be a Tensor (make one with fromValues(...)); got ${show(x)}`);
    const { value, grads: g } = vg([x], dy);
    return { value, grad: at(g, 0, "valueAndGrad: gradients") };
  };
}

/** df/dx as a function, as tf.grad. */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  const vg = valueAndGrad(f);
  return (x, dy) => vg(x, dy).grad;
}
