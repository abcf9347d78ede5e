/**
 * The scalar engine (notebooks 12-13): `Value` and its one rule table, forward and reverse transforms over a `ScalarFn`, Hessians, graphs and micrograd-style networks.
 * Introduced in [notebook 12](../../notebooks/12-higher-order-derivatives.ipynb).
 */
export { Value, topologicalOrder, zeroGrad, toValues } from "./value";
export { Real, sum, evaluate, type Scalar, type ScalarFn, type VectorFn } from "./scalar";
export { gradientValues } from "./higher";
export { grad, valueAndGrad, jvp, vjp, jacobian, hessian, hvp, type DifferentiableFn } from "./transforms";
export {
  graphLayout,
  graphSvg,
  describeGraph,
  showGraph,
  type GraphOptions,
  type GraphLayoutResult,
  type LayoutNode,
  type NodeRole,
} from "./graph";
export { Module, Neuron, NeuronLayer, ScalarMLP, type Activation } from "./nn";
export {
  tfHessian,
  tfHvp,
  hessianByDifferences,
  crossCheckHessian,
  checkHessianMatrix,
  type TfScalarFn,
  type HessianCrossCheckOptions,
} from "./crosscheck";
export { fmtDuration, timeIt, type Timing } from "./timing";
export { costFigure, operationCount, fmtBytes, type CostSeries, type CostFigureOptions } from "./cost";
