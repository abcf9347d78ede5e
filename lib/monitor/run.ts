/**
 * Training with the instruments on: every step records the loss, the gradient norms (global and
 * per dense layer, measured before any clipping), the update-to-weight ratio of each dense layer,
 * and every `statsEvery` steps the dead and saturated units of each activation layer. A run that
 * blows up is not an exception here: it ends, and the record says at which step and why, so the
 * dashboard can show what led to it.
 *
 * Each step is lib/train's `step` (either hand-written engine, clipping, any lib/optim optimizer);
 * the recording happens in its hooks.
 *
 * @example
 * const run = monitoredTrain({ name: "lr 0.05", model, loss: binaryCrossEntropyWithLogits, X, y, optimizer: adam({ learningRate: 0.05 }), numEpochs: 200 });
 * diagnose(run); // the warning signs, if any
 * show(dashboardFigure(run));
 * Introduced in [notebook 14](../../notebooks/14-practical-tips.ipynb).
 */
import type { Loss } from "../nn/losses";
import { checkModelLossData, type Layer } from "../nn/layer";
import type { Matrix } from "../util/matrix";
import type { Optimizer } from "../optim/optimizer";
import { globalNorm, layerGradientNorms } from "../nn/gradients";
import { DivergenceError, NonFiniteError } from "../util/errors";
import { createProgress } from "../util/progress";
import { fmt } from "../util/format";
import { computeGradients, step as trainingStep, type ClipOptions, type Engine } from "../train/step";
import { activationStats, denseLayers, snapshotWeights, updateRatios, type LayerActivationStats } from "./stats";
import { checkBoolean, checkObject, checkString, show } from "../util/validate";

export interface MonitorStep {
  step: number;
  /** The loss before this step's update. */
  loss: number;
  /** ‖∇L‖ over all parameters, before clipping. */
  gradNorm: number;
  /** ‖dL/dW‖ of each dense layer (forward order), before clipping. */
  layerGradNorms: number[];
  /** ‖ΔW‖ / ‖W‖ of each dense layer for this step's update. */
  updateRatios: number[];
  /** Dead and saturated units, on the steps where they were measured. */
  activations?: LayerActivationStats[];
}

export interface MonitoredRun {
  name: string;
  /** Dense layer names, in the order of `layerGradNorms` and `updateRatios`. */
  layers: string[];
  /** Activation layer names, in the order of `activations`. */
  activationLayers: string[];
  steps: MonitorStep[];
  /** Set when a loss or gradient stopped being finite: the step, and what overflowed. */
  diverged?: { step: number; message: string };
  /** The loss after the last update (undefined if the run diverged). */
  finalLoss?: number;
  engine: Engine;
  optimizer: string;
  learningRate: number;
  clip?: ClipOptions;
}

export interface MonitorOptions {
  /** Shown in titles and messages, e.g. "lr 0.5". */
  name: string;
  model: Layer;
  loss: Loss;
  X: Matrix;
  y: Matrix;
  optimizer: Optimizer;
  numEpochs: number;
  /** Which hand-written engine computes the gradients. @default "backprop" */
  engine?: Engine;
  clip?: ClipOptions;
  /** Measure dead and saturated units every this many steps (one extra forward pass each time). @default 1 */
  statsEvery?: number;
  /** Print a progress line every few seconds for long runs. @default true */
  progress?: boolean;
}

/** Trains `model` in place for `numEpochs` full-batch steps, recording everything; never throws on divergence. */
export function monitoredTrain(options: MonitorOptions): MonitoredRun {
  checkObject(
    "monitoredTrain: options",
    options,
    '{ name: "run", model, loss: mse, X, y, optimizer: sgd({ learningRate: 0.1 }), numEpochs: 100 }',
  );
  checkString("monitoredTrain: name", options.name);
  checkModelLossData("monitoredTrain", options.model, options.loss, options.X, options.y);
  const o = options.optimizer as { step?: unknown } | null;
  if (typeof o !== "object" || o === null || typeof o.step !== "function")
    throw new TypeError(
      `monitoredTrain: optimizer must be an optimizer such as sgd({ learningRate: 0.1 }); got ${show(options.optimizer)}`,
    );
  if (typeof options.numEpochs !== "number")
    throw new TypeError(`monitoredTrain: numEpochs must be a positive integer; got ${show(options.numEpochs)}`);
  if (options.statsEvery !== undefined && typeof options.statsEvery !== "number")
    throw new TypeError(`monitoredTrain: statsEvery must be a positive integer; got ${show(options.statsEvery)}`);
  if (options.progress !== undefined) checkBoolean("monitoredTrain: progress", options.progress);
  const { name, model, loss, X, y, optimizer, numEpochs } = options;
  if (!Number.isInteger(numEpochs) || numEpochs < 1)
    throw new RangeError(`monitoredTrain: numEpochs must be a positive integer; got ${numEpochs}`);
  const statsEvery = options.statsEvery ?? 1;
  if (!Number.isInteger(statsEvery) || statsEvery < 1)
    throw new RangeError(`monitoredTrain: statsEvery must be a positive integer; got ${statsEvery}`);
  const engine = options.engine ?? "backprop";
  const params = model.params();
  const dense = denseLayers(model);
  const run: MonitoredRun = {
    name,
    layers: dense.map((d) => d.name),
    activationLayers: activationStats(model, X).map((a) => a.layer),
    steps: [],
    engine,
    optimizer: optimizer.name,
    learningRate: optimizer.learningRate(),
    ...(options.clip ? { clip: options.clip } : {}),
  };
  const progress = createProgress({
    label: `training "${name}"`,
    total: numEpochs,
    log: options.progress === false ? () => {} : undefined,
  });
  for (let step = 0; step < numEpochs; step++) {
    let record: MonitorStep | undefined;
    let before: ReturnType<typeof snapshotWeights> | undefined;
    try {
      trainingStep({
        engine,
        model,
        loss,
        X,
        y,
        update: (ps) => optimizer.step(ps),
        clip: options.clip,
        step,
        unit: "step",
        hint: "lower the learning rate or clip the gradients",
        hooks: {
          afterBackward: (value) => {
            record = {
              step,
              loss: value,
              gradNorm: globalNorm(params),
              layerGradNorms: layerGradientNorms(model).map((n) => n.norm),
              updateRatios: [],
            };
            if (step % statsEvery === 0) record.activations = activationStats(model, X);
          },
          beforeUpdate: () => {
            before = snapshotWeights(model);
          },
          afterUpdate: (value) => {
            if (!record || !before) return;
            record.updateRatios = updateRatios(model, before).map((r) => r.ratio);
            run.steps.push(record);
            progress.update(step + 1, `loss ${fmt(value, 4)}`);
          },
        },
      });
    } catch (error) {
      if (!(error instanceof DivergenceError) || !error.cause) throw error;
      run.diverged = { step, message: error.cause.detail };
      break;
    }
  }
  if (!run.diverged) {
    try {
      run.finalLoss = computeGradients(engine, model, loss, X, y).loss;
    } catch (error) {
      if (!(error instanceof NonFiniteError)) throw error;
      run.diverged = { step: numEpochs, message: error.detail };
    }
  }
  progress.finish(run.diverged ? `diverged at step ${run.diverged.step}` : `final loss ${fmt(run.finalLoss as number, 4)}`);
  return run;
}
