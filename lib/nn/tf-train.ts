/**
 * Training the tfjs twin of a network: the model's layers run with tfjs ops (`forwardTf`), its
 * parameters copied into tf.variables, and a `tf.train` optimizer minimising the loss with tfjs
 * autograd. The model itself is left untouched, so the same starting weights can be trained once
 * by hand (lib/nn, lib/tape) and once by tfjs, and the two runs compared step by step (notebook 15).
 *
 * tfjs computes in float32, so the two loss curves agree to about float32 precision at first and
 * drift apart slowly as rounding differences accumulate.
 *
 * @example
 * const run = tfTrain(model, { loss: binaryCrossEntropyWithLogits, X, y, optimizer: tf.train.sgd(0.5), numEpochs: 200 });
 * run.losses[0]; // the loss at the starting weights, as tfjs computes it
 * run.params.get("layer1.W"); // the trained weights, as float64 numbers
 * Introduced in [notebook 15](../../notebooks/15-capstone.ipynb).
 */
import { disposeTfOptimizer, tf } from "../tf";
import { createProgress } from "../util/progress";
import { fmt } from "../util/format";
import type { Matrix } from "../util/matrix";
import { checkModelLossData, type Layer, type ParamTensors } from "./layer";
import type { Loss } from "./losses";
import { toTensor } from "./reference";
import { DivergenceError } from "../util/errors";
import { checkBoolean, checkObject, show } from "../util/validate";
import { at } from "../util/array";

export interface TfTrainOptions {
  loss: Loss;
  X: Matrix;
  y: Matrix;
  /** A tfjs optimizer, e.g. tf.train.sgd(0.5). It is disposed afterwards. */
  optimizer: tf.Optimizer;
  numEpochs: number;
  /** Print a progress line every few seconds for long runs. @default true */
  progress?: boolean;
}

export interface TfTrainResult {
  /** The loss before each update, as tfjs computed it (float32 widened to float64). */
  losses: number[];
  /** The loss after the last update. */
  finalLoss: number;
  /** The trained value of every parameter, by name. */
  params: Map<string, Float64Array>;
}

/**
 * Full-batch training of `model`'s tfjs twin from its current weights; returns the losses and the
 * trained weights. No tensor survives the call; a non-finite loss throws DivergenceError.
 */
export function tfTrain(model: Layer, options: TfTrainOptions): TfTrainResult {
  checkObject("tfTrain: options", options, "{ loss: mse, X, y, optimizer: tf.train.adam(0.01), numEpochs: 100 }");
  checkModelLossData("tfTrain", model, options.loss, options.X, options.y);
  if (typeof options.optimizer !== "object" || options.optimizer === null || !(options.optimizer instanceof tf.Optimizer))
    throw new TypeError(`tfTrain: optimizer must be a tfjs optimizer such as tf.train.adam(0.01); got ${show(options.optimizer)}`);
  if (typeof options.numEpochs !== "number")
    throw new TypeError(`tfTrain: numEpochs must be a positive integer; got ${show(options.numEpochs)}`);
  if (options.progress !== undefined) checkBoolean("tfTrain: progress", options.progress);
  const { loss, X, y, optimizer, numEpochs } = options;
  if (!Number.isInteger(numEpochs) || numEpochs < 1) {
    disposeTfOptimizer(optimizer);
    throw new RangeError(`tfTrain: numEpochs must be a positive integer; got ${numEpochs}`);
  }
  const params = model.params();
  // (inside tidy: the tensor each variable is made from is released, the variable kept)
  const variables = params.map((p) => tf.tidy(() => tf.variable(tf.tensor(Float32Array.from(p.value), [...p.shape], "float32"))));
  const values: ParamTensors = new Map(params.map((p, i) => [p, variables[i] as tf.Tensor]));
  const Xt = toTensor(X);
  const yt = toTensor(y);
  const lossNow = () => loss.fTf(model.forwardTf(Xt, values, { training: true }), yt);
  const progress = createProgress({
    label: "training with tfjs",
    total: numEpochs,
    log: options.progress === false ? () => {} : undefined,
  });
  const losses: number[] = [];
  try {
    for (let epoch = 0; epoch < numEpochs; epoch++) {
      const value = tf.tidy(() => {
        const cost = optimizer.minimize(lossNow, true, variables) as tf.Scalar;
        return at(cost.dataSync(), 0, "tfjs loss");
      });
      if (!Number.isFinite(value)) {
        throw new DivergenceError(`tfTrain: the loss is ${fmt(value)} at step ${epoch}. Hint: lower the learning rate.`, epoch);
      }
      losses.push(value);
      progress.update(epoch + 1, `loss ${fmt(value, 4)}`);
    }
    const finalLoss = tf.tidy(() => at(lossNow().dataSync(), 0, "tfjs loss"));
    if (!Number.isFinite(finalLoss)) {
      throw new DivergenceError(`tfTrain: the loss is ${fmt(finalLoss)} after the last update. Hint: lower the learning rate.`, numEpochs);
    }
    progress.finish(`final loss ${fmt(finalLoss, 4)}`);
    return {
      losses,
      finalLoss,
      params: new Map(params.map((p, i) => [p.name, Float64Array.from((variables[i] as tf.Variable).dataSync())])),
    };
  } finally {
    variables.forEach((v) => v.dispose());
    Xt.dispose();
    yt.dispose();
    disposeTfOptimizer(optimizer);
  }
}
