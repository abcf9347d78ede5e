/**
 * Part 2: one training step of a tensor MLP (forward, loss, backward, SGD update) on synthetic
 * data, with gradlab's hand-written backward pass (lib/nn), with the tensor autodiff engine, and
 * with TensorFlow.js on each backend. Every engine starts from the same weights and data, and the
 * first step's loss is kept so the report can show they computed the same thing. None of them
 * computes the gradient with respect to the input data (tfjs's minimize and the tape do not by
 * default; lib/nn's backprop is told `inputGradient: false`).
 */
import { setupTf, tf, type TfBackendName } from "../lib/tf";
import { createRng } from "../lib/random";
import { Matrix } from "../lib/util/matrix";
import { mlp, backprop } from "../lib/nn/mlp";
import { relu } from "../lib/nn/activations";
import { heNormal } from "../lib/nn/init";
import { mse } from "../lib/nn/losses";
import { sgd } from "../lib/optim/sgd";
import { tapeBackprop } from "../lib/nn/tape-form";
import type { Layer } from "../lib/nn/layer";
import type { Param } from "../lib/util/params";

export interface TensorSpec {
  /** Layer widths, e.g. [784, 128, 10]. */
  sizes: number[];
  batch: number;
  lr: number;
  seed: number;
  /** Untimed steps first (JIT, tfjs kernel set-up). */
  warmup: number;
  /** Timed steps (per round). */
  steps: number;
  /**
   * Rounds: every engine runs once per round, each in a fresh process, in a rotated order (reversed every
   * other round), and its
   * step times are pooled over the rounds. A machine shared with other work drifts in speed over
   * seconds; interleaving spreads that drift over all engines instead of over whichever ran then.
   */
  rounds: number;
}

export type TensorEngine = "handwritten" | "tape" | `tfjs-${TfBackendName}`;

export interface StepTimes {
  /** Milliseconds of each timed step. */
  ms: number[];
  /** The loss of the first step (before any update). */
  firstLoss: number;
  /** Details worth printing: float64 or float32, the backend's version ... */
  detail: string;
}

/** A skipped peer: not present on this machine; never a number. */
export class Skip extends Error {}

interface Problem {
  model: Layer;
  X: Matrix;
  y: Matrix;
}

/** Synthetic inputs ~ N(0, 1), one-hot targets, and He-initialised weights, all from one seed. */
export function makeProblem(spec: TensorSpec): Problem {
  const rng = createRng(spec.seed);
  const inputs = spec.sizes[0] as number;
  const classes = spec.sizes[spec.sizes.length - 1] as number;
  const X = Matrix.fromFlat(spec.batch, inputs, rng.normals(spec.batch * inputs));
  const y = Matrix.zeros(spec.batch, classes);
  for (let i = 0; i < spec.batch; i++) y.set(i, rng.int(0, classes - 1), 1);
  const model = mlp({ sizes: spec.sizes, activation: relu, init: heNormal, rng });
  return { model, X, y };
}

function timeSteps(spec: TensorSpec, step: () => number): { ms: number[]; firstLoss: number } {
  const firstLoss = step();
  for (let i = 1; i < spec.warmup; i++) step();
  const ms: number[] = [];
  for (let i = 0; i < spec.steps; i++) {
    const t0 = process.hrtime.bigint();
    step();
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return { ms, firstLoss };
}

function handwritten(spec: TensorSpec): StepTimes {
  const { model, X, y } = makeProblem(spec);
  const params = model.params();
  const optimizer = sgd({ learningRate: spec.lr });
  const times = timeSteps(spec, () => {
    const { loss } = backprop(model, mse, X, y, { inputGradient: false });
    optimizer.step(params);
    return loss;
  });
  return { ...times, detail: "float64, lib/nn backprop + sgd" };
}

/** The same step with the gradients from reverse mode over the tape (lib/tape) instead. */
function tape(spec: TensorSpec): StepTimes {
  const { model, X, y } = makeProblem(spec);
  const params = model.params();
  const optimizer = sgd({ learningRate: spec.lr });
  const times = timeSteps(spec, () => {
    const { loss } = tapeBackprop(model, mse, X, y);
    optimizer.step(params);
    return loss;
  });
  return { ...times, detail: "float64, lib/tape tapeBackprop + sgd" };
}

async function tfjs(spec: TensorSpec, backend: TfBackendName): Promise<StepTimes> {
  let info;
  try {
    info = await setupTf({ backends: [backend], force: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // lib/tf's reason names the fix, e.g. "... native addon is not built (npm run setup:tfjs-node)"
    if (backend === "tensorflow" && /not (built|installed)/.test(message))
      throw new Skip(message.replace(/^no TensorFlow\.js backend could be started \((.*)\)$/s, "$1").replace(/^tensorflow: /, ""));
    throw error;
  }
  const { model, X, y } = makeProblem(spec);
  const params: Param[] = model.params();
  const values = new Map<Param, tf.Tensor>();
  const variables = params.map((p) => {
    const v = tf.variable(tf.tensor(Float32Array.from(p.value), [...p.shape]), true, p.name);
    values.set(p, v);
    return v;
  });
  const xT = tf.tensor2d(Float32Array.from(X.data), [X.rows, X.cols]);
  const yT = tf.tensor2d(Float32Array.from(y.data), [y.rows, y.cols]);
  const optimizer = tf.train.sgd(spec.lr);
  const lossFn = () => mse.fTf(model.forwardTf(xT, values), yT);
  try {
    const times = timeSteps(spec, () => {
      const cost = optimizer.minimize(lossFn, true, variables) as tf.Scalar;
      const value = cost.dataSync()[0] as number; // wait for the step to finish
      cost.dispose();
      return value;
    });
    const version = info.nativeVersion ? `, TensorFlow ${info.nativeVersion}` : "";
    return { ...times, detail: `float32, tfjs ${info.tfjsVersion} ${backend}${version}, optimizer.minimize` };
  } finally {
    optimizer.dispose();
    tf.dispose([xT, yT, ...variables]);
  }
}

/** Times one engine; throws Skip when it is not present. */
export async function runTensorEngine(engine: TensorEngine, spec: TensorSpec): Promise<StepTimes> {
  if (engine === "handwritten") return handwritten(spec);
  if (engine === "tape") return tape(spec);
  return tfjs(spec, engine.slice("tfjs-".length) as TfBackendName);
}
