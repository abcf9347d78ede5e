/**
 * Gradient monitoring (notebook 14): per-layer gradient norms, update-to-weight ratios, dead and
 * saturated units, recorded step by step while a network trains (`monitoredTrain`); the warning
 * signs read from the record (`diagnose`); and a four-panel dashboard (`dashboardFigure`).
 * Introduced in [notebook 14](../../notebooks/14-practical-tips.ipynb).
 */
export * from "./stats";
export * from "./run";
export * from "./diagnose";
export * from "./dashboard";
