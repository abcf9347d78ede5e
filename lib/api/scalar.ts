/**
 * The `scalar` namespace of gradlab. The scalar reverse-mode engine: `Value`, the transforms over a
 * `ScalarFn` (`grad`, `jvp`, `hessian`, ...), computation graphs and micrograd-style networks
 * (lib/autodiff). Notebook 12 introduces it; notebook 13 opens it up.
 * ([12-higher-order-derivatives](../../notebooks/12-higher-order-derivatives.ipynb))
 */
export { type CostFigureOptions, type CostSeries, costFigure, operationCount } from "../autodiff/cost";
export { type HessianCrossCheckOptions, type TfScalarFn, hessianByDifferences, tfHessian, tfHvp } from "../autodiff/crosscheck";
export {
  type GraphLayoutResult,
  type GraphOptions,
  type LayoutNode,
  type NodeRole,
  describeGraph,
  graphLayout,
  graphSvg,
  showGraph,
} from "../autodiff/graph";
export { gradientValues } from "../autodiff/higher";
export { type Activation, Module, Neuron, NeuronLayer, ScalarMLP } from "../autodiff/nn";
export { Real, type Scalar, type ScalarFn, type VectorFn, evaluate, sum } from "../autodiff/scalar";
export { type DifferentiableFn, grad, hessian, hvp, jacobian, jvp, valueAndGrad, vjp } from "../autodiff/transforms";
export { Value, toValues, topologicalOrder, zeroGrad } from "../autodiff/value";
