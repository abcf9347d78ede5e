/**
 * Neural networks with hand-written backpropagation (notebooks 09-11): a small matrix type,
 * layers with forward/backward passes, activations, losses, initializers, an MLP builder,
 * batch normalisation, residual blocks, gradient norms and clipping, and their tfjs twins for
 * checking every gradient.
 * Introduced in [notebook 09](../../notebooks/09-backpropagation.ipynb).
 */
export * from "./activations";
export { leafLayers, type ForwardOptions, type Layer, type ParamTensors } from "./layer";
export * from "./init";
export * from "./dense";
export * from "./activation-layer";
export * from "./batchnorm";
export * from "./sequential";
export * from "./losses";
export * from "./mlp";
export * from "./gradients";
export * from "./reference";
export * from "./check";
export * from "./datasets";
export * from "./tf-train";
