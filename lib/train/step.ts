/**
 * One training step, the only one in gradlab: gradients by either hand-written engine (the layers'
 * own backward passes, lib/nn `backprop`, or reverse mode over the tape, `tapeBackprop`), then
 * clipping, then the update. Every loop is built on it: `train` (full-batch gradient descent,
 * notebook 10), `trainStep` (one optimizer step, notebooks 14-15, the function the benchmarks
 * time) and `monitoredTrain` (lib/monitor, notebook 14), which reads the gradients and the update
 * through its hooks. Both engines write dL/dθ into the same `param.grad` arrays, so clipping and
 * the optimizers of lib/optim do not care which one ran.
 *
 * @example
 * const optimizer = adam({ learningRate: 0.01 });
 * const loss = trainStep({ engine: "tape", model, loss: softmaxCrossEntropy, X, y, optimizer });
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import type { Loss } from "../nn/losses";
import { checkModelLossData, type ForwardOptions, type Layer } from "../nn/layer";
import type { Param } from "../util/params";
import type { Matrix } from "../util/matrix";
import type { Optimizer } from "../optim/optimizer";
import { backprop } from "../nn/mlp";
import { clipByGlobalNorm, clipByValue } from "../nn/gradients";
import { tapeBackprop } from "../nn/tape-form";
import { DivergenceError, NonFiniteError } from "../util/errors";
import { checkObject, checkOneOf, checkOptions, show } from "../util/validate";

/** The two hand-written ways to get a network's gradients. */
export const ENGINES = ["backprop", "tape"] as const;
export type Engine = (typeof ENGINES)[number];

function checkEngine(engine: unknown): Engine {
  if (!(ENGINES as readonly unknown[]).includes(engine)) {
    throw new RangeError(`engine must be one of ${ENGINES.map((e) => `"${e}"`).join(", ")}; got ${JSON.stringify(engine)}`);
  }
  return engine as Engine;
}

/**
 * Fills every param.grad with dL/dθ by the chosen engine; returns the loss and the output.
 * @example computeGradients("backprop", model, mse, X, y).loss
 */
export function computeGradients(
  engine: Engine,
  model: Layer,
  loss: Loss,
  X: Matrix,
  y: Matrix,
  options: ForwardOptions = {},
): { loss: number; yHat: Matrix } {
  checkOneOf("engine", engine, ENGINES);
  checkModelLossData("computeGradients", model, loss, X, y);
  checkOptions("computeGradients: options", options);
  if (checkEngine(engine) === "backprop") {
    const { loss: value, yHat } = backprop(model, loss, X, y, { ...options, inputGradient: false });
    return { loss: value, yHat };
  }
  return tapeBackprop(model, loss, X, y, options);
}

/** Gradient clipping between the backward pass and the update; every loop takes this one type. */
export interface ClipOptions {
  /** Clamp every gradient entry to [min, max] (`clipByValue`). */
  value?: [number, number];
  /** Scale all gradients so that their global norm is at most this (`clipByGlobalNorm`). */
  globalNorm?: number;
}

/** Applies `clip` to the params' gradients in place: by value first, then by global norm. */
export function clipGradients(params: readonly Param[], clip: ClipOptions | undefined): void {
  if (clip?.value) clipByValue(params, clip.value[0], clip.value[1]);
  if (clip?.globalNorm !== undefined) clipByGlobalNorm(params, clip.globalNorm);
}

/** Where a loop looks into a step. */
export interface StepHooks {
  /** After the backward pass, before clipping: the gradients as computed. */
  afterBackward?: (loss: number) => void;
  /** After clipping, just before the update. */
  beforeUpdate?: (loss: number) => void;
  /** After the update. */
  afterUpdate?: (loss: number) => void;
}

export interface StepOptions {
  /** @default "backprop" */
  engine?: Engine;
  model: Layer;
  loss: Loss;
  X: Matrix;
  y: Matrix;
  /** The update from the gradients, e.g. `(params) => optimizer.step(params)`. */
  update: (params: Param[]) => void;
  clip?: ClipOptions;
  /** The step's number and what the loop calls it, for the divergence message: "epoch 3", "step 3". */
  step: number;
  unit: "epoch" | "step";
  /** What to try when training diverges, e.g. "lower the learning rate or clip the gradients". */
  hint: string;
  hooks?: StepHooks;
}

/** The divergence a NonFiniteError means for a loop, with its step and the cause as fields. */
export function divergence(error: NonFiniteError, step: number, unit: "epoch" | "step", hint: string): DivergenceError {
  return new DivergenceError(`training diverged at ${unit} ${step}: ${error.detail}. Hint: ${hint}.`, step, error);
}

/**
 * Gradients, clipping, one update; returns the loss measured before the update. A non-finite loss
 * or gradient throws DivergenceError (fields: `step`, and `cause`, the NonFiniteError).
 */
export function step(options: StepOptions): number {
  const { model, hooks } = options;
  let value: number;
  try {
    value = computeGradients(options.engine ?? "backprop", model, options.loss, options.X, options.y).loss;
  } catch (error) {
    if (!(error instanceof NonFiniteError)) throw error;
    throw divergence(error, options.step, options.unit, options.hint);
  }
  hooks?.afterBackward?.(value);
  const params = model.params();
  clipGradients(params, options.clip);
  hooks?.beforeUpdate?.(value);
  options.update(params);
  hooks?.afterUpdate?.(value);
  return value;
}

export interface TrainStepOptions {
  engine: Engine;
  model: Layer;
  loss: Loss;
  X: Matrix;
  y: Matrix;
  /** Updates the params from their gradients (lib/optim). */
  optimizer: Optimizer;
  /** Gradient clipping between the backward pass and the update. */
  clip?: ClipOptions;
}

/**
 * Gradients by `engine`, optional clipping, one optimizer update. Returns the loss measured
 * before the update. A non-finite loss or gradient throws DivergenceError (its `step` is the
 * optimizer's step count).
 */
export function trainStep(options: TrainStepOptions): number {
  checkObject("trainStep: options", options, '{ engine: "tape", model, loss: mse, X, y, optimizer }');
  checkOneOf("engine", options.engine, ENGINES);
  const o = options.optimizer as { step?: unknown } | null;
  if (typeof o !== "object" || o === null || typeof o.step !== "function")
    throw new TypeError(`trainStep: optimizer must be an optimizer such as sgd({ learningRate: 0.1 }); got ${show(options.optimizer)}`);
  checkModelLossData("trainStep", options.model, options.loss, options.X, options.y);
  const { optimizer } = options;
  return step({
    ...options,
    update: (params) => optimizer.step(params),
    step: optimizer.iterations,
    unit: "step",
    hint: "lower the learning rate or clip the gradients",
  });
}
