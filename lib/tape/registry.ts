/**
 * Every gradient rule of the engine, listed by op. Nothing registers itself on import: this table
 * is the whole list, and its type (a Record over every OpName) makes the compiler refuse an op
 * without a rule, or a rule for an op that does not exist.
 * Introduced in [notebook 13](../../notebooks/13-automatic-differentiation.ipynb).
 */
import type { GradientRule, OpName } from "./tape";
import { addGrad, divGrad, expGrad, logGrad, mulGrad, negGrad, powGrad, sqrtGrad, squareGrad, subGrad } from "./gradients/arithmetic";
import { matMulGrad, transposeGrad } from "./gradients/matmul";
import { broadcastToGrad, reshapeGrad, sumGrad, sumToGrad } from "./gradients/reductions";
import {
  leakyReluGrad,
  leakyStepGrad,
  logSoftmaxGrad,
  normalCdfGrad,
  normalPdfGrad,
  reluGrad,
  sech2Grad,
  sigmoidGrad,
  softmaxGrad,
  softplusGrad,
  stepGrad,
  tanhGrad,
} from "./gradients/activations";
import { binaryCrossEntropyGrad, binaryCrossEntropyWithLogitsGrad, mseGrad, softmaxCrossEntropyGrad } from "./gradients/losses";
import { show } from "../util/validate";

export const GRADIENT_RULES: Readonly<Record<OpName, GradientRule>> = Object.freeze({
  // arithmetic
  add: addGrad,
  sub: subGrad,
  mul: mulGrad,
  div: divGrad,
  neg: negGrad,
  square: squareGrad,
  pow: powGrad,
  sqrt: sqrtGrad,
  exp: expGrad,
  log: logGrad,
  // matmul
  matMul: matMulGrad,
  transpose: transposeGrad,
  // reductions and shapes
  sum: sumGrad,
  sumTo: sumToGrad,
  broadcastTo: broadcastToGrad,
  reshape: reshapeGrad,
  // activations
  relu: reluGrad,
  step: stepGrad,
  leakyRelu: leakyReluGrad,
  leakyStep: leakyStepGrad,
  sigmoid: sigmoidGrad,
  tanh: tanhGrad,
  sech2: sech2Grad,
  softplus: softplusGrad,
  normalCdf: normalCdfGrad,
  normalPdf: normalPdfGrad,
  softmax: softmaxGrad,
  logSoftmax: logSoftmaxGrad,
  // losses
  mse: mseGrad,
  binaryCrossEntropy: binaryCrossEntropyGrad,
  binaryCrossEntropyWithLogits: binaryCrossEntropyWithLogitsGrad,
  softmaxCrossEntropy: softmaxCrossEntropyGrad,
});

function isOpName(op: string): op is OpName {
  return Object.hasOwn(GRADIENT_RULES, op);
}

/**
 * The rule for `op`, or an error naming it.
 * @example gradientRuleFor("matMul").inputs // ["a", "b"]
 */
export function gradientRuleFor(op: string): GradientRule {
  if (typeof op !== "string") throw new TypeError(`gradientRuleFor: op must be an op name such as "add"; got ${show(op)}`);
  const rule = isOpName(op) ? GRADIENT_RULES[op] : undefined;
  if (!rule) throw new Error(`no gradient rule for op "${op}" (registry.ts lists every rule)`);
  return rule;
}
