export * from "./numeric";
export * from "./symbolic";
export * from "./dual";
export * from "./partials";
export * from "./step-error";
export * from "./level-curve";
