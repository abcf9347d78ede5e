/**
 * gradlab: the library behind the course "Derivatives and Gradients: the math behind learning".
 * Notebooks import from here: `import { setupTf, crossCheck, show, symbolic } from "gradlab"`.
 *
 * The top level holds the course vocabulary every notebook uses: TensorFlow.js set-up, display and
 * formatting, plots, parameters, the seeded generator, and the learner-facing checks. Each engine or
 * topic is a namespace (lib/api/<name>.ts): `symbolic.differentiate(...)`, `numeric.centralDifference(...)`,
 * `scalar.grad(...)`, `nn.mlp(...)`. Internal helpers (validation, grading plumbing) are not exported.
 *
 * The layers, lowest first (test/lib/layers.test.ts enforces them; README "How it fits together"):
 * util (core) < tf, display, plot, env, data < numeric < check < engines (dual, symbolic,
 * autodiff, tape) < nn < optim, secondorder, regression < train < monitor < api.
 * Introduced in [notebook 00](../notebooks/00-start-here.ipynb).
 */
export * as symbolic from "./api/symbolic";
export * as forward from "./api/forward";
export * as numeric from "./api/numeric";
export * as scalar from "./api/scalar";
export * as tape from "./api/tape";
export * as nn from "./api/nn";
export * as optim from "./api/optim";
export * as secondorder from "./api/secondorder";
export * as regression from "./api/regression";
export * as monitor from "./api/monitor";
export * as datasets from "./api/datasets";
export * as widgets from "./api/widgets";

export { fmtBytes } from "./autodiff/cost";
export { checkHessianMatrix, crossCheckHessian } from "./autodiff/crosscheck";
export { type Timing, fmtDuration, timeIt } from "./autodiff/timing";
export { checkExercise, checkHidden } from "./check/answers";
export { type ClaimResult, claim } from "./check/claims";
export {
  CrossCheckError,
  type CrossCheckOptions,
  CrossCheckReport,
  type CrossCheckRow,
  type GradientCrossCheckOptions,
  crossCheck,
  crossCheckGradient,
} from "./check/crosscheck";
export { type CheckDerivativeOptions, ExerciseError, callLearner, checkAllClose, checkClose, checkDerivative } from "./check/exercise";
export {
  GRADCHECK_THRESHOLDS,
  type GradCheckOptions,
  type GradCheckReport,
  type GradCheckVerdict,
  GradientCheckError,
  classifyRelativeError,
  gradCheck,
  relativeError,
} from "./check/gradcheck";
export { type CheckGradientOptions, checkGradient } from "./check/gradient-exercise";
export { hint } from "./check/hints";
export { FD_TOLERANCE, TF_TOLERANCE, type Tolerance } from "./check/tolerance";
export { type DisplayMessage, type MimeBundle, captureDisplays, displayBundle } from "./display";
export { showMarkdown, showMath } from "./display/math";
export { type SourceOptions, type SourceSnippet, showSource, sourceOf } from "./display/source";
export { type Cell, type Table, showTable, tableText } from "./display/table";
export { type EnvironmentInfo, environment, environmentReport } from "./env";
export { checkMatrices, crossCheckLayer, crossCheckModel } from "./nn/check";
export { crossCheckOptimizer } from "./optim/tfjs-compare";
export { type Frame, type SliderOptions, sliderFigure } from "./plot/animate";
export {
  type FunctionPlotOptions,
  type GradientFieldOptions,
  type SecantOptions,
  type SlicesOptions,
  functionPlot,
  gradientFieldPlot,
  secantPlot,
  slicesSurfacePlot,
} from "./plot/calculus";
export {
  type ContourOptions,
  type Fn1,
  type Fn2,
  type GridOptions,
  type LinePlotOptions,
  type Path2D,
  type ScatterOptions,
  type Series,
  type SurfaceOptions,
  type TangentOptions,
  type TangentSliderOptions,
  contourPlot,
  curve,
  grid,
  linePlot,
  scatterPlot,
  surfacePlot,
  tangentPlot,
  tangentSlider,
} from "./plot/charts";
export { type EscapePlotOptions, escapePlot } from "./plot/escape";
export { type Figure, type Layout, type Trace } from "./plot/figure";
export { type HeatmapOptions, type PointGroup, heatmapPlot } from "./plot/heatmap";
export { type EmbedMode, setPlotlyEmbedding, show } from "./plot/show";
export { type SubplotsOptions, subplots } from "./plot/subplots";
export { type TangentErrorOptions, type TangentErrorStudy, tangentErrorPlot, tangentErrors } from "./plot/tangent-error";
export { type Rng, createRng } from "./random";
export { TF_BACKENDS, type TfAttempt, type TfBackendName, liveTensors, setupTf, tfInfo, tf } from "./tf";
export { linspace } from "./util/array";
export { DivergenceError, NonFiniteError } from "./util/errors";
export { fmt, fmtVector } from "./util/format";
export { Matrix } from "./util/matrix";
export { type Param as Parameter, param } from "./util/params";
export { type Progress, type ProgressOptions, createProgress } from "./util/progress";
