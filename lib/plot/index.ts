export * from "./figure";
export * from "./show";
export * from "./charts";
export * from "./calculus";
