/**
 * The `monitor` namespace of gradlab. Training monitors: gradient and update statistics per layer,
 * dead and saturated units, the diagnosis and the dashboard (lib/monitor). Notebook 14 introduces it.
 * ([14-practical-tips](../../notebooks/14-practical-tips.ipynb))
 */
export { dashboardFigure } from "../monitor/dashboard";
export { type DiagnoseOptions, type TrainingWarning, type WarningSign, diagnose, showDiagnosis } from "../monitor/diagnose";
export { type MonitorOptions, type MonitorStep, type MonitoredRun, monitoredTrain } from "../monitor/run";
export {
  type LayerActivationStats,
  SATURATION_SLOPE,
  type UpdateRatio,
  activationStats,
  snapshotWeights,
  updateRatios,
} from "../monitor/stats";
