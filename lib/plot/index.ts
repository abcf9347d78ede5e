/**
 * Figures (from notebook 00 on): plotly figure builders, slider animations, and `show`.
 * Introduced in [notebook 00](../../notebooks/00-start-here.ipynb).
 */
export * from "./figure";
export * from "./show";
export * from "./charts";
export * from "./animate";
export * from "./heatmap";
export * from "./calculus";
export * from "./subplots";
export * from "./tangent-error";
export * from "./escape";
