/**
 * One training step with either hand-written engine, on the same model and data: the layers'
 * own backward passes (lib/nn `backprop`) or reverse mode over the tape (`tapeBackprop`). Both
 * write dL/dθ into the same `param.grad` arrays, so clipping and the optimizers of lib/optim do not
 * care which one ran. This is the function the benchmarks time.
 *
 * @example
 * const optimizer = adam({ learningRate: 0.01 });
 * const loss = trainStep({ engine: "tape", model, loss: softmaxCrossEntropy, X, y, optimizer });
 */
import type { Loss } from "../nn/losses";
import type { ForwardOptions, Layer } from "../nn/layer";
import type { Matrix } from "../nn/matrix";
import type { Optimizer } from "../optim/optimizer";
import { backprop, NonFiniteError } from "../nn/mlp";
import { DivergenceError } from "../nn/train";
import { clipByGlobalNorm, clipByValue } from "../nn/gradients";
import { tapeBackprop } from "./model";

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
  if (checkEngine(engine) === "backprop") {
    const { loss: value, yHat } = backprop(model, loss, X, y, { ...options, inputGradient: false });
    return { loss: value, yHat };
  }
  return tapeBackprop(model, loss, X, y, options);
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
  clip?: { value?: [number, number]; globalNorm?: number };
}

/**
 * Gradients by `engine`, optional clipping, one optimizer update. Returns the loss measured
 * before the update. A non-finite loss or gradient throws DivergenceError (its `epoch` is the
 * optimizer's step count).
 */
export function trainStep(options: TrainStepOptions): number {
  const { engine, model, loss, X, y, optimizer } = options;
  let value: number;
  try {
    value = computeGradients(engine, model, loss, X, y).loss;
  } catch (error) {
    if (!(error instanceof NonFiniteError)) throw error;
    throw new DivergenceError(
      `training diverged at step ${optimizer.iterations}: ${error.message.replace(/^backprop( \(tape\))?: /, "")}. Hint: lower the learning rate or clip the gradients.`,
      optimizer.iterations,
    );
  }
  const params = model.params();
  if (options.clip?.value) clipByValue(params, options.clip.value[0], options.clip.value[1]);
  if (options.clip?.globalNorm !== undefined) clipByGlobalNorm(params, options.clip.globalNorm);
  optimizer.step(params);
  return value;
}
