// Random expressions for engine-against-engine tests: one seeded expression tree, evaluated as a
// Scalar function (our engines), as tfjs ops (tfjs autograd) and as plain Math (central differences).
// Every wrapper keeps the expression defined and finite everywhere: log and fractional powers see
// only positive arguments, division is by (b² + 1), exp sees a tanh.
import { tf } from "../../lib/tf";
import type { Rng } from "../../lib/random";
import type { Scalar } from "../../lib/autodiff/scalar";

export type Expr =
  | { kind: "var"; index: number }
  | { kind: "const"; value: number }
  | { kind: "unary"; op: Unary; arg: Expr }
  | { kind: "binary"; op: Binary; left: Expr; right: Expr };

export const UNARY = [
  "neg",
  "tanh",
  "sigmoid",
  "relu",
  "expTanh",
  "logSquarePlus1",
  "square",
  "cube",
  "sqrtSquarePlus1",
  "inverseSquarePlus1",
] as const;
export const BINARY = ["add", "sub", "mul", "divSquarePlus1"] as const;
type Unary = (typeof UNARY)[number];
type Binary = (typeof BINARY)[number];

/** Ops tfjs can differentiate twice (it has no second derivatives through exp, tanh or sigmoid). */
export const SECOND_ORDER_UNARY: readonly Unary[] = ["neg", "logSquarePlus1", "square", "cube", "sqrtSquarePlus1", "inverseSquarePlus1"];

export function randomExpr(rng: Rng, variables: number, depth: number, unary: readonly Unary[] = UNARY): Expr {
  if (depth === 0 || rng.uniform() < 0.2) {
    return rng.uniform() < 0.75
      ? { kind: "var", index: rng.int(0, variables - 1) }
      : { kind: "const", value: Math.round(rng.uniform(-2, 2) * 100) / 100 };
  }
  if (rng.uniform() < 0.45)
    return { kind: "unary", op: unary[rng.int(0, unary.length - 1)] as Unary, arg: randomExpr(rng, variables, depth - 1, unary) };
  return {
    kind: "binary",
    op: BINARY[rng.int(0, BINARY.length - 1)] as Binary,
    left: randomExpr(rng, variables, depth - 1, unary),
    right: randomExpr(rng, variables, depth - 1, unary),
  };
}

/** The expression as a function of any Scalar type. */
export function scalarFn(e: Expr): <T extends Scalar<T>>(x: T[]) => T {
  return <T extends Scalar<T>>(x: T[]): T => {
    const go = (node: Expr): T => {
      switch (node.kind) {
        case "var":
          return x[node.index] as T;
        case "const":
          return (x[0] as T).mul(0).add(node.value);
        case "unary": {
          const a = go(node.arg);
          switch (node.op) {
            case "neg":
              return a.neg();
            case "tanh":
              return a.tanh();
            case "sigmoid":
              return a.sigmoid();
            case "relu":
              return a.relu();
            case "expTanh":
              return a.tanh().exp();
            case "logSquarePlus1":
              return a.pow(2).add(1).log();
            case "square":
              return a.pow(2);
            case "cube":
              return a.pow(3);
            case "sqrtSquarePlus1":
              return a.pow(2).add(1).pow(0.5);
            case "inverseSquarePlus1":
              return a.pow(2).add(1).pow(-1);
          }
          break;
        }
        case "binary": {
          const a = go(node.left);
          const b = go(node.right);
          switch (node.op) {
            case "add":
              return a.add(b);
            case "sub":
              return a.sub(b);
            case "mul":
              return a.mul(b);
            case "divSquarePlus1":
              return a.div(b.pow(2).add(1));
          }
        }
      }
      throw new Error(`unknown expression ${JSON.stringify(node)}`);
    };
    return go(e);
  };
}

/** The same expression with plain numbers (an independent evaluation for central differences). */
export function mathFn(e: Expr): (...x: number[]) => number {
  const go = (node: Expr, x: number[]): number => {
    switch (node.kind) {
      case "var":
        return x[node.index] as number;
      case "const":
        return node.value;
      case "unary": {
        const a = go(node.arg, x);
        const table: Record<Unary, () => number> = {
          neg: () => -a,
          tanh: () => Math.tanh(a),
          sigmoid: () => 1 / (1 + Math.exp(-a)),
          relu: () => Math.max(a, 0),
          expTanh: () => Math.exp(Math.tanh(a)),
          logSquarePlus1: () => Math.log(a * a + 1),
          square: () => a * a,
          cube: () => a * a * a,
          sqrtSquarePlus1: () => Math.sqrt(a * a + 1),
          inverseSquarePlus1: () => 1 / (a * a + 1),
        };
        return table[node.op]();
      }
      case "binary": {
        const a = go(node.left, x);
        const b = go(node.right, x);
        return { add: a + b, sub: a - b, mul: a * b, divSquarePlus1: a / (b * b + 1) }[node.op];
      }
    }
  };
  return (...x) => go(e, x);
}

/** The same expression with tfjs ops on scalars (for tf.grads). */
export function tfFn(e: Expr): (...x: tf.Scalar[]) => tf.Tensor {
  const go = (node: Expr, x: tf.Scalar[]): tf.Tensor => {
    switch (node.kind) {
      case "var":
        return x[node.index] as tf.Scalar;
      case "const":
        return tf.scalar(node.value);
      case "unary": {
        const a = go(node.arg, x);
        const table: Record<Unary, () => tf.Tensor> = {
          neg: () => a.neg(),
          tanh: () => a.tanh(),
          sigmoid: () => a.sigmoid(),
          relu: () => a.relu(),
          expTanh: () => a.tanh().exp(),
          logSquarePlus1: () => a.square().add(1).log(),
          square: () => a.square(),
          cube: () => a.mul(a).mul(a),
          sqrtSquarePlus1: () => a.square().add(1).sqrt(),
          inverseSquarePlus1: () => tf.scalar(1).div(a.square().add(1)),
        };
        return table[node.op]();
      }
      case "binary": {
        const a = go(node.left, x);
        const b = go(node.right, x);
        const table: Record<Binary, () => tf.Tensor> = {
          add: () => a.add(b),
          sub: () => a.sub(b),
          mul: () => a.mul(b),
          divSquarePlus1: () => a.div(b.square().add(1)),
        };
        return table[node.op]();
      }
    }
  };
  return (...x) => go(e, x);
}

/** Nodes in the tree where relu sees an argument within `margin` of its kink (differences are unreliable there). */
export function nearKink(e: Expr, x: number[], margin = 1e-3): boolean {
  const f = (node: Expr): boolean => {
    if (node.kind === "unary") return (node.op === "relu" && Math.abs(mathFn(node.arg)(...x)) < margin) || f(node.arg);
    if (node.kind === "binary") return f(node.left) || f(node.right);
    return false;
  };
  return f(e);
}
