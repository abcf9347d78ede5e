/**
 * Gradient monitoring (notebook 14): per-layer gradient norms, update-to-weight ratios, dead and
 * saturated units, recorded step by step while a network trains (`monitoredTrain`); the warning
 * signs read from the record (`diagnose`); and a four-panel dashboard (`dashboardFigure`).
 */
export * from "./stats";
export * from "./run";
export * from "./diagnose";
export * from "./dashboard";
