/**
 * The tape: while a gradient is being taken (`grads(f)` is running f), every op appends one node
 * saying what it computed from what. Reverse mode then walks the nodes backwards, asking each op's
 * gradient rule (registry.ts) for the gradients of its inputs.
 *
 * There is one tape, and it records only while at least one `grads` call is running (`depth > 0`);
 * it is emptied when the outermost call returns. A `grads` call inside another one (a gradient of a
 * gradient) therefore records its backward pass on the same tape, so the outer call can
 * differentiate through it: that is how second derivatives work, as in tfjs's engine.
 *
 * Outside any `grads` call nothing is recorded, so ops cost only their arithmetic.
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
import type { Tensor } from "./tensor";

/** Every op the engine has. registry.ts must give each one a gradient rule (the compiler checks it). */
export type OpName =
  // arithmetic
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "neg"
  | "square"
  | "pow"
  | "sqrt"
  | "exp"
  | "log"
  // matmul
  | "matMul"
  | "transpose"
  // reductions and shapes
  | "sum"
  | "sumTo"
  | "broadcastTo"
  | "reshape"
  // activations
  | "relu"
  | "step"
  | "leakyRelu"
  | "leakyStep"
  | "sigmoid"
  | "tanh"
  | "sech2"
  | "softplus"
  | "normalCdf"
  | "normalPdf"
  | "softmax"
  | "logSoftmax"
  // losses
  | "mse"
  | "binaryCrossEntropy"
  | "binaryCrossEntropyWithLogits"
  | "softmaxCrossEntropy";

/** Settings of an op that are not tensors: an exponent, an axis, a shape, a transpose flag. */
export type Attrs = Readonly<Record<string, number | boolean | readonly number[]>>;

export interface TapeNode {
  readonly op: OpName;
  /** The tensors the op read, in the order its gradient rule names them. */
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: Attrs;
}

/**
 * How to push a gradient back through one op: given dL/d(output) (`dy`, the output's shape) and
 * the node, one lazy gradient per input, in input order. Lazy, so that inputs nobody needs a
 * gradient for (data, labels) cost nothing. A rule computes with ops, so its own work is recorded
 * when an outer `grads` is running, which makes it differentiable again.
 */
export interface GradientRule {
  readonly op: OpName;
  /** Names of the inputs, for messages: ["a", "b"] for matMul. */
  readonly inputs: readonly string[];
  grad(dy: Tensor, node: TapeNode): ReadonlyArray<() => Tensor>;
}

const state: { depth: number; nodes: TapeNode[] } = { depth: 0, nodes: [] };

/** Appends a node when a gradient is being taken; ops call it after computing their output. */
export function record(op: OpName, inputs: readonly Tensor[], output: Tensor, attrs: Attrs = {}): Tensor {
  if (state.depth > 0) state.nodes.push({ op, inputs, output, attrs });
  return output;
}

/** Runs `fn` with recording on; returns its result and the index of the first node it recorded. */
export function recording<T>(fn: () => T): { result: T; start: number } {
  const start = state.nodes.length;
  state.depth++;
  try {
    return { result: fn(), start };
  } finally {
    state.depth--;
  }
}

/** The nodes recorded from index `start` on (a snapshot). */
export function nodesSince(start: number): TapeNode[] {
  return state.nodes.slice(start);
}

/** Empties the tape once no gradient is being taken any more (the outermost call's `finally`). */
export function releaseIfIdle(): void {
  if (state.depth === 0) state.nodes.length = 0;
}

/** Whether ops are being recorded right now (for tests and for skipping bookkeeping). */
export function isRecording(): boolean {
  return state.depth > 0;
}

/** Nodes currently on the tape (0 whenever no gradient is being taken: nothing is kept between calls). */
export function tapeLength(): number {
  return state.nodes.length;
}

/** A number attribute of a node, or a clear error naming the op. */
export function numberAttr(node: TapeNode, name: string): number {
  const v = node.attrs[name];
  if (typeof v !== "number") throw new TypeError(`${node.op}: attribute "${name}" must be a number; got ${String(v)}`);
  return v;
}
