/**
 * The `nn` namespace of gradlab. Neural networks with hand-written backward passes: layers,
 * activations, losses, initializers, `mlp`, `backprop`, `train`, gradient norms and clipping, and
 * their tfjs references (lib/nn, lib/train/train.ts). Notebook 09 introduces it; notebooks 10-11 and
 * 14-15 use it. ([09-backpropagation](../../notebooks/09-backpropagation.ipynb))
 */
export { ActivationLayer } from "../nn/activation-layer";
export { accuracy } from "../nn/datasets";
export { ACTIVATIONS, type ActivationFn, gelu, identity, leakyRelu, relu, sigmoid, softplus, tanh } from "../nn/activations";
export { BatchNorm, type BatchNormOptions } from "../nn/batchnorm";
export {
  type CheckDisplayOptions,
  type GradientBlock,
  type GradientCheckEntry,
  type GradientCheckReport,
  type LayerCheckOptions,
  type ModelCheckOptions,
} from "../nn/check";
export { Dense, type DenseOptions } from "../nn/dense";
export {
  type GlobalNormClip,
  type LayerGradientNorm,
  clipByGlobalNorm,
  clipByValue,
  deadUnits,
  globalNorm,
  layerGradientNorms,
} from "../nn/gradients";
export { type Initializer, heNormal, heUniform, normalInit, uniformInit, xavierNormal, xavierUniform, zerosInit } from "../nn/init";
export { type ForwardOptions, type Layer, type ParamTensors, leafLayers } from "../nn/layer";
export { type Loss, binaryCrossEntropy, binaryCrossEntropyWithLogits, mse, softmaxCrossEntropy } from "../nn/losses";
export { type BackpropOptions, type BackpropResult, type MlpOptions, backprop, countParams, mlp } from "../nn/mlp";
export { type TfGradients, type TfLayerVjpResult, tfLayerVjp, tfLossAndGradients, tfVjp, tidyValue, toTensor } from "../nn/reference";
export { Residual, Sequential } from "../nn/sequential";
export { type TfTrainOptions, type TfTrainResult, tfTrain } from "../nn/tf-train";
export { type TrainOptions, type TrainResult, train } from "../train/train";
