/**
 * Training a network with full-batch gradient descent, as the article's XOR example does:
 * forward, loss, backward, optional gradient clipping, update; repeated `numEpochs` times.
 *
 * The update is `sgdStep` (θ ← θ - lr·∇θ) unless `step` is given: that is where the optimizers
 * of lib/optim (momentum, Adam ...) plug in, since they work on the same `Param` objects.
 *
 * @example
 * const history = train(model, { loss: mse, X, y, lr: 0.5, numEpochs: 10000, logEvery: 1000, onLog: (e) => console.log(e) });
 * history.losses.at(-1); // the final loss
 */
import type { Param } from "../params";
import { fmt } from "../util/format";
import type { Matrix } from "./matrix";
import type { Layer } from "./layer";
import type { Loss } from "./losses";
import { backprop, NonFiniteError } from "./mlp";
import { clipByGlobalNorm, clipByValue } from "./gradients";

/**
 * Plain gradient descent on every parameter, in place: value ← value - lr·grad.
 *
 * A minimal stand-in so the networks here can train on their own; lib/optim's optimizers
 * (SGD, momentum, Nesterov, AdaGrad, RMSprop, Adam) update the same Params and replace it via
 * `train(..., { step })`.
 * @example sgdStep(model.params(), 0.1)
 */
export function sgdStep(params: readonly Param[], lr: number): void {
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`sgdStep: lr must be a finite number > 0; got ${lr}`);
  for (const p of params) {
    for (let i = 0; i < p.value.length; i++) p.value[i] = (p.value[i] as number) - lr * (p.grad[i] as number);
  }
}

export interface TrainOptions {
  loss: Loss;
  /** Inputs, one row per sample. */
  X: Matrix;
  /** Targets, one row per sample. */
  y: Matrix;
  /** Learning rate for the default update (sgdStep). */
  lr: number;
  numEpochs: number;
  /** Gradient clipping applied after backward, before the update. */
  clip?: { value?: [number, number]; globalNorm?: number };
  /** The update rule (default: sgdStep(params, lr)); an optimizer from lib/optim plugs in here. */
  step?: (params: Param[]) => void;
  /** Call `onLog` every this many epochs (and after the last one). */
  logEvery?: number;
  onLog?: (entry: { epoch: number; loss: number }) => void;
  /** Called after each backward pass (and clipping), before the update: to record gradient norms, say. */
  onGradients?: (epoch: number, model: Layer) => void;
}

export interface TrainResult {
  /** The loss at each epoch, measured before that epoch's update. */
  losses: number[];
  /** The loss after the last update. */
  finalLoss: number;
}

/** Training that cannot continue: the loss or a gradient stopped being a finite number. */
export class DivergenceError extends Error {
  override name = "DivergenceError";
  constructor(
    message: string,
    readonly epoch: number,
  ) {
    super(message);
  }
}

/** Trains `model` in place with full-batch gradient descent; throws DivergenceError if it blows up. */
export function train(model: Layer, options: TrainOptions): TrainResult {
  const { loss, X, y, lr, numEpochs } = options;
  if (!Number.isInteger(numEpochs) || numEpochs < 1) throw new RangeError(`train: numEpochs must be a positive integer; got ${numEpochs}`);
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`train: lr must be a finite number > 0; got ${lr}`);
  const logEvery = options.logEvery ?? 0;
  if (!Number.isInteger(logEvery) || logEvery < 0) throw new RangeError(`train: logEvery must be an integer >= 0; got ${logEvery}`);
  const params = model.params();
  const step = options.step ?? ((ps: Param[]) => sgdStep(ps, lr));
  const losses: number[] = [];
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    let value: number;
    try {
      value = backprop(model, loss, X, y, { inputGradient: false }).loss;
    } catch (error) {
      if (!(error instanceof NonFiniteError)) throw error;
      throw new DivergenceError(
        `training diverged at epoch ${epoch}: ${error.message.replace(/^backprop: /, "")}. Hint: lower lr (now ${fmt(lr)}) or clip the gradients.`,
        epoch,
      );
    }
    losses.push(value);
    if (options.clip?.value) clipByValue(params, options.clip.value[0], options.clip.value[1]);
    if (options.clip?.globalNorm !== undefined) clipByGlobalNorm(params, options.clip.globalNorm);
    options.onGradients?.(epoch, model);
    if (logEvery > 0 && epoch % logEvery === 0) options.onLog?.({ epoch, loss: value });
    step(params);
  }
  const finalLoss = loss.value(model.forward(X, { training: true, updateStats: false }), y);
  if (!Number.isFinite(finalLoss)) {
    throw new DivergenceError(
      `training diverged after the last update: the loss is ${fmt(finalLoss)}. Hint: lower lr (now ${fmt(lr)}).`,
      numEpochs,
    );
  }
  if (logEvery > 0) options.onLog?.({ epoch: numEpochs, loss: finalLoss });
  return { losses, finalLoss };
}
