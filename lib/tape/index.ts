/**
 * A tensor-level reverse-mode engine (notebooks 14-15): tensors of float64 numbers, ops that record
 * themselves on a tape while a gradient is being taken, one gradient rule per op (registry.ts lists
 * them all, gradients/*.ts define them by family), and tfjs's API on top: `grad`, `grads`,
 * `valueAndGrad`, `valueAndGrads`. lib/nn's layers know their
 * tape form (lib/nn/tape-form.ts), so the tape trains the same networks as the hand-written passes.
 *
 * Exported from gradlab as the namespace `tape`, so the calls read like tfjs's:
 * `tape.grads((W, b) => tape.sum(tape.relu(tape.add(tape.matMul(X, W), b))))([W, b])`.
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
export { Tensor, fromValues, scalar, zeros, fill, fromMatrix, shapeText, sizeOf, type NestedArray } from "./tensor";
export { isRecording, tapeLength, type OpName, type GradientRule, type TapeNode, type Attrs } from "./tape";
export { GRADIENT_RULES, gradientRuleFor } from "./registry";
export { grad, grads, valueAndGrad, valueAndGrads, backpropagate } from "./grad";
export { add, sub, mul, div, neg, square, pow, sqrt, exp, log, type Operand } from "./ops/arithmetic";
export { matMul, transpose } from "./ops/matmul";
export { sum, mean, sumTo, broadcastTo, reshape } from "./ops/reductions";
export {
  relu,
  step,
  leakyRelu,
  leakyStep,
  sigmoid,
  tanh,
  sech2,
  softplus,
  gelu,
  normalCdf,
  normalPdf,
  softmax,
  logSoftmax,
} from "./ops/activations";
export { mse, binaryCrossEntropy, binaryCrossEntropyWithLogits, softmaxCrossEntropy } from "./ops/losses";
