/**
 * Training a network with full-batch gradient descent, as the article's XOR example does:
 * forward, loss, backward, optional gradient clipping, update; repeated `numEpochs` times.
 *
 * The update is lib/optim's `sgd` (θ ← θ - lr·∇θ) unless `step` is given: that is where the other
 * optimizers (momentum, Adam ...) plug in, since they work on the same `Param` objects. Each epoch
 * is one `step` of ./step.ts.
 *
 * @example
 * const history = train(model, { loss: mse, X, y, lr: 0.5, numEpochs: 10000, logEvery: 1000, onLog: (e) => console.log(e) });
 * history.losses.at(-1); // the final loss
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
import type { Param } from "../util/params";
import { fmt } from "../util/format";
import type { Matrix } from "../util/matrix";
import { checkModelLossData, type Layer } from "../nn/layer";
import type { Loss } from "../nn/losses";
import { sgd } from "../optim/sgd";
import { DivergenceError } from "../util/errors";
import { step, type ClipOptions } from "./step";
import { checkFunction, checkInteger, checkObject, show } from "../util/validate";

export interface TrainOptions {
  loss: Loss;
  /** Inputs, one row per sample. */
  X: Matrix;
  /** Targets, one row per sample. */
  y: Matrix;
  /** Learning rate for the default update (lib/optim's sgd). */
  lr: number;
  numEpochs: number;
  /** Gradient clipping applied after backward, before the update. */
  clip?: ClipOptions;
  /** The update rule (default: sgd with learning rate lr); an optimizer from lib/optim plugs in here. */
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

/** Trains `model` in place with full-batch gradient descent; throws DivergenceError if it blows up. */
export function train(model: Layer, options: TrainOptions): TrainResult {
  checkObject("train: options", options, "{ loss: mse, X, y, lr: 0.1, numEpochs: 100 }");
  checkModelLossData("train", model, options.loss, options.X, options.y);
  if (typeof options.lr !== "number") throw new TypeError(`train: lr must be a finite number > 0; got ${show(options.lr)}`);
  if (typeof options.numEpochs !== "number")
    throw new TypeError(`train: numEpochs must be a positive integer; got ${show(options.numEpochs)}`);
  if (options.step !== undefined) checkFunction("train: step", options.step, "(params: Param[]) => void");
  if (options.logEvery !== undefined) checkInteger("train: logEvery", options.logEvery, 0);
  if (options.onLog !== undefined) checkFunction("train: onLog", options.onLog, "({ epoch, loss }) => void");
  const { loss, X, y, lr, numEpochs } = options;
  if (!Number.isInteger(numEpochs) || numEpochs < 1) throw new RangeError(`train: numEpochs must be a positive integer; got ${numEpochs}`);
  if (!(Number.isFinite(lr) && lr > 0)) throw new RangeError(`train: lr must be a finite number > 0; got ${lr}`);
  const logEvery = options.logEvery ?? 0;
  if (!Number.isInteger(logEvery) || logEvery < 0) throw new RangeError(`train: logEvery must be an integer >= 0; got ${logEvery}`);
  const plain = sgd({ learningRate: lr });
  const update = options.step ?? ((ps: Param[]) => plain.step(ps));
  const losses: number[] = [];
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    const value = step({
      model,
      loss,
      X,
      y,
      update,
      clip: options.clip,
      step: epoch,
      unit: "epoch",
      hint: `lower lr (now ${fmt(lr)}) or clip the gradients`,
      hooks: {
        beforeUpdate: (value) => {
          options.onGradients?.(epoch, model);
          if (logEvery > 0 && epoch % logEvery === 0) options.onLog?.({ epoch, loss: value });
        },
      },
    });
    losses.push(value);
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
