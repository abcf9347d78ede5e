export * from "./figure";
export * from "./show";
export * from "./charts";
export * from "./animate";
export * from "./heatmap";
export * from "./calculus";
export * from "./subplots";
