/**
 * Checks for the exercises where the learner builds a piece that gradlab also has: a backward rule
 * of the scalar engine (13.3), a topological sort (13.4), a descent loop (06.3), a training loop
 * (15.3). Besides comparing the result with witnesses, these checks make sure the answer does not
 * hand the work to gradlab's finished version of the same piece:
 *
 * - `libValueSortsDuring(Value, run)`: every `Value.backward()`, `grad(...)` and
 *   `topologicalOrder(...)` of lib/autodiff advances one pass counter (a probe Value reads it), so
 *   a rule or a sort that calls gradlab's engine inside is seen, however the call is spelled;
 * - `guardCallback(fn, units)`: a callback handed to the learner (the slope, the loss) looks at
 *   its callers when it runs; a call from inside lib/optim, lib/train or lib/tape means the loop
 *   is gradlab's, not the learner's;
 * - `libUpdatesMark()`: every step of a lib/optim optimizer advances a counter (lib/util/params.ts),
 *   so a loop of the learner's own that lets gradlab's sgd, adam ... make the update is seen.
 */
import path from "node:path";
import { at } from "../util/array";
import { isCallable, show } from "../util/validate";
import { tf, tfInfo } from "../tf";
import { centralGradient } from "../numeric/numeric";
import { fmt } from "../util/format";
import { libUpdateCount } from "../util/params";
import { describeMismatches } from "./compare";
import { ExerciseError, beginCheck, callLearner, hintLine } from "./exercise";
import { FD_TOLERANCE, TF_TOLERANCE, type Tolerance } from "./tolerance";

// Captured when gradlab loads, before any learner code runs.
const captureStackTrace = Error.captureStackTrace;
const LIB_ROOT = path.resolve(__dirname, "..");

/**
 * The lib units ("optim", "train" ...) whose code is on the call stack right now.
 * @example libUnitsOnStack().has("optim") // true when called from inside lib/optim
 */
export function libUnitsOnStack(): Set<string> {
  const E = Error;
  const saved = E.prepareStackTrace;
  const savedLimit = E.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  let frames: unknown;
  try {
    E.stackTraceLimit = 500;
    E.prepareStackTrace = (_e: unknown, sites: NodeJS.CallSite[]) => sites.map((s) => s.getFileName() ?? "");
    captureStackTrace(holder);
    frames = holder.stack; // V8 formats the trace when .stack is first read: while our prepareStackTrace is in place
  } finally {
    E.prepareStackTrace = saved;
    E.stackTraceLimit = savedLimit;
  }
  if (!Array.isArray(frames))
    throw new Error("the exercise check could not read its call stack (was Error.prepareStackTrace made read-only?)");
  const files: unknown[] = frames;
  const units = new Set<string>();
  for (const file of files) {
    if (typeof file !== "string") continue;
    const rel = path.relative(LIB_ROOT, file);
    const [unit] = rel.split(path.sep);
    if (unit && !rel.startsWith("..") && !path.isAbsolute(rel)) units.add(unit);
  }
  return units;
}

/**
 * Wraps a callback given to the learner's code: counts its calls and records every lib unit in
 * `units` found among its callers (e.g. "optim" when gradlab's gradientDescent calls it).
 * @example const g = guardCallback(slope, ["optim"]); learner(g.fn); g.calls(); g.libCallers() // [] for a hand-written loop
 */
export function guardCallback<A extends unknown[], R>(
  fn: (...args: A) => R,
  units: readonly string[],
): { fn: (...args: A) => R; calls: () => number; libCallers: () => string[] } {
  let calls = 0;
  const found = new Set<string>();
  const guarded = (...args: A): R => {
    calls++;
    const onStack = libUnitsOnStack();
    for (const u of units) if (onStack.has(u)) found.add(u);
    return fn(...args);
  };
  return { fn: guarded, calls: () => calls, libCallers: () => [...found] };
}

/**
 * Marks tfjs's tensor count (tensor ids only grow): the function returned says how many tensors were
 * made since, so a check can refuse an answer that asks tfjs autograd for what it should compute.
 * @example const made = tfTensorMark(); learner(...); made() // 0 when the learner used no tfjs
 */
export function tfTensorMark(): () => number {
  const probe = () => {
    const t = tf.scalar(0);
    const id = t.id;
    t.dispose();
    return id;
  };
  const before = probe();
  return () => probe() - before - 1;
}

/**
 * Marks lib's optimizer-step count: the function returned says how many updates gradlab's
 * optimizers (sgd, adam ... from lib/optim) made since, so a check can refuse an answer whose
 * update, which the learner is to write, was made by gradlab.
 * @example const updates = libUpdatesMark(); learner(...); updates() // 0 when the learner wrote the update
 */
export function libUpdatesMark(): () => number {
  const before = libUpdateCount();
  return () => libUpdateCount() - before;
}

/** The message for an answer that let gradlab's optimizers make `n` updates the learner is to write. */
export function libUpdatesMessage(n: number, update: string): string {
  return `let gradlab's optimizer make the update (${n} optimizer step${n === 1 ? "" : "s"}: optim.sgd(...).step or another of lib's optimizers); this exercise is to write the update ${update} yourself`;
}

/** What the checks need of lib's Value class (passed in by the test cell: lib/check sits below lib/autodiff). */
export interface ValueLike {
  data: number;
  grad: number;
  visitedBy: number;
  backward(): void;
  add(o: ValueLike | number): ValueLike;
  mul(o: ValueLike | number): ValueLike;
  exp(): ValueLike;
}
export type ValueClass = new (data: number) => ValueLike;

/**
 * How many sorts of lib's scalar engine (backward(), grad, topologicalOrder) ran during `run`.
 * @example libValueSortsDuring(Value, () => new Value(2).exp().backward()) // 1
 */
export function libValueSortsDuring(Value: ValueClass, run: () => void): number {
  const before = new Value(0);
  before.backward();
  run();
  const after = new Value(0);
  after.backward();
  return after.visitedBy - before.visitedBy - 1;
}

function needValue(id: string, extras: { Value?: unknown }): ValueClass {
  if (typeof extras.Value !== "function") {
    throw new TypeError(
      `the check of ${id} needs lib's Value class: pass { Value } (import { Value } from "gradlab") as its last argument`,
    );
  }
  return extras.Value as ValueClass;
}

/** A node of the notebook's engine (MyValue), as the checks build it. */
export interface EngineNode {
  data: number;
  grad: number;
  children: EngineNode[];
  _backward: () => void;
  op: string;
}

/** True when v has what the checks use of a MyValue node: numeric data, a children array and a _backward function. */
function isEngineNode(v: unknown): v is EngineNode {
  return (
    typeof v === "object" &&
    v !== null &&
    "data" in v &&
    "children" in v &&
    "_backward" in v &&
    typeof v.data === "number" &&
    Array.isArray(v.children) &&
    typeof v._backward === "function"
  );
}

/** True when x is a member of `set` (and so of its element type). */
function isIn<T>(set: ReadonlySet<T>, x: unknown): x is T {
  const members: ReadonlySet<unknown> = set;
  return members.has(x);
}

const leaf = (data: number): EngineNode => ({ data, grad: 0, children: [], _backward: () => {}, op: "" });

function addNode(a: EngineNode, b: EngineNode): EngineNode {
  const out: EngineNode = { data: a.data + b.data, grad: 0, children: [a, b], _backward: () => {}, op: "+" };
  out._backward = () => {
    a.grad += out.grad;
    b.grad += out.grad;
  };
  return out;
}

function mulNode(a: EngineNode, b: EngineNode): EngineNode {
  const out: EngineNode = { data: a.data * b.data, grad: 0, children: [a, b], _backward: () => {}, op: "*" };
  out._backward = () => {
    a.grad += b.data * out.grad;
    b.grad += a.data * out.grad;
  };
  return out;
}

/** The check's own backward pass over an EngineNode graph (an explicit-stack sort, then the rules in reverse). */
function backwardNodes(out: EngineNode): void {
  const order: EngineNode[] = [];
  const seen = new Set<EngineNode>();
  const stack: Array<[EngineNode, number]> = [[out, 0]];
  seen.add(out);
  while (stack.length > 0) {
    const top = at(stack, stack.length - 1, "stack");
    const child = top[0].children[top[1]];
    if (child) {
      top[1]++;
      if (!seen.has(child)) {
        seen.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(top[0]);
    }
  }
  for (const v of order) v.grad = 0;
  out.grad = 1;
  for (let i = order.length - 1; i >= 0; i--) at(order, i, "order")._backward();
}

/** The expressions exercise 13.3 runs the learner's exp through: each uses exp differently. */
interface ExpExpression {
  text: string;
  /** Built from nodes, with the learner's exp (or lib's Value methods). */
  build<N>(x: N, y: N, ops: { exp: (a: N) => N; add: (a: N, b: N) => N; mul: (a: N, b: N) => N; num: (v: number) => N }): N;
  plain: (x: number, y: number) => number;
  tfjs: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor;
}

const EXP_EXPRESSIONS: ExpExpression[] = [
  {
    text: "exp(x·y) + x",
    build: (x, y, o) => o.add(o.exp(o.mul(x, y)), x),
    plain: (x, y) => Math.exp(x * y) + x,
    tfjs: (x, y) => x.mul(y).exp().add(x),
  },
  {
    // exp of exp: the outer node's gradient is not 1, so the rule must multiply by it
    text: "exp(0.5·exp(x))·y",
    build: (x, y, o) => o.mul(o.exp(o.mul(o.num(0.5), o.exp(x))), y),
    plain: (x, y) => Math.exp(0.5 * Math.exp(x)) * y,
    tfjs: (x, y) => x.exp().mul(0.5).exp().mul(y),
  },
  {
    // x goes into two exp nodes: each must add its share, not overwrite the other's
    text: "exp(x) + exp(x)·y",
    build: (x, y, o) => o.add(o.exp(x), o.mul(o.exp(x), y)),
    plain: (x, y) => Math.exp(x) + Math.exp(x) * y,
    tfjs: (x, y) => x.exp().add(x.exp().mul(y)),
  },
];

/**
 * Exercise 13.3: the learner's `myExp(a)` (its backward rule) inside three expressions at each
 * point, against lib's Value, tfjs autograd and central differences. Fails when the rule calls
 * gradlab's engine.
 * @example checkExpRule("ex13-3", "myExp", myExp, [[0.5, -1.2]], { Value })
 */
export function checkExpRule(id: string, name: string, learnerExp: unknown, points: number[][], extras: { Value?: unknown }): void {
  beginCheck(name);
  if (!isCallable(learnerExp)) throw new ExerciseError(`${name} should be a function (a: MyValue) => MyValue; got ${typeof learnerExp}`);
  const Value = needValue(id, extras);
  const exp = (a: EngineNode) => {
    const out = callLearner(name, () => learnerExp(a));
    if (!isEngineNode(out)) {
      throw new ExerciseError(`${name} should return a new MyValue (with its _backward rule); got ${typeof out}`);
    }
    if (Math.abs(out.data - Math.exp(a.data)) > 1e-12 * Math.abs(Math.exp(a.data))) {
      throw new ExerciseError(`${name}(a).data should be e^a (the forward part of the cell); got ${fmt(out.data)} for a = ${fmt(a.data)}`);
    }
    return out;
  };
  tfInfo();
  const fdTol: Tolerance = { rtol: Math.max(TF_TOLERANCE.rtol, FD_TOLERANCE.rtol) * 10, atol: 1e-6 };
  for (const [k, [x0, y0]] of points.entries()) {
    if (x0 === undefined || y0 === undefined) throw new RangeError(`${name}: points[${k}] must be a point [x, y]; got ${show(points[k])}`);
    for (const e of EXP_EXPRESSIONS) {
      const label = `∇(${e.text}) at (${fmt(x0)}, ${fmt(y0)}) with ${name}`;
      const x = leaf(x0);
      const y = leaf(y0);
      const out = e.build(x, y, { exp, add: addNode, mul: mulNode, num: leaf });
      const sorts = libValueSortsDuring(Value, () => callLearner(name, () => backwardNodes(out)));
      if (sorts > 0) {
        throw new ExerciseError(
          `${name}'s backward rule ran gradlab's own engine (Value.backward, grad or topologicalOrder) ${sorts} time(s): this exercise is to write the rule yourself, from the output's data and gradient.${hintLine({ exercise: id })}`,
        );
      }
      const got = [x.grad, y.grad];
      const vx = new Value(x0);
      const vy = new Value(y0);
      const vOut = e.build<ValueLike>(vx, vy, {
        exp: (a) => a.exp(),
        add: (a, b) => a.add(b),
        mul: (a, b) => a.mul(b),
        num: (v) => new Value(v),
      });
      vOut.backward();
      const viaTf = tf.tidy(() =>
        tf
          .grads((a: tf.Tensor, b: tf.Tensor) => e.tfjs(a, b))([tf.scalar(x0), tf.scalar(y0)])
          .map((g) => at(g.dataSync(), 0, "tfjs gradient")),
      );
      const viaFd = centralGradient((a: number, b: number) => e.plain(a, b), [x0, y0]);
      const problem =
        describeMismatches(`${label} (vs lib's Value)`, got, [vx.grad, vy.grad], { rtol: 1e-10, atol: 1e-12 }) ||
        describeMismatches(`${label} (vs tfjs)`, got, viaTf, TF_TOLERANCE) ||
        describeMismatches(`${label} (vs central differences)`, got, viaFd, fdTol);
      if (problem) throw new ExerciseError(`${problem}${hintLine({ exercise: id })}`);
    }
  }
  console.log(
    `✓ ${name}'s backward rule matches lib's Value, tfjs autograd and central differences in ${EXP_EXPRESSIONS.length} expressions at ${points.length} point(s)`,
  );
}

/** A graph for exercise 13.4, with the reachable nodes it must sort and some that are not reachable. */
export interface SortCase {
  label: string;
  out: EngineNode;
  reachable: Set<EngineNode>;
}

/**
 * a → (b, c) → d: d uses b and c, both use a (the smallest shared subexpression).
 * @example sortProblem(diamondGraph(), mySort(diamondGraph().out)) // "" for a right sort
 */
export function diamondGraph(): SortCase {
  const a = leaf(1.5);
  const b = mulNode(a, leaf(2));
  const c = addNode(a, leaf(-1));
  const d = mulNode(b, c);
  const unused = addNode(a, leaf(3)); // uses a, but d does not depend on it
  void unused;
  return { label: "a diamond (d = (2a)·(a − 1))", out: d, reachable: reachableFrom(d) };
}

/**
 * A chain of `n` additions: a recursive walk n frames deep.
 * @example chainGraph(50_000).reachable.size // 100001
 */
export function chainGraph(n: number): SortCase {
  let v = leaf(0);
  for (let i = 0; i < n; i++) v = addNode(v, leaf(i % 7));
  return { label: `a chain of ${n} additions`, out: v, reachable: reachableFrom(v) };
}

/**
 * A random graph with shared subexpressions: each new node combines two earlier ones.
 * @example randomGraph(createRng(4), 30).out
 */
export function randomGraph(
  rng: { int(low: number, high: number): number; uniform(low?: number, high?: number): number },
  size: number,
): SortCase {
  const nodes: EngineNode[] = Array.from({ length: 3 }, () => leaf(Math.round(rng.uniform(-2, 2) * 100) / 100));
  for (let i = 0; i < size; i++) {
    const a = at(nodes, rng.int(0, nodes.length - 1), "nodes");
    const b = at(nodes, rng.int(Math.max(0, nodes.length - 4), nodes.length - 1), "nodes");
    nodes.push(rng.int(0, 1) === 0 ? addNode(a, b) : mulNode(a, b));
  }
  // the output: a node near the end, so that some later nodes are not reachable from it
  const out = at(nodes, nodes.length - 1 - rng.int(0, 2), "nodes");
  return { label: `a random graph of ${size} operations with shared subexpressions`, out, reachable: reachableFrom(out) };
}

function reachableFrom(out: EngineNode): Set<EngineNode> {
  const seen = new Set<EngineNode>([out]);
  const stack = [out];
  for (let node = stack.pop(); node; node = stack.pop()) {
    for (const c of node.children) {
      if (seen.has(c)) continue;
      seen.add(c);
      stack.push(c);
    }
  }
  return seen;
}

/**
 * Why `order` is not a topological order of `graph`'s reachable nodes, or "".
 * @example const g = diamondGraph(); sortProblem(g, [g.out]) // "lists 1 of the 6 nodes the output depends on"
 */
export function sortProblem(graph: SortCase, order: unknown): string {
  if (!Array.isArray(order)) return `returned ${typeof order}, not an array of nodes`;
  const position = new Map<EngineNode, number>();
  for (const [i, v] of order.entries()) {
    if (!isIn(graph.reachable, v))
      return `lists a node (at position ${i}) that the output does not depend on, or that is not a node of the graph`;
    if (position.has(v))
      return `lists the same node twice (positions ${position.get(v)} and ${i}): a node reached along two paths must be listed once`;
    position.set(v, i);
  }
  if (position.size !== graph.reachable.size) return `lists ${position.size} of the ${graph.reachable.size} nodes the output depends on`;
  for (const [v, i] of position) {
    for (const c of v.children) {
      const childAt = position.get(c);
      if (childAt !== undefined && childAt > i)
        return `lists a node (position ${i}) before one of its children (position ${position.get(c)}): every node must come after all of its children`;
    }
  }
  return "";
}

/**
 * Exercise 13.4: the learner's topological sort on a diamond, a deep chain and random graphs with
 * shared subexpressions: every reachable node once, each after its children; then a backward pass
 * along the learner's order must give lib's gradients. Fails when the sort calls gradlab's.
 * @example checkTopologicalSort("ex13-4", "topologicalSortIterative", mySort, [diamondGraph(), chainGraph(50_000)], { Value })
 */
export function checkTopologicalSort(
  id: string,
  name: string,
  learnerSort: unknown,
  graphs: SortCase[],
  extras: { Value?: unknown },
): void {
  beginCheck(name);
  if (!isCallable(learnerSort))
    throw new ExerciseError(`${name} should be a function (out: MyValue) => MyValue[]; got ${typeof learnerSort}`);
  const Value = needValue(id, extras);
  for (const graph of graphs) {
    let order: unknown;
    const sorts = libValueSortsDuring(Value, () => {
      order = callLearner(name, () => learnerSort(graph.out));
    });
    if (sorts > 0) {
      throw new ExerciseError(
        `${name} ran gradlab's own sort (topologicalOrder or Value.backward) ${sorts} time(s): this exercise is to write the walk yourself.${hintLine({ exercise: id })}`,
      );
    }
    const problem = sortProblem(graph, order);
    if (problem) throw new ExerciseError(`${name} on ${graph.label} ${problem}.${hintLine({ exercise: id })}`);
    // the order at work: a backward pass along it against lib's Value on the same graph
    // sortProblem found every entry a node of the graph: the filter keeps them all, typed
    const nodes = Array.isArray(order) ? order.filter((v: unknown) => isIn(graph.reachable, v)) : [];
    for (const v of nodes) v.grad = 0;
    graph.out.grad = 1;
    for (let i = nodes.length - 1; i >= 0; i--) at(nodes, i, "nodes")._backward();
    const values = new Map<EngineNode, ValueLike>();
    const valueOf = (v: EngineNode): ValueLike => {
      const found = values.get(v);
      if (!found) throw new Error(`${name}: a node came before its children although sortProblem accepted the order`);
      return found;
    };
    for (const v of nodes) {
      const [a, b] = v.children;
      values.set(v, a && b ? (v.op === "+" ? valueOf(a).add(valueOf(b)) : valueOf(a).mul(valueOf(b))) : new Value(v.data));
    }
    valueOf(graph.out).backward();
    const leaves = nodes.filter((v) => v.children.length === 0);
    const mismatch = describeMismatches(
      `the gradients of ${graph.label}'s inputs, by a backward pass along ${name}'s order (vs lib's Value)`,
      leaves.map((v) => v.grad),
      leaves.map((v) => valueOf(v).grad),
      { rtol: 1e-12, atol: 1e-12 },
    );
    if (mismatch) throw new ExerciseError(`${mismatch}${hintLine({ exercise: id })}`);
  }
  console.log(`✓ ${name} lists every node once, each after its children, on ${graphs.map((g) => g.label).join("; ")}`);
}

/** A training problem for exercise 15.3: parameters and a function that fills their gradients and returns the loss. */
export interface TrainingProblem {
  params: Array<{ value: Float64Array; grad: Float64Array }>;
  lossAndGrads: () => number;
}

/** One case of exercise 15.3: a factory of fresh, identical problems, the rate, the steps, and optionally lib's losses on the same problem. */
export type TrainingCase = [() => TrainingProblem, number, number, (readonly number[])?];

/**
 * Exercise 15.3: the learner's whole training loop `trainLoop(params, lossAndGrads, lr, steps)`,
 * run on a fresh problem from each factory, compared on its whole trajectory (the loss of every
 * step, and the final parameters) with the same loop run here on a second fresh problem, and with
 * lib's own losses when the case gives them. The loss function must be called once per step, by
 * the learner's loop (not from inside gradlab's train, optim or tape code).
 * @example checkTrainingLoop("ex15-3", "trainLoop", trainLoop, [[freshNetwork, 0.1, 25, libLosses]])
 */
export function checkTrainingLoop(id: string, name: string, learner: unknown, cases: TrainingCase[], label = name): void {
  beginCheck(name);
  if (!isCallable(learner))
    throw new ExerciseError(`${name} should be a function (params, lossAndGrads, lr, steps) => number[]; got ${typeof learner}`);
  for (const [factory, lr, steps, libLosses] of cases) {
    const mine = factory();
    const guard = guardCallback(mine.lossAndGrads, ["train", "optim", "tape", "monitor"]);
    const updates = libUpdatesMark();
    const losses = callLearner(name, () => learner(mine.params, guard.fn, lr, steps));
    const where = `${name}(${mine.params.length} parameters, lossAndGrads, ${fmt(lr)}, ${steps})`;
    if (guard.libCallers().length > 0) {
      throw new ExerciseError(
        `${where}: lossAndGrads was called from inside gradlab's ${guard.libCallers().join(", ")} code; this exercise is to write the loop yourself.${hintLine({ exercise: id })}`,
      );
    }
    if (updates() > 0) throw new ExerciseError(`${where} ${libUpdatesMessage(updates(), "θ ← θ − lr·g")}.${hintLine({ exercise: id })}`);
    if (guard.calls() !== steps) {
      throw new ExerciseError(
        `${where} called lossAndGrads ${guard.calls()} times; a loop of ${steps} steps needs it once per step.${hintLine({ exercise: id })}`,
      );
    }
    const ref = factory();
    const refLosses: number[] = [];
    for (let t = 0; t < steps; t++) {
      refLosses.push(ref.lossAndGrads());
      for (const p of ref.params)
        for (let i = 0; i < p.value.length; i++) p.value[i] = at(p.value, i, "value") - lr * at(p.grad, i, "grad");
    }
    const tol: Tolerance = { rtol: 1e-9, atol: 1e-12 };
    const problem =
      describeMismatches(`${where}: the loss of each step`, losses, refLosses, tol) ||
      describeMismatches(
        `${where}: the parameters after the loop`,
        mine.params.flatMap((p) => Array.from(p.value)),
        ref.params.flatMap((p) => Array.from(p.value)),
        tol,
      ) ||
      (libLosses ? describeMismatches(`${where}: the loss of each step, vs gradlab's training step`, losses, libLosses, tol) : "");
    if (problem) throw new ExerciseError(`${problem}${hintLine({ exercise: id })}`);
  }
  console.log(
    `✓ ${label}: every step's loss and the final parameters match on ${cases.length === 1 ? "this problem" : `all ${cases.length} problems`}`,
  );
}

/**
 * Random problems for the hidden test of 15.3: a sum of scaled squares with a coupling term, over 1 to 3 parameters.
 * @example const make = randomTrainingProblem(createRng(1)); make().lossAndGrads()
 */
export function randomTrainingProblem(rng: {
  int(low: number, high: number): number;
  normals(n: number, mean?: number, std?: number): number[];
  uniform(low?: number, high?: number): number;
}): () => TrainingProblem {
  const shapes = Array.from({ length: rng.int(1, 3) }, () => rng.int(1, 5));
  const start = shapes.map((n) => rng.normals(n));
  const centre = shapes.map((n) => rng.normals(n));
  const scale = shapes.map((n) => Array.from({ length: n }, () => rng.uniform(0.2, 2)));
  return () => {
    const params = start.map((s) => ({ value: Float64Array.from(s), grad: new Float64Array(s.length) }));
    return {
      params,
      lossAndGrads: () => {
        let loss = 0;
        let first = 0; // a coupling term (Σ first entries)² ties the parameters together
        for (const p of params) first += at(p.value, 0, "value");
        params.forEach((p, k) => {
          const c = at(centre, k, "centre");
          const sc = at(scale, k, "scale");
          for (let i = 0; i < p.value.length; i++) {
            const d = at(p.value, i, "value") - at(c, i, "centre");
            const s = at(sc, i, "scale");
            loss += s * d * d;
            p.grad[i] = 2 * s * d + (i === 0 ? 0.2 * first : 0);
          }
        });
        return loss + 0.1 * first * first;
      },
    };
  };
}
