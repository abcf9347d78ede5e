// Bad input to lib/nn (layers, mlp, backprop, gradient tools, the tf reference, the checks, the
// data sets, tfTrain), lib/train and lib/monitor: each bad value gets a clear error naming the
// argument as the caller wrote it.
import * as nn from "../../lib/nn";
import * as train from "../../lib/train/train";
import * as monitor from "../../lib/monitor";
import { tf } from "../../lib/tf";
import { createRng } from "../../lib/random";
import { sgd } from "../../lib/optim";
import { Matrix } from "../../lib/util/matrix";
import { param } from "../../lib/util/params";
import { badInputTable, call, fields, positional, rows, type Argument, type Fn } from "./bad-input";

const construct =
  (C: unknown): Fn =>
  (...args) =>
    new (C as new (...a: unknown[]) => unknown)(...args);
const news = (C: unknown, good: () => unknown[], specs: string[]): Argument[] => positional(construct(C), good, specs);
const rng = () => createRng(1);
const model = () => nn.mlp({ sizes: [2, 3, 1], activation: nn.tanh, rng: rng() });
const X = () =>
  Matrix.from([
    [0, 1],
    [1, 0],
  ]);
const y = () => Matrix.from([[1], [0]]);
const ps = () => model().params();
/** An empty list of params is valid (nothing to measure or clip). */
const emptyOk = (args: Argument[]) => args.map((a) => (a.name === "params" ? { ...a, valid: ["an empty array"] } : a));
/** An options argument with required fields: an empty one is refused by naming the first field. */
const required = (args: Argument[], field: string) =>
  args.map((a) => (a.name === "options" ? { ...a, mentions: new RegExp(`\\b(options|${field})\\b`) } : a));

badInputTable(
  "lib/nn",
  nn as unknown as Record<string, unknown>,
  {
    leakyRelu: rows(nn.leakyRelu, () => [0.01], ["alpha:positive?"]),
    leafLayers: rows(nn.leafLayers, () => [model()], ["layer"]),
    normalInit: rows(nn.normalInit, () => [0.1], ["std:positive"]),
    uniformInit: rows(nn.uniformInit, () => [0.1], ["limit:positive"]),
    Dense: fields(construct(nn.Dense), () => ({ inputs: 2, outputs: 3, name: "d", rng: rng() }), [
      "inputs:count",
      "outputs:count",
      "name:string",
      "rng",
      "init?",
      "biasInit:number?",
      "useBias:boolean?",
    ]),
    addInto: rows(nn.addInto, () => [new Float64Array(2), new Float64Array(2)], ["target", "source"]),
    ActivationLayer: news(nn.ActivationLayer, () => [nn.tanh, "act"], ["fn", "name:string"]),
    BatchNorm: fields(construct(nn.BatchNorm), () => ({ features: 2, name: "bn" }), [
      "features:count",
      "name:string",
      "epsilon:positive?",
      "momentum?",
    ]),
    Sequential: news(nn.Sequential, () => [[model()], "m"], ["layers", "name:string?"]),
    Residual: news(nn.Residual, () => [model(), "r"], ["inner", "name:string"]),
    mlp: fields(call(nn.mlp), () => ({ sizes: [2, 3, 1], activation: nn.tanh, rng: rng() }), [
      "sizes",
      "activation",
      "outputActivation?",
      "init?",
      "rng",
      "batchNorm:boolean?",
      "residual:boolean?",
      "name:string?",
    ]),
    backprop: rows(nn.backprop, () => [model(), nn.mse, X(), y(), {}], ["model", "loss", "X", "y", "options:options"]),
    paramsByName: rows(nn.paramsByName, () => [model()], ["model"]),
    countParams: rows(nn.countParams, () => [model()], ["model"]),
    globalNorm: emptyOk(rows(nn.globalNorm, () => [ps()], ["params"])),
    layerGradientNorms: rows(nn.layerGradientNorms, () => [model(), {}], ["model", "options:options"]),
    clipByValue: emptyOk(rows(nn.clipByValue, () => [ps(), -1, 1], ["params", "min:number", "max:number"])),
    clipByGlobalNorm: emptyOk(rows(nn.clipByGlobalNorm, () => [ps(), 1], ["params", "maxNorm:positive"])),
    deadUnits: rows(nn.deadUnits, () => [X()], ["z"]),
    toTensor: rows(nn.toTensor, () => [X()], ["m"]),
    tidyValue: rows(nn.tidyValue, () => [() => 1], ["fn:function"]),
    fromTensor: rows(nn.fromTensor, () => [tf.tensor2d([[1]])], ["t"]),
    tfLossAndGradients: rows(nn.tfLossAndGradients, () => [model(), nn.mse, X(), y(), {}], ["model", "loss", "X", "y", "options:options"]),
    tfVjp: rows(nn.tfVjp, () => [(i: { a: tf.Tensor2D }) => i.a.square(), { a: X() }, X()], ["f:function", "inputs", "dY"]),
    tfLayerVjp: rows(nn.tfLayerVjp, () => [model(), X(), y(), {}], ["layer", "x", "dY", "options:options"]),
    crossCheckModel: fields(call(nn.crossCheckModel), () => ({ name: "m", model: model(), loss: nn.mse, X: X(), y: y(), display: false }), [
      "name:string",
      "model",
      "loss",
      "X",
      "y",
      "training:boolean?",
    ]),
    crossCheckLayer: fields(call(nn.crossCheckLayer), () => ({ name: "l", layer: model(), x: X(), dY: y(), display: false }), [
      "name:string",
      "layer",
      "x",
      "dY",
      "training:boolean?",
    ]),
    checkMatrices: rows(nn.checkMatrices, () => ["W", { W: X() }, { W: X() }, {}], ["name:string", "-", "expected", "options:options"]),
    makeMoons: fields(call(nn.makeMoons), () => ({ n: 10, noise: 0.1, rng: rng() }), ["n:count", "noise:number", "rng"]),
    makeCircles: fields(call(nn.makeCircles), () => ({ n: 10, noise: 0.1, rng: rng() }), [
      "n:count",
      "noise:number",
      "rng",
      "factor:positive?",
    ]),
    accuracy: rows(nn.accuracy, () => [y(), y(), 0.5], ["yHat", "y", "threshold:number?"]),
    tfTrain: [
      ...required(
        rows(nn.tfTrain, () => [model(), { loss: nn.mse, X: X(), y: y(), optimizer: tf.train.sgd(0.1), numEpochs: 1 }], [
          "model",
          "options",
        ]),
        "loss",
      ),
      ...fields(
        (o) => nn.tfTrain(model(), o as never),
        () => ({ loss: nn.mse, X: X(), y: y(), optimizer: tf.train.sgd(0.1), numEpochs: 1 }),
        ["loss", "X", "y", "optimizer", "numEpochs:count", "progress:boolean?"],
        false,
      ),
    ],
  },
  {
    xorData: "takes no input: the four XOR points",
  },
);

const trainGood = () => ({ loss: nn.mse, X: X(), y: y(), lr: 0.1, numEpochs: 1 });
const run = () =>
  monitor.monitoredTrain({ name: "r", model: model(), loss: nn.mse, X: X(), y: y(), optimizer: sgd({ learningRate: 0.1 }), numEpochs: 2 });
badInputTable(
  "lib/train and lib/monitor",
  { train: train.train, ...monitor } as Record<string, unknown>,
  {
    train: [
      ...required(
        rows(train.train, () => [model(), trainGood()], ["model", "options"]),
        "loss",
      ),
      ...fields(
        (o) => train.train(model(), o as never),
        trainGood,
        ["loss", "X", "y", "lr:positive", "numEpochs:count", "step:function?", "logEvery:count?", "onLog:function?"],
        false,
      ),
    ],
    monitoredTrain: fields(
      call(monitor.monitoredTrain),
      () => ({ name: "r", model: model(), loss: nn.mse, X: X(), y: y(), optimizer: sgd({ learningRate: 0.1 }), numEpochs: 1 }),
      ["name:string", "model", "loss", "X", "y", "optimizer", "numEpochs:count", "statsEvery:count?", "progress:boolean?"],
    ),
    dashboardFigure: rows(monitor.dashboardFigure, () => [run(), {}], ["run", "options:options"]),
    diagnose: rows(monitor.diagnose, () => [run(), {}], ["run", "options:options"]),
    showDiagnosis: rows(monitor.showDiagnosis, () => [run(), {}], ["run", "options:options"]),
    denseLayers: rows(monitor.denseLayers, () => [model()], ["model"]),
    snapshotWeights: rows(monitor.snapshotWeights, () => [model()], ["model"]),
    updateRatios: rows(monitor.updateRatios, () => [model(), new Map()], ["model", "before"]),
    activationStats: rows(monitor.activationStats, () => [model(), X(), {}], ["model", "X", "options:options"]),
  },
  {},
);
void param;
