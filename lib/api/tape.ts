/**
 * The `tape` namespace of gradlab: the tensor tape engine (lib/tape), the tape form of lib/nn's
 * models (lib/nn/tape-form.ts) and the training step that can use either engine (lib/train/step.ts).
 * Notebook 13 introduces it; notebook 15 trains with it.
 * ([13-automatic-differentiation](../../notebooks/13-automatic-differentiation.ipynb))
 */
export * from "../tape";
export {
  forwardModel,
  tapeBackprop,
  tapeLossAndGradients,
  tapeLayerVjp,
  paramTensor,
  activationOp,
  lossOp,
  unsupportedReason,
  type TapeBackpropOptions,
  type TapeBackpropResult,
  type TapeGradients,
} from "../nn/tape-form";
export { trainStep, computeGradients, ENGINES, type Engine, type TrainStepOptions } from "../train/step";
