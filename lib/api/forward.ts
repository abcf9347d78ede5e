/**
 * The `forward` namespace of gradlab. Forward mode: the dual number and the derivatives it carries
 * through ordinary functions (lib/derivatives/dual). Notebook 03 introduces it; notebooks 05 and 13
 * use it. ([03-derivative-rules](../../notebooks/03-derivative-rules.ipynb))
 */
export { Dual, type DualLike } from "../derivatives/dual/dual";
export { dualDerivative } from "../derivatives/dual/expression";
export { forwardGrad, forwardGrads, forwardValueAndGrad } from "../derivatives/dual/forward";
